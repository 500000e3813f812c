"""The events as an iCalendar document (RFC 5545) written with the `icalendar` library.

Every event is an all-day VEVENT (DTSTART and DTEND as dates, DTEND the day after the last day),
with a stable UID so a calendar app updates an event instead of adding it twice, the portal's
absolute link (PORTAL_BASE_URL) and a category naming its kind.
"""

from __future__ import annotations

import datetime

import icalendar
from django.utils import timezone

from scoring.plans.calendar.selectors import Event
from zi_portal.mail import absolute

UID_DOMAIN = "zi-portal"


def calendar_document(events: list[Event], *, name: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//ZI Portal//Kalender ZI//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Jakarta")
    stamp = timezone.now()
    for e in events:
        vevent = icalendar.Event()
        vevent.add("uid", f"{e.uid}@{UID_DOMAIN}")
        vevent.add("dtstamp", stamp)
        vevent.add("summary", e.title)
        vevent.add("dtstart", e.start)
        vevent.add("dtend", (e.end or e.start) + datetime.timedelta(days=1))
        vevent.add("categories", [e.kind])
        vevent.add("transp", "TRANSPARENT")
        if e.detail:
            vevent.add("description", e.detail)
        if e.url:
            vevent.add("url", absolute(e.url))
        cal.add_component(vevent)
    return cal.to_ical()
