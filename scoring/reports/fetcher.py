"""The only way WeasyPrint may load a resource while rendering a report: static files and data:.

WeasyPrint's default fetcher follows http(s), ftp and file URLs, so a crafted evidence title or
note turned into an <img> could make the worker fetch internal URLs (SSRF) or read local files.
Reports are rendered with base_url "file:///", so "{% static %}" paths arrive here as
file:///static/...; they are resolved with Django's staticfiles finders (then STATIC_ROOT) and
must end up inside a static directory. Everything else is refused.
"""

from __future__ import annotations

import mimetypes
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

__all__ = ["BASE_URL", "ResourceRefused", "StaticOnlyURLFetcher", "static_path_for"]

BASE_URL = "file:///"


class ResourceRefused(ValueError):
    """A report tried to load something outside the static files."""


def _static_roots() -> list[Path]:
    roots = [Path(settings.STATIC_ROOT)] if settings.STATIC_ROOT else []
    for entry in settings.STATICFILES_DIRS:
        roots.append(Path(entry[1] if isinstance(entry, tuple | list) else entry))
    return [r.resolve() for r in roots]


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path == r or path.is_relative_to(r) for r in roots)


def static_path_for(url: str) -> Path:
    """The file on disk behind a file: URL of a static asset; ResourceRefused otherwise."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise ResourceRefused(f"bukan berkas statis: {url}")
    raw = unquote(parts.path)
    norm = posixpath.normpath(raw)
    roots = _static_roots()
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if norm.startswith(prefix):
        relative = norm[len(prefix) :]
        if ".." in relative.split("/"):
            raise ResourceRefused(f"jalur tidak sah: {url}")
        found = finders.find(relative)
        candidate = Path(found) if isinstance(found, str) else None
        if candidate is None and settings.STATIC_ROOT:
            candidate = Path(settings.STATIC_ROOT) / relative
    else:
        # An absolute file URL is allowed only when it already points into a static directory.
        candidate = Path(norm)
    if candidate is None:
        raise ResourceRefused(f"berkas statis tidak ditemukan: {url}")
    resolved = candidate.resolve()
    if not _inside(resolved, roots) or not resolved.is_file():
        raise ResourceRefused(f"di luar berkas statis: {url}")
    return resolved


class StaticOnlyURLFetcher(URLFetcher):
    """Serves static files from disk and data: URIs; refuses http(s), ftp and any other file."""

    def __init__(self, **kwargs: Any) -> None:
        # allowed_protocols also guards the parent's fetch(), used here only for data: URIs.
        super().__init__(allowed_protocols={"data"}, fail_on_errors=False, **kwargs)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise ResourceRefused(f"protokol tidak diizinkan dalam laporan: {url}")
        path = static_path_for(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )
