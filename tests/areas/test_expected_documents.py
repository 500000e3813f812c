"""The expected-documents fixture covers every LKE question and loads without clobbering admins."""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

import pytest

from areas.expected_documents import expected_documents_load, expected_documents_read_fixture
from areas.models import ExpectedDocument, Framework, Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def data() -> dict[str, Any]:
    return copy.deepcopy(expected_documents_read_fixture())


@pytest.fixture(autouse=True)
def _no_documents(framework: Framework) -> None:
    """Each test starts from no expected documents, whatever the session preload did."""
    ExpectedDocument.objects.all().delete()


def _rows(code: str) -> list[tuple[str, int]]:
    return list(
        ExpectedDocument.objects.filter(question__code=code)
        .order_by("order", "pk")
        .values_list("text", "order")
    )


def test_fixture_covers_all_113_codes_with_one_to_five_documents(
    framework: Framework, data: dict[str, Any]
) -> None:
    codes = set(Question.objects.filter(framework=framework).values_list("code", flat=True))
    assert len(codes) == 113
    assert set(data["questions"]) == codes
    assert {"B.I.a", "B.I.b", "B.II.a", "A.I.1.i.a", "A.II.6.ii.a"} <= set(data["questions"])
    assert data["framework"] == framework.code
    for code, docs in data["questions"].items():
        assert 1 <= len(docs) <= 5, code
        for doc in docs:
            assert 0 < len(doc["text"]) <= 150, (code, doc["text"])
            assert doc["source"] in ("seed-002", "question"), code
    sources = Counter(d["source"] for docs in data["questions"].values() for d in docs)
    assert sources["seed-002"] > 100
    assert sources["question"] > 0


def test_load_creates_rows_in_fixture_order(data: dict[str, Any]) -> None:
    total = sum(len(docs) for docs in data["questions"].values())
    created = expected_documents_load(data=data)
    assert created == total
    assert ExpectedDocument.objects.count() == total
    rows = _rows("A.I.1.i.a")
    assert rows[0] == ("SK Tim Kerja Pembangunan Zona Integritas", 1)
    assert [o for _, o in rows] == list(range(1, len(data["questions"]["A.I.1.i.a"]) + 1))
    assert Question.objects.get(code="B.II.a").expected_documents.count() >= 1


def test_second_load_creates_nothing(data: dict[str, Any]) -> None:
    expected_documents_load(data=data)
    before = list(ExpectedDocument.objects.order_by("pk").values_list("pk", "text", "order"))
    assert expected_documents_load(data=data) == 0
    after = list(ExpectedDocument.objects.order_by("pk").values_list("pk", "text", "order"))
    assert after == before


def test_admin_added_and_edited_rows_survive_a_reload(data: dict[str, Any]) -> None:
    expected_documents_load(data=data)
    question = Question.objects.get(code="A.I.1.i.a")
    added = ExpectedDocument.objects.create(question=question, text="Foto papan nama tim kerja")
    edited = question.expected_documents.get(order=2)
    edited.text = "Undangan rapat pembentukan Tim Kerja ZI tahun 2024"
    edited.save(update_fields=["text"])
    count = question.expected_documents.count()

    assert expected_documents_load(data=data) == 0
    assert question.expected_documents.count() == count
    assert ExpectedDocument.objects.filter(pk=added.pk, text="Foto papan nama tim kerja").exists()
    assert ExpectedDocument.objects.get(pk=edited.pk).text.endswith("ZI tahun 2024")
    assert not question.expected_documents.filter(
        text="Undangan rapat pembentukan Tim Kerja WBK/WBBM"
    ).exists()


def test_missing_fixture_text_is_created_again(data: dict[str, Any]) -> None:
    expected_documents_load(data=data)
    ExpectedDocument.objects.filter(question__code="A.I.5.v.a").delete()
    data["questions"]["A.I.5.v.a"].append(
        {"text": "Register benturan kepentingan", "source": "question"}
    )
    assert expected_documents_load(data=data) == 2
    assert _rows("A.I.5.v.a")[-1] == ("Register benturan kepentingan", 2)


def test_replace_resyncs_exactly(data: dict[str, Any]) -> None:
    expected_documents_load(data=data)
    question = Question.objects.get(code="A.I.1.i.a")
    ExpectedDocument.objects.create(question=question, text="Dokumen tambahan admin", order=9)
    edited = question.expected_documents.get(order=1)
    edited.text = "SK Tim Kerja (diubah)"
    edited.save(update_fields=["text"])

    assert expected_documents_load(data=data, replace=True) == 3  # 2 deleted, 1 recreated
    assert _rows("A.I.1.i.a") == [
        (d["text"], n) for n, d in enumerate(data["questions"]["A.I.1.i.a"], start=1)
    ]
    assert expected_documents_load(data=data, replace=True) == 0


def test_unknown_code_is_rejected_by_name_and_nothing_written(data: dict[str, Any]) -> None:
    data["questions"]["A.IX.9.i.z"] = [{"text": "Dokumen fiktif", "source": "question"}]
    with pytest.raises(ValueError, match=r"A\.IX\.9\.i\.z"):
        expected_documents_load(data=data)
    assert ExpectedDocument.objects.count() == 0


def test_unknown_framework_is_rejected(data: dict[str, Any]) -> None:
    data["framework"] = "permenpanrb-99-2099"
    with pytest.raises(ValueError, match="permenpanrb-99-2099"):
        expected_documents_load(data=data)
