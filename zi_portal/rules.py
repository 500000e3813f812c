"""Rules of the organisation spine: may this person act on this assessment at all?

The app rules (evidence/rules.py, scoring/rules.py) start from these. Codes: docs/rules.md.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext as _

from zi_portal.access import Access
from zi_portal.refusals import Refusal


class Code(StrEnum):
    NO_ACCESS = "no_access"
    NOT_ADMIN = "not_admin"


def view_refusal(*, access: Access) -> Refusal | None:
    """Anyone with a role on the assessment may see it (and then ask the action rules)."""
    if access.can_view:
        return None
    return Refusal(Code.NO_ACCESS, _("Anda tidak memiliki akses ke penilaian ini."))


def admin_refusal(*, access: Access, message: str) -> Refusal | None:
    """Admins only (Access.is_admin: Role.ADMIN of the instansi or a superuser); `message` says
    what only an admin may do."""
    if access.is_admin:
        return None
    return Refusal(Code.NOT_ADMIN, message)
