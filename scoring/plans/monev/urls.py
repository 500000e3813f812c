"""The monev page (/penilaian/<id>/monev/); generating, attaching and signing off are in
scoring/reports/urls.py (reports:monev-generate, reports:monev-attach, reports:monev-sign-off)."""

from __future__ import annotations

from django.urls import path

from scoring.plans.monev import views

app_name = "monev"
urlpatterns = [
    path("<int:pk>/monev/", views.page, name="page"),
]
