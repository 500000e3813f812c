"""The indexes of the search, on PostgreSQL only (nothing on SQLite):

- pg_trgm, for the similarity of names (the extension must be allowed to the database user,
  or created once by an administrator: docs/production.md);
- a GIN index on the extracted text's vector, written with exactly the expression Django's
  SearchVector("text", config="simple") generates, so the planner uses it
  (evidence/search/postgres.py: text_matches);
- trigram GIN indexes on the document title and the revision's file name.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS evidence_search_text_gin ON evidence_preview_revisionpreview "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(\"text\", '')))",
    "CREATE INDEX IF NOT EXISTS evidence_search_title_trgm ON evidence_evidence "
    "USING gin (title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS evidence_search_name_trgm ON evidence_evidencerevision "
    "USING gin (original_name gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS evidence_search_text_gin",
    "DROP INDEX IF EXISTS evidence_search_title_trgm",
    "DROP INDEX IF EXISTS evidence_search_name_trgm",
]


def _run(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0003_flag_reply_outcome"),
        ("evidence_preview", "0001_initial"),
    ]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
