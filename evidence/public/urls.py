"""Each unit's public ZI page and its published documents, under /zi/ (no login)."""

from __future__ import annotations

from django.urls import path

from evidence.public import views

app_name = "public"
urlpatterns = [
    path("<slug:slug>/", views.public_unit_page, name="unit"),
    path("<slug:slug>/dokumen/<int:evidence_pk>/", views.public_document, name="document"),
]
