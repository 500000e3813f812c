"""Where the scoring code finds the framework: the rows of the assessment's own version.

Each assessment is scored by the spec of its Framework (assessment.framework), built from that
framework's rows in areas (areas.documents.framework_document writes them in the reference format
that FrameworkSpec.from_dict reads). Building costs 9 queries, so specs are cached per process
under (framework code, Framework.content_hash): the hash of the rows' content, stored on the
Framework row and emptied whenever a framework row changes. A reader holding the Framework row
(usually loaded with the assessment) therefore pays nothing per request, and can never get a stale
spec: a changed row means another hash, and a spec is cached only under the hash of the very
document it was built from. An empty hash (a row changed outside the admin) is refilled here.

The committed fixture (fixtures/lke-permenpanrb-90-2021.json) only seeds the rows
(`manage.py load_framework`); fixture_spec() reads it for the tests and for `lke score` on a
machine without a database. The blank official workbook beside it is the Excel export template.
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scoring.engine import FrameworkSpec

if TYPE_CHECKING:
    from areas.models import Framework

# The ORM is imported inside the functions that read rows: the engine tests (and their answer
# builders) use fixture_spec() and TEMPLATE_PATH and run without a configured Django.

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
FRAMEWORK_PATH = FIXTURES_DIR / "lke-permenpanrb-90-2021.json"
TEMPLATE_PATH = FIXTURES_DIR / "lke-template-permenpanrb-90-2021.xlsx"

# Versions a process may meet: a few frameworks, each edited a few times before first use.
_CACHE_SIZE = 32
_specs: dict[tuple[str, str], FrameworkSpec] = {}
_lock = threading.Lock()


def spec_for_framework(framework: Framework) -> FrameworkSpec:
    """The engine's spec of this framework version, built from its rows (cached by content)."""
    from areas.documents import content_hash_of, framework_document, framework_hash_store

    key = (framework.code, framework.content_hash)
    if framework.content_hash:
        spec = _specs.get(key)
        if spec is not None:
            return spec
    document = framework_document(framework)
    digest = content_hash_of(document)
    if digest != framework.content_hash:
        # Empty (a row changed) or older than the rows just read: record what the rows say.
        framework_hash_store(framework, digest)
    spec = FrameworkSpec.from_dict(document)
    with _lock:
        if len(_specs) >= _CACHE_SIZE:
            _specs.pop(next(iter(_specs)))
        _specs[(framework.code, digest)] = spec
    return spec


def framework_by_code(code: str | None) -> Framework | None:
    """The loaded version with this code, or the active one when no code is given."""
    from areas.models import Framework
    from areas.selectors import framework_active

    if code is None:
        return framework_active()
    return Framework.objects.filter(code=code).first()


@lru_cache(maxsize=1)
def fixture_spec() -> FrameworkSpec:
    """The spec of the committed fixture file (the seed of permenpanrb-90-2021), parsed once."""
    with FRAMEWORK_PATH.open(encoding="utf-8") as fh:
        return FrameworkSpec.from_dict(json.load(fh))


def check_document(data: dict[str, Any]) -> None:
    """A framework file must also give the engine a spec (registered with areas.services)."""
    FrameworkSpec.from_dict(data)


def spec_by_code(code: str | None) -> tuple[FrameworkSpec, str]:
    """`lke score`: the spec of the loaded version `code` (default: the active one) and a note.

    Without a database (or with none loaded yet) the default falls back to the committed fixture,
    saying so in the note; an explicit code must be loaded. Raises LookupError with a message
    naming the loaded versions when the code is unknown.
    """
    from django.db import DatabaseError

    from areas.models import Framework

    try:
        if _database_missing():
            raise DatabaseError("basis data belum dibuat")
        framework = framework_by_code(code)
        loaded = [] if framework else list(Framework.objects.values_list("code", flat=True))
    except DatabaseError as exc:
        if code is not None:
            raise LookupError(
                f"Kerangka LKE {code!r} tidak dapat dibaca: basis data tidak tersedia ({exc})."
            ) from exc
        return (
            fixture_spec(),
            f"Catatan: basis data tidak tersedia; dinilai dengan {FRAMEWORK_PATH.name}.",
        )
    if framework is None:
        if code is not None:
            known = ", ".join(sorted(loaded)) or "belum ada"
            raise LookupError(
                f"Kerangka LKE {code!r} belum dimuat (kerangka yang dimuat: {known})."
            )
        return (
            fixture_spec(),
            f"Catatan: belum ada kerangka LKE aktif; dinilai dengan {FRAMEWORK_PATH.name}.",
        )
    return spec_for_framework(framework), ""


def _database_missing() -> bool:
    """A SQLite file that does not exist yet: connecting would create an empty one."""
    from django.db import connection

    settings = connection.settings_dict
    name = str(settings.get("NAME") or "")
    return (
        settings["ENGINE"].endswith("sqlite3")
        and name not in ("", ":memory:")
        and not name.startswith("file:")
        and not Path(name).exists()
    )
