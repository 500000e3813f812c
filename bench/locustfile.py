"""Locust scenario for `make bench`: work-team members using the portal at the same time.

Each simulated user works as its own tim kerja account (one unit each, so two users never edit
the same answer), then browses the home page, its assessment and its dashboard, answers a question
(saved in place with htmx, as the browser does), uploads a small PDF and requests a PDF report.
No Django imports here (locust runs on gevent); the accounts come from the JSON file named by
BENCH_ACCOUNTS, written by bench/loadtest.py.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from typing import Any

from locust import HttpUser, between, task

ACCOUNTS: list[dict[str, Any]] = json.loads(
    open(os.environ["BENCH_ACCOUNTS"], encoding="utf-8").read()  # noqa: SIM115
)
_next = itertools.count()
VERSION = re.compile(r'name="unit-version"[^>]*value="(\d*)"|value="(\d*)"[^>]*name="unit-version"')


class TimKerja(HttpUser):
    # Think time between clicks, as in Locust's own examples; people read before they click.
    wait_time = between(1, 5)

    def on_start(self) -> None:
        # Sessions are created by bench/loadtest.py: 100 simultaneous PBKDF2 logins would measure
        # the password hasher (deliberately slow), not the portal.
        self.account = ACCOUNTS[next(_next) % len(ACCOUNTS)]
        self.pk = self.account["assessment"]
        self.client.cookies.set(self.account["session_cookie"], self.account["session"])
        self._expect("GET", "/", "/", (200,))  # also sets the CSRF cookie

    def _csrf(self) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}

    def _expect(self, method: str, url: str, name: str, ok: tuple[int, ...], **kw: Any) -> str:
        with self.client.request(method, url, name=name, catch_response=True,
                                 allow_redirects=False, **kw) as resp:
            if resp.status_code not in ok:
                resp.failure(f"HTTP {resp.status_code} {resp.error or ''}".strip())
            return resp.text

    @task(3)
    def home(self) -> None:
        self._expect("GET", "/", "/", (200,))

    @task(3)
    def assessment(self) -> None:
        self._expect("GET", f"/penilaian/{self.pk}/", "/penilaian/[pk]/", (200,))

    @task(2)
    def dashboard(self) -> None:
        self._expect("GET", f"/penilaian/{self.pk}/dasbor/", "/penilaian/[pk]/dasbor/", (200,))
        # The page then loads its activity list (hx-trigger="load"), as the browser does.
        self._expect("GET", f"/penilaian/{self.pk}/dasbor/aktivitas/",
                     "/penilaian/[pk]/dasbor/aktivitas/ (htmx)", (200,),
                     headers={"HX-Request": "true"})

    @task(2)
    def answer(self) -> None:
        code, labels = random.choice(self.account["choice_questions"])
        page = self._expect("GET", f"/penilaian/{self.pk}/pertanyaan/{code}/",
                            "/penilaian/[pk]/pertanyaan/[code]/", (200,))
        m = VERSION.search(page)
        version = (m.group(1) or m.group(2) or "") if m else ""
        # Saved in place as the browser does it (htmx): the answer is the answer block only.
        self._expect(
            "POST", f"/penilaian/{self.pk}/pertanyaan/{code}/jawab/unit/",
            "/penilaian/[pk]/pertanyaan/[code]/jawab/unit/ (POST, htmx)", (200,),
            data={"unit-choice": random.choice(labels), "unit-version": version,
                  "unit-note": "uji beban"},
            headers={**self._csrf(), "HX-Request": "true", "HX-Target": "side-unit"},
        )

    @task(1)
    def upload(self) -> None:
        code = random.choice(self.account["choice_questions"])[0]
        body = (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + os.urandom(16).hex().encode() * 64
                + b"\n%%EOF\n")
        self._expect(
            "POST", f"/penilaian/{self.pk}/bukti/q/{code}/unggah/",
            "/penilaian/[pk]/bukti/q/[code]/unggah/ (POST)", (302,),
            files={self.account["file_field"]: ("bukti.pdf", body, "application/pdf")},
            data={"title": "Bukti uji beban"},
            headers=self._csrf(),
        )

    @task(1)
    def report(self) -> None:
        self._expect(
            "POST", f"/penilaian/{self.pk}/dasbor/laporan/",
            "/penilaian/[pk]/dasbor/laporan/ (POST)", (302,),
            data={"kind": "assessment_pdf"}, headers=self._csrf(),
        )
