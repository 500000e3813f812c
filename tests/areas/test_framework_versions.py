"""The framework version as data: the engine scores by the rows of each assessment's own version.

A variant file (tests/areas/variant.py: another code, two indicator weights swapped, other
thresholds) loads beside permenpanrb-90-2021; a version in use refuses a changed file and is
read-only in the admin; an admin edit of an unused version changes the spec the engine uses.
"""

from __future__ import annotations

import copy
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from areas.documents import content_hash_of, framework_document
from areas.models import Framework, Indicator, Question, RuleSet
from areas.selectors import framework_active
from areas.services import FrameworkInUse, framework_load, framework_read_fixture
from scoring.engine import FrameworkSpec, score
from scoring.framework import fixture_spec, spec_for_framework
from scoring.selectors.scores import spec_for
from tests.areas.variant import (
    VARIANT_CODE,
    find_indicator,
    ruleset,
    variant_document,
    write_document,
)
from tests.conftest import World
from tests.factories import AssessmentFactory, CycleFactory, UnitFactory, UserFactory
from tests.scoring.builders import with_answers, worked_example, worst_label
from zi_portal.models import Assessment

pytestmark = pytest.mark.django_db

FIXTURE_CODE = "permenpanrb-90-2021"


def _load(path: Any, *args: str) -> str:
    out = io.StringIO()
    call_command("load_framework", str(path), *args, stdout=out)
    return out.getvalue()


def _variant(tmp_path: Any) -> Framework:
    _load(write_document(tmp_path, variant_document()))
    return Framework.objects.get(code=VARIANT_CODE)


def _uses(framework: Framework) -> Assessment:
    unit = UnitFactory(parent=UnitFactory())
    return AssessmentFactory(unit=unit, cycle=CycleFactory(), framework=framework)


def _area1_case() -> Any:
    """Every answer at its best except indicator A.I.1.i (both questions at their worst)."""
    spec = fixture_spec()
    worst = {c: worst_label(spec.questions[c]) for c in ("A.I.1.i.a", "A.I.1.i.b")}
    return with_answers(worked_example(prior_wbk=True), choices=worst)


# --------------------------------------------------------------------------- two versions


def test_variant_loads_beside_the_official_version(framework: Framework, tmp_path: Any) -> None:
    out = _load(write_document(tmp_path, variant_document()))
    assert out.startswith(f"{VARIANT_CODE}: 6 areas, 12 parts, 42 indicators, 110 questions")
    assert "dokumen yang diharapkan" not in out  # the expected documents belong to 90/2021
    assert sorted(Framework.objects.values_list("code", flat=True)) == [
        FIXTURE_CODE,
        VARIANT_CODE,
    ]
    for fw in Framework.objects.all():
        assert Question.objects.filter(framework=fw, indicator__isnull=False).count() == 110
        assert Question.objects.filter(framework=fw, hasil_component__isnull=False).count() == 3
        assert RuleSet.objects.filter(framework=fw).count() == 2
    variant = Framework.objects.get(code=VARIANT_CODE)
    assert Indicator.objects.get(part__area__framework=variant, code="A.I.1.i").weight == 1.5
    assert Indicator.objects.get(part__area__framework=framework, code="A.I.1.i").weight == 0.5
    assert RuleSet.objects.get(framework=variant, predicate="WBK").total_min == 80
    assert RuleSet.objects.get(framework=framework, predicate="WBK").total_min == 75
    # A new code does not take over: 90/2021 stays the active version until asked.
    assert not variant.active
    assert framework_active() == framework
    assert "0 rows changed" in _load(write_document(tmp_path, variant_document()))
    _load(write_document(tmp_path, variant_document()), "--activate")
    assert framework_active() == variant
    assert not Framework.objects.get(code=FIXTURE_CODE).active


def test_each_assessment_is_scored_by_its_own_version(framework: Framework, tmp_path: Any) -> None:
    variant = _variant(tmp_path)
    official, other = _uses(framework), _uses(variant)
    answers = _area1_case()
    # 90/2021: A.I.1.i (0.5) scores 0, so pengungkit 60 - 0.5 and area 1 = 7.5 / 8.
    first = score(spec_for(Assessment.objects.get(pk=official.pk)), answers)
    assert (first.total, first.pengungkit) == (Decimal("99.5"), Decimal("59.5"))
    assert first.areas[1].pct == Decimal("93.75")
    assert first.verdicts["WBK"].passed and first.verdicts["WBBM"].passed
    # The variant: A.I.1.i weighs 1.5, so pengungkit 58.5 and area 1 = 6.5 / 8 = 81.25 %: above
    # its WBK minimum (80 %), below its WBBM minimum (85 %).
    second = score(spec_for(Assessment.objects.get(pk=other.pk)), answers)
    assert (second.total, second.pengungkit) == (Decimal("98.5"), Decimal("58.5"))
    assert second.areas[1].pct == Decimal("81.25")
    assert second.verdicts["WBK"].passed
    assert not second.verdicts["WBBM"].passed


# --------------------------------------------------------------------------- the rows are the spec


def test_spec_from_the_rows_equals_the_committed_fixture(framework: Framework) -> None:
    from_rows = spec_for_framework(framework)
    from_file = FrameworkSpec.from_dict(framework_read_fixture())
    assert (from_rows.code, from_rows.name) == (from_file.code, from_file.name)
    assert from_rows.areas == from_file.areas
    assert list(from_rows.questions) == list(from_file.questions)  # the worksheet order
    for code, q in from_file.questions.items():
        assert from_rows.questions[code] == q, code
        assert from_rows.questions[code].option_values == q.option_values, code
    assert from_rows.indicators == from_file.indicators
    assert from_rows.hasil == from_file.hasil
    assert from_rows.rulesets == from_file.rulesets
    assert from_rows.input_codes == from_file.input_codes
    assert from_rows == from_file
    # The whole document round-trips, and the stored hash is the hash of that document.
    document = framework_document(framework)
    assert document == framework_read_fixture()
    assert framework.content_hash == content_hash_of(document)


def test_the_spec_is_cached_by_content(
    framework: Framework, django_assert_num_queries: Any
) -> None:
    spec_for_framework(framework)
    with django_assert_num_queries(0):
        assert spec_for_framework(framework) is spec_for_framework(framework)


def test_a_row_change_empties_the_hash_and_the_next_reader_sees_the_new_value(
    framework: Framework,
) -> None:
    before = spec_for_framework(framework)
    option = Question.objects.get(framework=framework, code="A.I.1.i.b").options.get(label="B")
    option.value = Decimal("0.4")
    option.save()
    framework.refresh_from_db()
    assert framework.content_hash == ""
    after = spec_for_framework(framework)
    assert after.questions["A.I.1.i.b"].option_values["B"] == Decimal("0.4")
    assert before.questions["A.I.1.i.b"].option_values["B"] == Decimal("0.5")
    framework.refresh_from_db()
    assert framework.content_hash == content_hash_of(framework_document(framework))


# --------------------------------------------------------------------------- versions in use


def test_reloading_a_changed_file_under_a_code_in_use_is_refused(
    framework: Framework, tmp_path: Any
) -> None:
    variant = _variant(tmp_path)
    _uses(variant)
    changed = variant_document()
    ruleset(changed, "WBK")["total_min"] = "82"
    find_indicator(changed, "A.I.1.i")["weight"] = "1"
    find_indicator(changed, "A.I.1.ii")["weight"] = "1.5"
    new_question = copy.deepcopy(find_indicator(changed, "A.I.1.i")["questions"][0])
    new_question.update(code="A.I.1.i.z", order=3)
    find_indicator(changed, "A.I.1.i")["questions"].append(new_question)
    with pytest.raises(CommandError) as caught:
        _load(write_document(tmp_path, changed, "changed.json"))
    message = str(caught.value)
    assert f"'{VARIANT_CODE}' dipakai oleh 1 penilaian" in message
    assert "RuleSet WBK total_min: 80 -> 82" in message
    assert "indikator A.I.1.i weight: 1.5 -> 1" in message
    assert "indikator A.I.1.ii weight: 1 -> 1.5" in message
    assert "pertanyaan A.I.1.i.z ditambahkan" in message
    # Nothing was written.
    assert RuleSet.objects.get(framework=variant, predicate="WBK").total_min == 80
    assert not Question.objects.filter(code="A.I.1.i.z").exists()
    # The unchanged file still loads (idempotent), and so does 90/2021 in use by the world.
    assert "0 rows changed" in _load(write_document(tmp_path, variant_document()))


def test_the_official_version_in_use_refuses_a_changed_fixture(world: World) -> None:
    data = copy.deepcopy(framework_read_fixture())
    ruleset(data, "WBBM")["ipak_min"] = "16"
    with pytest.raises(FrameworkInUse) as caught:
        framework_load(data=data)
    assert "RuleSet WBBM ipak_min: 15.75 -> 16" in str(caught.value)
    assert framework_load(data=framework_read_fixture()).changed == 0


def test_a_version_no_assessment_uses_follows_its_file(framework: Framework, tmp_path: Any) -> None:
    variant = _variant(tmp_path)
    changed = variant_document()
    ruleset(changed, "WBK")["total_min"] = "82"
    ind = find_indicator(changed, "A.I.1.ii")
    ind["questions"] = ind["questions"][:2]  # A.I.1.ii.c leaves the file
    out = _load(write_document(tmp_path, changed, "changed.json"))
    assert "0 rows changed" not in out
    assert RuleSet.objects.get(framework=variant, predicate="WBK").total_min == 82
    assert not Question.objects.filter(framework=variant, code="A.I.1.ii.c").exists()
    assert Question.objects.filter(framework=framework, code="A.I.1.ii.c").exists()
    variant.refresh_from_db()
    spec = spec_for_framework(variant)
    assert spec.rulesets["WBK"].total_min == 82
    assert "A.I.1.ii.c" not in spec.questions
    assert len(spec.questions) == 109


# --------------------------------------------------------------------------- admin


def _superuser_client() -> Client:
    user = UserFactory(username="super", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(user)
    return client


def _ruleset_form(rule: RuleSet, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "framework": rule.framework_id,
        "predicate": rule.predicate,
        "total_min": rule.total_min,
        "pengungkit_min": rule.pengungkit_min,
        "area_min_pct": rule.area_min_pct,
        "bersih_akuntabel_min": rule.bersih_akuntabel_min,
        "ipak_min": rule.ipak_min,
        "kinerja_min": rule.kinerja_min,
        "pelayanan_prima_min": rule.pelayanan_prima_min,
        "_save": "Simpan",
    }
    if rule.requires_prior_wbk:
        data["requires_prior_wbk"] = "on"
    return data | changes


def test_an_admin_threshold_edit_on_an_unused_version_changes_the_verdict(
    framework: Framework, tmp_path: Any
) -> None:
    variant = _variant(tmp_path)
    answers = _area1_case()
    # Warm the cache with the loaded thresholds: WBK passes (total 98.5 >= 80).
    assert score(spec_for_framework(variant), answers).verdicts["WBK"].passed
    rule = RuleSet.objects.get(framework=variant, predicate="WBK")
    url = reverse("admin:areas_ruleset_change", args=[rule.pk])
    response = _superuser_client().post(url, _ruleset_form(rule, total_min="99"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assessment = Assessment.objects.select_related("framework").get(pk=_uses(variant).pk)
    assert assessment.framework.content_hash == content_hash_of(framework_document(variant))
    result = score(spec_for(assessment), answers)
    wbk = result.verdicts["WBK"]
    assert not wbk.passed  # 98.5 < 99
    assert spec_for(assessment).rulesets["WBK"].total_min == 99
    # The official version was not touched.
    assert spec_for_framework(framework).rulesets["WBK"].total_min == 75


@pytest.mark.parametrize(
    "model",
    ["framework", "area", "part", "indicator", "question", "answeroption", "ruleset"],
)
def test_rows_of_a_version_in_use_are_read_only_in_the_admin(world: World, model: str) -> None:
    fw = world.own.framework
    question = Question.objects.get(framework=fw, code="A.I.1.i.b")
    obj = {
        "framework": fw,
        "area": question.indicator.part.area,  # type: ignore[union-attr]
        "part": question.indicator.part,  # type: ignore[union-attr]
        "indicator": question.indicator,
        "question": question,
        "answeroption": question.options.get(label="A"),
        "ruleset": RuleSet.objects.get(framework=fw, predicate="WBK"),
    }[model]
    assert obj is not None
    client = _superuser_client()
    url = reverse(f"admin:areas_{model}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html
    assert 'name="_continue"' not in html
    assert client.post(url, {"_save": "Simpan"}).status_code == 403
    delete = reverse(f"admin:areas_{model}_delete", args=[obj.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_the_bulk_delete_of_rows_in_use_is_refused(world: World) -> None:
    rule = RuleSet.objects.get(framework=world.own.framework, predicate="WBK")
    response = _superuser_client().post(
        reverse("admin:areas_ruleset_changelist"),
        {"action": "delete_selected", "_selected_action": [rule.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert RuleSet.objects.filter(pk=rule.pk).exists()


def test_new_rows_attach_only_to_unused_versions(world: World, tmp_path: Any) -> None:
    variant = _variant(tmp_path)
    html = _superuser_client().get(reverse("admin:areas_ruleset_add")).content.decode()
    assert f'<option value="{variant.pk}">' in html
    assert f'<option value="{world.own.framework_id}">' not in html


# --------------------------------------------------------------------------- validation


def test_a_file_the_engine_cannot_read_is_refused(framework: Framework, tmp_path: Any) -> None:
    data = variant_document()
    find_indicator(data, "A.I.1.i")["questions"][0]["lke_row"] = "baris delapan"
    with pytest.raises(CommandError, match="mesin penilaian menolak kerangka"):
        _load(write_document(tmp_path, data))
    assert not Framework.objects.filter(code=VARIANT_CODE).exists()
