"""Every URL of the project, found by walking the resolver, so URLs added later are covered too.

1. Login sweep: an anonymous GET of every pattern is redirected to a login page, unless the
   pattern is on the short public allow-list below.
2. IDOR sweep: for every pattern with an object id, tim_kerja of the own unit asking for objects of
   the ``other`` unit's assessment gets 404 (GET, and POST for action URLs): never 200, 302 or a
   403 that would confirm the object exists.

A pattern with a kwarg this file does not know fails the sweep with its route named: add the kwarg
to ``KWARG_OBJECTS`` (which object of the other unit it names) so the sweep keeps covering it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from areas.models import Question
from evidence.models import Evidence
from scoring.models import ReportJob
from scoring.plans.models import PlanItem
from scoring.surveys.models import SurveyPeriod
from tests.conftest import World
from tests.factories import (
    AnswerFactory,
    AssessmentEventFactory,
    CommentFactory,
    EvidenceAttachmentFactory,
    EvidenceFactory,
    ReportJobFactory,
    ReviewFlagFactory,
    SnapshotFactory,
)

# Reachable without login, by design. Everything else must redirect anonymous users to a login.
# The single sign-on start and the provider's callback come before any login (zi_portal/sso).
PUBLIC_NAMES = {"login", "health", "set_language", "admin:login", "sso:start", "sso:callback"}
# The API's description and its documentation page hold no data (scoring/api/urls.py).
PUBLIC_NAMES |= {"api:schema", "api:docs"}
# The personal iCalendar feed: the token in the URL is the credential (scoring/plans/calendar);
# an unknown or revoked token is 404 (tests/security/test_calendar_permissions.py).
PUBLIC_NAMES |= {"plans-calendar:feed"}
# The REST API answers an anonymous request 401 (a program cannot follow a login redirect).
API_PREFIX = "api/"
# The public ZI pages of units (seed 000): /zi/ and everything below it.
PUBLIC_PREFIXES = ("zi/", "s/")  # s/: the public survey questionnaires (scoring/surveys)


@dataclass(frozen=True)
class Route:
    route: str  # the full pattern, e.g. "penilaian/<int:pk>/"
    name: str | None  # namespaced, e.g. "scoring:assessment"
    kwargs: tuple[str, ...]
    regex_parts: tuple[tuple[str, str], ...]  # (prefix, regex) for regex patterns

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    @property
    def is_public(self) -> bool:
        return self.name in PUBLIC_NAMES or self.route.startswith(PUBLIC_PREFIXES)


_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^)]*)\)")


def _walk(resolver: URLResolver, prefix: str = "", ns: str = "") -> Iterator[Route]:
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            sub_ns = f"{ns}{p.namespace}:" if p.namespace else ns
            yield from _walk(p, prefix + str(p.pattern), sub_ns)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            kwargs = tuple(
                re.findall(r"<(?:\w+:)?(\w+)>", route)
                + [m.group("name") for m in _GROUP.finditer(route)]
            )
            yield Route(
                route=route,
                name=f"{ns}{p.name}" if p.name else None,
                kwargs=kwargs,
                regex_parts=(),
            )


def routes() -> list[Route]:
    return sorted(set(_walk(get_resolver())), key=lambda r: r.route)


def build_url(route: Route, values: dict[str, Any]) -> str:
    """The concrete path for ``route`` with ``values`` filled in (works for unnamed patterns)."""

    def route_sub(m: re.Match[str]) -> str:
        return str(values[m.group(1)])

    def regex_sub(m: re.Match[str]) -> str:
        name, body = m.group("name"), m.group("body")
        if name in values:
            return str(values[name])
        # An alternation such as (?P<app_label>auth|axes|...): any listed value is valid.
        return body.split("|")[0]

    path = re.sub(r"<(?:\w+:)?(\w+)>", route_sub, route.route)
    path = _GROUP.sub(regex_sub, path)
    path = path.replace("^", "").replace("$", "").replace("\\Z", "")
    return "/" + path


# --- the objects of the other unit -----------------------------------------------------------

# kwarg name -> key of the object (in ``Objects.ids``) it names. "pk" alone is ambiguous, so it is
# tried with every object of the other unit.
KWARG_OBJECTS: dict[str, str] = {
    "pk": "*",
    "assessment_pk": "assessment",
    "assessment_id": "assessment",
    "job_pk": "job",
    "job_id": "job",
    "evidence_pk": "evidence",
    "evidence_id": "evidence",
    "revision_pk": "revision",
    "revision_id": "revision",
    "comment_pk": "comment",
    "comment_id": "comment",
    "flag_pk": "flag",
    "flag_id": "flag",
    "snapshot_pk": "snapshot",
    "snapshot_id": "snapshot",
    "event_pk": "event",
    "answer_pk": "answer",
    "answer_id": "answer",
    "attachment_pk": "attachment",
    "number": "revision_number",
    "code": "question_code",
    "question_code": "question_code",
    "question": "question_code",
    "slug": "unit_slug",
    "unit_slug": "unit_slug",
    "unit_pk": "unit",
    "unit_id": "unit",
    "year": "cycle_year",
    "side": "side",
    "kind": "report_kind",
    "fmt": "format",
    "format": "format",
    # Django admin (staff only; covered by the login sweep, not by the IDOR sweep).
    "object_id": "unit",
    "content_type_id": "content_type",
    "id": "unit",
    "url": "admin_catch_all",
    "app_label": "app_label",
    # The unit's surveys (scoring/surveys).
    "period_pk": "survey_period",
    "survey_code": "survey_code",
    # A rencana aksi item (scoring/plans).
    "item_pk": "plan_item",
    # The iCalendar feed's token (scoring/plans/calendar): one of another user's addresses.
    "token": "feed_token",
}

# Big explicit ids so that an ambiguous "pk" never accidentally names an object of the own unit.
OTHER_IDS = {
    "evidence": 910_001,
    "revision": 920_001,
    "comment": 930_001,
    "flag": 940_001,
    "job": 950_001,
    "snapshot": 960_001,
    "event": 970_001,
    "answer": 980_001,
    "attachment": 990_001,
    "survey_period": 990_101,
    "plan_item": 990_201,
}


@dataclass
class Objects:
    ids: dict[str, Any]

    def values_for(self, route: Route) -> list[dict[str, Any]]:
        """Every assignment of kwargs to objects to try (several when ``pk`` is ambiguous)."""
        unknown = [k for k in route.kwargs if k not in KWARG_OBJECTS]
        if unknown:
            pytest.fail(
                f"URL pattern {route.route!r} ({route.name}) has kwarg(s) {unknown} unknown to "
                "tests/security/test_urls.py: add them to KWARG_OBJECTS so the login and IDOR "
                "sweeps cover this URL."
            )
        base = {k: self.ids[KWARG_OBJECTS[k]] for k in route.kwargs if KWARG_OBJECTS[k] != "*"}
        if "pk" not in route.kwargs:
            out = [base]
        else:
            out = [{**base, "pk": self.ids[key]} for key in ["assessment", *OTHER_IDS, "unit"]]
        # The classic IDOR: the own assessment in the URL, another unit's object beside it.
        object_kwargs = [k for k in route.kwargs if KWARG_OBJECTS[k] in OTHER_IDS]
        if object_kwargs:
            for own_key in ("pk", "assessment_pk", "assessment_id"):
                if own_key in route.kwargs and KWARG_OBJECTS[own_key] in ("*", "assessment"):
                    out.append({**base, **{own_key: self.ids["own_assessment"]}})
        return out


@pytest.fixture
def other_objects(world: World) -> Objects:
    a = world.other
    author = world.users["outsider"]
    q = Question.objects.filter(framework=a.framework).order_by("position").first()
    assert q is not None
    ev = EvidenceFactory(
        pk=OTHER_IDS["evidence"],
        assessment=a,
        title="Rahasia unit lain",
        created_by=author,
        is_public=False,
        content=b"%PDF-",
        revision__pk=OTHER_IDS["revision"],
    )
    EvidenceAttachmentFactory(pk=OTHER_IDS["attachment"], evidence=ev, question=q)
    CommentFactory(pk=OTHER_IDS["comment"], assessment=a, question=q, body="x")
    ReviewFlagFactory(pk=OTHER_IDS["flag"], assessment=a, question=q, note="x")
    SnapshotFactory(pk=OTHER_IDS["snapshot"], assessment=a)
    AssessmentEventFactory(pk=OTHER_IDS["event"], assessment=a, action="submit")
    AnswerFactory(pk=OTHER_IDS["answer"], assessment=a, question=q)
    ReportJobFactory(pk=OTHER_IDS["job"], done=True, assessment=a, content=b"%PDF-laporan")
    SurveyPeriod.objects.create(
        pk=OTHER_IDS["survey_period"],
        unit=a.unit,
        label="2026-T1",
        code="lain01",
        starts_on="2026-01-01",
        ends_on="2026-03-31",
        instrument_version="2026.1",
    )
    PlanItem.objects.create(
        pk=OTHER_IDS["plan_item"],
        assessment=a,
        indicator=q.indicator,
        step="Rencana unit lain",
        created_at=timezone.now(),
        updated_at=timezone.now(),
    )
    ids: dict[str, Any] = {
        "assessment": a.pk,
        "own_assessment": world.own.pk,
        "unit": a.unit_id,
        "unit_slug": a.unit.slug,
        "question_code": q.code,
        "cycle_year": a.cycle.year,
        "side": "unit",
        "revision_number": 1,
        "report_kind": ReportJob.Kind.ASSESSMENT_PDF,
        "format": "pdf",
        "content_type": ContentType.objects.get_for_model(Evidence).pk,
        "admin_catch_all": "tidak-ada/",
        "app_label": "zi_portal",
        "survey_code": "lain01",
        "feed_token": "0123456789_bukan-token",
        **OTHER_IDS,
    }
    return Objects(ids=ids)


# --- 1. login sweep ---------------------------------------------------------------------------


def test_the_sweep_sees_the_project_urls() -> None:
    names = {r.name for r in routes()}
    assert {"home", "login", "scoring:assessment", "admin:index"} <= names
    assert len(routes()) > 20


@pytest.mark.django_db
def test_every_url_needs_login_or_is_explicitly_public(
    world: World, other_objects: Objects
) -> None:
    login = reverse("login")
    admin_login = reverse("admin:login")
    client = Client()
    problems = []
    for route in routes():
        if route.is_public:
            continue
        for values in other_objects.values_for(route)[:1]:
            url = build_url(route, values)
            resp = client.get(url)
            target = urlsplit(resp.get("Location", "")).path
            if route.route.startswith(API_PREFIX):
                if resp.status_code != 401 or "WWW-Authenticate" not in resp:
                    problems.append(f"{route.route} ({route.name}) GET {url} -> {resp.status_code}")
                continue
            if resp.status_code != 302 or target not in (login, admin_login):
                problems.append(
                    f"{route.route} ({route.name}) GET {url} -> {resp.status_code} "
                    f"{resp.get('Location', '')}"
                )
            elif route.is_admin is False and target != login:
                problems.append(f"{route.route}: redirected to {target}, not {login}")
    assert not problems, "Anonymous access not redirected to login:\n" + "\n".join(problems)


@pytest.mark.django_db
def test_public_urls_are_really_reachable_anonymously(world: World) -> None:
    """The allow-list is not a blind spot: the listed pages answer without login."""
    client = Client()
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("health")).status_code == 200
    assert client.get(reverse("admin:login")).status_code == 200


# --- 2. IDOR sweep -----------------------------------------------------------------------------


def _object_routes() -> list[Route]:
    return [r for r in routes() if r.kwargs and not r.is_admin and not r.is_public]


@pytest.mark.django_db
def test_idor_sweep_other_unit_objects_are_404(world: World, other_objects: Objects) -> None:
    client = world.client("tim_kerja")
    problems = []
    checked = 0
    for route in _object_routes():
        for values in other_objects.values_for(route):
            url = build_url(route, values)
            get = client.get(url)
            post = client.post(url, data={"body": "x", "choice": "A", "version": "1"})
            checked += 1
            # 405 on GET is fine for an action URL, provided the POST itself is refused with 404.
            get_ok = get.status_code == 404 or (get.status_code == 405 and post.status_code == 404)
            post_ok = post.status_code in (404, 405)
            if not (get_ok and post_ok):
                problems.append(
                    f"{route.route} ({route.name}) {url}: GET {get.status_code}, "
                    f"POST {post.status_code}"
                )
    assert checked >= 1
    assert not problems, "Objects of another unit must be 404 for tim_kerja:\n" + "\n".join(
        problems
    )


@pytest.mark.django_db
def test_idor_sweep_is_not_vacuous(world: World, other_objects: Objects) -> None:
    """The same assessment-level URLs answer the own unit's member (so 404 above means denial)."""
    client = world.client("tim_kerja")
    own_routes = [r for r in _object_routes() if set(r.kwargs) <= {"pk", "assessment_pk"}]
    assert own_routes, "no assessment URL found by the sweep"
    for route in own_routes:
        url = build_url(route, dict.fromkeys(route.kwargs, world.own.pk))
        resp = client.get(url)
        assert resp.status_code != 404, f"{route.route}: own assessment {url} gave 404"


@pytest.mark.django_db
def test_public_object_urls_do_not_leak_private_objects(
    world: World, other_objects: Objects
) -> None:
    """Public pages (/zi/...) with an object id: another unit's unpublished objects are 404."""
    client = Client()
    problems = []
    for route in routes():
        if not route.is_public or route.is_admin:
            continue
        if not [k for k in route.kwargs if KWARG_OBJECTS.get(k) in OTHER_IDS]:
            continue
        for values in other_objects.values_for(route):
            url = build_url(route, values)
            status = client.get(url).status_code
            if status != 404:
                problems.append(f"{route.route}: anonymous GET {url} -> {status}")
    assert not problems, "\n".join(problems)
