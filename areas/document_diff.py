"""What differs between two framework documents, in short lines an operator can read.

documents_diff(old, new) lists what loading `new` over `old` would change: "RuleSet WBK
total_min: 75 -> 80", "indikator A.I.1.i weight: 0.5 -> 0.75", "pertanyaan A.II.3.a
ditambahkan". Both documents are read as the loader reads them (its defaults for missing keys,
numbers compared as numbers), so a file differs from the rows exactly when loading it would write.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from areas.documents import FRAMEWORK_FIELDS, RULESET_FIELDS, num

# A diff longer than this is cut: the first items say enough, the count says the rest.
DIFF_LIMIT = 40


def _dec(value: Any) -> Any:
    """A number of the document compared as a number ("0.50" equals "0.5")."""
    if isinstance(value, bool) or value is None:
        return value
    try:
        return num(Decimal(str(value)))
    except InvalidOperation:
        return value


def _question_items(q: Mapping[str, Any], parent: str) -> dict[tuple[str, str | None], Any]:
    """A question or hasil input as the loader reads it (its defaults for missing keys)."""
    name = f"pertanyaan {q['code']}"
    zd = q.get("zero_denominator") or {}
    formula = q.get("formula")
    items: dict[tuple[str, str | None], Any] = {
        (name, None): True,
        (name, "parent"): parent,
        (name, "order"): q.get("order"),
        (name, "text"): q.get("text") or q.get("name", ""),
        (name, "answer_type"): q.get("answer_type"),
        (name, "lke_row"): q.get("lke_row"),
        (name, "link_label"): q.get("link_label", ""),
        (name, "label"): q.get("label", ""),
        (name, "explanation"): q.get("explanation", ""),
        (name, "weight"): _dec(q.get("weight")),
        (name, "formula"): None if formula is None else json.dumps(formula, sort_keys=True),
        (name, "formula_text"): q.get("formula_text", ""),
        (name, "zero_denominator"): _dec(zd.get("value")),
        (name, "zero_denominator why"): zd.get("why", ""),
    }
    for order, o in enumerate(q.get("options") or [], start=1):
        option = f"{name} pilihan {o['label']}"
        items[(option, None)] = True
        items[(option, "value")] = _dec(o.get("value"))
        items[(option, "text")] = o.get("text", "")
        items[(option, "order")] = order
    for order, i in enumerate(q.get("inputs") or [], start=1):
        count = f"{name} input {i['key']}"
        items[(count, None)] = True
        items[(count, "label")] = i.get("label", "")
        items[(count, "lke_row")] = i.get("lke_row")
        items[(count, "order")] = order
    return items


def document_items(data: Mapping[str, Any]) -> dict[tuple[str, str | None], Any]:
    """Every value a load writes, keyed (thing, field); (thing, None) marks that it exists."""
    items: dict[tuple[str, str | None], Any] = {}
    for f in FRAMEWORK_FIELDS:
        value = data.get(f, "")
        items[("kerangka", f)] = _dec(value) if f.endswith("_weight") else value
    for a in data.get("areas", []):
        area = f"area {a['no']}"
        items[(area, None)] = True
        items[(area, "code")] = a.get("code")
        items[(area, "name")] = a.get("name")
        items[(area, "weight")] = _dec(a.get("weight"))
        for p in a.get("parts", []):
            part = f"{area} {p['kind']}"
            items[(part, None)] = True
            items[(part, "weight")] = _dec(p.get("weight"))
            for i in p.get("indicators", []):
                ind = f"indikator {i['code']}"
                items[(ind, None)] = True
                items[(ind, "parent")] = part
                items[(ind, "name")] = i.get("name")
                items[(ind, "weight")] = _dec(i.get("weight"))
                items[(ind, "order")] = i.get("order")
                items[(ind, "note")] = i.get("note", "")
                for q in i.get("questions", []):
                    items.update(_question_items(q, ind))
    for c in data.get("hasil", []):
        comp = f"komponen hasil {c['code']}"
        items[(comp, None)] = True
        items[(comp, "name")] = c.get("name")
        items[(comp, "weight")] = _dec(c.get("weight"))
        items[(comp, "order")] = c.get("order")
        for q in c.get("items", []):
            items.update(_question_items(q, comp))
    for r in data.get("rulesets", []):
        rule = f"RuleSet {r['predicate']}"
        items[(rule, None)] = True
        for f in RULESET_FIELDS:
            items[(rule, f)] = r.get(f) if f == "requires_prior_wbk" else _dec(r.get(f))
    return items


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(kosong)"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return str(value)


def documents_diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """What loading `new` over `old` would change, one short line per item, in document order."""
    before, after = document_items(old), document_items(new)
    added = {thing for (thing, f) in after if f is None and (thing, None) not in before}
    removed = {thing for (thing, f) in before if f is None and (thing, None) not in after}

    def inside(thing: str, group: set[str]) -> bool:
        return any(thing.startswith(g + " ") for g in group)

    lines: list[str] = []
    for (thing, f), value in after.items():
        if f is None or thing in added or (thing, f) not in before:
            continue
        old_value = before[(thing, f)]
        if old_value == value:
            continue
        if any(isinstance(v, str) and len(v) > 40 for v in (old_value, value)):
            lines.append(f"{thing} {f}: diubah")
        else:
            lines.append(f"{thing} {f}: {_shown(old_value)} -> {_shown(value)}")
    lines += [
        f"{thing} ditambahkan"
        for thing, f in after
        if f is None and thing in added and not inside(thing, added)
    ]
    lines += [
        f"{thing} dihapus"
        for thing, f in before
        if f is None and thing in removed and not inside(thing, removed)
    ]
    if len(lines) > DIFF_LIMIT:
        rest = len(lines) - DIFF_LIMIT
        lines = [*lines[:DIFF_LIMIT], f"... dan {rest} perbedaan lain"]
    return lines
