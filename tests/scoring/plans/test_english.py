"""The rencana aksi pages read in English when English is chosen, and in Indonesian otherwise:
no interface words of the other language (official names of areas, indicators and questions
stay as the regulation writes them, so lines that show them are left out)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from areas.models import Area, Indicator, Question
from scoring.plans.models import Status
from scoring.plans.services import plan_evidence_link, plan_item_create, plan_note_add
from tests.conftest import World
from tests.factories import EvidenceFactory
from tests.zi_portal.test_english_pages import ENGLISH, INDONESIAN, _visible

pytestmark = pytest.mark.django_db


def _official(world: World) -> list[str]:
    fw = world.own.framework
    names = [a.name for a in Area.objects.filter(framework=fw)]
    names += [i.code for i in Indicator.objects.filter(part__area__framework=fw)]
    names += [q.code for q in Question.objects.filter(framework=fw)]
    return sorted(set(names), key=len, reverse=True)


@pytest.mark.parametrize("persona", ["tim_kerja", "tpi"])
@pytest.mark.parametrize(("language", "other"), [("en", INDONESIAN), ("id", ENGLISH)])
def test_plan_pages_in_one_language(
    world: World, persona: str, language: str, other: re.Pattern[str]
) -> None:
    tk = world.users["tim_kerja"]
    ind = Indicator.objects.filter(part__area__framework=world.own.framework).first()
    item = plan_item_create(
        actor=tk,
        assessment=world.own,
        indicator=ind,
        step="SK",
        status=Status.CANCELLED,
        cancel_reason="X",
        person_name="Sari",
    )
    plan_evidence_link(
        actor=tk, item=item, evidence=EvidenceFactory(assessment=world.own, title="SK")
    )
    plan_note_add(actor=tk, item=item, kind="progress", text="OK")
    client = world.client(persona)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    urls = [
        reverse("plans:plan", args=[world.own.pk]),
        reverse("plans:item", args=[world.own.pk, item.pk]),
    ]
    if persona == "tim_kerja":
        urls.append(reverse("plans:item_create", args=[world.own.pk]))
    official = _official(world)
    own = ENGLISH if other is INDONESIAN else INDONESIAN
    seen = ""
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = _visible(response.content.decode())
        lines = [ln for ln in text.splitlines() if not any(name in ln for name in official)]
        seen += "\n".join(lines)
        found = [ln.strip() for ln in lines if other.search(ln)]
        assert not found, (url, found[:5])
    assert own.search(seen)
