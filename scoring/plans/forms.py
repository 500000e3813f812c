"""The forms of the rencana aksi pages: an item, its status, a note, an evidence link."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from areas.models import Indicator, Question
from evidence.models import Evidence
from scoring.plans.models import PlanItem, PlanNote, Status
from zi_portal.models import Assessment


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class IndicatorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"[:120]


class QuestionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.text}"[:120]


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class PlanItemForm(forms.Form):
    indicator = IndicatorChoice(label=_("Indikator"), queryset=Indicator.objects.none())
    question = QuestionChoice(
        label=_("Pertanyaan (opsional)"), queryset=Question.objects.none(), required=False
    )
    step = forms.CharField(
        label=_("Langkah aksi"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    output = forms.CharField(
        label=_("Keluaran / target"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    authority = forms.CharField(label=_("Kewenangan"), max_length=300, required=False)
    target_answer = forms.CharField(label=_("Jawaban sasaran"), max_length=64, required=False)
    points = forms.DecimalField(
        label=_("Tambahan nilai bila selesai"), max_digits=9, decimal_places=4, required=False
    )
    person = PersonChoice(
        label=_("Penanggung jawab (anggota unit)"), queryset=User.objects.none(), required=False
    )
    person_name = forms.CharField(
        label=_("atau nama penanggung jawab tanpa akun"), max_length=200, required=False
    )
    start_date = forms.DateField(label=_("Tanggal mulai"), required=False, widget=DateInput())
    due_date = forms.DateField(label=_("Tenggat"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.PLANNED)
    cancel_reason = forms.CharField(
        label=_("Alasan pembatalan"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib bila status Dibatalkan."),
    )

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["indicator"].queryset = Indicator.objects.filter(
            part__area__framework_id=assessment.framework_id
        ).select_related("part__area")
        fields["question"].queryset = Question.objects.filter(
            framework_id=assessment.framework_id, indicator__isnull=False
        ).order_by("position")
        fields["person"].queryset = (
            User.objects.filter(memberships__unit_id=assessment.unit_id)
            .distinct()
            .order_by("first_name", "username")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        question, indicator = data.get("question"), data.get("indicator")
        if question is not None and indicator is not None and question.indicator_id != indicator.pk:
            self.add_error(
                "question", _("Pertanyaan ini bukan bagian dari indikator yang dipilih.")
            )
        if data.get("status") == Status.CANCELLED and not (data.get("cancel_reason") or "").strip():
            self.add_error("cancel_reason", _("Pembatalan memerlukan alasan."))
        if (
            data.get("start_date")
            and data.get("due_date")
            and data["start_date"] > data["due_date"]
        ):
            self.add_error("due_date", _("Tanggal mulai tidak boleh setelah tenggat."))
        return data


def item_initial(item: PlanItem) -> dict[str, Any]:
    names = [n for n in PlanItemForm.base_fields if n not in ("indicator", "question", "person")]
    initial = {n: getattr(item, n) for n in names}
    initial.update(indicator=item.indicator_id, question=item.question_id, person=item.person_id)
    return initial


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    reason = forms.CharField(
        label=_("Alasan pembatalan"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Status.CANCELLED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Pembatalan memerlukan alasan."))
        return data


class NoteForm(forms.Form):
    kind = forms.ChoiceField(choices=PlanNote.Kind.choices, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Catatan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class EvidenceLinkForm(forms.Form):
    evidence = forms.ModelChoiceField(
        label=_("Bukti dukung penilaian ini"), queryset=Evidence.objects.none()
    )

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["evidence"]
        field.queryset = Evidence.objects.filter(
            assessment=assessment, deleted_at__isnull=True
        ).order_by("title", "pk")
