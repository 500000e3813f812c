"""Load an LKE framework file into the database as a version: validate everything, then write.

Any file in the reference format loads under its own code (fixtures/lke-permenpanrb-90-2021.json
seeds permenpanrb-90-2021); versions live side by side and each assessment is scored by its own.
A version that an assessment uses never changes: a load that would change it is refused, naming
what differs (areas.document_diff.documents_diff). A version no assessment uses is brought to the
file exactly (rows the file no longer has are deleted).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from auditlog.context import disable_auditlog
from django.conf import settings
from django.db import transaction
from django.db.models import Model

from areas.document_diff import documents_diff
from areas.documents import (
    CHOICE_TYPES,
    content_hash_of,
    framework_document,
    framework_hash_store,
    framework_in_use,
    hash_updates_paused,
)
from areas.models import (
    AnswerOption,
    Area,
    CountInput,
    Framework,
    HasilComponent,
    Indicator,
    Part,
    Question,
    RuleSet,
)

DEFAULT_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "lke-permenpanrb-90-2021.json"
HASIL_CODES = ("B.I.a", "B.I.b", "B.II.a")


class FrameworkInvalid(Exception):
    """The fixture breaks a rule of the worksheet; the message lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("Kerangka LKE tidak valid:\n- " + "\n- ".join(problems))
        self.problems = problems


class FrameworkInUse(Exception):
    """The file would change a framework version that assessments are scored by."""

    def __init__(self, code: str, assessments: int, differences: list[str]) -> None:
        super().__init__(
            f"Kerangka LKE '{code}' dipakai oleh {assessments} penilaian dan tidak boleh diubah; "
            "muat berkas ini dengan kode kerangka lain. Perbedaan: " + "; ".join(differences)
        )
        self.code = code
        self.differences = differences


# More checks a document must pass, added by the apps that read it (the scoring app adds: the
# engine can build its spec from it). areas imports no other app, so they register themselves.
DocumentCheck = Callable[[dict[str, Any]], None]
_DOCUMENT_CHECKS: list[DocumentCheck] = []


def framework_check_register(check: DocumentCheck) -> None:
    """Add a check (raising ValueError, KeyError or TypeError) run by framework_validate."""
    if check not in _DOCUMENT_CHECKS:
        _DOCUMENT_CHECKS.append(check)


@dataclass(frozen=True)
class LoadSummary:
    areas: int
    parts: int
    indicators: int
    questions: int
    hasil_inputs: int
    pemenuhan: Decimal
    reform: Decimal
    hasil: Decimal
    rulesets: int
    changed: int

    @property
    def pengungkit(self) -> Decimal:
        return self.pemenuhan + self.reform

    def line(self) -> str:
        def n(d: Decimal) -> str:
            return format(d.normalize(), "f")

        return (
            f"{self.areas} areas, {self.parts} parts, {self.indicators} indicators, "
            f"{self.questions} questions, {self.hasil_inputs} hasil inputs, "
            f"pengungkit {n(self.pengungkit)} ({n(self.pemenuhan)} + {n(self.reform)}), "
            f"hasil {n(self.hasil)}, {self.rulesets} rule sets; {self.changed} rows changed"
        )


def D(value: Any) -> Decimal:
    return Decimal(str(value))


def framework_validate(data: dict[str, Any]) -> None:
    """Raise FrameworkInvalid naming every area, part, indicator or question that is wrong."""
    problems: list[str] = []
    areas = data.get("areas", [])
    if len(areas) != 6:
        problems.append(f"harus ada 6 area, ditemukan {len(areas)}")
    pengungkit = D(data["pengungkit_weight"])
    area_sum = sum((D(a["weight"]) for a in areas), Decimal(0))
    if area_sum != pengungkit:
        problems.append(f"jumlah bobot area {area_sum} tidak sama dengan pengungkit {pengungkit}")
    half = {"pemenuhan": D(data["pemenuhan_weight"]), "reform": D(data["reform_weight"])}
    part_sums = {"pemenuhan": Decimal(0), "reform": Decimal(0)}
    seen: set[str] = set()
    for area in areas:
        kinds = [p["kind"] for p in area["parts"]]
        if sorted(kinds) != ["pemenuhan", "reform"]:
            problems.append(f"area {area['no']}: harus punya bagian pemenuhan dan reform")
        for part in area["parts"]:
            pw = D(part["weight"])
            part_sums[part["kind"]] += pw
            if pw * 2 != D(area["weight"]):
                problems.append(
                    f"area {area['no']} {part['kind']}: bobot {pw} bukan setengah dari "
                    f"bobot area {area['weight']}"
                )
            ind_sum = sum((D(i["weight"]) for i in part["indicators"]), Decimal(0))
            if ind_sum != pw:
                names = ", ".join(i["code"] for i in part["indicators"])
                problems.append(
                    f"area {area['no']} {part['kind']}: bobot indikator ({names}) berjumlah "
                    f"{ind_sum}, seharusnya {pw}"
                )
            for ind in part["indicators"]:
                if not ind["questions"]:
                    problems.append(f"indikator {ind['code']}: tidak punya pertanyaan")
                for q in ind["questions"]:
                    problems.extend(_question_problems(q, data, seen))
    for kind, total in part_sums.items():
        if total != half[kind]:
            problems.append(f"jumlah bagian {kind} {total}, seharusnya {half[kind]}")
    hasil_codes = [i["code"] for c in data.get("hasil", []) for i in c["items"]]
    if sorted(hasil_codes) != sorted(HASIL_CODES):
        problems.append(f"input hasil harus {', '.join(HASIL_CODES)}, ditemukan {hasil_codes}")
    hasil_sum = sum((D(c["weight"]) for c in data.get("hasil", [])), Decimal(0))
    if hasil_sum != D(data["hasil_weight"]):
        problems.append(f"bobot hasil berjumlah {hasil_sum}, seharusnya {data['hasil_weight']}")
    for comp in data.get("hasil", []):
        item_sum = sum((D(i["weight"]) for i in comp["items"]), Decimal(0))
        if item_sum != D(comp["weight"]):
            problems.append(f"komponen {comp['code']}: bobot input {item_sum} != {comp['weight']}")
    if pengungkit + hasil_sum != Decimal(100):
        problems.append(f"pengungkit + hasil = {pengungkit + hasil_sum}, seharusnya 100")
    predicates = sorted(r["predicate"] for r in data.get("rulesets", []))
    if predicates != ["WBBM", "WBK"]:
        problems.append(f"aturan predikat harus WBK dan WBBM, ditemukan {predicates}")
    if not problems:
        for check in _DOCUMENT_CHECKS:
            try:
                check(data)
            except (ValueError, KeyError, TypeError) as exc:
                problems.append(f"mesin penilaian menolak kerangka: {exc}")
    if problems:
        raise FrameworkInvalid(problems)


def _question_problems(q: dict[str, Any], data: dict[str, Any], seen: set[str]) -> list[str]:
    problems = []
    code = q["code"]
    if code in seen:
        problems.append(f"pertanyaan {code}: kode ganda")
    seen.add(code)
    atype = q["answer_type"]
    if atype in CHOICE_TYPES:
        expected = data["answer_types"][atype]
        got = {o["label"]: D(o["value"]) for o in q.get("options", [])}
        if got != {k: D(v) for k, v in expected.items()}:
            problems.append(f"pertanyaan {code}: pilihan/nilai {got} tidak sesuai jenis {atype}")
    elif atype == "persen":
        if not q.get("inputs"):
            problems.append(f"pertanyaan {code}: pertanyaan persentase tanpa input jumlah")
        if not q.get("formula"):
            problems.append(f"pertanyaan {code}: pertanyaan persentase tanpa rumus")
        zd = q.get("zero_denominator")
        if not zd or (zd.get("value") is None and q.get("formula", {}).get("kind") != "decline"):
            problems.append(f"pertanyaan {code}: aturan penyebut nol tidak ada")
    else:
        problems.append(f"pertanyaan {code}: jenis jawaban {atype} tidak dikenal")
    return problems


def _upsert(
    model: type[Any],
    lookup: dict[str, Any],
    values: dict[str, Any],
    found: Any = None,
    *,
    preloaded: bool = False,
) -> tuple[Any, int]:
    """Create or update one row; return it and 1 if anything was written.

    With `preloaded`, `found` is the existing row (or None) and nothing is read."""
    obj = found if preloaded else model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), 1
    dirty = [k for k, v in values.items() if getattr(obj, k) != v]
    if dirty:
        for k in dirty:
            setattr(obj, k, values[k])
        obj.save(update_fields=dirty)
    return obj, int(bool(dirty))


class _Existing:
    """The framework's rows before the load, by natural key: 8 queries instead of one per row;
    every row the file names is ticked off, the rest are deleted at the end."""

    def __init__(self, fw: Framework | None) -> None:
        def rows(qs: Any, key: Callable[[Any], Any]) -> dict[Any, Any]:
            return {key(o): o for o in qs} if fw is not None else {}

        self.rows: dict[type[Model], dict[Any, Any]] = {
            AnswerOption: rows(
                AnswerOption.objects.filter(question__framework=fw),
                lambda o: (o.question_id, o.label),
            ),
            CountInput: rows(
                CountInput.objects.filter(question__framework=fw),
                lambda o: (o.question_id, o.key),
            ),
            Question: rows(Question.objects.filter(framework=fw), lambda o: o.code),
            Indicator: rows(
                Indicator.objects.filter(part__area__framework=fw),
                lambda o: (o.part_id, o.code),
            ),
            Part: rows(Part.objects.filter(area__framework=fw), lambda o: (o.area_id, o.kind)),
            Area: rows(Area.objects.filter(framework=fw), lambda o: o.no),
            HasilComponent: rows(HasilComponent.objects.filter(framework=fw), lambda o: o.code),
            RuleSet: rows(RuleSet.objects.filter(framework=fw), lambda o: o.predicate),
        }
        self.kept: set[tuple[type[Model], int]] = set()
        self.new_children: list[AnswerOption | CountInput] = []
        self.changed = 0

    def upsert(
        self, model: type[Any], key: Any, lookup: dict[str, Any], values: dict[str, Any]
    ) -> Any:
        obj, c = _upsert(model, lookup, values, self.rows[model].get(key), preloaded=True)
        self.changed += c
        self.kept.add((model, obj.pk))
        return obj

    def child(
        self, model: type[Any], key: Any, lookup: dict[str, Any], values: dict[str, Any]
    ) -> None:
        """An option or count input: new ones are inserted together at the end."""
        found = self.rows[model].get(key)
        if found is None:
            self.new_children.append(model(**lookup, **values))
            self.changed += 1
        else:
            self.upsert(model, key, lookup, values)

    def finish(self) -> None:
        """Insert the new options and count inputs; delete the rows the file no longer has."""
        AnswerOption.objects.bulk_create(
            [o for o in self.new_children if isinstance(o, AnswerOption)]
        )
        CountInput.objects.bulk_create([o for o in self.new_children if isinstance(o, CountInput)])
        for model, rows in self.rows.items():  # children first
            stale = [o.pk for o in rows.values() if (model, o.pk) not in self.kept]
            if stale:
                model._default_manager.filter(pk__in=stale).delete()
                self.changed += len(stale)


@transaction.atomic
def framework_load(*, data: dict[str, Any], activate: bool = False) -> LoadSummary:
    """Validate the file, then create or update every row so that a second load changes none.

    Refused (FrameworkInUse, nothing written) when the version under the file's code is used by
    an assessment and the file differs from its rows. A new version is active when it is the
    first one or when `activate` is given (which deactivates the others); a reload keeps the
    flag unless `activate` is given.

    The framework rows are audited (areas/apps.py) for changes made in the admin, but a load
    writes them one by one: some 560 log entries for a fresh load (every test database, every
    demo seed) that only repeat the file. So the load runs with the audit log off, and with the
    content-hash signals paused: the hash is stored once at the end.
    """
    with disable_auditlog(), hash_updates_paused():
        return _framework_load(data, activate=activate)


def _refuse_changes_in_use(data: dict[str, Any]) -> Framework | None:
    existing = Framework.objects.filter(code=data["code"]).first()
    if existing is not None and framework_in_use(existing.pk):
        differences = documents_diff(framework_document(existing), data)
        if differences:
            raise FrameworkInUse(existing.code, existing.assessments.count(), differences)
    return existing


def _framework_load(data: dict[str, Any], *, activate: bool) -> LoadSummary:
    framework_validate(data)
    existing = _refuse_changes_in_use(data)
    in_use = existing is not None and framework_in_use(existing.pk)
    rows = _Existing(existing)
    fw, c = _upsert(
        Framework,
        {"code": data["code"]},
        {
            "name": data["name"],
            "source": data.get("source", ""),
            "pengungkit_weight": D(data["pengungkit_weight"]),
            "pemenuhan_weight": D(data["pemenuhan_weight"]),
            "reform_weight": D(data["reform_weight"]),
            "hasil_weight": D(data["hasil_weight"]),
        },
    )
    rows.changed += c
    if existing is None:
        first = not Framework.objects.exclude(pk=fw.pk).filter(active=True).exists()
        fw.active = activate or first
        fw.save(update_fields=["active"])
    if activate:
        Framework.objects.exclude(pk=fw.pk).filter(active=True).update(active=False)
        if not fw.active:
            fw.active = True
            fw.save(update_fields=["active"])
    counts = {"areas": 0, "parts": 0, "indicators": 0, "questions": 0, "hasil": 0}
    sums = {"pemenuhan": Decimal(0), "reform": Decimal(0)}
    position = 0
    for a in data["areas"]:
        area = rows.upsert(
            Area,
            a["no"],
            {"framework": fw, "no": a["no"]},
            {"code": a["code"], "name": a["name"], "weight": D(a["weight"])},
        )
        counts["areas"] += 1
        for p in a["parts"]:
            part = rows.upsert(
                Part,
                (area.pk, p["kind"]),
                {"area": area, "kind": p["kind"]},
                {"weight": D(p["weight"])},
            )
            counts["parts"] += 1
            sums[p["kind"]] += part.weight
            for i in p["indicators"]:
                ind = rows.upsert(
                    Indicator,
                    (part.pk, i["code"]),
                    {"part": part, "code": i["code"]},
                    {
                        "name": i["name"],
                        "weight": D(i["weight"]),
                        "order": i["order"],
                        "note": i.get("note", ""),
                    },
                )
                counts["indicators"] += 1
                for q in i["questions"]:
                    position += 1
                    _load_question(rows, fw, q, position, indicator=ind)
                    counts["questions"] += 1
    hasil_total = Decimal(0)
    for comp in data["hasil"]:
        hc = rows.upsert(
            HasilComponent,
            comp["code"],
            {"framework": fw, "code": comp["code"]},
            {"name": comp["name"], "weight": D(comp["weight"]), "order": comp["order"]},
        )
        hasil_total += hc.weight
        for item in comp["items"]:
            position += 1
            _load_question(rows, fw, item, position, hasil_component=hc)
            counts["hasil"] += 1
    for r in data["rulesets"]:
        rows.upsert(
            RuleSet,
            r["predicate"],
            {"framework": fw, "predicate": r["predicate"]},
            {k: (D(v) if isinstance(v, str) else v) for k, v in r.items() if k != "predicate"},
        )
    rows.finish()
    if in_use and rows.changed:
        # documents_diff saw no difference, yet a row changed: refuse rather than alter scores.
        raise FrameworkInUse(fw.code, fw.assessments.count(), [f"{rows.changed} baris berbeda"])
    framework_hash_store(fw, content_hash_of(framework_document(fw)))
    return LoadSummary(
        areas=counts["areas"],
        parts=counts["parts"],
        indicators=counts["indicators"],
        questions=counts["questions"],
        hasil_inputs=counts["hasil"],
        pemenuhan=sums["pemenuhan"],
        reform=sums["reform"],
        hasil=hasil_total,
        rulesets=len(data["rulesets"]),
        changed=rows.changed,
    )


def _load_question(
    rows: _Existing,
    fw: Framework,
    q: dict[str, Any],
    position: int,
    *,
    indicator: Indicator | None = None,
    hasil_component: HasilComponent | None = None,
) -> None:
    zd = q.get("zero_denominator") or {}
    question = rows.upsert(
        Question,
        q["code"],
        {"framework": fw, "code": q["code"]},
        {
            "indicator": indicator,
            "hasil_component": hasil_component,
            "order": q["order"],
            "position": position,
            "text": q.get("text") or q.get("name", ""),
            "answer_type": q["answer_type"],
            "lke_row": q["lke_row"],
            "link_label": q.get("link_label", ""),
            "label": q.get("label", ""),
            "explanation": q.get("explanation", ""),
            "weight": D(q["weight"]) if "weight" in q else None,
            "formula": q.get("formula"),
            "formula_text": q.get("formula_text", ""),
            "zero_denominator_value": (D(zd["value"]) if zd.get("value") is not None else None),
            "zero_denominator_why": zd.get("why", ""),
        },
    )
    for order, o in enumerate(q.get("options", []), start=1):
        rows.child(
            AnswerOption,
            (question.pk, o["label"]),
            {"question": question, "label": o["label"]},
            {"value": D(o["value"]), "text": o["text"], "order": order},
        )
    for order, inp in enumerate(q.get("inputs", []), start=1):
        rows.child(
            CountInput,
            (question.pk, inp["key"]),
            {"question": question, "key": inp["key"]},
            {"label": inp["label"], "lke_row": inp["lke_row"], "order": order},
        )


def framework_read_fixture(path: Path | None = None) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((path or DEFAULT_FIXTURE).read_text(encoding="utf-8"))
    return data
