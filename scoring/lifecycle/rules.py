"""Who may record prerequisites, propose units to TPN and record the TPN stages, now.

Codes (stable, docs/rules.md): tpn_not_admin, tpn_not_layak, tpn_already_proposed,
tpn_quota_unset, tpn_quota_full, tpn_prerequisite_missing, tpn_prerequisite_not_met,
tpn_stage_order, tpn_outcome_invalid, tpn_decree_missing, prereq_kind_unknown, prereq_value_invalid,
prereq_source_foreign.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext as _

from scoring.engine.prerequisites import PrereqError, PrereqResult, first_blocking
from scoring.lifecycle.prerequisites import instansi_of, prerequisite_set
from scoring.lifecycle.presenters import kind_label, need_text
from zi_portal.access import Access, AnyUser
from zi_portal.models import Assessment, Membership, Role, Unit
from zi_portal.refusals import Refusal

Status = Assessment.Status
# The TPN stages in order; each step moves the assessment from the previous one.
STAGES = (
    Status.PROPOSED,
    Status.PRA_EVALUASI,
    Status.DESK_EVALUASI,
    Status.EVALUASI_LAPANGAN,
    Status.DECIDED,
    Status.CLOSED,
)
# "Not granted" may be decided at any TPN stage (a unit may stop at the desk evaluation).
DECIDABLE_FROM = (Status.PRA_EVALUASI, Status.DESK_EVALUASI, Status.EVALUASI_LAPANGAN)


class Code(StrEnum):
    NOT_ADMIN = "tpn_not_admin"
    NOT_LAYAK = "tpn_not_layak"
    ALREADY_PROPOSED = "tpn_already_proposed"
    QUOTA_UNSET = "tpn_quota_unset"
    QUOTA_FULL = "tpn_quota_full"
    PREREQ_MISSING = "tpn_prerequisite_missing"
    PREREQ_NOT_MET = "tpn_prerequisite_not_met"
    STAGE_ORDER = "tpn_stage_order"
    OUTCOME_INVALID = "tpn_outcome_invalid"
    DECREE_MISSING = "tpn_decree_missing"
    KIND_UNKNOWN = "prereq_kind_unknown"
    VALUE_INVALID = "prereq_value_invalid"
    SOURCE_FOREIGN = "prereq_source_foreign"


def is_instansi_admin(user: AnyUser, unit: Unit, access: Access | None = None) -> bool:
    """An admin of the unit's instansi (or of the instansi itself), or a superuser. `access`: the
    user's access to an assessment of this unit, when the caller has it: for a unit under an
    instansi its admin role is this same membership (access_for reads the parent's), so no query."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    if access is not None and unit.parent_id is not None:
        return access.is_admin
    return Membership.objects.filter(
        user_id=user.pk, unit=instansi_of(unit), role=Role.ADMIN
    ).exists()


def lifecycle_admin_refusal(
    *, user: AnyUser, unit: Unit, access: Access | None = None
) -> Refusal | None:
    if is_instansi_admin(user, unit, access):
        return None
    return Refusal(
        Code.NOT_ADMIN,
        _("Hanya admin instansi yang mencatat prasyarat, usulan, dan tahap TPN."),
    )


def prerequisite_value_refusal(*, kind: str, unit: Unit, value: str) -> Refusal | None:
    """The kind exists, is recorded at this unit's level (unit or instansi), the value parses."""
    pset = prerequisite_set()
    if kind not in pset.codes() or pset.kind(kind).type == "held":
        return Refusal(Code.KIND_UNKNOWN, _("Jenis prasyarat ini tidak dicatat di sini."))
    level = "instansi" if unit.parent_id is None else "unit"
    if pset.kind(kind).level != level:
        return Refusal(Code.KIND_UNKNOWN, _("Jenis prasyarat ini tidak dicatat di sini."))
    try:
        pset.kind(kind).parse(value)
    except PrereqError:
        return Refusal(
            Code.VALUE_INVALID,
            _("Nilai “%(v)s” tidak sah untuk %(k)s.") % {"v": value, "k": kind_label(kind)},
        )
    return None


def prerequisites_refusal(*, results: tuple[PrereqResult, ...]) -> Refusal | None:
    """The first prerequisite missing or not met, named with what it needs."""
    blocking = first_blocking(results)
    if blocking is None:
        return None
    args = {"k": kind_label(blocking.kind), "n": need_text(blocking)}
    if blocking.status == "missing":
        return Refusal(Code.PREREQ_MISSING, _("Prasyarat belum dicatat: %(k)s (%(n)s).") % args)
    return Refusal(Code.PREREQ_NOT_MET, _("Prasyarat belum terpenuhi: %(k)s (%(n)s).") % args)


def propose_refusal(
    *,
    assessment: Assessment,
    quota: int | None,
    used: int,
    results: tuple[PrereqResult, ...],
) -> Refusal | None:
    """Evaluated "layak" by the TPI, not yet proposed, within the quota, prerequisites met."""
    if assessment.status in STAGES:
        return Refusal(Code.ALREADY_PROPOSED, _("Unit ini sudah diusulkan ke TPN."))
    if (
        assessment.status != Status.EVALUATED
        or assessment.recommendation != Assessment.Recommendation.LAYAK
    ):
        return Refusal(
            Code.NOT_LAYAK,
            _("Hanya unit yang selesai dievaluasi TPI dengan rekomendasi “layak” dapat diusulkan."),
        )
    if quota is None:
        return Refusal(Code.QUOTA_UNSET, _("Kuota usulan instansi untuk tahun ini belum dicatat."))
    if used >= quota:
        return Refusal(
            Code.QUOTA_FULL,
            _("Kuota usulan instansi tahun ini (%(q)d unit) sudah terpakai.") % {"q": quota},
        )
    return prerequisites_refusal(results=results)


def next_stage(status: str) -> str | None:
    if status in STAGES[:-1]:
        return STAGES[STAGES.index(status) + 1]
    return None


def tpn_step_refusal(*, assessment: Assessment, stage: str) -> Refusal | None:
    """Steps go in order; the decision may also come early, from any TPN evaluation stage."""
    if stage == next_stage(assessment.status):
        return None
    if stage == Status.DECIDED and assessment.status in DECIDABLE_FROM:
        return None
    return Refusal(
        Code.STAGE_ORDER,
        _("Tahap ini tidak dapat dicatat sekarang: status penilaian “%(s)s”.")
        % {"s": assessment.get_status_display()},
    )


def tpn_decision_refusal(
    *, assessment: Assessment, outcome: str, predicate: str, decree_number: str, has_date: bool
) -> Refusal | None:
    """The decision is the proposed predicate or "not granted"; a grant names its decree."""
    if outcome not in (predicate, "not_granted"):
        return Refusal(
            Code.OUTCOME_INVALID,
            _("Keputusan harus predikat yang diusulkan (%(p)s) atau “tidak ditetapkan”.")
            % {"p": predicate},
        )
    if outcome != "not_granted" and not (decree_number.strip() and has_date):
        return Refusal(
            Code.DECREE_MISSING, _("Penetapan predikat memerlukan nomor dan tanggal keputusan.")
        )
    return None
