"""The checked rows of a plan import between the preview and "Impor": signed with
django.core.signing, bound to one user and one assessment, valid for an hour, like the LKE
workbook's import (scoring/transfer/workbook_plan.py). The apply still re-checks every row's rule.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core import signing

from scoring.plans.transfer.imports import ImportPlan, PlannedItem

PAYLOAD_SALT = "scoring.plans.import"
PAYLOAD_MAX_AGE = 60 * 60

_FIELDS = (
    "row",
    "indicator_id",
    "indicator_code",
    "indicator_name",
    "step",
    "question_id",
    "question_code",
    "output",
    "authority",
    "person_id",
    "person_label",
    "person_name",
    "start_date",
    "due_date",
    "status",
    "cancel_reason",
    "note",
)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def plan_to_payload(plan: ImportPlan, *, user_id: int) -> str:
    """The checked rows of a plan, signed for one user (a hidden field of the preview)."""
    rows = [[_plain(getattr(i, f)) for f in _FIELDS] for i in plan.items]
    data = {"a": plan.assessment_id, "u": user_id, "s": plan.sheet, "r": rows}
    return signing.dumps(data, salt=PAYLOAD_SALT, compress=True)


def plan_from_payload(payload: str, *, assessment_id: int, user_id: int) -> ImportPlan | None:
    """The plan a payload signed for this user and assessment carries; None otherwise
    (tampered, expired, another user's or another assessment's)."""
    try:
        data = signing.loads(payload, salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("a") != assessment_id or data.get("u") != user_id:
        return None
    items = []
    for row in data["r"]:
        values = dict(zip(_FIELDS, row, strict=True))
        for key in ("start_date", "due_date"):
            if values[key]:
                values[key] = datetime.date.fromisoformat(values[key])
        items.append(PlannedItem(**values))
    return ImportPlan(assessment_id, tuple(items), (), str(data.get("s", "")))
