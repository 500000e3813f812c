"""Who may see a unit's ZI calendar and make feed addresses, now (codes in docs/rules.md).

- The calendar page of an assessment: whoever may read its plan (scoring/plans/rules.py:
  plan_read_refusal, i.e. whoever sees the assessment).
- A feed address: any signed-in person, at most MAX_ACTIVE_FEEDS active at once; the feed shows
  only what the person's own roles let them see, checked again on every read.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from scoring.plans.rules import plan_read_refusal
from zi_portal.access import AnyUser
from zi_portal.models import Assessment
from zi_portal.refusals import Refusal

MAX_ACTIVE_FEEDS = 5


def calendar_read_refusal(user: AnyUser, assessment: Assessment) -> Refusal | None:
    """The unit's calendar shows its plan's due dates, so it follows the plan's read rule."""
    refusal = plan_read_refusal(user, assessment)
    if refusal is None:
        return None
    return Refusal("calendar_no_access", _("Anda tidak memiliki akses ke kalender ZI unit ini."))


def feed_create_refusal(*, user: AnyUser, active: int) -> Refusal | None:
    if not user.is_authenticated:
        return Refusal("calendar_feed_login", _("Masuk dahulu untuk membuat alamat kalender."))
    if active >= MAX_ACTIVE_FEEDS:
        return Refusal(
            "calendar_feed_limit",
            _("Paling banyak %(n)s alamat kalender aktif; cabut alamat yang tidak dipakai lagi.")
            % {"n": MAX_ACTIVE_FEEDS},
        )
    return None
