"""The dashboard's bullet chart written in Python is byte for byte the template's (which the PDF
still includes), in both languages, with and without TPI, sublabels, dashed markers, long and
escaped labels."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from scoring.reports.chart_svg import bullet_svg
from scoring.reports.charts import AxisLabel, Chart, ChartBar, ChartMarker, ChartRow


def _chart(*, show_tpi: bool, sublabel: str) -> Chart:
    bars = (
        ChartBar("unit", 20.5, 133.33333333333334, "#b3261e", "1", "12,50", 160.25),
        ChartBar("tpi", 33.5, 0.0, "#1e7d32", "0.55", "<b>0</b>", 7.0),
    )
    markers = (ChartMarker(250.0, 18, 48.5, False), ChartMarker(283.75, 18, 48.5, True))
    rows = (
        ChartRow(
            'Manajemen Perubahan & <Tata> "Laksana" yang panjang sekali',
            sublabel,
            30.0,
            bars,
            markers,
            18.0,
            30.5,
        ),
        ChartRow("Hasil", "", 70.0, bars[:1], (), 58.0, 20.0),
    )
    axis = (AxisLabel(250.0, "WBK 75", False), AxisLabel(283.75, "WBBM 85", True))
    return Chart(
        "areas", "Nilai & area", "Batang <unit>", 640, 120.5, 180, 420, rows, axis, 100.0, show_tpi
    )


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("show_tpi", [True, False])
@pytest.mark.parametrize("sublabel", ["", "bobot 10 & 'x'"])
def test_same_as_the_template(language: str, show_tpi: bool, sublabel: str) -> None:
    chart = _chart(show_tpi=show_tpi, sublabel=sublabel)
    with translation.override(language):
        old = render_to_string("components/_chart_bullet.html", {"chart": chart})
        new = bullet_svg(chart)
    assert new == old
    assert "&lt;b&gt;0&lt;/b&gt;" in new and "133.33333333333334" in new
