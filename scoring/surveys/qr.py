"""The questionnaire's QR code as SVG (segno), to print at the service counter."""

from __future__ import annotations

import io

import segno


def qr_svg(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=8, border=4, xmldecl=True)
    return out.getvalue()
