"""The write-through of the stored score summaries (scoring.models.ScoreSummary).

Every service that changes what a score depends on calls `summary_refresh` (one assessment) or
`summaries_refresh` (many) inside its own transaction, after its writes:

* the side's counted answers: scoring.services.answers.answer_save (the question page, the REST
  API, survey results, the demo), scoring.transfer.workbook_plan.apply_workbook_import,
  scoring.cycle.services.answers_confirm (a carried answer starts to count) and cycle_start (new
  assessments with carried answers), scoring.transfer.restore.import_assessment;
* the unit's holds_wbk (a prior WBK changes the WBBM verdict):
  scoring.predicates.services.unit_predicate_sync (predicate_grant, predicate_revoke);
* assessments created in bulk: scoring.demo.seed.

The refresh locks the assessments' rows (so two writers of one assessment store their summaries
in the order they commit), reads the unit's holds_wbk and the counted answers as they stand in
the transaction, scores them with the engine and upserts both sides. Reads never aggregate over
answers (scoring.selectors.scores.score_summaries_for); `manage.py scores_verify` proves the rows
right, tests/scoring/test_summaries_write_through.py that no service leaves one stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from scoring.models import ScoreSummary, Side
from scoring.selectors.scores import (
    SUMMARY_FIELDS,
    SUMMARY_REVISION,
    summaries_computed,
    summary_differences,
)
from zi_portal.models import Assessment

# Assessments refreshed per batch: bounds the IN lists and the memory of one answers read.
BATCH = 500


def summaries_refresh(
    *, assessments: Iterable[Assessment | int], sides: Iterable[str] | None = None
) -> int:
    """Recompute and store the summaries of these assessments (objects or ids) on these sides
    (both by default); returns how many rows were written. Joins the caller's transaction
    (without a savepoint) or runs in its own."""
    ids = sorted({a if isinstance(a, int) else a.pk for a in assessments})
    wanted = list(sides) if sides is not None else list(Side.values)
    written = 0
    with transaction.atomic(savepoint=False):
        for start in range(0, len(ids), BATCH):
            items = list(
                Assessment.objects.select_for_update(of=("self",))
                .select_related("unit", "framework")
                .filter(pk__in=ids[start : start + BATCH])
                .order_by("pk")
            )
            written += _store(summaries_computed(items, sides=wanted))
    return written


def summary_refresh(
    *, assessment: Assessment | int, side: str | None = None, locked: bool = False
) -> int:
    """The write-through of one assessment: one side, or both when `side` is None.

    `locked=True` says the caller holds the assessment's row lock in this transaction and
    loaded it with `unit` and `framework` as they stand (answer_save, the workbook import,
    answers_confirm do): it is scored as given, without reading it again."""
    sides = list(Side.values) if side is None else [side]
    if locked and isinstance(assessment, Assessment):
        with transaction.atomic(savepoint=False):
            return _store(summaries_computed([assessment], sides=sides))
    return summaries_refresh(assessments=[assessment], sides=sides)


def _store(fresh: list[ScoreSummary]) -> int:
    ScoreSummary.objects.bulk_create(
        fresh,
        update_conflicts=True,
        unique_fields=["assessment", "side"],
        update_fields=SUMMARY_FIELDS,
    )
    return len(fresh)


@dataclass(frozen=True)
class SummaryMismatch:
    """A stored summary that differs from a fresh computation (or is missing)."""

    assessment_id: int
    side: str
    fields: tuple[str, ...]  # ("missing",) when there is no row

    def line(self) -> str:
        return f"#{self.assessment_id} {self.side}: {', '.join(self.fields)}"


def summaries_verify(*, rebuild: bool = False) -> tuple[int, list[SummaryMismatch]]:
    """Recompute every assessment's summaries and compare them with the stored rows; with
    `rebuild`, store the fresh rows that differ. Returns (assessments checked, mismatches).

    Works in batches of BATCH assessments, each in its own transaction; with `rebuild` the
    batch's assessments are locked first (as the write-through locks them), so a row stored
    here is never older than a concurrent service's."""
    ids = list(Assessment.objects.order_by("pk").values_list("pk", flat=True))
    mismatches: list[SummaryMismatch] = []
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        with transaction.atomic():
            qs = Assessment.objects.select_related("unit", "framework").filter(pk__in=chunk)
            if rebuild:
                qs = qs.select_for_update(of=("self",))
            items = list(qs.order_by("pk"))
            stored = {
                (s.assessment_id, s.side): s
                for s in ScoreSummary.objects.filter(assessment_id__in=chunk)
            }
            found: list[SummaryMismatch] = []
            to_store: list[ScoreSummary] = []
            for fresh in summaries_computed(items):
                row = stored.get((fresh.assessment_id, fresh.side))
                fields = ("missing",) if row is None else tuple(summary_differences(row, fresh))
                if row is not None and row.revision != SUMMARY_REVISION:
                    fields = (*fields, "revision")
                if fields:
                    found.append(SummaryMismatch(fresh.assessment_id, fresh.side, fields))
                    to_store.append(fresh)
            if rebuild and to_store:
                ScoreSummary.objects.bulk_create(
                    to_store,
                    update_conflicts=True,
                    unique_fields=["assessment", "side"],
                    update_fields=SUMMARY_FIELDS,
                )
        mismatches.extend(found)
    return len(ids), mismatches
