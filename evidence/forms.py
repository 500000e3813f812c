"""Forms for evidence: they check the shape of input only; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from evidence.validation import accept_attribute


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is validated by the service on its own."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class DateInput(forms.DateInput):
    """The browser's date picker (shown in the reader's locale); it submits ISO dates, and the
    field also accepts the locale's typed formats (dd/mm/yyyy in Indonesian)."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ValidityForm(forms.Form):
    """A document's "masa berlaku": both dates optional; the end not before the start."""

    effective_from = forms.DateField(label=_("Berlaku mulai"), required=False, widget=DateInput())
    effective_until = forms.DateField(label=_("Berlaku sampai"), required=False, widget=DateInput())
    q = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("effective_from"), data.get("effective_until")
        if start and end and end < start:
            self.add_error(
                "effective_until",
                _("Tanggal berlaku sampai tidak boleh sebelum tanggal berlaku mulai."),
            )
        return data


class UploadForm(ValidityForm):
    field_order = ["documents", "title", "effective_from", "effective_until"]

    documents = MultipleFileField(
        label=_("Berkas (boleh lebih dari satu)"),
        allow_empty_file=True,
        error_messages={"required": _("Pilih minimal satu berkas.")},
        widget=MultipleFileInput(attrs={"accept": accept_attribute()}),
    )
    title = forms.CharField(
        label=_("Judul (opsional, untuk satu berkas)"), max_length=255, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django refuses a request with more files while parsing it (handler400 names the cap).
        self.fields["documents"].help_text = _("Paling banyak %(count)s berkas sekali unggah.") % {
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }

    def clean_documents(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("documents") or []
        if not files:
            raise forms.ValidationError(_("Pilih minimal satu berkas."))
        return files


class ReplaceForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas pengganti"),
        allow_empty_file=True,
        error_messages={"required": _("Pilih berkas pengganti.")},
    )
    q = forms.CharField(required=False, widget=forms.HiddenInput)


class LinkForm(forms.Form):
    # A CharField, not URLField: the service gives the precise reason a scheme is refused.
    url = forms.CharField(label=_("Alamat tautan (http/https)"), max_length=1000)
    title = forms.CharField(label=_("Judul tautan"), max_length=255, required=False)


class AttachForm(forms.Form):
    evidence = forms.IntegerField(label=_("Dokumen yang sudah ada"), min_value=1)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Komentar"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PublicForm(forms.Form):
    is_public = forms.BooleanField(required=False)
    q = forms.CharField(required=False, widget=forms.HiddenInput)


class QuestionContextForm(forms.Form):
    """The question whose panel an evidence-level action returns to."""

    q = forms.CharField(required=False, widget=forms.HiddenInput)
