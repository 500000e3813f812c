"""Benchmarks of the scoring engine (DESIGN.md section 10: one under 5 ms, 500 under 2 s).

Run with ``pytest tests/bench -m bench``; the figures are read from pytest-benchmark's table, never
asserted as timings. Every benchmark checks its result so a broken engine cannot run fast.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from scoring.engine import AnswerSet, ScoreResult, score
from tests.scoring.builders import SPEC, random_answers

pytestmark = pytest.mark.bench


def complete_assessments(n: int, seed: int = 90) -> list[AnswerSet]:
    rnd = random.Random(seed)
    return [random_answers(rnd, complete=True) for _ in range(n)]


def test_score_one_complete_assessment(benchmark: Any) -> None:
    answers = complete_assessments(1)[0]
    result: ScoreResult = benchmark(score, SPEC, answers)
    assert result.complete and result.answered == 113


def test_score_one_with_gap_analysis_and_json(benchmark: Any) -> None:
    # The unit dashboard's full cost: scores, verdicts, the gap plans and the JSON dict.
    answers = complete_assessments(1)[0]
    data = benchmark(lambda: score(SPEC, answers).to_dict())
    assert data["complete"] is True
    assert set(data["gap"]) == {"WBK", "WBBM"}


def test_score_500_assessments(benchmark: Any) -> None:
    batch = complete_assessments(500)
    results = benchmark.pedantic(
        lambda: [score(SPEC, a) for a in batch], rounds=5, iterations=1, warmup_rounds=1
    )
    assert len(results) == 500
    assert all(r.complete for r in results)
