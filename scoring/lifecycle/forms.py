"""The admin's forms: a prerequisite value, the quota, a proposal, a TPN step."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from evidence.models import Evidence
from scoring.lifecycle.models import Outcome, Predicate


class DateInput(forms.DateInput):
    input_type = "date"


class PrerequisiteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Prasyarat"))
    value = forms.CharField(
        label=_("Nilai"),
        max_length=40,
        help_text=_("Predikat (mis. WTP, BB, 3), persen (mis. 100), atau tanggal pencanangan."),
    )
    valid_on = forms.DateField(label=_("Tanggal dokumen"), widget=DateInput)
    source = forms.ModelChoiceField(
        label=_("Dokumen sumber"), queryset=Evidence.objects.none(), required=False
    )
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], sources: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        cast(forms.ChoiceField, self.fields["kind"]).choices = kinds
        cast(forms.ModelChoiceField, self.fields["source"]).queryset = sources


class QuotaForm(forms.Form):
    units = forms.IntegerField(label=_("Kuota unit"), min_value=0, max_value=500)


class ProposeForm(forms.Form):
    predicate = forms.ChoiceField(label=_("Predikat"), choices=Predicate.choices)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files; the content check is the service's (evidence/validation)."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        kw.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kw)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class StepForm(forms.Form):
    stage = forms.ChoiceField(label=_("Tahap"))
    happened_on = forms.DateField(label=_("Tanggal"), widget=DateInput)
    notes = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    letter_number = forms.CharField(label=_("Nomor surat TPN"), max_length=120, required=False)
    documents = forms.ModelMultipleChoiceField(
        label=_("Dokumen (surat TPN, berita acara)"),
        queryset=Evidence.objects.none(),
        required=False,
    )
    uploads = MultipleFileField(
        label=_("Unggah dokumen baru"),
        help_text=_("Satu atau beberapa berkas; diperiksa seperti bukti dukung."),
        required=False,
    )
    outcome = forms.ChoiceField(
        label=_("Keputusan"), choices=[("", "—"), *Outcome.choices], required=False
    )
    decree_number = forms.CharField(label=_("Nomor keputusan"), max_length=120, required=False)
    decree_date = forms.DateField(label=_("Tanggal keputusan"), widget=DateInput, required=False)

    def __init__(
        self, *args: Any, stages: list[tuple[str, str]], documents: Any, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        cast(forms.ChoiceField, self.fields["stage"]).choices = stages
        cast(forms.ModelMultipleChoiceField, self.fields["documents"]).queryset = documents
