"""The public questionnaire (built from the instrument data) and the period form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from scoring.surveys.instrument import Instrument
from scoring.surveys.models import SurveyPeriod


class QuestionnaireForm(forms.Form):
    """Every item of both surveys (required) and the optional respondent profile."""

    def __init__(self, *args: Any, period: SurveyPeriod, inst: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scale = [(str(i), label) for i, label in enumerate(inst.scale_labels(period.points), 1)]
        self.sections = []
        for survey in inst.surveys:
            keys = []
            for item in survey.items:
                self.fields[item.key] = forms.TypedChoiceField(
                    label=item.label, choices=scale, coerce=int, widget=forms.RadioSelect
                )
                keys.append(item.key)
            self.sections.append((survey.label, keys))
        self.item_keys = inst.all_item_keys
        self.fields["service"] = forms.CharField(
            label=inst.profile_label("service"), max_length=80, required=False
        )
        for name in ("age_band", "education"):
            self.fields[name] = forms.ChoiceField(
                label=inst.profile_label(name),
                choices=[("", _("(tidak diisi)")), *inst.profile_choices(name)],
                required=False,
            )

    def section_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(label, [self[k] for k in keys]) for label, keys in self.sections]

    def profile_fields(self) -> list[forms.BoundField]:
        return [self["service"], self["age_band"], self["education"]]

    def answers(self) -> dict[str, int]:
        return {k: int(self.cleaned_data[k]) for k in self.item_keys}

    def profile(self) -> dict[str, str]:
        return {k: self.cleaned_data[k] or "" for k in ("service", "age_band", "education")}


class PeriodForm(forms.Form):
    day = forms.DateField(
        label=_("Tanggal dalam triwulan"), widget=forms.DateInput(attrs={"type": "date"})
    )
    points = forms.TypedChoiceField(
        label=_("Skala"), choices=[("4", _("4 butir")), ("6", _("6 butir"))], coerce=int
    )


class ApplyForm(forms.Form):
    survey = forms.ChoiceField(choices=[("spak", "SPAK"), ("spkp", "SPKP")])
