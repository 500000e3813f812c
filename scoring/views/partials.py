"""The question page in pieces: one side's answer block on its own (what an htmx answer save swaps
in place, with the changes block out of band) and the question list's filter carried in the URL
(the question page's previous/next and back links, the answer form's action and its redirect)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from scoring import forms
from scoring.models import Side
from scoring.selectors import changes
from scoring.selectors import pages as page_selectors
from scoring.selectors import question as question_selectors
from zi_portal.access import Access
from zi_portal.models import Assessment

SIDE_TITLES: dict[str, Any] = {
    Side.UNIT: _("Jawaban unit (penilaian mandiri)"),
    Side.TPI: _("Jawaban TPI"),
}


# --------------------------------------------------------------------------- filter in the URL


@dataclass(frozen=True)
class QuestionFilter:
    """The question list's filter as the assessment page reads it from the query string."""

    area: str = ""
    status: str = ""
    mine: bool = False

    @classmethod
    def from_request(cls, request: HttpRequest) -> QuestionFilter:
        return cls(
            area=request.GET.get("area", "")[:16],
            status=request.GET.get("status", "")[:32],
            mine=request.GET.get("mine") == "1",
        )

    @property
    def active(self) -> bool:
        return bool(self.area or self.status or self.mine)

    @property
    def query(self) -> str:
        """'?area=…&status=…' (only what is set), or '' without a filter."""
        params = {"area": self.area, "status": self.status, "mine": "1" if self.mine else ""}
        kept = {k: v for k, v in params.items() if v}
        return "?" + urlencode(kept) if kept else ""


def filter_context(
    request: HttpRequest, assessment: Assessment, access: Access, page: Any
) -> dict[str, Any]:
    """The filter's query string and the previous/next question within the filtered list (the
    framework's order without a filter). A question that has just left the list (answered under
    "not answered yet") still leads to its neighbours in the list."""
    flt = QuestionFilter.from_request(request)
    previous, following = page.previous_code, page.next_code
    if flt.active:
        listing = page_selectors.assessment_page(
            assessment=assessment, access=access, area=flt.area, status=flt.status, mine=flt.mine
        )
        here = page.question.position
        before = [r.question for r in listing.rows if r.question.position < here]
        after = [r.question for r in listing.rows if r.question.position > here]
        previous = max(before, key=lambda q: q.position).code if before else None
        following = min(after, key=lambda q: q.position).code if after else None
    return {"filter_qs": flt.query, "previous_code": previous, "next_code": following}


# --------------------------------------------------------------------------- answer block


def side_context(page: Any, side: str, form: forms.AnswerForm | None) -> dict[str, Any]:
    """What _answer_side.html needs for one side, from the question page's read."""
    return {
        "side": side,
        "title": SIDE_TITLES.get(side, ""),
        "answer": getattr(page, side),
        "answer_text": getattr(page, f"{side}_text"),
        "form": form
        or forms.AnswerForm(question=page.question, side=side, answer=getattr(page, side)),
        "reason": getattr(page, f"{side}_reason"),
        "value": getattr(page, f"{side}_value"),
        "pct": getattr(page, f"{side}_pct"),
        "zero_rule": getattr(page, f"{side}_zero_rule"),
        "warnings": getattr(page, f"{side}_warnings"),
    }


def answer_block(
    request: HttpRequest,
    *,
    assessment: Assessment,
    access: Access,
    question: Any,
    side: str,
    form: forms.AnswerForm | None = None,
    errors: list[str] | None = None,
    saved: str = "",
    status: int = 200,
) -> HttpResponse:
    """One side's answer block (#side-unit or #side-tpi) with its errors or its 'saved' line, and
    the changes block out of band: all an answer save changes on the question page."""
    page = question_selectors.question_page(
        assessment=assessment, access=access, question=question, side=side
    )
    context = {
        "assessment": assessment,
        "access": access,
        "question": question,
        "page": page,
        # Only the change is needed (_changes.html): the flags do not move with an answer.
        "review": {"change": changes.question_changes(assessment=assessment, question=question)},
        "errors": errors or [],
        "saved": saved,
        "filter_qs": QuestionFilter.from_request(request).query,
        "s": side_context(page, side, form),
    }
    return render(request, "scoring/_answer_block.html", context, status=status)
