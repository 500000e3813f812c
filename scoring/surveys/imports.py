"""Responses brought in from the forms units already use (Google Forms CSV, a paper tally).

Policy: all or nothing. Every row is checked first; when any row has a problem nothing is written
and each problem names its row (the header is row 1, as a spreadsheet shows it). The mapping
says which column holds which item (and optionally the profile fields); answers must be whole
numbers on the period's scale, or one of the scale's labels in Indonesian or English.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from scoring.surveys import rules
from scoring.surveys.instrument import instrument
from scoring.surveys.models import SurveyPeriod, SurveyResponse
from zi_portal.audit import acting_as
from zi_portal.refusals import refuse_if

PROFILE_FIELDS = ("service", "age_band", "education")
MAX_ROWS = 5000


@dataclass
class ImportPlan:
    rows: list[dict[str, int]] = field(default_factory=list)
    profiles: list[dict[str, str]] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def read_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of a CSV file (UTF-8 with or without BOM, comma or semicolon)."""
    text = data.decode("utf-8-sig")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = list(csv.reader(io.StringIO(text), dialect))
    if not reader:
        return [], []
    return [h.strip() for h in reader[0]], reader[1:]


def _answer(raw: str, points: int, labels: Mapping[str, int]) -> int | None:
    value = raw.strip()
    if value.isdigit() and 1 <= int(value) <= points:
        return int(value)
    return labels.get(value.casefold())


def plan_import(
    *,
    period: SurveyPeriod,
    rows: Sequence[Sequence[str]],
    mapping: Mapping[str, int],
) -> ImportPlan:
    """Check every row against the mapping (item key or profile field -> column index)."""
    inst = instrument(period.instrument_version)
    labels: dict[str, int] = {}
    for lang in ("id", "en"):
        for i, label in enumerate(inst.data["scale"]["labels"][str(period.points)][lang], 1):
            labels[label.casefold()] = i
    plan = ImportPlan()
    missing = [k for k in inst.all_item_keys if k not in mapping]
    if missing:
        plan.problems.append(
            (1, _("Kolom belum dipetakan: %(keys)s.") % {"keys": ", ".join(missing)})
        )
        return plan
    if len(rows) > MAX_ROWS:
        plan.problems.append((1, _("Paling banyak %(max)s baris.") % {"max": MAX_ROWS}))
        return plan
    for no, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        answers: dict[str, int] = {}
        for key in inst.all_item_keys:
            col = mapping[key]
            raw = row[col] if col < len(row) else ""
            value = _answer(raw, period.points, labels)
            if value is None:
                plan.problems.append(
                    (
                        no,
                        _('%(item)s: "%(raw)s" bukan jawaban 1-%(points)s.')
                        % {"item": key, "raw": raw[:40], "points": period.points},
                    )
                )
            else:
                answers[key] = value
        profile = {
            f: (row[mapping[f]].strip()[:80] if f in mapping and mapping[f] < len(row) else "")
            for f in PROFILE_FIELDS
        }
        plan.rows.append(answers)
        plan.profiles.append(profile)
    if not plan.rows and not plan.problems:
        plan.problems.append((1, _("Berkas tidak berisi baris jawaban.")))
    return plan


@transaction.atomic
def survey_responses_import(
    *, actor: User, period: SurveyPeriod, plan: ImportPlan
) -> list[SurveyResponse]:
    """Write a checked plan's rows as responses of the period (nothing when it has problems)."""
    locked = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
    refuse_if(rules.survey_manage_refusal(user=actor, unit=locked.unit))
    if not plan.ok:
        raise ValueError("the plan has problems; nothing is written")
    inst = instrument(locked.instrument_version)
    choices = {f: {c for c, _label in inst.profile_choices(f)} for f in ("age_band", "education")}
    with acting_as(actor):
        return SurveyResponse.objects.bulk_create(
            SurveyResponse(
                period=locked,
                answers=answers,
                service=profile.get("service", ""),
                age_band=profile["age_band"]
                if profile.get("age_band") in choices["age_band"]
                else "",
                education=(
                    profile["education"] if profile.get("education") in choices["education"] else ""
                ),
                source=SurveyResponse.Source.IMPORT,
            )
            for answers, profile in zip(plan.rows, plan.profiles, strict=True)
        )
