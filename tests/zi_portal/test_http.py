"""zi_portal.http: the one 403 page."""

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from scoring.plans.rules import Code
from zi_portal.http import forbidden


def test_refusal_code_header_is_a_plain_str(db: None) -> None:
    # wsgiref (runserver) answers 500 for a header value that is a str subclass such as a StrEnum.
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = forbidden(request, "Ditolak.", code=Code.NOT_MEMBER)
    assert response.status_code == 403
    value = response.headers["X-Refusal-Code"]
    assert type(value) is str
    assert value == "plan_not_member"
