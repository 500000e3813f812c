"""The OpenAPI schema validates (drf-spectacular's own validation, warnings fail), and the docs
page runs under the strict CSP from vendored files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_schema_validates_without_warnings(tmp_path: Path) -> None:
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    paths = set(schema["paths"])
    assert "/api/v1/assessments/{assessment_pk}/answers/{side}/{code}/" in paths
    assert "/api/v1/reports/{job_pk}/download/" in paths
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"


def test_schema_and_docs_are_public_and_the_docs_use_no_inline_code_or_cdn(world: World) -> None:
    client = Client()
    assert client.get(reverse("api:schema")).status_code == 200
    page = client.get(reverse("api:docs"))
    assert page.status_code == 200
    html = page.content.decode()
    csp = page["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp
    assert "<style" not in html and " style=" not in html
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all("src=" in s for s in scripts)
    assert "http://" not in html.replace("http://testserver", "") and "https://" not in html
    for src in re.findall(r'(?:src|href)="/static/([^"?]+)', html):
        assert finders.find(src), src
    init = client.get(reverse("api:docs") + "?script=")
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in init.content.decode()
