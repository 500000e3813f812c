"""The monev page and the sign-off (under /penilaian/<id>/monev/); generating and attaching are
in scoring/reports/urls.py (reports:monev-generate, reports:monev-attach)."""

from __future__ import annotations

from django.urls import path

from scoring.plans.monev import views

app_name = "monev"
urlpatterns = [
    path("<int:pk>/monev/", views.page, name="page"),
    path("<int:pk>/monev/setujui/", views.sign_off, name="sign-off"),
]
