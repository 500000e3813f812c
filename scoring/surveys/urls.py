"""The unit's survey pages under /survei/ (login) and the public questionnaire under /s/."""

from __future__ import annotations

from django.urls import path

from scoring.surveys import views

app_name = "surveys"
urlpatterns = [
    path("unit/<slug:unit_slug>/", views.unit_surveys, name="unit"),
    path("unit/<slug:unit_slug>/periode-baru/", views.period_create, name="period_create"),
    path("periode/<int:period_pk>/", views.period_results, name="period"),
    path("periode/<int:period_pk>/qr.svg", views.period_qr, name="qr"),
    path("periode/<int:period_pk>/terapkan/", views.period_apply, name="apply"),
    path("periode/<int:period_pk>/impor/", views.period_import, name="import"),
    path("periode/<int:period_pk>/publikasi/", views.period_publish, name="publish"),
]
