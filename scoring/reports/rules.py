"""Who may see the institution pages and request or run reports (codes: docs/rules.md)."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext as _

from zi_portal.access import AnyUser, access_for, is_instansi_viewer
from zi_portal.models import Assessment
from zi_portal.refusals import Refusal
from zi_portal.rules import Code as SpineCode


class Code(StrEnum):
    NOT_INSTANSI_VIEWER = "not_instansi_viewer"


def institution_pages_refusal(*, user: AnyUser) -> Refusal | None:
    """The institution overview and its export are for pimpinan instansi and admins."""
    if is_instansi_viewer(user):
        return None
    return Refusal(
        Code.NOT_INSTANSI_VIEWER,
        _("Halaman ini hanya untuk pimpinan instansi dan admin instansi."),
    )


def assessment_report_refusal(*, user: AnyUser, assessment: Assessment | None) -> Refusal | None:
    """Anybody who may view the assessment may request its reports."""
    if assessment is not None and access_for(user, assessment).can_view:
        return None
    return Refusal(SpineCode.NO_ACCESS, _("Anda tidak dapat meminta laporan penilaian ini."))


def institution_report_refusal(*, user: AnyUser) -> Refusal | None:
    """Institution reports are for instansi viewers (pimpinan instansi, admin) only."""
    if is_instansi_viewer(user):
        return None
    return Refusal(
        Code.NOT_INSTANSI_VIEWER,
        _("Hanya pimpinan instansi dan admin yang dapat meminta laporan instansi."),
    )


def institution_report_run_refusal(*, requester: AnyUser | None) -> Refusal | None:
    """A queued institution report runs only while its requester still sees the institution."""
    if requester is not None and is_instansi_viewer(requester):
        return None
    return Refusal(
        Code.NOT_INSTANSI_VIEWER, _("Peminta laporan tidak lagi memiliki akses instansi.")
    )
