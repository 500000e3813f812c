"""Text of Office files: slides in their order, the text bound, a damaged package."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from evidence.preview.extract import PreviewError, office_text
from evidence.validation.common import DOCX, PPTX
from tests.evidence.conftest import docx_bytes

A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def pptx_bytes(*slides: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n, text in enumerate(slides, start=1):
            body = (
                f'<p:sld xmlns:p="p" xmlns:a="{A}"><a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:sld>'
            )
            zf.writestr(f"ppt/slides/slide{n}.xml", body)
    return buf.getvalue()


def test_pptx_slides_in_number_order_not_name_order() -> None:
    slides = [f"Slide {n}" for n in range(1, 12)]  # slide10 sorts before slide2 by name
    text, cut = office_text(pptx_bytes(*slides), PPTX)
    assert text.split("\n\n") == slides and not cut


def test_text_is_bounded(settings: Any) -> None:
    settings.PREVIEW_TEXT_MAX_CHARS = 10
    text, cut = office_text(docx_bytes(), DOCX)
    assert (text, cut) == ("Laporan pe", True)


def test_a_damaged_package_is_broken() -> None:
    with pytest.raises(PreviewError) as err:
        office_text(b"PK\x03\x04 not really a zip", DOCX)
    assert err.value.code == "broken"


def test_xml_with_a_dtd_is_refused_as_broken() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", bomb)
    with pytest.raises(PreviewError):
        office_text(buf.getvalue(), DOCX)
