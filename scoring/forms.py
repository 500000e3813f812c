"""Forms of the assessment and question pages. They only collect input: the services validate
values against the question and enforce every permission."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from areas.models import AnswerOption, Question
from evidence.validation import validate_upload
from evidence.validation.common import XLSX
from scoring.counts import count_max, parse_count
from scoring.models import Answer, Side
from zi_portal.models import Assessment, Phase


class VersionField(forms.IntegerField):
    """The version the user saw (hidden); blank means "I believe there is no answer yet"."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, min_value=0, **kwargs)


class CountField(forms.Field):
    """One count of a percentage question, read by scoring.counts.parse_count: the parser the
    answer service and the live preview use, so the three accept the same values."""

    def __init__(self, **kwargs: Any) -> None:
        attrs = {"min": 0, "max": count_max(), "step": 1, "inputmode": "numeric"}
        super().__init__(widget=forms.NumberInput(attrs=attrs), **kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        return parse_count(str(self.label), value)


class AnswerForm(forms.Form):
    """One side's answer to one question: radio buttons, count inputs or an index."""

    version = VersionField()

    def __init__(
        self,
        *args: Any,
        question: Question,
        side: str,
        answer: Answer | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", side)
        if answer is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(question, answer)
        super().__init__(*args, **kwargs)
        self.question = question
        self.side = side
        qt = Question.AnswerType
        if question.answer_type == qt.PERSEN:
            for inp in question.inputs.all():
                self.fields[f"count_{inp.key}"] = CountField(label=inp.label, required=True)
        elif question.answer_type == qt.NILAI_0_4:
            self.fields["index_value"] = forms.CharField(
                label=_("Nilai indeks (0-4)"),
                max_length=12,
                help_text=_("Mis. 3,62. Nilai survei internal adalah perkiraan unit/TPI."),
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
        else:
            self.fields["choice"] = forms.ChoiceField(
                label=_("Jawaban"),
                choices=[(o.label, self.option_label(o)) for o in question.options.all()],
                widget=forms.RadioSelect,
            )
        self.fields["note"] = forms.CharField(
            label=_("Catatan TPI") if side == "tpi" else _("Catatan"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("Wajib bila jawaban TPI berbeda dari jawaban unit.")
            if side == "tpi"
            else "",
        )
        self.order_fields([f for f in self.fields if f != "version"] + ["version"])
        if answer is None:
            self.fields["version"].initial = None
        else:
            self.fields["version"].initial = answer.version

    @staticmethod
    def option_label(option: AnswerOption) -> str:
        # Ya/Tidak texts often start with the label itself ("Ya, jika ..."): say it once.
        text = option.text.strip()
        if not text:
            return option.label
        if text.casefold().startswith(option.label.casefold()):
            return text
        return f"{option.label}. {text}"

    @staticmethod
    def initial_for(question: Question, answer: Answer) -> dict[str, Any]:
        data: dict[str, Any] = {"version": answer.version, "note": answer.note}
        if answer.choice:
            data["choice"] = answer.choice
        if answer.index_value is not None:
            # The stored digits with the active language's decimal mark (3,625 / 3.625).
            mark = str(formats.get_format("DECIMAL_SEPARATOR"))
            data["index_value"] = str(answer.index_value).replace(".", mark)
        for key, value in (answer.counts or {}).items():
            data[f"count_{key}"] = value
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned values in answer_save's keywords."""
        d = self.cleaned_data
        out: dict[str, Any] = {
            "note": d.get("note", ""),
            "expected_version": d.get("version"),
        }
        if "choice" in self.fields:
            out["choice"] = d.get("choice")
        elif "index_value" in self.fields:
            out["index_value"] = d.get("index_value")
        else:
            out["counts"] = {
                name.removeprefix("count_"): value
                for name, value in d.items()
                if name.startswith("count_")
            }
        return out


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class FinaliseForm(VersionForm):
    recommendation = forms.ChoiceField(
        label=_("Rekomendasi TPI"),
        choices=[
            (Assessment.Recommendation.LAYAK, Assessment.Recommendation.LAYAK.label),
            (Assessment.Recommendation.BELUM_LAYAK, Assessment.Recommendation.BELUM_LAYAK.label),
        ],
        widget=forms.RadioSelect,
    )
    recommendation_text = forms.CharField(
        label=_("Uraian rekomendasi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    # Asked (and checked by the service) while revised questions have no TPI answer since the
    # latest submission or flags the unit had are still open.
    confirm_unreviewed = forms.BooleanField(
        label=_("Saya tetap menyelesaikan evaluasi dengan daftar di atas"), required=False
    )


class FlagForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan perbaikan untuk unit"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class WindowExtensionForm(forms.Form):
    phase = forms.ChoiceField(label=_("Tahap"), choices=Phase.choices)
    new_end = forms.DateField(
        label=_("Berakhir pada"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class WorkbookUploadForm(forms.Form):
    """A filled official LKE workbook for one side: .xlsx only, at most WORKBOOK_MAX_MB, and the
    evidence upload checks (content sniffing, OOXML part limits, no macros)."""

    WORKBOOK_MAX_MB = 5  # the filled template is about 100 KB

    side = forms.ChoiceField(label=_("Sisi jawaban"), choices=Side.choices)
    workbook = forms.FileField(
        label=_("Lembar kerja LKE (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_workbook(self) -> Any:
        uploaded = self.cleaned_data["workbook"]
        if not str(uploaded.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Unggah lembar kerja Excel berekstensi .xlsx."))
        if uploaded.size > self.WORKBOOK_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("Lembar kerja melebihi batas %(limit)s MB.") % {"limit": self.WORKBOOK_MAX_MB}
            )
        checked = validate_upload(uploaded)
        if checked.content_type != XLSX:
            raise forms.ValidationError(_("Unggah lembar kerja Excel berekstensi .xlsx."))
        uploaded.seek(0)
        return uploaded
