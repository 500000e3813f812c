"""The public questionnaire at a short URL (no login): /s/<code>/."""

from __future__ import annotations

from django.urls import path

from scoring.surveys import views

app_name = "surveys_public"
urlpatterns = [
    path("<slug:survey_code>/", views.questionnaire, name="form"),
    path("<slug:survey_code>/terima-kasih/", views.thanks, name="thanks"),
    path("<slug:survey_code>/hasil/", views.public_results, name="results"),
]
