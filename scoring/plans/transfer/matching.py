"""Which indicator (and question) of the assessment's framework a row of a plan workbook serves.

By code first (KODE PERTANYAAN, KODE INDIKATOR), else by text: the INDIKATOR cell against the
questions' texts and the indicators' names, the KOMPONEN cell against the indicators' names
(seed 004 names the framework's indicator in KOMPONEN and a statement under it in INDIKATOR).
Text is compared normalised (case, accents, punctuation, spacing); when no name is equal, a name
that contains the other word for word counts if exactly one does, inside the row's area when an
area header row named one. Two candidates are ambiguous, none is unmatched: both are problems.
Also who PENANGGUNG JAWAB names (`unit_members`) and which steps the plan holds already
(`existing_steps`, so the same rows are not imported twice).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from areas.models import Area, Indicator, Question
from scoring.plans.models import PlanItem
from scoring.plans.transfer.layout import ROMAN, normalise
from zi_portal.models import Assessment, Membership

# A name shorter than this many words is not matched by containment ("kerja" alone is too weak).
MIN_CONTAINED_WORDS = 2
# Abbreviations units write for words of the framework's names ("Dokumen Rencana Pembangunan ZI").
ABBREVIATIONS = {"zi": "zona integritas"}


def name_key(text: object) -> str:
    """A name as compared: normalised, with the usual abbreviations written out."""
    return " ".join(ABBREVIATIONS.get(w, w) for w in normalise(text).split())


@dataclass(frozen=True)
class QuestionRef:
    pk: int
    code: str
    indicator: Indicator


class Ambiguous(LookupError):
    def __init__(self, candidates: list[str]) -> None:
        self.candidates = candidates
        super().__init__(", ".join(candidates))


@dataclass
class FrameworkIndex:
    areas: dict[int, Area] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)  # code (casefolded) -> row
    questions: dict[str, QuestionRef] = field(default_factory=dict)  # code (casefolded) -> ref
    by_name: dict[str, list[Indicator]] = field(default_factory=lambda: defaultdict(list))
    by_text: dict[str, list[QuestionRef]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def for_assessment(cls, assessment: Assessment) -> FrameworkIndex:
        index = cls()
        for area in Area.objects.filter(framework_id=assessment.framework_id):
            index.areas[area.no] = area
        indicators = Indicator.objects.filter(
            part__area__framework_id=assessment.framework_id
        ).select_related("part__area")
        for ind in indicators:
            index.indicators[ind.code.casefold()] = ind
            index.by_name[name_key(ind.name)].append(ind)
        by_pk = {i.pk: i for i in index.indicators.values()}
        questions = Question.objects.filter(
            framework_id=assessment.framework_id, indicator__isnull=False
        ).only("pk", "code", "text", "indicator_id")
        for q in questions:
            if q.indicator_id in by_pk:
                ref = QuestionRef(q.pk, q.code, by_pk[q.indicator_id])
                index.questions[q.code.casefold()] = ref
                index.by_text[name_key(q.text)].append(ref)
        return index

    # --- areas -----------------------------------------------------------------------------

    def area_named(self, number: str, name: str) -> Area | None:
        """The area a header row names ("II" + "PENATAAN TATALAKSANA", or "1" + its name)."""
        wanted = name_key(name)
        if wanted:
            for area in self.areas.values():
                have = name_key(area.name)
                if wanted == have or (
                    len(wanted.split()) >= MIN_CONTAINED_WORDS and _contains(have, wanted)
                ):
                    return area
        return None

    def area_numbered(self, number: str) -> Area | None:
        text = normalise(number)
        no = ROMAN.get(text) or (int(text) if text.isdigit() else 0)
        return self.areas.get(no)

    # --- indicators ------------------------------------------------------------------------

    def indicator_by_code(self, code: str) -> Indicator | None:
        return self.indicators.get(code.strip().casefold())

    def question_by_code(self, code: str) -> QuestionRef | None:
        return self.questions.get(code.strip().casefold())

    def question_by_text(self, text: str, area: Area | None) -> QuestionRef | None:
        found = [q for q in self.by_text.get(name_key(text), []) if _in_area(q.indicator, area)]
        if len(found) > 1:
            raise Ambiguous([q.code for q in found])
        return found[0] if found else None

    def indicator_by_name(
        self, text: str, area: Area | None, *, loose: bool = False
    ) -> Indicator | None:
        """By name; `loose` also by containment (the KOMPONEN cell, never a long statement)."""
        wanted = name_key(text)
        if not wanted:
            return None
        exact = [i for i in self.by_name.get(wanted, []) if _in_area(i, area)]
        if not exact and loose:
            exact = [
                i
                for name, rows in self.by_name.items()
                for i in rows
                if _in_area(i, area) and (_contains(name, wanted) or _contains(wanted, name))
            ]
        if len(exact) > 1:
            raise Ambiguous(sorted(i.code for i in exact))
        return exact[0] if exact else None


def _in_area(indicator: Indicator, area: Area | None) -> bool:
    return area is None or indicator.part.area_id == area.pk


def _contains(longer: str, shorter: str) -> bool:
    """`shorter` appears in `longer` as whole words."""
    return f" {shorter} " in f" {longer} " and len(shorter.split()) >= MIN_CONTAINED_WORDS


def existing_steps(assessment: Assessment) -> set[tuple[int, str]]:
    """(indicator, normalised step) of every item the plan already holds."""
    items = PlanItem.objects.filter(assessment=assessment).values_list("indicator_id", "step")
    return {(ind, normalise(step)) for ind, step in items}


def unit_members(assessment: Assessment) -> dict[str, User]:
    """The unit's members by username and by full name (normalised); a name two members share
    names nobody."""
    found: dict[str, User] = {}
    shared: set[str] = set()
    for m in Membership.objects.filter(unit_id=assessment.unit_id).select_related("user"):
        for name in {
            normalise(m.user.get_username()),
            normalise(m.user.get_full_name()),
        }:
            if not name:
                continue
            if name in found and found[name].pk != m.user.pk:
                shared.add(name)
            found[name] = m.user
    return {k: v for k, v in found.items() if k not in shared}
