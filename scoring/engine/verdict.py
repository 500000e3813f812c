"""The verdict per predicate: every criterion of the rule set, passed or not, and warnings."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from scoring.engine.results import AnswerSet, AreaResult, Criterion, HasilResult, Verdict, format_id
from scoring.engine.spec import _HUNDRED, _ZERO, FrameworkSpec, RuleSet

# --------------------------------------------------------------------------- verdicts


def _points(key: str, label: str, value: Decimal, minimum: Decimal) -> Criterion:
    return Criterion(
        key=key,
        label=label,
        value=value,
        min=minimum,
        passed=value >= minimum,
        missing=max(_ZERO, minimum - value),
        unit="poin",
    )


def verdict_for(
    spec: FrameworkSpec,
    rules: RuleSet,
    areas: Mapping[int, AreaResult],
    pengungkit: Decimal,
    hasil: HasilResult,
    total: Decimal,
    answers: AnswerSet,
    answered: int,
    zero_codes: list[str],
) -> Verdict:
    complete = answered == len(spec.input_codes)
    criteria: list[Criterion] = [
        _points("total", "Nilai total (pengungkit + hasil)", total, rules.total_min),
        _points("pengungkit", "Nilai komponen pengungkit", pengungkit, rules.pengungkit_min),
    ]
    warnings: list[str] = []
    pct_min = rules.area_min_pct
    for a in areas.values():
        # Compared in points so the division behind ``pct`` cannot decide an exact boundary.
        need_points = pct_min * a.weight / _HUNDRED
        area_passed = a.score * _HUNDRED >= pct_min * a.weight
        criteria.append(
            Criterion(
                key=f"area_{a.no}",
                label=f"Area {a.no} {a.name} (% dari bobot area)",
                value=a.pct,
                min=pct_min,
                passed=area_passed,
                missing=_ZERO if area_passed else max(_ZERO, pct_min - a.pct),
                unit="persen",
                missing_points=max(_ZERO, need_points - a.score),
            )
        )
        if not area_passed:
            continue  # already a failure; the stricter reading would only repeat it
        area = spec.area_by_no[a.no]
        for part, value, half in (
            ("pemenuhan", a.pemenuhan, area.pemenuhan_weight),
            ("reform", a.reform, area.reform_weight),
        ):
            if half > 0 and value * _HUNDRED < pct_min * half:
                warnings.append(
                    f"Area {a.no} {a.name}: {part} {format_id(value * _HUNDRED / half)}% dari "
                    f"bobot {part}, di bawah {format_id(pct_min)}% bila syarat dibaca per bagian "
                    "(hanya peringatan; syarat resmi dihitung per area)."
                )
    criteria += [
        _points(
            "bersih_akuntabel",
            "Hasil: birokrasi yang bersih dan akuntabel (B.I)",
            hasil.bersih_akuntabel,
            rules.bersih_akuntabel_min,
        ),
        _points("ipak", "Survei persepsi anti korupsi (IPAK, B.I.a)", hasil.b_i_a, rules.ipak_min),
        _points("kinerja", "Capaian kinerja lebih baik (B.I.b)", hasil.b_i_b, rules.kinerja_min),
        _points(
            "pelayanan_prima",
            "Hasil: pelayanan publik yang prima (IPKP, B.II.a)",
            hasil.pelayanan_prima,
            rules.pelayanan_prima_min,
        ),
    ]
    if rules.requires_prior_wbk:
        criteria.append(
            Criterion(
                key="prior_wbk",
                label="Sudah memperoleh predikat Menuju WBK",
                value=answers.prior_wbk,
                min=True,
                passed=answers.prior_wbk,
                missing=None,
                unit="ya_tidak",
            )
        )
    if not complete:
        warnings.insert(
            0,
            f"Penilaian belum lengkap ({answered} dari {len(spec.input_codes)} isian terjawab): "
            "hasil ini sementara.",
        )
    if zero_codes:
        warnings.append(
            "Aturan penyebut nol dipakai pada "
            + ", ".join(zero_codes)
            + "; periksa data dukungnya."
        )
    return Verdict(
        predicate=rules.predicate,
        passed=all(c.passed for c in criteria),
        final=complete,
        criteria=tuple(criteria),
        warnings=tuple(warnings),
    )
