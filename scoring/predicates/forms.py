"""The admin's forms: a decision on a unit's predicate, a revocation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from scoring.predicates.models import Kind


class DateInput(forms.DateInput):
    input_type = "date"


class GrantForm(forms.Form):
    kind = forms.ChoiceField(label=_("Keputusan"), choices=Kind.choices)
    decree_number = forms.CharField(
        label=_("Nomor keputusan"),
        max_length=120,
        required=False,
        help_text=_("Wajib untuk penetapan predikat."),
    )
    decree_date = forms.DateField(label=_("Tanggal keputusan"), widget=DateInput)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pencabutan"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
