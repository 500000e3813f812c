"""PostgreSQL COPY of many rows of one model, for the bench seed (`bench/seed.py`).

`Copier(model, columns)` takes the columns a row gives, in order; every other concrete column
gets the field's default (or now, NULL, or the empty string), formatted once. Rows go to the
server in chunks through psycopg2's `copy_expert`, so 1.7 million rows never sit in memory at
once. `bulk_load` takes the tables' secondary indexes and foreign keys off during the load and
puts them back (validated) at its end.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.utils import timezone

CHUNK = 100_000
_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def text(value: Any) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | Decimal | float):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False).translate(_ESCAPE)
    return str(value).translate(_ESCAPE)


def _default(field: models.Field[Any, Any]) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, models.CharField | models.TextField):
        return ""
    raise ValueError(f"{field.model.__name__}.{field.name} has no default: give it per row")


def reserve_ids(model: type[models.Model], n: int) -> int:
    """The first of n consecutive primary keys taken from the table's sequence."""
    table = model._meta.db_table
    with connection.cursor() as cur:
        cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        seq = cur.fetchone()[0]
        cur.execute("SELECT nextval(%s)", [seq])
        first = int(cur.fetchone()[0])
        if n > 1:
            cur.execute("SELECT setval(%s, %s)", [seq, first + n - 1])
    return first


class Copier:
    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        fields = {f.column: f for f in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise ValueError(f"{model.__name__} has no column {sorted(unknown)}")
        rest = [c for c in fields if c not in columns and not fields[c].primary_key]
        self.table = model._meta.db_table
        self.columns = [*columns, *rest]
        self.suffix = "".join("\t" + text(_default(fields[c])) for c in rest)
        self.rows = 0

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        """Rows of Python values, each formatted by `text`."""
        self.write_lines("\t".join(map(text, row)) for row in rows)

    def write_lines(self, lines: Iterable[str]) -> None:
        """Rows already in COPY's text format (the given columns, tab-separated, no newline):
        the fast path for millions of rows whose values the caller formatted with `text`."""
        buf: list[str] = []
        for line in lines:
            buf.append(line + self.suffix + "\n")
            if len(buf) >= CHUNK:
                self._send(buf)
                buf = []
        if buf:
            self._send(buf)

    def _send(self, lines: list[str]) -> None:
        cols = ", ".join(f'"{c}"' for c in self.columns)
        with connection.cursor() as cur:
            cur.copy_expert(f'COPY "{self.table}" ({cols}) FROM STDIN', io.StringIO("".join(lines)))
        self.rows += len(lines)


@contextmanager
def bulk_load(*tables: type[models.Model]) -> Iterator[None]:
    """Load these tables without their secondary indexes and foreign keys, then put back each
    index and constraint exactly as it was (its own definition, read from the catalogue).

    The PostgreSQL manual's advice for populating a database ("Remove Indexes", "Remove Foreign
    Key Constraints"): an index built once over sorted rows, and a foreign key checked by one
    join when it is added, cost a fraction of maintaining and checking them row by row. Nothing
    is skipped: every constraint is validated over every row when it comes back, and unique
    indexes (the constraints the seed relies on) stay in place throughout. Run it inside the
    seed's transaction, so a failure leaves the database as it was.
    """
    names = [m._meta.db_table for m in tables]
    with connection.cursor() as cur:
        cur.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)",
            [names],
        )
        foreign_keys = cur.fetchall()
        cur.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisunique "
            "AND NOT i.indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [names],
        )
        indexes = cur.fetchall()
        # Rows written earlier in the transaction have deferred checks pending, and PostgreSQL
        # alters no table with pending checks: run them now.
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cur.execute("SET CONSTRAINTS ALL DEFERRED")
        for table, name, _definition in foreign_keys:
            cur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cur.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cur.execute("SET CONSTRAINTS ALL DEFERRED")
        cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cur.execute(definition)
        for table, name, definition in foreign_keys:
            cur.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
