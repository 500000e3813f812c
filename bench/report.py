"""The bench's output: the issue's summary table (printed and written to docs/benchmarks.md),
every figure, the machine and the run they come from, and bench/results*.json."""

from __future__ import annotations

import json
import os
import platform
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.common import FIGURES, N_UNITS, ROOT, figure

SEED_BUDGET_S = 180  # 5,000 units within 3 minutes (issue 15)


def machine() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem_kb = next(int(x.split()[1]) for x in meminfo if x.startswith("MemTotal"))
    return {"nproc": os.cpu_count(), "ram_gb": round(mem_kb / 1024 / 1024, 1),
            "kernel": platform.release(), "postgresql": pg, "python": platform.python_version(),
            "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg())}


def _cell(key: str) -> tuple[str, str]:
    f = figure(key)
    if f is None or f.value is None:
        return ("not measured" + (f": {f.note}" if f and f.note else ""), "-")
    return f.shown(), {True: "yes", False: "**no**", None: "-"}[f.ok]


def summary_rows(seed_s: float) -> list[tuple[str, str, str, str]]:
    """(figure, measured, budget, within) in the order of the issue's table."""
    rows: list[tuple[str, str, str, str]] = []
    trivial = figure("trivial_p95")
    rows.append(("Trivial signed-in page p95", _cell("trivial_p95")[0], "baseline", "-"))
    for key, label in (("overview", "Institution overview p95"),
                       ("dashboard", "Unit dashboard p95"),
                       ("assessment", "Assessment page p95"),
                       ("question", "Question page p95")):
        f = figure(f"{key}_p95")
        if f is None or f.value is None or trivial is None or trivial.value is None:
            rows.append((label, "not measured", "3x trivial", "-"))
            continue
        ratio = f.value / trivial.value
        rows.append((label, f"{f.shown()} ({ratio:.1f}x trivial)", "3x trivial",
                     "yes" if ratio <= 3 else "**no**"))
    f = figure("score_all")
    label = f.label.split(", median")[0] if f else "Scoring all assessments"
    rows.append((label, *_cell("score_all")[:1], "< 2 s", _cell("score_all")[1]))
    rows.append(("Scores of all assessments from the stored summaries (written through)",
                 *_cell("score_all_summaries")[:1], "< 2 s", _cell("score_all_summaries")[1]))
    at_scale = N_UNITS >= 5000
    rows.append((f"Seeding the data set ({N_UNITS:,} units)", f"{seed_s:.0f} s",
                 f"< {SEED_BUDGET_S} s at 5,000 units",
                 ("yes" if seed_s < SEED_BUDGET_S else "**no**") if at_scale else "-"))
    for key, label, budget in (("locust_users", "Locust users", ">= 100"),
                               ("locust_rps", "Locust requests/s", "-"),
                               ("locust_p95", "Locust p95", "< 300 ms"),
                               ("locust_errors", "Locust errors", "0")):
        shown, ok = _cell(key)
        rows.append((label, shown, budget, ok))
    return rows


def _table(rows: list[tuple[str, ...]]) -> str:
    head = "| Figure | Measured | Budget | Within |\n|---|---|---|---|\n"
    return head + "\n".join("| " + " | ".join(r) + " |" for r in rows)


def print_summary(seed_s: float) -> str:
    table = _table(summary_rows(seed_s))
    print("\n" + table + "\n", flush=True)
    return table


def _all_figures() -> str:
    rows = []
    for f in FIGURES:
        if f.value is None:
            rows.append((f.label, "not available", f.budget, f"- ({f.note})"))
        else:
            within = {True: "yes", False: "**no**", None: "-"}[f.ok]
            note = f" ({f.note})" if f.note else ""
            rows.append((f.label, f"{f.shown()}{note}", f.budget, within))
    return _table(rows)


def write_results(counts: dict[str, int], seconds: dict[str, float], phases: dict[str, float],
                  info: dict[str, Any], command: str, summaries: str) -> None:
    started = time.strftime("%Y-%m-%d %H:%M:%S %z")
    data = {
        "generated_at": started, "command": command, "machine": info, "dataset": counts,
        "phase_seconds": seconds, "seed_phases": phases, "summaries_built_by": summaries,
        "figures": [asdict(f) for f in FIGURES],
    }
    name = "results.json" if N_UNITS == 500 else f"results-{N_UNITS}.json"
    (ROOT / "bench" / name).write_text(json.dumps(data, indent=2, ensure_ascii=False))
    seed_s = seconds.get("seed", 0.0)
    block = (
        f"Run of {started}: `{command}` on {info['nproc']} CPUs, {info['ram_gb']} GB RAM, "
        f"Linux {info['kernel']}, PostgreSQL {info['postgresql']}, Python {info['python']}; "
        f"load average at the end {info['load_average']}. Data set: "
        + ", ".join(f"{k} {v:,}" for k, v in counts.items())
        + f". Seeding {seed_s:.0f} s ("
        + ", ".join(f"{k} {v} s" for k, v in phases.items())
        + f"; summaries by {summaries}).\n\n" + _table(summary_rows(seed_s))
        + "\n\nEvery figure of the run:\n\n" + _all_figures()
    )
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text() if doc.exists() else ""
    begin, end = f"<!-- bench:{N_UNITS}:begin -->", f"<!-- bench:{N_UNITS}:end -->"
    block = f"{begin}\n{block}\n{end}"
    if begin in text and end in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + f"\n\n### {N_UNITS:,} units\n\n" + block + "\n"
    doc.write_text(text)

