"""The admin's form to start a year's cycle."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.models import Framework


class CycleStartForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun siklus baru"), min_value=2000, max_value=2100)
    framework = forms.ModelChoiceField(
        label=_("Versi kerangka"),
        queryset=Framework.objects.filter(active=True).order_by("code"),
        required=False,
        empty_label=_("sama dengan siklus sebelumnya"),
        to_field_name="code",
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].initial = timezone.localdate().year + 1
