"""A Celery worker whose PDF renders take ZI_SLOW_RENDER seconds, so a test can kill it mid-render.

Run as ``python -m tests.production.slow_worker <celery worker args>``.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

import weasyprint

_write_pdf = weasyprint.HTML.write_pdf


def _slow_write_pdf(self: weasyprint.HTML, *args: Any, **kwargs: Any) -> Any:
    time.sleep(float(os.environ.get("ZI_SLOW_RENDER", "30")))
    return _write_pdf(self, *args, **kwargs)


weasyprint.HTML.write_pdf = _slow_write_pdf  # type: ignore[method-assign]

if __name__ == "__main__":
    from celery.__main__ import main

    sys.argv = ["celery", *sys.argv[1:]]
    sys.exit(main())
