"""The one input of the preview: how many pages the reader wants to see."""

from __future__ import annotations

from django import forms


class MorePagesForm(forms.Form):
    upto = forms.IntegerField(min_value=1, max_value=10_000)
