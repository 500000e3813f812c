"""Why a person may not do something now: a stable code for programs, a message for people.

Every "may this person do this now" is one function in its app's `rules.py` returning a Refusal or
None (docs/rules.md lists the codes). Services raise it with `refuse_if`, inside the transaction
on the locked row; zi_portal.middleware turns the Refused exception into the one 403 page with the
message and the code (X-Refusal-Code header, data-refusal-code attribute); selectors call the
same functions to show or hide actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise

if TYPE_CHECKING:
    from zi_portal.models import Assessment


@dataclass(frozen=True)
class Refusal:
    """A refusal: `code` is stable snake_case, `message` already translated (or lazy)."""

    code: str
    message: str | Promise

    def __str__(self) -> str:
        return str(self.message)


class Refused(PermissionDenied):
    """A service refused the action; str(exc) is the message, exc.refusal.code the code.

    `assessment` (optional) is the assessment the action was on, so the 403 page can lead back.
    """

    def __init__(self, refusal: Refusal, *, assessment: Assessment | None = None) -> None:
        self.refusal = refusal
        self.assessment = assessment
        super().__init__(str(refusal.message))

    @property
    def code(self) -> str:
        return self.refusal.code


def refuse_if(refusal: Refusal | None, *, assessment: Assessment | None = None) -> None:
    """Raise Refused when a rules function refused; do nothing when it allowed (None)."""
    if refusal is not None:
        raise Refused(refusal, assessment=assessment)
