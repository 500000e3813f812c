"""The questions of a framework version, read once per process (the assessment page's rows).

Framework-derived data never changes once a version is used, so what is built from it is cached
like the engine's spec (scoring/framework.py).
"""

from __future__ import annotations

import threading

from areas.models import Question
from zi_portal.models import Assessment

# The questions of a framework version, per process, under (framework id, content hash), as
# scoring/framework.py caches the engine's spec: a version in use never changes, and a changed
# row empties the hash (areas/documents.py), so a cached list is never stale. Read-only: callers
# share the list and its Question objects and must not change them.
_QUESTIONS: dict[tuple[int, str], list[Question]] = {}
_QUESTIONS_SIZE = 32
_questions_lock = threading.Lock()


def questions_for(assessment: Assessment, *, cached: bool = True) -> list[Question]:
    """The 113 inputs of the assessment's framework in worksheet order, with their options
    (cached: no query when the assessment was loaded with its framework, whose content hash
    spec_for has filled in)."""
    framework = assessment.framework
    key = (framework.pk, framework.content_hash)
    if cached and framework.content_hash and key in _QUESTIONS:
        return _QUESTIONS[key]
    questions = list(
        Question.objects.filter(framework_id=framework.pk)
        .select_related("indicator__part__area", "hasil_component")
        .prefetch_related("options")
        .order_by("position")
    )
    if framework.content_hash:
        with _questions_lock:
            if len(_QUESTIONS) >= _QUESTIONS_SIZE:
                _QUESTIONS.pop(next(iter(_QUESTIONS)))
            _QUESTIONS[key] = questions
    return questions
