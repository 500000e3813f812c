"""The submission prerequisites as data, evaluated for WBK and WBBM (engine)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from scoring.engine.prerequisites import (
    PrereqError,
    first_blocking,
    prereq_set_from_document,
    prerequisites_evaluate,
)

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures/prerequisites-permenpanrb-90-2021.json"
ON = datetime.date(2026, 11, 30)
ALL_WBBM = {
    "opini_bpk": "WTP",
    "sakip_instansi": "BB",
    "spip_maturity": "3",
    "tlhp_percent": "100",
    "lhkpn_percent": "100",
    "lhkasn_percent": "100",
    "pencanangan": "2025-11-30",
    "sakip_unit": "BB",
    "wbk_held": "WBK",
}


@pytest.fixture
def pset():  # type: ignore[no-untyped-def]
    return prereq_set_from_document(json.loads(FIXTURE.read_text()))


def _status(results, kind):  # type: ignore[no-untyped-def]
    return next(r for r in results if r.kind == kind).status


def test_the_document_names_the_seed_kinds(pset) -> None:  # type: ignore[no-untyped-def]
    assert pset.codes(level="instansi") == [
        "opini_bpk",
        "sakip_instansi",
        "spip_maturity",
        "rb_index",
    ]
    assert pset.codes(level="unit") == [
        "tlhp_percent",
        "lhkpn_percent",
        "lhkasn_percent",
        "pencanangan",
        "sakip_unit",
        "wbk_held",
    ]


def test_all_met_for_both_predicates(pset) -> None:  # type: ignore[no-untyped-def]
    for predicate in ("WBK", "WBBM"):
        results = prerequisites_evaluate(pset, predicate=predicate, values=ALL_WBBM, on=ON)
        assert first_blocking(results) is None
        assert {r.status for r in results} == {"met", "not_used"}  # rb_index not recorded


def test_wbk_does_not_ask_for_a_held_predicate_wbbm_does(pset) -> None:  # type: ignore[no-untyped-def]
    values = {**ALL_WBBM, "wbk_held": ""}
    wbk = prerequisites_evaluate(pset, predicate="WBK", values=values, on=ON)
    wbbm = prerequisites_evaluate(pset, predicate="WBBM", values=values, on=ON)
    assert "wbk_held" not in [r.kind for r in wbk]
    assert first_blocking(wbk) is None
    blocking = first_blocking(wbbm)
    assert blocking is not None
    assert (blocking.kind, blocking.status, blocking.need, blocking.needed) == (
        "wbk_held",
        "missing",
        "holds_predicate",
        "WBK",
    )


def test_sakip_b_meets_wbk_but_not_wbbm(pset) -> None:  # type: ignore[no-untyped-def]
    values = {**ALL_WBBM, "sakip_unit": "B", "sakip_instansi": "B"}
    wbk = prerequisites_evaluate(pset, predicate="WBK", values=values, on=ON)
    wbbm = prerequisites_evaluate(pset, predicate="WBBM", values=values, on=ON)
    assert _status(wbk, "sakip_unit") == "met"
    assert _status(wbbm, "sakip_unit") == "not_met"
    assert _status(wbbm, "sakip_instansi") == "not_met"
    assert next(r for r in wbbm if r.kind == "sakip_unit").needed == "BB"


def test_grades_percent_levels_and_missing(pset) -> None:  # type: ignore[no-untyped-def]
    values = {**ALL_WBBM, "opini_bpk": "WDP", "spip_maturity": "2", "lhkpn_percent": "99.5"}
    del values["lhkasn_percent"]
    r = prerequisites_evaluate(pset, predicate="WBK", values=values, on=ON)
    assert _status(r, "opini_bpk") == "not_met"
    assert _status(r, "spip_maturity") == "not_met"
    assert _status(r, "lhkpn_percent") == "not_met"
    assert _status(r, "lhkasn_percent") == "missing"
    assert _status(r, "tlhp_percent") == "met"
    assert first_blocking(r).kind == "opini_bpk"  # type: ignore[union-attr]


def test_one_year_of_building_to_the_day(pset) -> None:  # type: ignore[no-untyped-def]
    just = prerequisites_evaluate(
        pset, predicate="WBK", values={**ALL_WBBM, "pencanangan": "2025-11-30"}, on=ON
    )
    short = prerequisites_evaluate(
        pset, predicate="WBK", values={**ALL_WBBM, "pencanangan": "2025-12-01"}, on=ON
    )
    assert _status(just, "pencanangan") == "met"
    assert _status(short, "pencanangan") == "not_met"


def test_rb_index_counts_when_recorded(pset) -> None:  # type: ignore[no-untyped-def]
    r = prerequisites_evaluate(pset, predicate="WBBM", values={**ALL_WBBM, "rb_index": "B"}, on=ON)
    assert _status(r, "rb_index") == "not_met"


def test_an_unparsable_value_is_not_met_and_a_bad_document_is_refused(pset) -> None:  # type: ignore[no-untyped-def]
    r = prerequisites_evaluate(pset, predicate="WBK", values={**ALL_WBBM, "opini_bpk": "X"}, on=ON)
    assert _status(r, "opini_bpk") == "not_met"
    doc = json.loads(FIXTURE.read_text())
    doc["kinds"][0]["minimum"]["WBK"] = "BAIK"
    with pytest.raises(PrereqError):
        prereq_set_from_document(doc)
