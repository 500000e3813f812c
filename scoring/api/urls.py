"""/api/v1/: the REST API. Its views answer 401 (not a redirect to the login page) without a
token or session, so they are exempt from LoginRequiredMiddleware and DRF checks the login."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.decorators.cache import never_cache
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from scoring.api.views import answers, evidence, reports, resources, search

app_name = "api"


def api(view: Any, **initkwargs: Any) -> Any:
    """A data endpoint: never stored by a browser or a shared cache (the middleware that does
    this for signed-in pages skips views exempt from the login redirect)."""
    return login_not_required(never_cache(view.as_view(**initkwargs)))


def public(view: Any, **initkwargs: Any) -> Any:
    return login_not_required(view.as_view(**initkwargs))


A = "assessments/<int:assessment_pk>/"

urlpatterns = [
    path("units/", api(resources.UnitList), name="unit-list"),
    path("units/<int:unit_pk>/", api(resources.UnitDetail), name="unit-detail"),
    path("assessments/", api(resources.AssessmentList), name="assessment-list"),
    path("assessments/<int:pk>/", api(resources.AssessmentDetail), name="assessment-detail"),
    path("assessments/<int:pk>/scores/", api(resources.AssessmentScores), name="scores"),
    path(A + "answers/<str:side>/", api(answers.AnswerList), name="answer-list"),
    path(A + "answers/<str:side>/<str:code>/", api(answers.AnswerDetail), name="answer-detail"),
    path(A + "questions/<str:code>/evidence/", api(evidence.QuestionEvidence), name="evidence"),
    path(
        A + "evidence/<int:evidence_pk>/revisions/<int:revision_pk>/download/",
        api(evidence.RevisionDownload),
        name="revision-download",
    ),
    path(A + "reports/", api(reports.AssessmentReports), name="reports"),
    path("reports/<int:job_pk>/", api(reports.ReportJobDetail), name="report-detail"),
    path("reports/<int:job_pk>/download/", api(reports.ReportDownload), name="report-download"),
    path("search/", api(search.EvidenceSearch), name="search"),
    # The description of the API (public: it holds no data) and its page, from vendored assets.
    path("schema/", public(SpectacularAPIView), name="schema"),
    path(
        "docs/",
        public(
            SpectacularSwaggerSplitView,
            url_name="api:schema",
            template_name="api/swagger_ui.html",
        ),
        name="docs",
    ),
]
