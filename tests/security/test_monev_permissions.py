"""Permission matrix of the monev page and its actions (scoring/plans/monev, and the report-job
actions in scoring/reports/views/monev.py): persona x URL -> status and refusal code.

Everyone who sees the assessment reads the page; the tim kerja (any area) and the pimpinan unit
generate; the tim kerja attaches (its area must hold A.I.1.iii); only the pimpinan unit signs
off; an outsider gets 404 everywhere (nothing confirms the assessment exists).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from evidence.models import Evidence
from scoring.plans.monev.models import MonevReport
from scoring.reports.monev_jobs import monev_report_generate
from tests.conftest import World

pytestmark = pytest.mark.django_db

# page GET, generate POST (quarter 1), attach POST, sign-off POST: (status, refusal code or "")
EXPECTED: dict[str, tuple[tuple[int, str], ...]] = {
    "tim_kerja": ((200, ""), (302, ""), (302, ""), (403, "monev_not_pimpinan")),
    "tim_kerja_restricted": ((200, ""), (302, ""), (302, ""), (403, "monev_not_pimpinan")),
    "pimpinan": ((200, ""), (302, ""), (403, "not_tim_kerja"), (302, "")),
    "tpi": (
        (200, ""),
        (403, "monev_generate_denied"),
        (403, "not_tim_kerja"),
        (403, "monev_not_pimpinan"),
    ),
    "pimpinan_instansi": (
        (200, ""),
        (403, "monev_generate_denied"),
        (403, "not_tim_kerja"),
        (403, "monev_not_pimpinan"),
    ),
    "admin": (
        (200, ""),
        (403, "monev_generate_denied"),
        (403, "not_tim_kerja"),
        (403, "monev_not_pimpinan"),
    ),
    "outsider": ((404, ""), (404, ""), (404, ""), (404, "")),
}


@pytest.fixture(autouse=True)
def _eager_celery() -> Any:
    from zi_portal.celery import app

    saved = {k: app.conf[k] for k in ("task_always_eager", "task_eager_propagates")}
    app.conf.update(task_always_eager=True, task_eager_propagates=False)
    yield
    app.conf.update(saved)


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_monev_permission_matrix(
    world: World, persona: str, django_capture_on_commit_callbacks: Any
) -> None:
    pk = world.own.pk
    with django_capture_on_commit_callbacks(execute=True):
        # Quarter 1's report exists with its PDF made, so attach and sign-off reach their rule.
        monev_report_generate(actor=world.users["tim_kerja"], assessment=world.own, quarter=1)
    client = world.client(persona)
    data = {"quarter": "1"}
    requests = [
        ("get", "monev:page", {}),
        ("post", "reports:monev-generate", data),
        ("post", "reports:monev-attach", data),
        ("post", "reports:monev-sign-off", data),
    ]
    responses = []
    for method, name, body in requests:
        # One request at a time: the report jobs of a generation run on its commit.
        with django_capture_on_commit_callbacks(execute=True):
            responses.append(getattr(client, method)(reverse(name, args=[pk]), body))
    got = tuple((r.status_code, r.get("X-Refusal-Code", "")) for r in responses)
    assert got == EXPECTED[persona]
    report = MonevReport.objects.get()
    assert (report.generated_by == world.users[persona]) == (got[1][0] == 302)
    assert Evidence.objects.filter(questions__code="A.I.1.iii.b").exists() == (got[2][0] == 302)
    assert (report.status == "signed_off") == (got[3][0] == 302)


def test_get_on_the_actions_is_not_allowed(world: World) -> None:
    client = world.client("tim_kerja")
    for name in ("reports:monev-generate", "reports:monev-attach", "reports:monev-sign-off"):
        assert client.get(reverse(name, args=[world.own.pk])).status_code == 405
