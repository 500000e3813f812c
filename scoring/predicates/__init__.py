"""The unit's predicates as history: grants, "not granted" decisions, revocations (issue 12)."""
