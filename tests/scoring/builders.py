"""Answer sets for the scoring tests and benchmarks, built from the framework spec by rule.

Nothing here computes a score: expected numbers live in the tests, worked out by hand.
"""

from __future__ import annotations

import io
import random
from decimal import Decimal

import pytest

from scoring.engine import AnswerSet, FrameworkSpec, QuestionSpec
from scoring.framework import fixture_spec

SPEC: FrameworkSpec = fixture_spec()

# LKE-RULES.md section 7: the regulation's worked example (every reform count at 100 %).
WORKED_COUNTS: dict[str, dict[str, int]] = {
    "A.II.1.i.a": {"jumlah_agen_perubahan": 2, "jumlah_perubahan_dibuat": 2},
    "A.II.1.i.b": {"jumlah_perubahan_dibuat": 1, "jumlah_perubahan_terintegrasi": 1},
    "A.II.3.iii.a": {
        "pelanggaran_tahun_sebelumnya": 1,
        "pelanggaran_tahun_ini": 0,
        "pelanggaran_diberi_sanksi": 1,
    },
    "A.II.4.i.a": {"jumlah_sasaran_kinerja": 1, "jumlah_sasaran_tercapai_100": 1},
    "A.II.5.ii.a": {
        "pengaduan_harus_ditindaklanjuti": 1,
        "pengaduan_sedang_diproses": 0,
        "pengaduan_selesai_ditindaklanjuti": 1,
    },
    "A.II.5.iii.a": {
        "lhkpn_wajib_kepala_satker": 1,
        "lhkpn_wajib_pejabat_wajib_lhkpn": 1,
        "lhkpn_wajib_lainnya": 1,
        "lhkpn_sudah_melaporkan": 3,
    },
    "A.II.5.iii.b": {
        "lhkasn_wajib_administrator_eselon3": 1,
        "lhkasn_wajib_pengawas_eselon4": 1,
        "lhkasn_wajib_fungsional_pelaksana": 1,
        "lhkasn_sudah_melaporkan": 3,
    },
    "A.II.6.i.b": {
        "jumlah_perizinan_pelayanan_terdata": 1,
        "jumlah_perizinan_pelayanan_dipermudah": 1,
    },
}

FULL_INDICES = {"B.I.a": Decimal(4), "B.II.a": Decimal(4)}


def choice_codes(spec: FrameworkSpec = SPEC) -> list[str]:
    return [c for c, q in spec.questions.items() if not q.is_percentage]


def percentage_codes(spec: FrameworkSpec = SPEC) -> list[str]:
    return [c for c, q in spec.questions.items() if q.is_percentage]


def best_label(q: QuestionSpec) -> str:
    return max(q.options, key=lambda o: o.value).label


def worst_label(q: QuestionSpec) -> str:
    return min(q.options, key=lambda o: o.value).label


def best_choices(spec: FrameworkSpec = SPEC) -> dict[str, str]:
    return {c: best_label(spec.questions[c]) for c in choice_codes(spec)}


def worked_example(*, prior_wbk: bool = True) -> AnswerSet:
    """Every question at its best, the section 7 counts, indices 4, kinerja A."""
    return AnswerSet(
        choices={**best_choices(), "B.I.b": "A"},
        counts={c: dict(v) for c, v in WORKED_COUNTS.items()},
        indices=dict(FULL_INDICES),
        prior_wbk=prior_wbk,
    )


def with_answers(
    base: AnswerSet,
    choices: dict[str, str] | None = None,
    counts: dict[str, dict[str, int]] | None = None,
    indices: dict[str, Decimal] | None = None,
    prior_wbk: bool | None = None,
) -> AnswerSet:
    """A copy of ``base`` with some answers replaced."""
    return AnswerSet(
        choices={**base.choices, **(choices or {})},
        counts={**base.counts, **(counts or {})},
        indices={**base.indices, **(indices or {})},
        prior_wbk=base.prior_wbk if prior_wbk is None else prior_wbk,
    )


def random_answers(rnd: random.Random, *, complete: bool = True) -> AnswerSet:
    """A random answer set; with ``complete`` all 113 inputs are answered."""
    choices: dict[str, str] = {}
    counts: dict[str, dict[str, int]] = {}
    for code, q in SPEC.questions.items():
        if not complete and rnd.random() < 0.3:
            continue
        if q.is_percentage:
            counts[code] = {k: rnd.randint(0, 12) for k in q.input_keys}
        else:
            choices[code] = rnd.choice(q.options).label
    indices = {
        code: Decimal(rnd.randint(250, 400)) / 100
        for code in ("B.I.a", "B.II.a")
        if complete or rnd.random() < 0.7
    }
    if complete or rnd.random() < 0.7:
        choices["B.I.b"] = rnd.choice("ABCDE")
    return AnswerSet(choices=choices, counts=counts, indices=indices, prior_wbk=rnd.random() < 0.5)


def counts_at_full(q: QuestionSpec, current: dict[str, int] | None) -> dict[str, int]:
    """Counts that put a percentage question at 100 % (the gap's "to": "100%")."""
    counts = {k: (current or {}).get(k, 0) for k in q.input_keys}
    f = q.formula
    assert f is not None
    if f.kind == "decline":
        assert f.current is not None
        counts[f.current] = 0  # no violations this year: 1 whatever the previous year
        return counts
    assert f.numerator is not None
    denominator = sum(counts[k] for k in f.denominator)
    if denominator == 0:
        counts[f.denominator[0]] = denominator = 1
    counts[f.numerator] = denominator
    return counts


def call_lke(*args: str) -> tuple[str, str]:
    """Run ``manage.py lke ...`` in-process; returns (stdout, stderr).

    Skips when Django is not set up (a pure run with ``-p no:django --noconftest``).
    """
    from django.conf import settings
    from django.core.management import call_command

    if not settings.configured:
        pytest.skip("needs Django settings (run with pytest-django)")
    out, err = io.StringIO(), io.StringIO()
    call_command("lke", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()
