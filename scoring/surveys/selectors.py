"""Reads of the unit's surveys, user-aware: periods, results, the trend (never imports services)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from areas.models import Question
from evidence.public.links import PublicLink
from scoring.engine.surveys import SurveyResult, survey_result
from scoring.models import Side
from scoring.surveys import rules
from scoring.surveys.instrument import Survey, instrument
from scoring.surveys.models import SurveyPeriod, SurveyResponse
from zi_portal.access import AnyUser, access_for, assessments_for, units_for
from zi_portal.models import Assessment, Role, Unit


def visible_units(user: AnyUser) -> QuerySet[Unit]:
    """The units whose surveys the user sees: units_for, plus the units the user is a member of
    (a unit runs its surveys before its first assessment exists)."""
    if not user.is_authenticated:
        return Unit.objects.none()
    member = Unit.objects.filter(memberships__user_id=user.pk).values("pk")
    return Unit.objects.filter(Q(pk__in=units_for(user).values("pk")) | Q(pk__in=member))


def unit_get_for_user(*, user: AnyUser, slug: str) -> Unit:
    return get_object_or_404(visible_units(user), slug=slug)


def periods_of(unit: Unit) -> QuerySet[SurveyPeriod]:
    return SurveyPeriod.objects.filter(unit=unit).order_by("starts_on")


def period_get_for_user(*, user: AnyUser, pk: int) -> SurveyPeriod:
    """The period if the user may see its unit; 404 otherwise."""
    return get_object_or_404(
        SurveyPeriod.objects.select_related("unit").filter(unit__in=visible_units(user)), pk=pk
    )


def period_public_get(*, code: str) -> SurveyPeriod:
    return get_object_or_404(SurveyPeriod.objects.select_related("unit"), code=code)


@dataclass(frozen=True)
class SurveyBlock:
    survey: Survey
    result: SurveyResult


def period_results(period: SurveyPeriod) -> list[SurveyBlock]:
    """Each survey's index, interval, item means and warnings over the period's responses."""
    inst = instrument(period.instrument_version)
    answers = list(SurveyResponse.objects.filter(period=period).values_list("answers", flat=True))
    return [
        SurveyBlock(
            survey=s,
            result=survey_result(
                item_keys=s.item_keys,
                responses=answers,
                points=period.points,
                min_respondents=period.min_respondents,
                minimums=s.minimums,
            ),
        )
        for s in inst.surveys
    ]


def unit_trend(unit: Unit) -> list[tuple[SurveyPeriod, list[SurveyBlock]]]:
    """Every period of the unit, oldest first, with its results (the quarter-by-quarter trend)."""
    return [(p, period_results(p)) for p in periods_of(unit)]


def apply_target(*, user: AnyUser, unit: Unit) -> Assessment | None:
    """The unit's latest assessment the user sees: where B.I.a / B.II.a would be set."""
    return assessments_for(user).filter(unit=unit).order_by("-cycle__year", "-pk").first()


def may_manage(*, user: AnyUser, unit: Unit) -> bool:
    return rules.survey_manage_refusal(user=user, unit=unit) is None


def result_for(period: SurveyPeriod, survey_key: str) -> SurveyBlock:
    for block in period_results(period):
        if block.survey.key == survey_key:
            return block
    raise Http404


def apply_side(*, user: AnyUser, assessment: Assessment) -> str:
    """The side a person sets the index on: the TPI's own side for a reviewer, else the unit's."""
    access = access_for(user, assessment)
    return Side.TPI if access.has(Role.TPI) and not access.has(Role.TIM_KERJA) else Side.UNIT


def public_results_get(*, code: str) -> SurveyPeriod:
    """A period whose unit chose to publish its results; 404 otherwise."""
    return get_object_or_404(
        SurveyPeriod.objects.select_related("unit"), code=code, public_results=True
    )


def question_weights(assessment: Assessment | None) -> dict[str, Decimal]:
    """The weights of the hasil survey inputs (B.I.a, B.II.a) in the assessment's framework."""
    if assessment is None:
        return {}
    codes = [s.question_code for s in instrument().surveys]
    rows = Question.objects.filter(framework_id=assessment.framework_id, code__in=codes)
    return {q.code: q.weight for q in rows if q.weight is not None}


def public_results_links(unit: Unit) -> list[PublicLink]:
    """The unit's latest published survey results, for its public ZI page (evidence/public)."""
    period = (
        SurveyPeriod.objects.filter(unit=unit, public_results=True).order_by("-starts_on").first()
    )
    if period is None:
        return []
    return [
        PublicLink(
            label=_("Hasil survei SPAK/SPKP %(period)s") % {"period": period.label},
            url=reverse("surveys_public:results", args=[period.code]),
            note=_("Estimasi internal unit, bukan survei resmi TPN."),
        )
    ]


def latest_results(unit: Unit) -> tuple[SurveyPeriod, list[SurveyBlock]] | None:
    """The unit's latest period that has responses, with its results (None without one)."""
    period = (
        SurveyPeriod.objects.filter(unit=unit, responses__isnull=False)
        .order_by("-starts_on")
        .first()
    )
    return None if period is None else (period, period_results(period))
