"""Top-level URL configuration. Every page needs login unless marked login_not_required."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from zi_portal import views
from zi_portal.sso import views as sso_views

urlpatterns = [
    # Home: "Tugas saya" and the assessments, served by scoring (scoring/inbox).
    path("", include("scoring.inbox.urls")),
    path("masuk/", views.LoginView.as_view(), name="login"),
    # After a single sign-on login, logout also ends the provider's session (zi_portal/sso).
    path("keluar/", sso_views.LogoutView.as_view(), name="logout"),
    path("sso/", include("zi_portal.sso.urls")),
    path("sehat/", views.health, name="health"),
    # The language switch is on the login page too, so it must work before login.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("kerangka/", include("areas.urls")),
    path("penilaian/", include("scoring.urls")),
    path("penilaian/", include("evidence.urls")),
    path("penilaian/", include("evidence.preview.urls")),
    # The rencana aksi (action plan) of an assessment (scoring/plans).
    path("penilaian/", include("scoring.plans.urls")),
    # A unit's action plan to and from Excel in seed 004's layout (scoring/plans/transfer).
    path("penilaian/", include("scoring.plans.transfer.urls")),
    # The quarterly monev reports of an assessment's plan (scoring/plans/monev).
    path("penilaian/", include("scoring.plans.monev.urls")),
    # Dashboards, reports and the institution overview.
    path("", include("scoring.reports.urls")),
    path("zi/", include("evidence.public.urls")),
    # The unit's own SPAK / SPKP surveys; the public questionnaire at /s/<code>/ (scoring/surveys).
    path("survei/", include("scoring.surveys.urls")),
    path("s/", include("scoring.surveys.public_urls")),
    # The proposal to TPN and its stages, prerequisites per cycle (scoring/lifecycle).
    path("", include("scoring.lifecycle.urls")),
    # The units' predicate history: decisions, revocations, re-evaluation (scoring/predicates).
    path("predikat/", include("scoring.predicates.urls")),
    # The next cycle carried forward, the confirmation of carried answers (scoring/cycle).
    path("", include("scoring.cycle.urls")),
    # Search across the evidence the user may see (evidence/search).
    path("cari/", include("evidence.search.urls")),
    # The REST API and the page of the user's API tokens (scoring/api).
    path("api/v1/", include("scoring.api.urls")),
    # The ZI calendar page, the personal iCalendar feed and its addresses (scoring/plans/calendar).
    path("", include("scoring.plans.calendar.urls")),
    path("profil/", views.profile, name="profile"),
    path("profil/token-api/", include("scoring.api.token_urls")),
    path("admin/", admin.site.urls),
]

# Too many files in one upload names the cap; any other 400 is Django's page.
handler400 = "zi_portal.views.bad_request"
