"""/profil/token-api/: the user's own API tokens (a signed-in page like any other)."""

from __future__ import annotations

from django.urls import path

from scoring.api.views import tokens

app_name = "api-tokens"

urlpatterns = [
    path("", tokens.token_page, name="page"),
    path("<int:pk>/cabut/", tokens.token_revoke_view, name="revoke"),
]
