"""Settings for ZI Portal: one module, read from the environment through django-environ.

The embedded defaults (SQLite, private local media, eager Celery) run the portal on a laptop with
no services. Production differs only by environment variables (see README): when DJANGO_DEBUG is
off the secret key and allowed hosts must be given, and start-up fails loudly without them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import django_stubs_ext
import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django.http import HttpRequest

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ZI_VAR_DIR", BASE_DIR / "var"))
# The SQLite file and private media live here; create it so a fresh clone just runs.
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    environ.Env.read_env(BASE_DIR / ".env")

TESTING = "pytest" in sys.modules or env.bool("ZI_TESTING", default=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# A random fallback key would break sessions on every restart and differ between workers, so the
# development key is fixed and production must bring its own.
_DEV_SECRET = "django-insecure-zi-portal-development-only"  # noqa: S105
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="" if not DEBUG else _DEV_SECRET)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=[] if not DEBUG else ["127.0.0.1", "localhost", "testserver"]
)
if not DEBUG:
    _missing = [
        name
        for name, value in (
            ("DJANGO_SECRET_KEY", SECRET_KEY),
            ("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS),
        )
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG=false needs " + " and ".join(_missing) + " in the environment "
            "(ZI Portal never falls back to a built-in secret key or to any host)."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "auditlog",
    "django_htmx",
    "template_partials",
    "zi_portal",
    "zi_portal.sso",
    "areas",
    "evidence",
    "evidence.preview",
    "evidence.search",
    "scoring",
    "scoring.reports",
    "scoring.surveys",
    "scoring.lifecycle",
    "scoring.predicates",
    "scoring.inbox",
    "scoring.plans",
    "scoring.plans.monev",
    "scoring.plans.calendar",
    # The REST API (/api/v1/): DRF, its OpenAPI schema and the vendored Swagger UI assets.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "scoring.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # First reader of every request: refuses oversized bodies (413) before CSRF parses them.
    "zi_portal.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zi_portal.middleware.IndonesianByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Signed-in pages: Cache-Control private, no-store (public views keep their own caching).
    "zi_portal.middleware.PrivatePagesNotStoredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A service's Refused becomes the one 403 page with its reason and code.
    "zi_portal.middleware.RefusalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # axes must come last: it turns the lockout signal into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zi_portal.urls"
WSGI_APPLICATION = "zi_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "zi_portal.context_processors.portal",
            ],
        },
    }
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=0))
# A restarted PostgreSQL leaves dead pooled connections behind; checking them first means the
# next request after a restart succeeds instead of failing once.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under concurrent writes (tests/zi_portal/test_sqlite_concurrency.py):
    # a deferred transaction reads, then fails to upgrade to a writer with "database is locked"
    # (a 500) when another request writes first, and the busy timeout cannot help. IMMEDIATE takes
    # the write lock at BEGIN, so writers queue for up to `timeout` seconds and then see what the
    # winner stored (a 409 for the losers, as on PostgreSQL). WAL lets readers go on meanwhile.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Single sign-on through OpenID Connect (zi_portal/sso, README "Single sign-on (OIDC)"), beside the
# password login: on when a client id and the issuer (or every endpoint) are given. Endpoints left
# empty are discovered from <issuer>/.well-known/openid-configuration on first use and cached.
ZI_OIDC_ISSUER = env.str("ZI_OIDC_ISSUER", default="")
OIDC_RP_CLIENT_ID = env.str("ZI_OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("ZI_OIDC_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("ZI_OIDC_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("ZI_OIDC_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("ZI_OIDC_USERINFO_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("ZI_OIDC_JWKS_ENDPOINT", default="")
ZI_OIDC_END_SESSION_ENDPOINT = env.str("ZI_OIDC_END_SESSION_ENDPOINT", default="")
ZI_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if ZI_OIDC_ENABLED and not (
    ZI_OIDC_ISSUER
    or all(
        (
            OIDC_OP_AUTHORIZATION_ENDPOINT,
            OIDC_OP_TOKEN_ENDPOINT,
            OIDC_OP_USER_ENDPOINT,
            OIDC_OP_JWKS_ENDPOINT,
        )
    )
):
    raise ImproperlyConfigured(
        "ZI_OIDC_CLIENT_ID needs ZI_OIDC_ISSUER, or all of ZI_OIDC_AUTHORIZATION_ENDPOINT, "
        "ZI_OIDC_TOKEN_ENDPOINT, ZI_OIDC_USERINFO_ENDPOINT and ZI_OIDC_JWKS_ENDPOINT."
    )
# "email" (User.email, case-insensitive) or a NIP claim such as "nip" (SsoProfile.nip).
ZI_OIDC_MATCH_CLAIM = env.str("ZI_OIDC_MATCH_CLAIM", default="email")
# Unknown people are refused; true creates their account without any role (memberships stay the
# admin's decision).
ZI_OIDC_CREATE_USERS = env.bool("ZI_OIDC_CREATE_USERS", default=False)
ZI_OIDC_BUTTON_LABEL = env.str("ZI_OIDC_BUTTON_LABEL", default="")
OIDC_RP_SCOPES = env.str("ZI_OIDC_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env.str("ZI_OIDC_SIGN_ALGO", default="RS256")
OIDC_USE_PKCE = env.bool("ZI_OIDC_USE_PKCE", default=True)
OIDC_TIMEOUT = env.int("ZI_OIDC_TIMEOUT_SECONDS", default=10)
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of the provider's logout

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Off: years and ids must not print as "2.026"; large amounts use explicit formatting.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Evidence is private: it lives outside any URL and is served only through permission-checked
# views, so there is deliberately no MEDIA_URL route in urls.py.
MEDIA_ROOT = Path(env.str("ZI_MEDIA_ROOT", default=str(VAR_DIR / "private_media")))
MEDIA_URL = "/media-not-served/"

STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="local")
if STORAGE_BACKEND == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path"),
            "location": "media",
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            "signature_version": "s3v4",
            # Never hand out an unsigned bucket URL, even if someone sets a CDN domain later.
            "custom_domain": None,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": MEDIA_URL},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not TESTING
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Uploads above this size go to a temporary file on disk instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = env.str("ZI_UPLOAD_TEMP_DIR", default=None)
EVIDENCE_MAX_UPLOAD_MB = env.int("EVIDENCE_MAX_UPLOAD_MB", default=50)
EVIDENCE_MAX_UNZIPPED_MB = env.int("EVIDENCE_MAX_UNZIPPED_MB", default=200)
# Previews and text extraction skip larger files (reason too_large); they read files in parts.
PREVIEW_MAX_FILE_MB = env.int("PREVIEW_MAX_FILE_MB", default=100)
# Parts in one Office (OOXML) file; more is refused as a suspected zip bomb (docs/uploads.md).
EVIDENCE_MAX_ZIP_ENTRIES = env.int("EVIDENCE_MAX_ZIP_ENTRIES", default=10_000)
# Files in one upload request (Django refuses more while parsing; the upload form says so).
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("EVIDENCE_MAX_FILES_PER_UPLOAD", default=20)
# Request bodies are measured before anything reads them (zi_portal.middleware.
# RequestBodyLimitMiddleware, 413 above the cap): anonymous requests (login, language switch) need
# little; a signed-in upload carries at most the files cap times the per-file limit, plus 1 MB for
# the form's other fields and the multipart headers.
REQUEST_BODY_MAX_ANONYMOUS_BYTES = env.int("ZI_ANONYMOUS_BODY_MAX_KB", default=1024) * 1024
REQUEST_BODY_MAX_SIGNED_IN_BYTES = (
    (EVIDENCE_MAX_UPLOAD_MB * DATA_UPLOAD_MAX_NUMBER_FILES + 1) * 1024 * 1024
)

# Celery: eager in the embedded default so the same task code runs without a broker.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Reports are long CPU-bound tasks: a worker takes one at a time instead of hoarding the queue.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Several installations (or CI runs) may share one Redis: each names its own queue.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# A report request must not hang the page when Redis is down: fail fast and say so.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
REPORT_JOB_TIMEOUT_SECONDS = env.int("REPORT_JOB_TIMEOUT_SECONDS", default=600)
# The largest count a percentage question accepts (form, live preview, workbook and JSON imports,
# `lke score`): scoring/counts.py.
LKE_COUNT_MAX = env.int("LKE_COUNT_MAX", default=10_000_000)
# Jobs out of time are failed by this periodic task (`celery -A zi_portal beat`, Procfile), and
# before the same person's next report request; the pages only show them failed, never write.
CELERY_BEAT_SCHEDULE = {
    "report-jobs-expire": {
        "task": "scoring.report_jobs_expire",
        "schedule": env.float("REPORT_JOB_EXPIRE_EVERY_SECONDS", default=300.0),
    },
    # One e-mail a day of each person's pending tasks (scoring/inbox/digest.py), at this hour of
    # TIME_ZONE; a second run the same day sends nothing.
    "inbox-digest-send": {
        "task": "scoring.inbox_digest_send",
        "schedule": crontab(hour=env.int("DIGEST_HOUR", default=7), minute=0),
    },
    # Reminders 30 and 7 days before a document's end date (evidence/reminders.py), once a day;
    # each reminder is recorded, so a second run sends nothing twice.
    "evidence-validity-reminders": {
        "task": "evidence.validity_reminders_send",
        "schedule": crontab(hour=env.int("VALIDITY_REMINDER_HOUR", default=6), minute=30),
    },
    # Open plan items past their due date become late (scoring/plans/services.py), once a day.
    "plans-mark-late": {
        "task": "scoring.plans_mark_late",
        "schedule": crontab(hour=env.int("PLAN_LATE_HOUR", default=0), minute=15),
    },
}

PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="ZI Portal <noreply@zi-portal.local>"
)

# django-axes: lock the username+IP pair after repeated failures for a cool-off period.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zi_portal.views.lockout"
# Guessing one account from many addresses (zi_portal/login_guard.py): this many failures for one
# username within the window, from any addresses, slow that account down (every login for it waits
# LOGIN_USERNAME_DELAY_MINUTES after the last failure, doubling per further failure up to the
# maximum) and e-mail its owner once; no long lockout a stranger could impose. Counted from axes'
# failure log (one row per failed login, shared by all workers through the database).
AXES_ENABLE_ACCESS_FAILURE_LOG = True
LOGIN_USERNAME_FAILURE_LIMIT = env.int("LOGIN_USERNAME_FAILURE_LIMIT", default=20)
LOGIN_USERNAME_FAILURE_WINDOW_MINUTES = env.int("LOGIN_USERNAME_FAILURE_WINDOW_MINUTES", default=60)
LOGIN_USERNAME_DELAY_MINUTES = env.float("LOGIN_USERNAME_DELAY_MINUTES", default=1.0)
LOGIN_USERNAME_MAX_DELAY_MINUTES = env.float("LOGIN_USERNAME_MAX_DELAY_MINUTES", default=15.0)
# Behind a reverse proxy every client would share the proxy's address; trust the forwarded header
# only when the deployment says there is a proxy in front. axes 8 has no "behind proxy" switch
# and its AXES_IPWARE_* settings only apply when django-ipware is installed (it is not), so the
# client address comes from AXES_CLIENT_IP_CALLABLE. Each proxy appends the address it saw to
# X-Forwarded-For, so the entry DJANGO_PROXY_COUNT places from the right is the one the outermost
# trusted proxy recorded; anything further left is client-supplied and spoofable.
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)
PROXY_COUNT = max(1, env.int("DJANGO_PROXY_COUNT", default=1))


def _forwarded_client_ip(request: HttpRequest) -> str | None:
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) >= PROXY_COUNT:
        return forwarded[-PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")


AXES_CLIENT_IP_CALLABLE = _forwarded_client_ip if BEHIND_PROXY else None
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env.bool("DJANGO_USE_X_FORWARDED_HOST", default=False)

AUDITLOG_INCLUDE_ALL_MODELS = False

# Security headers. Production turns on HTTPS-only cookies and HSTS through DEBUG=false.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SESSION_COOKIE_SECURE = not DEBUG and env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = not DEBUG and env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("DJANGO_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# The https:// origin(s) the proxy serves, for CSRF's Origin check (e.g. https://zi.example.go.id).
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SESSION_COOKIE_NAME = "__Secure-sessionid" if SESSION_COOKIE_SECURE else "sessionid"
CSRF_COOKIE_NAME = "__Secure-csrftoken" if CSRF_COOKIE_SECURE else "csrftoken"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
    # The Django admin uses inline scripts and styles that a strict policy would break.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
}

# The REST API (scoring/api): personal tokens or the browser session (with CSRF for writes),
# page-number pagination, every error as {"detail", "code"} in the request's language.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "scoring.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "scoring.api.views.base.Pages",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "scoring.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ZI Portal API",
    "DESCRIPTION": "LKE Zona Integritas: units, assessments, scores, answers, evidence, reports.",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from drf-spectacular-sidecar's vendored files (static), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# A request with an active API token counts as signed in for the request-body cap (uploads).
REQUEST_BODY_SIGNED_IN_CHECKS = ["scoring.api.authentication.request_has_active_token"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
