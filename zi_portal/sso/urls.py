"""Routes of single sign-on, under /sso/ (404 while it is not configured)."""

from __future__ import annotations

from django.urls import path

from zi_portal.sso import views

app_name = "sso"
urlpatterns = [
    path("masuk/", views.start, name="start"),
    path("kembali/", views.callback, name="callback"),
]
