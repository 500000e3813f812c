"""Real documents for previews: a five-page PDF with known words, an encrypted PDF, a tall page."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from weasyprint import HTML

KNOWN_WORD = "Integritasmurni"


def five_page_pdf() -> bytes:
    pages = "".join(
        f'<section style="page-break-after: always"><h1>Halaman {i}</h1>'
        f"<p>{KNOWN_WORD} zona {i}</p></section>"
        for i in range(1, 6)
    )
    return HTML(string=pages).write_pdf()  # type: ignore[no-any-return]


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(five_page_pdf())))
    writer.encrypt(user_password="rahasia", owner_password="pemilik")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def tall_pdf(width_pt: float = 100, height_pt: float = 14000) -> bytes:
    doc = pdfium.PdfDocument.new()
    doc.new_page(width_pt, height_pt)
    buf = io.BytesIO()
    doc.save(buf)
    doc.close()
    return buf.getvalue()
