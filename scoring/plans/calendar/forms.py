"""The form of the feed address page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class FeedForm(forms.Form):
    name = forms.CharField(
        label=_("Nama alamat"),
        max_length=100,
        required=False,
        help_text=_("Mis. Ponsel atau Outlook kantor."),
    )
