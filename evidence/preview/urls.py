"""Preview URLs, mounted under /penilaian/ beside the evidence download."""

from __future__ import annotations

from django.urls import URLPattern, path

from evidence.preview import views

app_name = "evidence_preview"
REV = "<int:assessment_pk>/bukti/<int:evidence_pk>/revisi/<int:revision_pk>/"
urlpatterns: list[URLPattern] = [
    path(f"{REV}pratinjau/", views.preview, name="preview"),
    path(f"{REV}pratinjau/lagi/", views.more, name="more"),
    path(f"{REV}pratinjau/halaman/<int:number>/", views.page, name="page"),
    path(f"{REV}pratinjau/teks/", views.text, name="text"),
    path(f"{REV}tampil/", views.inline, name="inline"),
]
