"""The one presenter: the engine's codes and numbers as text in the active language.

The engine (scoring.engine) returns criterion keys, warning codes, hasil-need codes and gap
message codes with their parameters, never sentences. This module renders them through gettext
for the web (scoring.reports.selectors.dashboard's view models, used by the dashboard templates
and the PDF), and for the CLI (``lke score --format text|json --language id|en``).

Numbers follow the active language: 75,96 (and 1.234,50) in Indonesian, 75.96 (1,234.50) in
English, always rounded half up to a fixed number of decimals. The official names (areas,
questions, option labels, LKE codes, the predicates WBK/WBBM) stay as the regulation writes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from scoring.engine import (
    Criterion,
    FrameworkSpec,
    Gap,
    GapStep,
    HasilNeed,
    ScoreResult,
    Verdict,
    VerdictWarning,
)

# --------------------------------------------------------------------------- numbers


@lru_cache(maxsize=16)
def _separators(language: str | None) -> tuple[str, str, int]:
    """(decimal separator, thousand separator, group size) of a language, looked up once: the
    lookups cost more than the formatting, and a dashboard formats about two hundred numbers."""
    grouping = formats.get_format("NUMBER_GROUPING", language, use_l10n=True)
    return (
        str(formats.get_format("DECIMAL_SEPARATOR", language, use_l10n=True)),
        str(formats.get_format("THOUSAND_SEPARATOR", language, use_l10n=True)),
        grouping if isinstance(grouping, int) else 0,
    )


def number(value: Decimal | float, places: int = 2) -> str:
    """``value`` rounded half up to ``places`` decimals, in the active language's format.

    The same text as Django's number_format(q, decimal_pos=places, use_l10n=True,
    force_grouping=True) for every value (tests/scoring/test_presenters_number.py compares them),
    written out because that function looks up three formats per call."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    decimal_sep, thousand_sep, size = _separators(translation.get_language())
    if q.is_zero():
        q = Decimal(0)  # no "-0,00"
    text = f"{q:f}"
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    int_part, _dot, dec_part = text.partition(".")
    dec_part = (dec_part + "0" * places)[:places]
    if size > 0 and len(int_part) > size:
        head = len(int_part) % size or size
        groups = [int_part[:head]] + [
            int_part[i : i + size] for i in range(head, len(int_part), size)
        ]
        int_part = thousand_sep.join(groups)
    return sign + int_part + (decimal_sep + dec_part if places > 0 else "")


def percent(value: Decimal | float, places: int = 2) -> str:
    return number(value, places) + "%"


def format_id(value: Decimal | float, places: int = 2) -> str:
    """Indonesian format whatever the active language (1.234,50): for Indonesian-only text."""
    with translation.override("id"):
        return number(value, places)


def criterion_text(value: Decimal | bool | None, unit: str) -> str:
    """A criterion's value or minimum as people read it (55,58 / 60,00% / Ya)."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    return percent(value) if unit == "persen" else number(value)


def step_value(label: str | None) -> str:
    """A gap step's from/to: an option label as it is, a percentage ("26.67%") localised."""
    if label is None:
        return _("belum dijawab")
    if label.endswith("%"):
        return percent(Decimal(label[:-1]))
    return label


# --------------------------------------------------------------------------- verdicts

CRITERION_LABELS: Mapping[str, Promise] = {
    "total": gettext_lazy("Nilai total (pengungkit + hasil)"),
    "pengungkit": gettext_lazy("Nilai komponen pengungkit"),
    "bersih_akuntabel": gettext_lazy("Hasil: birokrasi yang bersih dan akuntabel (B.I)"),
    "ipak": gettext_lazy("Survei persepsi anti korupsi (IPAK, B.I.a)"),
    "kinerja": gettext_lazy("Capaian kinerja lebih baik (B.I.b)"),
    "pelayanan_prima": gettext_lazy("Hasil: pelayanan publik yang prima (IPKP, B.II.a)"),
    "prior_wbk": gettext_lazy("Sudah memperoleh predikat Menuju WBK"),
}
PART_LABELS: Mapping[str, Promise] = {
    "pemenuhan": gettext_lazy("pemenuhan"),
    "reform": gettext_lazy("reform"),
}


def _area_name(spec: FrameworkSpec, no: object) -> str:
    area = spec.area_by_no.get(no) if isinstance(no, int) else None
    return area.name if area else ""


def criterion_label(spec: FrameworkSpec, key: str, area: int | None = None) -> str:
    """The label of a criterion: "Nilai total (pengungkit + hasil)", "Area 3 Penataan ..."."""
    if area is not None:
        return _("Area %(no)s %(name)s (%% dari bobot area)") % {
            "no": area,
            "name": _area_name(spec, area),
        }
    label = CRITERION_LABELS.get(key)
    return str(label) if label is not None else key


def warning_text(spec: FrameworkSpec, warning: VerdictWarning) -> str:
    p = warning.params
    if warning.code == "incomplete":
        return _(
            "Penilaian belum lengkap (%(answered)s dari %(total)s isian terjawab): hasil ini "
            "sementara."
        ) % {"answered": p["answered"], "total": p["total"]}
    if warning.code == "half_below_min":
        part = str(PART_LABELS.get(str(p["part"]), p["part"]))
        return _(
            "Area %(no)s %(name)s: %(part)s %(pct)s dari bobot %(part)s, di bawah %(min)s bila "
            "syarat dibaca per bagian (hanya peringatan; syarat resmi dihitung per area)."
        ) % {
            "no": p["area"],
            "name": _area_name(spec, p["area"]),
            "part": part,
            "pct": percent(_dec(p["pct"])),
            "min": percent(_dec(p["min"])),
        }
    if warning.code == "zero_denominator":
        return _("Aturan penyebut nol dipakai pada %(codes)s; periksa data dukungnya.") % {
            "codes": ", ".join(_strings(p["codes"]))
        }
    return warning.code


def _dec(value: object) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float | str):
        return Decimal(str(value))
    raise TypeError(f"not a number: {value!r}")


def _strings(value: object) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


# --------------------------------------------------------------------------- gap


def need_label(spec: FrameworkSpec, need: HasilNeed) -> str:
    return criterion_label(spec, need.key)


def need_text(need: HasilNeed) -> str:
    """What a hasil criterion needs: "indeks survei B.I.a minimal 3,60"."""
    p = need.params
    if need.code == "survey_index":
        return _("indeks survei %(input)s minimal %(index)s") % {
            "input": p["input"],
            "index": number(_dec(p["index"])),
        }
    if need.code == "kinerja_answer":
        option = p.get("option")
        return _("jawaban %(input)s minimal %(option)s") % {
            "input": p["input"],
            "option": "-" if option is None else option,
        }
    if need.code == "hasil_b_i_points":
        return _("nilai B.I.a + B.I.b minimal %(min)s (kurang %(missing)s poin)") % {
            "min": number(_dec(p["min"])),
            "missing": number(_dec(p["missing"])),
        }
    if need.code == "prior_wbk":
        return _("predikat Menuju WBK lebih dahulu")
    if need.code == "hasil_points":
        return _("nilai hasil minimal %(min)s (pengungkit paling tinggi %(max)s)") % {
            "min": number(_dec(p["min"])),
            "max": number(_dec(p["pengungkit_max"])),
        }
    return need.code


def need_line(spec: FrameworkSpec, need: HasilNeed) -> str:
    """ "<criterion>: <what it needs>", as the gap lists it."""
    return f"{need_label(spec, need)}: {need_text(need)}"


def gap_message(spec: FrameworkSpec, gap: Gap) -> str:
    """The gap's summary sentence ("" for a predicate already met)."""
    if gap.passed or not gap.message:
        return ""
    hasil = "; ".join(need_line(spec, n) for n in gap.blocked_by_hasil)
    if gap.message == "hasil_only":
        return _(
            "Komponen pengungkit sudah memenuhi syarat %(predicate)s. Yang belum terpenuhi hanya "
            "komponen hasil, yang tidak dapat dikejar dengan menaikkan jawaban: %(hasil)s."
        ) % {"predicate": gap.predicate, "hasil": hasil}
    n = len(gap.steps)
    params = {"n": n, "gain": number(gap.steps_gain), "predicate": gap.predicate, "hasil": hasil}
    if gap.message == "steps_and_hasil":
        return (
            ngettext(
                "Naikkan %(n)s langkah jawaban berikut (menambah %(gain)s poin pengungkit), dan "
                "penuhi komponen hasil: %(hasil)s.",
                "Naikkan %(n)s langkah jawaban berikut (menambah %(gain)s poin pengungkit), dan "
                "penuhi komponen hasil: %(hasil)s.",
                n,
            )
            % params
        )
    return (
        ngettext(
            "Naikkan %(n)s langkah jawaban berikut (menambah %(gain)s poin pengungkit) untuk "
            "mencapai %(predicate)s.",
            "Naikkan %(n)s langkah jawaban berikut (menambah %(gain)s poin pengungkit) untuk "
            "mencapai %(predicate)s.",
            n,
        )
        % params
    )


# --------------------------------------------------------------------------- JSON (CLI)


def score_document(result: ScoreResult) -> dict[str, Any]:
    """``result.to_dict()`` with its text in the active language, for people reading the JSON.

    Criteria and hasil needs keep their keys and codes and gain ``label`` (and ``needed``);
    ``warnings`` are the sentences, ``warning_codes`` the engine's codes with their parameters;
    each gap in ``gap_details`` keeps ``message_code`` and gains ``message``.
    """
    spec = result.spec
    data = result.to_dict()
    for predicate, verdict in result.verdicts.items():
        out = data["verdicts"][predicate]
        for c_out, c in zip(out["criteria"], verdict.criteria, strict=True):
            c_out["label"] = criterion_label(spec, c.key, c.area)
        out["warning_codes"] = out["warnings"]
        out["warnings"] = [warning_text(spec, w) for w in verdict.warnings]
    for predicate, gap in result.gap.items():
        out = data["gap_details"][predicate]
        out["message"] = gap_message(spec, gap)
        for n_out, n in zip(out["blocked_by_hasil"], gap.blocked_by_hasil, strict=True):
            n_out["label"] = need_label(spec, n)
            n_out["needed"] = need_text(n)
    return data


# --------------------------------------------------------------------------- text (CLI)


def _criterion_cell(c: Criterion, value: Decimal | bool) -> str:
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    return percent(value) if c.unit == "persen" else number(value)


def _passed(passed: bool) -> str:
    return _("LULUS") if passed else _("BELUM")


def verdict_lines(spec: FrameworkSpec, verdict: Verdict, gap: Gap) -> list[str]:
    """One predicate as text: its criteria table, warnings and the gap plan."""
    final = _("final") if verdict.final else _("sementara")
    lines = [
        _("Predikat %(p)s: %(state)s (%(final)s)")
        % {"p": verdict.predicate, "state": _passed(verdict.passed), "final": final}
    ]
    # Each heading is its own gettext call outside the f-string: xgettext cannot see inside one.
    criterion, value, minimum = _("Kriteria"), _("Nilai"), _("Minimal")
    state, short = _("Status"), _("Kurang")
    lines.append(f"  {criterion:<66} {value:>9} {minimum:>9} {state:>7} {short:>9}")
    for c in verdict.criteria:
        missing = "" if c.missing is None else _criterion_cell(c, c.missing)
        lines.append(
            f"  {criterion_label(spec, c.key, c.area):<66} {_criterion_cell(c, c.value):>9} "
            f"{_criterion_cell(c, c.min):>9} {_passed(c.passed):>7} {missing:>9}"
        )
    lines += [
        "  " + _("Peringatan: %(w)s") % {"w": warning_text(spec, w)} for w in verdict.warnings
    ]
    if not gap.passed:
        lines.append(
            "  "
            + _("Langkah menuju %(p)s: %(message)s")
            % {"p": verdict.predicate, "message": gap_message(spec, gap)}
        )
        for n, step in enumerate(gap.steps, start=1):
            lines.append(_step_line(n, step))
    return lines


def _step_line(n: int, step: GapStep) -> str:
    start = _("(kosong)") if step.from_ is None else step_value(step.from_)
    return (
        f"    {n:>3}. {step.question:<14} {start:>9} -> {step_value(step.to):<6} "
        f"+{number(step.gain)}"
    )


def score_text(result: ScoreResult) -> str:
    """The score as a readable table in the active language (55,58 in Indonesian)."""
    spec = result.spec
    status = _("lengkap") if result.complete else _("belum lengkap, nilai sementara")
    area, pemenuhan, reform = _("Area"), _("Pemenuhan"), _("Reform")
    value, weight = _("Nilai"), _("Bobot")
    head = f"{area:<46} {pemenuhan:>9} {reform:>9} {value:>9} {weight:>7} {'%':>8}"
    lines = [f"LKE ZI {result.framework}", "", head]
    for a in result.areas.values():
        lines.append(
            f"{f'{a.no}. {a.name}':<46} {number(a.pemenuhan):>9} {number(a.reform):>9} "
            f"{number(a.score):>9} {number(a.weight):>7} {percent(a.pct):>8}"
        )
    h = result.hasil
    rows = [
        (_("Pemenuhan"), result.pemenuhan),
        (_("Reform"), result.reform),
        (_("Pengungkit"), result.pengungkit),
        (_("Hasil B.I.a survei persepsi anti korupsi (IPAK)"), h.b_i_a),
        (_("Hasil B.I.b capaian kinerja lebih baik"), h.b_i_b),
        (_("Hasil B.II.a survei kualitas pelayanan (IPKP)"), h.b_ii_a),
        (_("Birokrasi bersih dan akuntabel (B.I)"), h.bersih_akuntabel),
        (_("Pelayanan publik yang prima (B.II)"), h.pelayanan_prima),
        (_("Hasil"), h.total),
        (_("Nilai total"), result.total),
        (_("Nilai konservatif (isian kosong = 0)"), result.conservative_total),
    ]
    lines.append("")
    lines += [f"{label:<46} {number(value):>9}" for label, value in rows]
    complete = _("Kelengkapan")
    lines.append(f"{complete:<46} {result.answered}/{result.inputs_total} ({status})")
    if result.zero_denominator_codes:
        codes = ", ".join(result.zero_denominator_codes)
        zero_rule = _("Aturan penyebut nol dipakai pada")
        lines.append(f"{zero_rule:<46} {codes}")
    for predicate, verdict in result.verdicts.items():
        lines.append("")
        lines += verdict_lines(spec, verdict, result.gap[predicate])
    return "\n".join(lines)
