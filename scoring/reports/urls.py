"""Dashboards, report jobs and the institution overview (site root)."""

from __future__ import annotations

from django.urls import path

from scoring.reports.views import dashboard as dashboard_views
from scoring.reports.views import jobs as report_views
from scoring.reports.views import monev as monev_report_views
from scoring.reports.views import surveys as survey_report_views

app_name = "reports"
urlpatterns = [
    path("penilaian/<int:pk>/dasbor/", dashboard_views.unit_dashboard_view, name="dashboard"),
    path(
        "penilaian/<int:pk>/dasbor/aktivitas/",
        dashboard_views.unit_dashboard_activity_view,
        name="dashboard-activity",
    ),
    path(
        "penilaian/<int:pk>/dasbor/laporan/",
        report_views.assessment_report_request,
        name="request",
    ),
    path("instansi/", dashboard_views.institution_overview_view, name="overview"),
    path("instansi/excel/", dashboard_views.institution_overview_xlsx, name="overview-xlsx"),
    path("instansi/laporan/", report_views.institution_report_request, name="institution-request"),
    path("laporan/<int:job_pk>/", report_views.job_status, name="job"),
    path("laporan/<int:job_pk>/unduh/", report_views.job_download, name="job-download"),
    path("laporan/<int:job_pk>/ulang/", report_views.job_retry, name="job-retry"),
    # A survey period's results files (scoring/reports/views/surveys.py).
    path(
        "survei/periode/<int:period_pk>/laporan/",
        survey_report_views.survey_report_request,
        name="survey-request",
    ),
    path(
        "survei/periode/<int:period_pk>/laporan/daftar/",
        survey_report_views.survey_report_jobs,
        name="survey-jobs",
    ),
    path(
        "laporan/<int:job_pk>/lampirkan/",
        survey_report_views.survey_report_attach_view,
        name="survey-attach",
    ),
    # A quarter's monev report (scoring/reports/views/monev.py; the page is scoring/plans/monev).
    path(
        "penilaian/<int:pk>/monev/buat/",
        monev_report_views.monev_generate,
        name="monev-generate",
    ),
    path(
        "penilaian/<int:pk>/monev/lampirkan/",
        monev_report_views.monev_attach,
        name="monev-attach",
    ),
    path(
        "penilaian/<int:pk>/monev/setujui/",
        monev_report_views.monev_sign_off,
        name="monev-sign-off",
    ),
]
