"""The next cycle carried forward: a new year's cycle and assessments, the previous documents
linked (not copied) and the unit's answers carried as "to confirm"."""
