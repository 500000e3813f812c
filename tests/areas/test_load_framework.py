"""The official worksheet loads exactly, validates before writing, and loads idempotently."""

from __future__ import annotations

import copy
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from areas.models import AnswerOption, Area, Framework, Indicator, Part, Question, RuleSet
from areas.services import FrameworkInvalid, framework_load, framework_read_fixture

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, list[tuple]]:
    return {
        "areas": list(Area.objects.values_list("no", "name", "weight")),
        "indicators": list(Indicator.objects.values_list("code", "weight", "order")),
        "questions": list(Question.objects.values_list("code", "answer_type", "text", "lke_row")),
        "options": list(AnswerOption.objects.values_list("question__code", "label", "value")),
    }


@pytest.fixture(autouse=True)
def _empty_framework(db: None) -> None:
    """Start each test here from an empty framework (the session preload is rolled back after)."""
    Framework.objects.all().delete()


def test_load_framework_counts_and_idempotence() -> None:
    out = io.StringIO()
    call_command("load_framework", stdout=out)
    first = out.getvalue()
    assert "6 areas, 12 parts, 42 indicators, 110 questions, 3 hasil inputs" in first
    assert "pengungkit 60 (30 + 30), hasil 40" in first
    assert Area.objects.count() == 6
    assert Part.objects.count() == 12
    assert Indicator.objects.count() == 42
    assert Question.objects.filter(indicator__isnull=False).count() == 110
    assert sorted(
        Question.objects.filter(hasil_component__isnull=False).values_list("code", flat=True)
    ) == ["B.I.a", "B.I.b", "B.II.a"]
    assert RuleSet.objects.count() == 2
    before = _snapshot()
    ids_before = sorted(Question.objects.values_list("pk", flat=True))

    out = io.StringIO()
    call_command("load_framework", stdout=out)
    assert "0 rows changed" in out.getvalue()
    assert _snapshot() == before
    assert sorted(Question.objects.values_list("pk", flat=True)) == ids_before


def test_literal_abcd_values_and_link_labels() -> None:
    call_command("load_framework", stdout=io.StringIO())
    values = dict(
        AnswerOption.objects.filter(question__code="A.I.1.iii.a").values_list("label", "value")
    )
    assert values == {
        "A": Decimal("1"),
        "B": Decimal("0.67"),
        "C": Decimal("0.33"),
        "D": Decimal("0"),
    }
    assert Question.objects.get(code="A.I.6.v.c").link_label == "VI.5.c"
    assert Question.objects.get(code="A.I.1.i.a").link_label == "I.1.a"
    assert Question.objects.get(code="A.II.1.i.a").link_label == ""
    lhk = Question.objects.get(code="A.II.5.iii.a")
    assert lhk.formula["kind"] == "ratio"
    assert lhk.inputs.count() == 4
    assert lhk.zero_denominator_value == Decimal("1")


def test_validation_names_the_indicator_and_writes_nothing() -> None:
    data = copy.deepcopy(framework_read_fixture())
    data["areas"][2]["parts"][0]["indicators"][1]["weight"] = "0.75"  # A.I.3.ii was 0.5
    with pytest.raises(FrameworkInvalid) as exc:
        framework_load(data=data)
    assert "A.I.3.ii" in str(exc.value)
    assert "seharusnya 5" in str(exc.value)
    assert Area.objects.count() == 0


def test_validation_rejects_missing_options_and_zero_rule() -> None:
    data = copy.deepcopy(framework_read_fixture())
    q = data["areas"][0]["parts"][0]["indicators"][0]["questions"][1]
    q["options"] = q["options"][:2]
    reform_q = data["areas"][0]["parts"][1]["indicators"][0]["questions"][0]
    del reform_q["zero_denominator"]
    with pytest.raises(FrameworkInvalid) as exc:
        framework_load(data=data)
    text = str(exc.value)
    assert "A.I.1.i.b" in text
    assert "A.II.1.i.a" in text and "penyebut nol" in text


def test_command_reports_invalid_fixture(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from django.core.management.base import CommandError

    data = framework_read_fixture()
    data["rulesets"] = data["rulesets"][:1]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="WBBM"):
        call_command("load_framework", "--fixture", str(bad))
