"""The upload of a plan workbook: .xlsx only, at most MAX_MB, and the evidence upload checks
(content sniffing, OOXML part limits, no macros), like the LKE workbook's (scoring/forms.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from evidence.validation import validate_upload
from evidence.validation.common import XLSX

MAX_MB = 5  # a plan of a few hundred rows is well under 1 MB


class PlanWorkbookForm(forms.Form):
    workbook = forms.FileField(
        label=_("Lembar kerja rencana aksi (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_workbook(self) -> Any:
        uploaded = self.cleaned_data["workbook"]
        if not str(uploaded.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Unggah lembar kerja Excel berekstensi .xlsx."))
        if uploaded.size > MAX_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("Lembar kerja melebihi batas %(limit)s MB.") % {"limit": MAX_MB}
            )
        checked = validate_upload(uploaded)
        if checked.content_type != XLSX:
            raise forms.ValidationError(_("Unggah lembar kerja Excel berekstensi .xlsx."))
        uploaded.seek(0)
        return uploaded
