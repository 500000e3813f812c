"""Evidence validity ("masa berlaku"): when a document stops counting.

A document with an effective_until before today (in Asia/Jakarta) is expired: the question
panel tags it "Kedaluwarsa sejak ...", the submission pack marks it in manifest.json, the
evidence counts of the assessment page treat it as missing, and the public page does not show it
(a stale decree presented as current would mislead the public).

The dates are set on upload (evidence.forms.UploadForm) and changed later by whoever may replace
the document (evidence.services.evidence_set_validity, audited). Reminders: evidence/reminders.py.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from evidence.models import Evidence

JAKARTA = ZoneInfo("Asia/Jakarta")


def today_jakarta() -> dt.date:
    return timezone.now().astimezone(JAKARTA).date()


def is_expired(evidence: Evidence, today: dt.date | None = None) -> bool:
    until = evidence.effective_until
    return until is not None and until < (today or today_jakarta())


def check_dates(effective_from: dt.date | None, effective_until: dt.date | None) -> None:
    if effective_from and effective_until and effective_until < effective_from:
        raise ValidationError(
            _("Tanggal berlaku sampai tidak boleh sebelum tanggal berlaku mulai.")
        )
