"""The LKE ZI scoring engine (PermenPANRB 90/2021): pure Python over plain data and Decimal.

No Django, no ORM and no spreadsheet library: the CLI, views, Celery tasks and the workbook import
all call :func:`score` with a :class:`FrameworkSpec` (built from the committed fixture) and an
:class:`AnswerSet`, and get back a :class:`ScoreResult`.

Rules (reference/LKE-RULES.md sections 0-4, DESIGN.md section 7):

* Choice values are the literal decimals of the fixture (A/B/C/D is 1/0.67/0.33/0, never 2/3).
* A percentage question is answered only when every one of its count inputs is given, including
  inputs its formula does not use (the official sheet shows "Blm Diisi" otherwise). ``ratio`` is
  min(1, numerator / sum(denominator)); ``decline`` is 1 for 0 -> 0 violations, 0 for 0 -> more,
  else max(0, (previous - current) / previous). A zero denominator takes the question's explicit
  ``zero_denominator`` value from the framework data, and the result records that it did.
* Indicator = weight x average of its *answered* questions (Excel AVERAGE skips blanks); an
  indicator with nothing answered scores 0. Everything above it is a plain sum. The conservative
  score counts blanks as 0 instead.
* Hasil: survey index i (0-4) scores i / 4 x weight; capaian kinerja scores option value x weight.
* All arithmetic is Decimal in a local 40-digit context; thresholds are compared unrounded and
  inclusively. Area minimums are compared in points (score x 100 >= min% x weight), so no division
  rounding can flip a boundary case.

Decisions on the regulation's open points: the per-area minimum is read on the whole area
((pemenuhan + reform) / area weight); the stricter per-half reading is only a warning. Verdicts are
"final" only when all 113 inputs (110 questions and 3 hasil inputs) are answered. The per-half
warning is given for areas that pass as a whole (a failing area is already reported).

Gap analysis (``ScoreResult.gap``, computed on first access so that lists of many units only pay
for the scores), for each predicate that is not met:

* Candidate steps raise one pengungkit answer by one step: a choice question to its next better
  option (an unanswered one straight to its best option), a percentage question to 100 %. A step's
  gain is the exact change of the total. Sums are linear, so that is the change of its own
  indicator: gains are computed per indicator, never by re-scoring everything.
* ``ranked``: every step with a positive gain, best first (ties by LKE row).
* ``steps``, the greedy plan. Targets: pengungkit must reach max(pengungkit minimum, total minimum
  - current hasil), capped at the pengungkit maximum (the rest of the total can only come from
  hasil), and every area must reach its minimum in points. Each round takes the step that removes
  the most remaining shortfall, counted as min(gain, pengungkit shortfall) + min(gain, shortfall
  of the step's own area), ties broken by the larger gain, then by LKE row. Only that step's
  indicator is re-evaluated (a question can be stepped again: C -> B -> A), and rounds repeat
  until no shortfall is left. Each step's gain is its gain when taken, so the plan's gains add up
  to the pengungkit it gains. The plan is a heuristic, not a proven minimum.
* ``blocked_by_hasil``: criteria no pengungkit step can fix (IPAK, kinerja, pelayanan prima,
  bersih & akuntabel, prior WBK, and a total out of pengungkit's reach), with the index or answer
  needed.

The engine returns codes and numbers, never sentences: criteria carry a key (and their area
number), warnings a code with parameters, hasil needs a code with parameters and the gap a message
code (the vocabulary is in results.py). scoring.presenters renders them through gettext, with
numbers in the active language's format.
"""

from __future__ import annotations

from scoring.engine.calculate import score
from scoring.engine.results import (
    CRITERION_KEYS,
    GAP_MESSAGES,
    NEED_CODES,
    WARNING_CODES,
    AnswerSet,
    AreaResult,
    Criterion,
    Gap,
    GapStep,
    HasilNeed,
    HasilResult,
    QuestionResult,
    ScoreResult,
    Verdict,
    VerdictWarning,
)
from scoring.engine.spec import (
    CHOICE_TYPES,
    INDEX_MAX,
    INDEX_TYPE,
    PERCENT_TYPE,
    AreaSpec,
    Formula,
    FrameworkSpec,
    HasilSpec,
    IndicatorSpec,
    Option,
    QuestionSpec,
    RuleSet,
)

__all__ = [
    "CHOICE_TYPES",
    "CRITERION_KEYS",
    "GAP_MESSAGES",
    "INDEX_MAX",
    "INDEX_TYPE",
    "NEED_CODES",
    "PERCENT_TYPE",
    "WARNING_CODES",
    "AnswerSet",
    "AreaResult",
    "AreaSpec",
    "Criterion",
    "Formula",
    "FrameworkSpec",
    "Gap",
    "GapStep",
    "HasilNeed",
    "HasilResult",
    "HasilSpec",
    "IndicatorSpec",
    "Option",
    "QuestionResult",
    "QuestionSpec",
    "RuleSet",
    "ScoreResult",
    "Verdict",
    "VerdictWarning",
    "score",
]
