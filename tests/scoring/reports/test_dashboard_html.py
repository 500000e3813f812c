"""The dashboard's verdict and gap blocks written in Python are byte for byte what the templates
(still included by the PDF) render: every score state from complete and passing to half blank,
both sides, both languages, with and without the action-plan link, for a tim kerja of the whole
unit and one restricted to areas I and II."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from scoring.reports.dashboard_html import gap_html, verdicts_html
from scoring.reports.selectors.dashboard import unit_dashboard
from scoring.reports.templatetags.dashboard_blocks import dashboard_gaps
from tests.conftest import World
from tests.scoring.reports.conftest import answer_all

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(("rank", "skip"), [(0, 0), (1, 0), (2, 0), (3, 40)])
@pytest.mark.parametrize("persona", ["tim_kerja", "tim_kerja_restricted"])
def test_same_as_the_templates(
    world: World, language: str, rank: int, skip: int, persona: str
) -> None:
    answer_all(world.own, side="unit", rank=rank, skip=skip)
    answer_all(world.own, side="tpi", rank=max(0, rank - 1))
    request = RequestFactory().get("/")
    request.user = world.users[persona]
    with translation.override(language):
        dash = unit_dashboard(assessment=world.own)
        verdicts = (*dash.verdicts, *dash.tpi_verdicts)
        old = "".join(render_to_string("dashboard/_verdict.html", {"v": v}) for v in verdicts)
        assert verdicts_html(verdicts) == old
        for plan_url in ("", "/penilaian/1/rencana-aksi/baru/"):
            old = "".join(
                render_to_string(
                    "dashboard/_gap.html",
                    {"g": g, "limit": 8, "plan_url": plan_url, "assessment": world.own},
                    request=request,
                )
                for g in dash.gaps
            )
            new = dashboard_gaps({"request": request}, dash.gaps, world.own, plan_url)
            assert new == old
            if plan_url and persona == "tim_kerja" and any(g.steps for g in dash.gaps):
                assert "gap-plan-link" in new
    if rank >= 2:
        # The states the comparison must have covered: more steps than shown, links on some.
        assert any(len(g.steps) > 8 for g in dash.gaps)


def test_a_passed_gap_and_a_blocked_one_render_as_the_template() -> None:
    from scoring.reports.selectors.dashboard import GapView, StepView

    step = StepView("A.I.1.i.a", "Dok <1>", "Teks & " * 40, "C", "B", "0,125")
    gaps = (
        GapView("WBK", True, True, "", (), "0,00", (), ()),
        GapView("WBBM", False, False, "Kurang <b>", (step,) * 9, "1,125", (), ("IPAK < 3,6",)),
    )
    for g in gaps:
        old = render_to_string("dashboard/_gap.html", {"g": g, "limit": 8, "plan_url": ""})
        assert gap_html(g, limit=8, plan_url="", step_allowed=lambda code: False) == old
        old = render_to_string("dashboard/_gap.html", {"g": g, "limit": 0, "plan_url": ""})
        assert gap_html(g, limit=0, plan_url="", step_allowed=lambda code: False) == old
