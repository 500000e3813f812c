"""Turn a JSON answer document into an :class:`~scoring.engine.AnswerSet`, reporting every error.

The document (used by ``manage.py lke score`` and by imports)::

    {"framework": "permenpanrb-90-2021",
     "answers": {"A.I.1.i.a": "Ya", "B.I.b": "B"},
     "counts": {"A.II.1.i.a": {"jumlah_agen_perubahan": 7, "jumlah_perubahan_dibuat": 7}},
     "indices": {"B.I.a": 3.62, "B.II.a": 3.41},
     "prior_wbk": false}

Validation never stops at the first problem: people fix a whole file at once, so every error is
collected, in Bahasa Indonesia, naming the LKE code. Pure Python (no Django), shared with
scoring/workbook.py through the ``*_value`` helpers. Reading choices: labels are matched without
regard to case or surrounding spaces (Excel compares "ya" = "Ya" too); null means unanswered.

Counts: :func:`count_value` is the one parser of a count, used by the imports here, by the web
form, the answer service and the live percentage preview (scoring/counts.py), so each of them
accepts exactly the same values. Text is a count only when it is written with the digits 0-9
(spaces around are ignored): "1e3", "+5", "5.0", "1.000" and "1,000" are refused, since they read
differently in different places. Numbers (JSON, Excel cells) must be whole and non-negative. Every
count is at most a bound (COUNT_MAX unless the caller passes the portal's LKE_COUNT_MAX).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from scoring.engine import INDEX_MAX, AnswerSet, FrameworkSpec, Option

__all__ = [
    "COUNT_MAX",
    "CountError",
    "InputIssue",
    "answers_to_document",
    "choice_label",
    "count_value",
    "index_value",
    "parse_document",
    "parse_json",
]

TOP_LEVEL_KEYS = ("framework", "answers", "counts", "indices", "prior_wbk")
# The largest count a percentage question takes (the portal's LKE_COUNT_MAX overrides it): far
# above any unit's staff, documents or complaints, small enough that a typo is caught.
COUNT_MAX = 10**7
COUNT_ERROR_CODES = ("not_a_number", "digits_only", "not_whole", "negative", "too_large")
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


@dataclass(frozen=True)
class InputIssue:
    """One problem in an input, with the LKE code (and workbook cell) it concerns."""

    message: str
    code: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        return self.message


# --------------------------------------------------------------------------- value helpers


def _number(raw: object) -> Decimal:
    """A finite Decimal from a JSON/Excel number or a numeric string; ValueError otherwise."""
    if isinstance(raw, bool):  # bool is an int in Python; true is not a count
        raise ValueError
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))  # repr is the shortest exact-looking form: 3.62, not 3.6199...
    elif isinstance(raw, str):
        text = raw.strip()
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # "3,62" as typed on Indonesian settings
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError from None
    else:
        raise ValueError
    if not value.is_finite():
        raise ValueError
    return value


def _show(raw: object) -> str:
    """How a bad value is quoted back to people: 4.5, 'abc', true."""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, Decimal | int | float):
        return str(raw)
    return repr(raw)


class CountError(ValueError):
    """Why a value is not a count: ``code`` (one of COUNT_ERROR_CODES) with ``params``; the
    message (``str``) is the Indonesian reason the imports report."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def _group(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def count_value(raw: object, *, maximum: int = COUNT_MAX) -> int:
    """A whole count from 0 to ``maximum``; CountError (a ValueError) with the reason otherwise.

    Text must be the digits 0-9 (surrounding spaces ignored); a number must be whole.
    """
    if isinstance(raw, str):
        text = raw.strip()
        if _DIGITS.fullmatch(text):
            digits = text.lstrip("0") or "0"
            # Compared as text first: a 5,000-digit string never reaches int().
            if len(digits) > len(str(maximum)) or int(digits) > maximum:
                raise CountError(
                    "too_large",
                    f"jumlah {digits} melebihi batas {_group(maximum)}",
                    max=maximum,
                )
            return int(digits)
    try:
        value = _number(raw)
    except ValueError:
        raise CountError("not_a_number", f"jumlah {_show(raw)} bukan angka") from None
    if value != value.to_integral_value():
        raise CountError("not_whole", f"jumlah harus bilangan bulat, bukan {_show(raw)}")
    if value < 0:
        raise CountError("negative", f"jumlah tidak boleh negatif ({_show(raw)})")
    if isinstance(raw, str):
        # A number, but not as plain digits: 1e3, +5, -0, 5.0, 1.000, 1,000, 1_000, Arabic-Indic
        # or full-width digits.
        raise CountError(
            "digits_only", f"jumlah {raw.strip()!r} harus ditulis dengan angka 0-9 saja"
        )
    if value > maximum:
        raise CountError(
            "too_large", f"jumlah {_show(raw)} melebihi batas {_group(maximum)}", max=maximum
        )
    return int(value)


def index_value(raw: object) -> Decimal:
    """A survey index within 0-4; ValueError with an Indonesian reason otherwise."""
    try:
        value = _number(raw)
    except ValueError:
        raise ValueError(f"nilai indeks {_show(raw)} bukan angka") from None
    if not Decimal(0) <= value <= INDEX_MAX:
        raise ValueError(f"nilai indeks {_show(raw)} di luar rentang 0-4")
    return value


def choice_label(raw: object, options: Iterable[Option]) -> str:
    """The canonical option label matching ``raw``; ValueError with an Indonesian reason."""
    labels = [o.label for o in options]
    allowed = ", ".join(labels)
    if not isinstance(raw, str):
        raise ValueError(f"jawaban {_show(raw)} harus berupa salah satu pilihan ({allowed})")
    wanted = raw.strip().casefold()
    for label in labels:
        if label.casefold() == wanted:
            return label
    raise ValueError(f"jawaban {raw!r} tidak termasuk pilihan yang sah ({allowed})")


# --------------------------------------------------------------------------- documents


def _object(raw: object) -> Mapping[str, Any] | None:
    return raw if isinstance(raw, Mapping) else None


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"kunci {key!r} muncul lebih dari sekali")
        out[key] = value
    return out


def parse_json(
    data: str | bytes, spec: FrameworkSpec, *, count_max: int = COUNT_MAX
) -> tuple[AnswerSet, list[InputIssue]]:
    """Parse JSON text (numbers kept as Decimal) and validate it as an answer document."""
    try:
        doc = json.loads(data, parse_float=Decimal, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as exc:
        where = f"baris {exc.lineno} kolom {exc.colno}"
        return AnswerSet(), [InputIssue(f"Berkas bukan JSON yang valid ({where}): {exc.msg}.")]
    except UnicodeDecodeError:
        return AnswerSet(), [InputIssue("Berkas bukan teks UTF-8, jadi bukan JSON.")]
    except ValueError as exc:
        return AnswerSet(), [InputIssue(f"JSON tidak sah: {exc}.")]
    return parse_document(doc, spec, count_max=count_max)


def parse_document(
    doc: object, spec: FrameworkSpec, *, count_max: int = COUNT_MAX
) -> tuple[AnswerSet, list[InputIssue]]:
    """Validate an already-decoded document; returns the answers and every issue found."""
    issues: list[InputIssue] = []
    root = _object(doc)
    if root is None:
        return AnswerSet(), [InputIssue("Dokumen masukan harus berupa objek JSON {...}.")]
    for key in root:
        if key not in TOP_LEVEL_KEYS:
            issues.append(
                InputIssue(
                    f"Kunci {key!r} tidak dikenal; yang dikenal: {', '.join(TOP_LEVEL_KEYS)}."
                )
            )
    framework = root.get("framework")
    if framework is None:
        issues.append(InputIssue(f"Kunci 'framework' wajib diisi dengan {spec.code!r}."))
    elif framework != spec.code:
        issues.append(InputIssue(f"Kerangka {framework!r} tidak didukung; gunakan {spec.code!r}."))
    choices = _parse_choices(root.get("answers"), spec, issues)
    counts = _parse_counts(root.get("counts"), spec, issues, count_max)
    indices = _parse_indices(root.get("indices"), spec, issues)
    prior = root.get("prior_wbk", False)
    if prior is None:
        prior = False
    if not isinstance(prior, bool):
        issues.append(InputIssue(f"'prior_wbk' harus true atau false, bukan {_show(prior)}."))
        prior = False
    return AnswerSet(choices=choices, counts=counts, indices=indices, prior_wbk=prior), issues


def _section(raw: object, name: str, shape: str, issues: list[InputIssue]) -> Mapping[str, Any]:
    if raw is None:
        return {}
    section = _object(raw)
    if section is None:
        issues.append(InputIssue(f"'{name}' harus berupa objek {shape}."))
        return {}
    return section


def _parse_choices(raw: object, spec: FrameworkSpec, issues: list[InputIssue]) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, value in _section(raw, "answers", "{kode: jawaban}", issues).items():
        question = spec.questions.get(code)
        hasil = spec.hasil.get(code)
        if question is None and hasil is None:
            issues.append(InputIssue(f"{code}: kode pertanyaan tidak dikenal.", code))
            continue
        if question is not None and question.is_percentage:
            issues.append(
                InputIssue(
                    f"{code}: pertanyaan persentase diisi lewat 'counts' (jumlah), "
                    "bukan 'answers'.",
                    code,
                )
            )
            continue
        if hasil is not None and hasil.is_index:
            issues.append(InputIssue(f"{code}: nilai indeks survei diisi lewat 'indices'.", code))
            continue
        if value is None:
            continue
        options = question.options if question is not None else hasil.options if hasil else ()
        try:
            out[code] = choice_label(value, options)
        except ValueError as exc:
            issues.append(InputIssue(f"{code}: {exc}.", code))
    return out


def _parse_counts(
    raw: object, spec: FrameworkSpec, issues: list[InputIssue], count_max: int
) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    percentage_codes = ", ".join(c for c, q in spec.questions.items() if q.is_percentage)
    for code, value in _section(raw, "counts", "{kode: {kunci: jumlah}}", issues).items():
        question = spec.questions.get(code)
        if question is None:
            issues.append(InputIssue(f"{code}: kode pertanyaan tidak dikenal.", code))
            continue
        if not question.is_percentage:
            issues.append(
                InputIssue(
                    f"{code}: bukan pertanyaan persentase; 'counts' hanya untuk "
                    f"{percentage_codes}.",
                    code,
                )
            )
            continue
        if value is None:
            continue
        given = _object(value)
        if given is None:
            issues.append(
                InputIssue(f"{code}: 'counts' harus berupa objek {{kunci: jumlah}}.", code)
            )
            continue
        counts: dict[str, int] = {}
        for key, number in given.items():
            if key not in question.input_keys:
                issues.append(
                    InputIssue(
                        f"{code}: kunci jumlah {key!r} tidak dikenal; yang sah: "
                        f"{', '.join(question.input_keys)}.",
                        code,
                    )
                )
                continue
            if number is None:
                continue
            try:
                counts[key] = count_value(number, maximum=count_max)
            except ValueError as exc:
                issues.append(InputIssue(f"{code} ({key}): {exc}.", code))
        if counts:
            out[code] = counts
    return out


def _parse_indices(
    raw: object, spec: FrameworkSpec, issues: list[InputIssue]
) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    index_codes = [c for c, h in spec.hasil.items() if h.is_index]
    for code, value in _section(raw, "indices", "{kode: nilai 0-4}", issues).items():
        if code not in index_codes:
            issues.append(
                InputIssue(
                    f"{code}: bukan isian indeks survei; yang sah: {', '.join(index_codes)}.",
                    code,
                )
            )
            continue
        if value is None:
            continue
        try:
            out[code] = index_value(value)
        except ValueError as exc:
            issues.append(InputIssue(f"{code}: {exc}.", code))
    return out


def answers_to_document(spec: FrameworkSpec, answers: AnswerSet) -> dict[str, Any]:
    """The JSON document for ``answers`` (the inverse of :func:`parse_document`).

    Indices are written as JSON numbers through their decimal text, so 3.62 stays 3.62.
    """
    return {
        "framework": spec.code,
        "answers": dict(answers.choices),
        "counts": {code: dict(c) for code, c in answers.counts.items()},
        "indices": {code: float(v) for code, v in answers.indices.items()},
        "prior_wbk": answers.prior_wbk,
    }
