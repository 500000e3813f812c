"""The framework browser shows the whole worksheet: 110 questions, options and their values."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from areas.models import Question
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_browser_lists_every_question_with_values(
    world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client: Client = world.client("outsider")
    with django_assert_max_num_queries(15):
        body = client.get(reverse("areas:framework")).content.decode()
    codes = set(re.findall(r'id="q-([A-B]\.[A-Za-z0-9.]+)"', body))
    scored = set(Question.objects.filter(indicator__isnull=False).values_list("code", flat=True))
    assert len(scored) == 110
    assert scored <= codes
    assert {"B.I.a", "B.I.b", "B.II.a"} <= codes
    # A/B/C/D options show the literal 0,67 and 0,33 in Indonesian format.
    section = body[body.index('id="q-A.I.1.iii.a"') : body.index('id="q-A.I.1.iii.b"')]
    assert "0,67" in section and "0,33" in section
    assert "I.3.a" in section  # seed 000's link-table label beside the official code
    lhk = body[body.index('id="q-A.II.5.iii.a"') : body.index('id="q-A.II.5.iii.b"')]
    assert "lhkpn_sudah_melaporkan" in lhk
    assert "Penyebut nol" in lhk
