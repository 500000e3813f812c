"""The search page, mounted at /cari/."""

from __future__ import annotations

from django.urls import URLPattern, path

from evidence.search import views

app_name = "evidence_search"
urlpatterns: list[URLPattern] = [path("", views.search, name="search")]
