"""Request middleware of the portal."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import BinaryIO

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
    load_backend,
)
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.crypto import constant_time_compare
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from zi_portal.http import refused
from zi_portal.refusals import Refused

API_PREFIX = "/api/"


class IndonesianByDefaultMiddleware:
    """Bahasa Indonesia unless the user picked another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a civil servant
    whose browser happens to be set to English would get an English portal they never chose.
    Dropping the header leaves the language cookie (the switch) or LANGUAGE_CODE ("id").
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The API (/api/) is read by programs, which say their language with Accept-Language.
        if not request.path_info.startswith(API_PREFIX):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RefusalMiddleware:
    """A refusal raised by a service (zi_portal.refusals.Refused) becomes the one 403 page with its
    reason and code, wherever the view is: views call the service and never check the rules first.

    Other PermissionDenied (the Django admin, a bare raise) keep Django's handler403, which renders
    the same templates/403.html.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Refused):
            return refused(request, exception)
        return None


class PrivatePagesNotStoredMiddleware:
    """Pages of a signed-in user answer ``Cache-Control: private, no-store``.

    A shared computer's back button or disk cache, or a proxy, must never keep a unit's answers,
    scores or documents after the person signs out. Public views (marked login_not_required: the
    ZI pages under /zi/, the login page, health) keep whatever caching they set; so does any view
    that sets Cache-Control itself. Static files never get here (whitenoise answers first).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "_zi_public_view", False) or response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: object,
        view_kwargs: object,
    ) -> None:
        # LoginRequiredMiddleware's own marker for views anyone may see.
        request._zi_public_view = not getattr(view_func, "login_required", True)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- request bodies

MB = 1024 * 1024


class RequestBodyTooLarge(RequestDataTooBig):
    """A streamed request body passed its cap while it was being read."""


class CappedStream:
    """The request body read through a counter that refuses once ``cap`` bytes have passed.

    Used for bodies without Content-Length (chunked, de-chunked by the server, which marks the
    end with ``wsgi.input_terminated``): the cap is enforced while streaming, so at most ``cap``
    bytes (plus one read) are ever parsed or spooled.
    """

    def __init__(self, stream: BinaryIO, cap: int) -> None:
        self.stream = stream
        self.cap = cap
        self.read_bytes = 0
        self.exceeded = False

    def _count(self, data: bytes) -> bytes:
        self.read_bytes += len(data)
        if self.read_bytes > self.cap:
            self.exceeded = True
            raise RequestBodyTooLarge(f"Request body over {self.cap} bytes.")
        return data

    def read(self, size: int | None = -1) -> bytes:
        if self.exceeded:
            raise RequestBodyTooLarge(f"Request body over {self.cap} bytes.")
        # Never ask for more than one byte past the cap in one read.
        room = self.cap - self.read_bytes + 1
        size = room if size is None or size < 0 else min(size, room)
        return self._count(self.stream.read(size))

    def readline(self, size: int | None = -1) -> bytes:
        if self.exceeded:
            raise RequestBodyTooLarge(f"Request body over {self.cap} bytes.")
        room = self.cap - self.read_bytes + 1
        size = room if size is None or size < 0 else min(size, room)
        return self._count(self.stream.readline(size))


def _session_is_signed_in(session_key: str) -> bool:
    """Whether this session cookie names a valid signed-in session, without touching the request.

    The same checks as django.contrib.auth.get_user (session present and unexpired, known backend,
    active user, session hash of the current password), but read-only: nothing is flushed or
    rotated, because SessionMiddleware and AuthenticationMiddleware do the real work later.
    """
    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore(session_key)
    try:
        user_id = get_user_model()._meta.pk.to_python(session[SESSION_KEY])
        backend_path = session[BACKEND_SESSION_KEY]
    except (KeyError, ValidationError):
        return False
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return False
    user = load_backend(backend_path).get_user(user_id)
    if user is None or not getattr(user, "is_active", False):
        return False
    stored = session.get(HASH_SESSION_KEY) or ""
    hashes = [user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()]
    return any(constant_time_compare(stored, h) for h in hashes)


def _language(request: HttpRequest) -> str:
    """The switch's language cookie, else Bahasa Indonesia (LocaleMiddleware has not run yet)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or ""
    try:
        return translation.get_supported_language_variant(chosen) if chosen else ""
    except LookupError:
        return ""


class RequestBodyLimitMiddleware:
    """Refuse request bodies over their cap before any middleware or view reads them (413).

    Without this an anonymous client could make the server spool a huge multipart body to disk:
    CsrfViewMiddleware parses request.POST before any login check. Caps:

    - anonymous requests (no valid session): REQUEST_BODY_MAX_ANONYMOUS_BYTES (the login form
      and the language switch need a few hundred bytes);
    - signed-in requests: REQUEST_BODY_MAX_SIGNED_IN_BYTES (EVIDENCE_MAX_UPLOAD_MB times the
      files-per-request cap DATA_UPLOAD_MAX_NUMBER_FILES, plus room for the form's fields).

    It sits right after SecurityMiddleware, before sessions and authentication, so it knows the
    user by reading the session cookie itself (read-only) and only when a body is larger than
    the anonymous cap. A declared Content-Length is checked before anything is read (Django never
    reads past it); a body without Content-Length that the server de-chunked is read through a
    CappedStream that stops at the cap.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def _cap(self, request: HttpRequest, size: int | None) -> int:
        anonymous = int(settings.REQUEST_BODY_MAX_ANONYMOUS_BYTES)
        if size is not None and size <= anonymous:
            return anonymous
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if key and _session_is_signed_in(key):
            return int(settings.REQUEST_BODY_MAX_SIGNED_IN_BYTES)
        # Other ways of signing in (an API token) name their read-only check in the settings.
        for check in getattr(settings, "REQUEST_BODY_SIGNED_IN_CHECKS", []):
            if import_string(check)(request):
                return int(settings.REQUEST_BODY_MAX_SIGNED_IN_BYTES)
        return anonymous

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw_length = request.META.get("CONTENT_LENGTH")
        stream: CappedStream | None = None
        if raw_length:
            try:
                size = int(raw_length)
            except ValueError:
                size = 0  # Django reads nothing for a malformed length
            cap = self._cap(request, size)
            if size > cap:
                return self._refuse(request, cap)
        elif isinstance(request, WSGIRequest) and self._streamed(request):
            cap = self._cap(request, None)
            stream = CappedStream(request.environ["wsgi.input"], cap)
            # WSGIRequest reads its body from _stream (a LimitedStream of Content-Length bytes,
            # i.e. nothing here); give it the de-chunked body through the counter instead.
            request._stream = stream  # type: ignore[assignment]
        response = self.get_response(request)
        if stream is not None and stream.exceeded:
            return self._refuse(request, stream.cap)
        return response

    @staticmethod
    def _streamed(request: WSGIRequest) -> bool:
        return bool(
            request.environ.get("wsgi.input_terminated")
            and "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        )

    @staticmethod
    def _refuse(request: HttpRequest, cap: int) -> HttpResponse:
        signed_in_cap = int(settings.REQUEST_BODY_MAX_SIGNED_IN_BYTES)
        with translation.override(_language(request) or settings.LANGUAGE_CODE):
            if cap >= signed_in_cap:
                message = _(
                    "Permintaan terlalu besar: satu unggahan paling banyak %(files)s berkas, "
                    "masing-masing paling besar %(mb)s MB."
                ) % {
                    "files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
                    "mb": settings.EVIDENCE_MAX_UPLOAD_MB,
                }
            else:
                message = _(
                    "Permintaan terlalu besar (batas %(size)s tanpa masuk). Masuk dahulu untuk "
                    "mengunggah dokumen."
                ) % {"size": filesizeformat(cap)}
            body = render_to_string(
                "413.html", {"message": message, "language": translation.get_language()}
            )
        return HttpResponse(body, status=413, content_type="text/html; charset=utf-8")
