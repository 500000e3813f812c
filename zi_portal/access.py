"""Who may do what on an assessment: roles resolved once per (user, assessment).

The rules functions (each app's rules.py) and the selectors both build on these functions, so a
list never shows what a detail page would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from zi_portal.models import Assessment, Membership, ReviewerAssignment, Role, Unit

AnyUser: TypeAlias = AbstractBaseUser | AnonymousUser

UNIT_ROLES = (Role.TIM_KERJA, Role.PIMPINAN_UNIT)
INSTANSI_ROLES = (Role.PIMPINAN_INSTANSI, Role.ADMIN)


@dataclass(frozen=True)
class Access:
    """The roles a user holds on one assessment, and the areas a restricted tim kerja may edit."""

    roles: frozenset[str]
    # None: every area; otherwise the area numbers a restricted tim kerja may answer.
    area_nos: frozenset[int] | None = None

    @property
    def can_view(self) -> bool:
        return bool(self.roles)

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_admin(self) -> bool:
        """The one definition of an admin of this assessment: Role.ADMIN of its instansi, or a
        superuser (access_for grants them Role.ADMIN). Django staff status alone does not count:
        it only opens the Django admin site, whose model permissions govern there."""
        return Role.ADMIN in self.roles

    def may_edit_area(self, area_no: int | None) -> bool:
        if Role.TIM_KERJA not in self.roles:
            return False
        if self.area_nos is None:
            return True
        # Hasil inputs (no area) belong to the whole unit, so a restricted member cannot edit them.
        return area_no is not None and area_no in self.area_nos


NO_ACCESS = Access(roles=frozenset())


def access_for(user: AnyUser, assessment: Assessment) -> Access:
    """Resolve (and memoise on the user object for this request) the user's access."""
    if not user.is_authenticated:
        return NO_ACCESS
    cache: dict[int, Access] = user.__dict__.setdefault("_zi_access", {})
    if assessment.pk in cache:
        return cache[assessment.pk]
    roles: set[str] = set()
    if getattr(user, "is_superuser", False):
        roles.add(Role.ADMIN)
    # One row per (membership, area), the areas joined in the same query (None: no area).
    rows = (
        Membership.objects.filter(
            user_id=user.pk, unit_id__in=[assessment.unit_id, assessment.unit.parent_id]
        )
        .order_by()
        .values_list("pk", "unit_id", "role", "areas__no")
    )
    areas_of: dict[int, set[int]] = {}
    for pk, unit_id, role, area_no in rows:
        if unit_id == assessment.unit_id and role in UNIT_ROLES:
            roles.add(role)
            if role == Role.TIM_KERJA:
                areas = areas_of.setdefault(pk, set())
                if area_no is not None:
                    areas.add(area_no)
        if unit_id == assessment.unit.parent_id and role in INSTANSI_ROLES:
            roles.add(role)
    restrictions = list(areas_of.values())
    # Several tim kerja memberships combine; an unrestricted one (no areas) lifts the limit.
    area_nos: set[int] | None = None
    if restrictions and all(restrictions):
        area_nos = set().union(*restrictions)
    if ReviewerAssignment.objects.filter(
        reviewer_id=user.pk, unit_id=assessment.unit_id, cycle_id=assessment.cycle_id
    ).exists():
        roles.add(Role.TPI)
    result = Access(
        roles=frozenset(roles),
        area_nos=frozenset(area_nos) if area_nos is not None else None,
    )
    cache[assessment.pk] = result
    return result


def visible_assessments_q(user: AnyUser) -> Q:
    """The filter behind every assessment list: the same rules as access_for()."""
    if getattr(user, "is_superuser", False):
        return Q()
    # An anonymous user has no pk; 0 matches no row, so the filter shows nothing.
    uid: int = user.pk or 0
    # The ids of each way in, united: each part starts from the user's few rows (memberships,
    # reviewer assignments) through the indexes, where one OR of three EXISTS made PostgreSQL
    # join every assessment to its unit and test each (3.6 ms for one visible assessment at
    # 5,000 units, docs/scale.md section 6).
    as_unit = Assessment.objects.filter(
        unit_id__in=Membership.objects.filter(user_id=uid, role__in=UNIT_ROLES).values("unit_id")
    )
    as_instansi = Assessment.objects.filter(
        unit__parent_id__in=Membership.objects.filter(user_id=uid, role__in=INSTANSI_ROLES).values(
            "unit_id"
        )
    )
    as_reviewer = Assessment.objects.filter(
        Exists(
            ReviewerAssignment.objects.filter(
                reviewer_id=uid, unit_id=OuterRef("unit_id"), cycle_id=OuterRef("cycle_id")
            )
        )
    )
    ids = [qs.order_by().values("pk") for qs in (as_unit, as_instansi, as_reviewer)]
    return Q(pk__in=ids[0].union(*ids[1:], all=True))


def assessments_for(user: AnyUser) -> QuerySet[Assessment]:
    if not user.is_authenticated:
        return Assessment.objects.none()
    return Assessment.objects.filter(visible_assessments_q(user))


def units_for(user: AnyUser) -> QuerySet[Unit]:
    """Units whose data the user may see (through any assessment role or instansi role)."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if getattr(user, "is_superuser", False):
        return Unit.objects.all()
    return Unit.objects.filter(
        Q(pk__in=assessments_for(user).values("unit_id"))
        | Q(parent__memberships__user_id=user.pk, parent__memberships__role__in=INSTANSI_ROLES)
    ).distinct()


def is_instansi_viewer(user: AnyUser) -> bool:
    """Pimpinan instansi and admins see institution-wide pages."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    # Asked by the nav of every page and again by the institution views: once per request.
    cached: bool | None = user.__dict__.get("_zi_instansi_viewer")
    if cached is None:
        cached = Membership.objects.filter(user_id=user.pk, role__in=INSTANSI_ROLES).exists()
        user.__dict__["_zi_instansi_viewer"] = cached
    return cached
