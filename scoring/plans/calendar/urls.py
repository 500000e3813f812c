"""The ZI calendar: /penilaian/<pk>/kalender/ (page), /kalender/<token>.ics (the personal feed,
no login: the token is the credential), /profil/kalender/ (the person's feed addresses)."""

from __future__ import annotations

from django.urls import URLPattern, path

from scoring.plans.calendar import views

app_name = "plans-calendar"
urlpatterns: list[URLPattern] = [
    path("penilaian/<int:assessment_pk>/kalender/", views.calendar_page, name="page"),
    path("kalender/<str:token>.ics", views.feed, name="feed"),
    path("profil/kalender/", views.feed_page, name="feeds"),
    path("profil/kalender/<int:pk>/cabut/", views.feed_revoke, name="revoke"),
]
