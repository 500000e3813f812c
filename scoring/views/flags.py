"""A flag's life on the question page after the return: the unit's reply, the TPI's acceptance.

Thin views: selector (404 for what the user may not see), form, service (its refusal is the 403
page through zi_portal.middleware), redirect back to the question with a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evidence.models import ReviewFlag
from scoring.selectors import question as question_selectors
from scoring.services import flags as flag_services
from zi_portal.http import acting_user
from zi_portal.models import Assessment
from zi_portal.selectors import assessment_get_for_user


def _flag(request: HttpRequest, pk: int, code: str, flag_id: int) -> tuple[Assessment, ReviewFlag]:
    assessment, _access = assessment_get_for_user(user=request.user, pk=pk)
    question = question_selectors.question_get(assessment=assessment, code=code)
    return assessment, get_object_or_404(
        ReviewFlag, pk=flag_id, assessment=assessment, question=question
    )


def _back(pk: int, code: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("scoring:question", args=[pk, code]) + "#flags")


@require_POST
def flag_reply(request: HttpRequest, pk: int, code: str, flag_id: int) -> HttpResponse:
    assessment, flag = _flag(request, pk, code, flag_id)
    try:  # the service asks the rule before it reads the text: a refusal outranks bad input
        flag_services.flag_reply(
            actor=acting_user(request),
            assessment=assessment,
            flag=flag,
            reply=str(request.POST.get("reply", "")),
        )
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Balasan untuk TPI tersimpan."))
    return _back(pk, code)


@require_POST
def flag_accept(request: HttpRequest, pk: int, code: str, flag_id: int) -> HttpResponse:
    assessment, flag = _flag(request, pk, code, flag_id)
    flag_services.flag_accept(
        actor=acting_user(request),
        assessment=assessment,
        flag=flag,
    )
    messages.success(request, _("Catatan perbaikan %(code)s diterima.") % {"code": code})
    return _back(pk, code)
