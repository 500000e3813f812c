"""The ZI calendar page of an assessment, the personal iCalendar feed and the page of the
person's feed addresses (/profil/kalender/). Thin: the selectors read, the services write.

A new feed address is shown once, in the answer to the POST that made it: only the token's digest
is stored (as for API tokens), so a copy of the database opens no feed; a person who lost the
address revokes it and makes a new one.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from scoring.plans.calendar import feed as guard
from scoring.plans.calendar.forms import FeedForm
from scoring.plans.calendar.ical import calendar_document
from scoring.plans.calendar.selectors import (
    calendar_for_assessment,
    calendar_months,
    feed_events,
    feed_token_find,
    feed_token_get_for_user,
    feed_tokens_for_user,
)
from scoring.plans.calendar.services import feed_token_create, feed_token_revoke, feed_token_touch
from zi_portal.http import acting_user
from zi_portal.mail import absolute, languages_of
from zi_portal.selectors import assessment_get_for_user


@require_GET
def calendar_page(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    assessment, _access = assessment_get_for_user(user=request.user, pk=assessment_pk)
    events = calendar_for_assessment(user=request.user, assessment=assessment)
    context = {"assessment": assessment, "months": calendar_months(events), "count": len(events)}
    return render(request, "plans/calendar/calendar.html", context)


@login_not_required
@require_safe  # GET, and HEAD: some calendar apps look before they read
def feed(request: HttpRequest, token: str) -> HttpResponse:
    if guard.too_many_misses(request):
        return HttpResponse(status=429, headers={"Retry-After": str(guard.MISS_WINDOW)})
    row = feed_token_find(token)
    if row is None:
        guard.record_miss(request)
        raise Http404
    feed_token_touch(token=row)
    with translation.override(languages_of([row.user_id])[row.user_id]):
        body = calendar_document(feed_events(user=row.user), name=_("Kalender ZI"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kalender-zi.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def feed_page(request: HttpRequest) -> HttpResponse:
    form = FeedForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        row, token = feed_token_create(actor=acting_user(request), name=form.cleaned_data["name"])
        url = absolute(reverse("plans-calendar:feed", args=[token]))
        created = {"row": row, "url": url, "webcal": "webcal://" + url.split("://", 1)[-1]}
        form = FeedForm()
    context = {"form": form, "created": created, "tokens": feed_tokens_for_user(user=request.user)}
    return render(request, "plans/calendar/feeds.html", context, status=201 if created else 200)


@require_POST
def feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    row = feed_token_get_for_user(user=request.user, pk=pk)
    feed_token_revoke(actor=acting_user(request), token=row)
    message = _("Alamat kalender \u201c%(name)s\u201d dicabut.") % {"name": row.name}
    messages.success(request, message)
    return redirect("plans-calendar:feeds")
