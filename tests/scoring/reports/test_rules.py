"""scoring/reports/rules.py: the refusal codes of the institution pages and report requests, on
the rules functions, the services and the 403 page (X-Refusal-Code)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from scoring.models import ReportJob
from scoring.reports import rules
from scoring.reports.services import report_request
from tests.conftest import PERSONAS, SEES, World
from zi_portal.refusals import Refused

pytestmark = pytest.mark.django_db

INSTANSI_VIEWERS = SEES["sibling"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_institution_rules_by_persona(world: World, persona: str) -> None:
    user = world.users[persona]
    expected = None if persona in INSTANSI_VIEWERS else "not_instansi_viewer"
    for refusal in (
        rules.institution_pages_refusal(user=user),
        rules.institution_report_refusal(user=user),
        rules.institution_report_run_refusal(requester=user),
    ):
        assert (refusal.code if refusal else None) == expected
    own = rules.assessment_report_refusal(user=user, assessment=world.own)
    assert (own.code if own else None) == (None if persona in SEES["own"] else "no_access")
    other = rules.assessment_report_refusal(user=user, assessment=world.other)
    assert other is not None and other.code == "no_access"


def test_a_job_whose_requester_lost_access_is_refused() -> None:
    assert rules.institution_report_run_refusal(requester=None) is not None


def test_services_raise_the_rules_refusal(world: World) -> None:
    with pytest.raises(Refused) as caught:
        report_request(actor=world.users["pimpinan"], kind=ReportJob.Kind.INSTITUTION_PDF)
    assert caught.value.code == "not_instansi_viewer"
    with pytest.raises(Refused) as caught:
        report_request(
            actor=world.users["tim_kerja"], kind=ReportJob.Kind.LKE_XLSX, assessment=world.other
        )
    assert caught.value.code == "no_access"


def test_institution_pages_answer_the_code(world: World) -> None:
    c = world.client("tim_kerja")
    for response in (
        c.get(reverse("reports:overview")),
        c.post(reverse("reports:institution-request"), {"tahun": "2026"}),
    ):
        assert response.status_code == 403
        assert response["X-Refusal-Code"] == "not_instansi_viewer"
        assert 'data-refusal-code="not_instansi_viewer"' in response.content.decode()
    assert not ReportJob.objects.exists()
