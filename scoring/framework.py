"""Where the scoring code finds the framework: the committed fixture, parsed once per process.

The fixture (fixtures/lke-permenpanrb-90-2021.json) is the portal's own copy of the LKE ZI of
PermenPANRB 90/2021; the blank official workbook beside it is the template for Excel export.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from scoring.engine import FrameworkSpec

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
FRAMEWORK_PATH = FIXTURES_DIR / "lke-permenpanrb-90-2021.json"
TEMPLATE_PATH = FIXTURES_DIR / "lke-template-permenpanrb-90-2021.xlsx"


@lru_cache(maxsize=1)
def framework_spec() -> FrameworkSpec:
    """The PermenPANRB 90/2021 framework spec (cached: the fixture never changes at run time)."""
    with FRAMEWORK_PATH.open(encoding="utf-8") as fh:
        return FrameworkSpec.from_dict(json.load(fh))
