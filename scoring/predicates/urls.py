"""The admin's predicate pages (/predikat/...)."""

from __future__ import annotations

from django.urls import path

from scoring.predicates import views

app_name = "predicates"
urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<int:unit_pk>/", views.unit_page, name="unit"),
    path("unit/<int:unit_pk>/catat/", views.grant, name="grant"),
    path("<int:pk>/cabut/", views.revoke, name="revoke"),
]
