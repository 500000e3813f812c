"""A framework version as a document: its rows in the reference format, their hash, their diff.

The reference format is the one of fixtures/lke-permenpanrb-90-2021.json (numbers as strings,
codes as keys): what `manage.py load_framework` reads and what the scoring engine builds its spec
from (scoring.engine.spec.FrameworkSpec.from_dict). framework_document() writes the rows of one
Framework back in that format, so the engine scores by the rows the admin sees, and
content_hash_of() names that content: the engine caches a spec under (code, hash).

Framework.content_hash holds the hash of the stored rows. Any save or delete of a framework row
empties it (signals below, registered in areas.apps); the admin refreshes it after its save and
the next reader (scoring.framework.spec_for_framework) refills it when it finds it empty. A load
(areas.services.framework_load) pauses the signals and stores the hash once at its end.

areas/document_diff.py names what differs between two such documents: the refusal of a load that
would change a version an assessment uses.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Model

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

CHOICE_TYPES = ("ya_tidak", "abc", "abcd", "abcde")
PERCENT_TYPE = "persen"
RULESET_FIELDS = (
    "total_min",
    "pengungkit_min",
    "area_min_pct",
    "bersih_akuntabel_min",
    "ipak_min",
    "kinerja_min",
    "pelayanan_prima_min",
    "requires_prior_wbk",
)
FRAMEWORK_FIELDS = (
    "name",
    "source",
    "pengungkit_weight",
    "pemenuhan_weight",
    "reform_weight",
    "hasil_weight",
)


def num(value: Decimal | None) -> str | None:
    """A Decimal as the reference format writes it: "0.5", "8", "0.67" (no trailing zeros)."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


# --------------------------------------------------------------------------- rows -> document


def framework_document(framework: Framework) -> dict[str, Any]:
    """The framework's rows in the reference format (9 queries, whatever its size)."""
    areas = list(Area.objects.filter(framework=framework).order_by("no"))
    parts = list(Part.objects.filter(area__framework=framework).order_by("area__no", "kind"))
    indicators = list(
        Indicator.objects.filter(part__area__framework=framework).order_by("order", "pk")
    )
    questions = list(
        Question.objects.filter(framework=framework)
        .prefetch_related("options", "inputs")
        .order_by("position", "pk")
    )
    components = list(HasilComponent.objects.filter(framework=framework).order_by("order", "pk"))
    rulesets = sorted(
        RuleSet.objects.filter(framework=framework),
        key=lambda r: (r.requires_prior_wbk, r.predicate),
    )
    by_indicator: dict[int, list[Question]] = defaultdict(list)
    by_component: dict[int, list[Question]] = defaultdict(list)
    for q in questions:
        if q.indicator_id is not None:
            by_indicator[q.indicator_id].append(q)
        elif q.hasil_component_id is not None:
            by_component[q.hasil_component_id].append(q)
    indicators_of: dict[int, list[Indicator]] = defaultdict(list)
    for ind in indicators:
        indicators_of[ind.part_id].append(ind)
    parts_of: dict[int, list[Part]] = defaultdict(list)
    for part in parts:
        parts_of[part.area_id].append(part)
    return {
        "code": framework.code,
        "name": framework.name,
        "source": framework.source,
        "pengungkit_weight": num(framework.pengungkit_weight),
        "pemenuhan_weight": num(framework.pemenuhan_weight),
        "reform_weight": num(framework.reform_weight),
        "hasil_weight": num(framework.hasil_weight),
        "answer_types": _answer_types(questions),
        "areas": [
            {
                "no": a.no,
                "code": a.code,
                "name": a.name,
                "weight": num(a.weight),
                "parts": [
                    {
                        "kind": p.kind,
                        "weight": num(p.weight),
                        "indicators": [
                            {
                                "code": i.code,
                                "order": i.order,
                                "name": i.name,
                                "weight": num(i.weight),
                                "note": i.note,
                                "questions": [_question(q) for q in by_indicator[i.pk]],
                            }
                            for i in indicators_of[p.pk]
                        ],
                    }
                    for p in parts_of[a.pk]
                ],
            }
            for a in areas
        ],
        "hasil": [
            {
                "code": c.code,
                "order": c.order,
                "name": c.name,
                "weight": num(c.weight),
                "items": [_hasil_item(q) for q in by_component[c.pk]],
            }
            for c in components
        ],
        "rulesets": [
            {"predicate": r.predicate}
            | {
                f: (getattr(r, f) if f == "requires_prior_wbk" else num(getattr(r, f)))
                for f in RULESET_FIELDS
            }
            for r in rulesets
        ],
    }


def _answer_types(questions: list[Question]) -> dict[str, dict[str, str | None]]:
    # Not stored on its own: the options of the first question of each choice type.
    types: dict[str, dict[str, str | None]] = {}
    for q in questions:
        if q.answer_type in CHOICE_TYPES and q.answer_type not in types:
            types[q.answer_type] = {o.label: num(o.value) for o in q.options.all()}
    return {t: types[t] for t in CHOICE_TYPES if t in types}


def _options(q: Question) -> list[dict[str, Any]]:
    return [{"label": o.label, "value": num(o.value), "text": o.text} for o in q.options.all()]


def _question(q: Question) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "code": q.code,
        "order": q.order,
        "text": q.text,
        "answer_type": q.answer_type,
        "lke_row": q.lke_row,
        "link_label": q.link_label,
        "label": q.label,
        "explanation": q.explanation,
        "options": _options(q),
    }
    if q.weight is not None:
        doc["weight"] = num(q.weight)
    percent = q.answer_type == PERCENT_TYPE
    inputs = list(q.inputs.all())
    if percent or inputs:
        doc["inputs"] = [{"key": i.key, "label": i.label, "lke_row": i.lke_row} for i in inputs]
    if q.formula is not None:
        doc["formula"] = q.formula
    if percent or q.formula_text:
        doc["formula_text"] = q.formula_text
    if percent or q.zero_denominator_value is not None or q.zero_denominator_why:
        doc["zero_denominator"] = {
            "value": num(q.zero_denominator_value),
            "why": q.zero_denominator_why,
        }
    return doc


def _hasil_item(q: Question) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "code": q.code,
        "order": q.order,
        "name": q.text,
        "weight": num(q.weight),
        "answer_type": q.answer_type,
        "lke_row": q.lke_row,
        "formula_text": q.formula_text,
        "options": _options(q),
    }
    for key in ("link_label", "label", "explanation"):
        if getattr(q, key):
            doc[key] = getattr(q, key)
    return doc


def content_hash_of(document: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON of a document (sorted keys, no spaces)."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def framework_hash_store(framework: Framework, digest: str) -> None:
    """Record the hash of the framework's rows (a derived value: no signal, no audit entry)."""
    Framework.objects.filter(pk=framework.pk).update(content_hash=digest)
    framework.content_hash = digest


def framework_hash_refresh(framework: Framework) -> tuple[dict[str, Any], str]:
    """Rebuild the document from the rows, store its hash, return both."""
    document = framework_document(framework)
    digest = content_hash_of(document)
    if digest != framework.content_hash:
        framework_hash_store(framework, digest)
    return document, digest


def framework_in_use(framework_id: int | None) -> bool:
    """Whether any assessment is scored by this framework (its rows may then not change)."""
    if framework_id is None:
        return False
    return Framework.objects.filter(pk=framework_id, assessments__isnull=False).exists()


# --------------------------------------------------------------------------- keeping the hash true

_PAUSED: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "framework_hash_paused", default=False
)


@contextlib.contextmanager
def hash_updates_paused() -> Iterator[None]:
    """Within: row saves do not touch Framework.content_hash (a load stores it once at the end)."""
    token = _PAUSED.set(True)
    try:
        yield
    finally:
        _PAUSED.reset(token)


def framework_id_of(obj: Model) -> int | None:
    """The framework a framework row belongs to (one query at most for parts, indicators,
    options and count inputs)."""
    if isinstance(obj, Framework):
        return obj.pk
    if isinstance(obj, Area | HasilComponent | Question | RuleSet):
        return obj.framework_id
    if isinstance(obj, Part):
        return _first(Area.objects.filter(pk=obj.area_id).values_list("framework_id", flat=True))
    if isinstance(obj, Indicator):
        return _first(
            Part.objects.filter(pk=obj.part_id).values_list("area__framework_id", flat=True)
        )
    if isinstance(obj, AnswerOption | CountInput):
        return _first(
            Question.objects.filter(pk=obj.question_id).values_list("framework_id", flat=True)
        )
    return None


def _first(values: Any) -> int | None:
    found = list(values[:1])
    return found[0] if found else None


def mark_stale(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    """post_save/post_delete of a framework row: its framework's stored hash no longer holds."""
    if _PAUSED.get() or kwargs.get("raw"):
        return
    origin = kwargs.get("origin")
    if isinstance(origin, Framework) or getattr(origin, "model", None) is Framework:
        return  # the rows go with their framework: no hash left to keep
    framework_id = framework_id_of(instance)
    if framework_id is not None:
        Framework.objects.filter(pk=framework_id).exclude(content_hash="").update(content_hash="")


HASHED_MODELS: tuple[type[Model], ...] = (
    Framework,
    Area,
    Part,
    Indicator,
    HasilComponent,
    Question,
    AnswerOption,
    CountInput,
    RuleSet,
)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    for model in HASHED_MODELS:
        post_save.connect(mark_stale, sender=model, dispatch_uid=f"hash-{model.__name__}-save")
        post_delete.connect(mark_stale, sender=model, dispatch_uid=f"hash-{model.__name__}-del")
