"""The institution overview's rows written in Python (scoring/reports/overview_html.py) are byte
for byte what the template loop wrote before (REFERENCE, the loop as it was), on the same rows:
an answered unit, a provisional one, a unit without an assessment, a name to escape, both
languages, and each sort."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import engines
from django.utils import translation

from scoring.reports.overview_html import overview_rows_html
from scoring.reports.selectors.overview import OverviewParams, institution_overview
from tests.scoring.reports.conftest import answer_all
from zi_portal.models import Assessment, Unit

pytestmark = pytest.mark.django_db

REFERENCE = """{% load i18n %}
  {% for r in page_obj.object_list %}
  <tr>
    <th scope="row">{% if r.assessment %}<a href="{{ r.url }}">{{ r.unit.name }}</a>{% else %}{{ r.unit.name }}{% endif %} <span class="muted small">{{ r.unit.code }}</span></th>
    <td>{% if r.assessment %}<span class="status status-{{ r.assessment.status }}">{{ r.status_label }}</span>{% else %}<span class="muted">{% translate "Belum ada penilaian" %}</span>{% endif %}</td>
    {% if r.cells %}{{ r.cells_html }}{% else %}{% for a in overview.areas %}<td></td>{% endfor %}{% endif %}
    <td class="num"><strong>{{ r.total_text }}</strong></td>
    <td>{% if r.assessment %}{% if r.wbk %}<span class="pass">✓</span>{% else %}<span class="fail">✗</span>{% endif %}{% endif %}</td>
    <td>{% if r.assessment %}{% if r.wbbm %}<span class="pass">✓</span>{% else %}<span class="fail">✗</span>{% endif %}{% endif %}</td>
    <td class="num">{% if r.assessment %}{{ r.complete_pct }}%{% if not r.final %} <span class="badge badge-prov" title="{% translate 'nilai sementara' %}">s</span>{% endif %}{% endif %}</td>
  </tr>
  {% endfor %}
"""  # noqa: E501


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("sort", ["unit", "-total", "status", "-area3"])
def test_rows_equal_the_template_loop(world: Any, language: str, sort: str) -> None:
    answer_all(world.own, side="unit", rank=0)
    odd = Unit.objects.create(name='Unit <b>"&Tiga', code="U&3", slug="u3", parent=world.instansi)
    partial = Assessment.objects.create(
        unit=odd, cycle=world.own.cycle, framework=world.own.framework
    )
    answer_all(partial, side="unit", rank=2, skip=20)
    Unit.objects.create(name="Unit Tanpa Penilaian", code="NOA", slug="noa", parent=world.instansi)
    template = engines["django"].from_string(REFERENCE)
    with translation.override(language):
        overview = institution_overview(user=world.users["admin"], params=OverviewParams(sort=sort))
        rows = overview.rows[0:50]
        expected = template.render({"page_obj": {"object_list": rows}, "overview": overview})
        written = overview_rows_html(rows, overview.areas)
    assert len(rows) >= 4 and any(r.assessment is None for r in rows)
    assert any(r.assessment is not None and not r.final for r in rows)
    assert "&lt;b&gt;&quot;&amp;Tiga" in written
    assert expected == "\n  " + written + "\n"
