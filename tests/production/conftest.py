"""Production-mode fixtures: moto's S3 server, real Celery workers, gunicorn, a spare Redis.

Everything binds to 127.0.0.1. Processes started here are stopped by their own handles (never by
name). With ZI_PRODUCTION_STRICT=1 (set by .ci/run) a missing service fails the test instead of
skipping it, so CI can never pass by skipping the production suite.
"""

from __future__ import annotations

import http.cookiejar
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
BUCKET = "zi-bukti-uji"
AWS_KEYS = {"AWS_ACCESS_KEY_ID": "uji", "AWS_SECRET_ACCESS_KEY": "uji-rahasia"}
REGION = "us-east-1"


def strict() -> bool:
    return os.environ.get("ZI_PRODUCTION_STRICT") == "1"


def need(condition: bool, reason: str) -> None:
    """Skip (or, in CI, fail) a test whose environment is missing."""
    if condition:
        return
    if strict():
        pytest.fail(f"production suite cannot run here: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(check: Callable[[], bool], *, timeout: float, what: str, step: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


# --- S3 through moto's server ------------------------------------------------------------------


@dataclass
class S3:
    endpoint: str
    bucket: str
    client: Any

    def env(self) -> dict[str, str]:
        return {
            "STORAGE_BACKEND": "s3",
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": REGION,
            **AWS_KEYS,
        }

    def storage_options(self) -> dict[str, Any]:
        return {
            "bucket_name": self.bucket,
            "endpoint_url": self.endpoint,
            "region_name": REGION,
            "access_key": AWS_KEYS["AWS_ACCESS_KEY_ID"],
            "secret_key": AWS_KEYS["AWS_SECRET_ACCESS_KEY"],
            "addressing_style": "path",
            "location": "media",
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 300,
            "signature_version": "s3v4",
            "custom_domain": None,
        }

    def object_keys(self) -> list[str]:
        resp = self.client.list_objects_v2(Bucket=self.bucket)
        return sorted(o["Key"] for o in resp.get("Contents", []))


@pytest.fixture(scope="session")
def moto_s3() -> Iterator[S3]:
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=AWS_KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=AWS_KEYS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=BUCKET)
    # A private bucket: no public ACLs or policies, ever.
    client.put_public_access_block(
        Bucket=BUCKET,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    try:
        yield S3(endpoint=endpoint, bucket=BUCKET, client=client)
    finally:
        server.stop()


@pytest.fixture
def s3_storage(moto_s3: S3, settings: Any) -> S3:
    """The default storage (evidence and reports) is the moto bucket for this test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage",
                    "OPTIONS": moto_s3.storage_options()},
    }
    return moto_s3


# --- subprocesses --------------------------------------------------------------------------------


@dataclass
class Proc:
    name: str
    args: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen[bytes] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def start(self) -> Proc:
        fh = self.log.open("ab")
        self.popen = subprocess.Popen(
            self.args, cwd=ROOT, env=self.env, stdout=fh, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        fh.close()
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal our own process group (the process and the children it forked)."""
        if self.popen is not None and self.popen.poll() is None:
            os.killpg(self.popen.pid, sig)
            self.popen.wait(timeout=20)

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


def db_url_for_subprocess() -> str:
    """The URL of the database this test uses, for processes started by the test."""
    s = connection.settings_dict
    need(connection.vendor == "postgresql", "needs DATABASE_URL pointing at PostgreSQL")
    user = urllib.parse.quote(s.get("USER") or "postgres")
    pw = urllib.parse.quote(s.get("PASSWORD") or "")
    auth = f"{user}:{pw}@" if pw else f"{user}@"
    return f"postgres://{auth}{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="zi_portal.settings",
        DATABASE_URL=db_url_for_subprocess(),
        PYTHONUNBUFFERED="1",
        ZI_VAR_DIR=str(Path(extra.pop("ZI_VAR_DIR", str(ROOT / "var")))),
    )
    env.update(extra)
    return env


def celery_queue() -> str:
    return str(getattr(django_settings, "CELERY_TASK_DEFAULT_QUEUE", "celery"))


@pytest.fixture
def procs(tmp_path: Path) -> Iterator[Callable[..., Proc]]:
    """Start processes that are always stopped at the end of the test."""
    started: list[Proc] = []

    def start(name: str, args: list[str], env: dict[str, str]) -> Proc:
        p = Proc(name=name, args=args, env=env, log=tmp_path / f"{name}.log").start()
        started.append(p)
        return p

    yield start
    for p in reversed(started):
        p.stop()


def start_worker(
    procs: Callable[..., Proc],
    *,
    broker: str,
    s3: S3 | None,
    name: str = "worker",
    slow_render: float | None = None,
    **env: str,
) -> Proc:
    """A real Celery worker (solo pool: the render runs in the process we may kill)."""
    e = base_env(CELERY_BROKER_URL=broker, CELERY_TASK_DEFAULT_QUEUE=celery_queue(), **env)
    if s3 is not None:
        e.update(s3.env())
    if slow_render is None:
        cmd = [str(BIN / "celery")]
    else:
        cmd = [sys.executable, "-m", "tests.production.slow_worker"]
        e["ZI_SLOW_RENDER"] = str(slow_render)
    p = procs(
        name,
        [*cmd, "-A", "zi_portal", "worker", "--pool", "solo", "--loglevel",
         "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-Q", celery_queue(), "-n", f"{name}-{os.getpid()}-{time.monotonic_ns()}@%h"],
        e,
    )
    wait_for(lambda: "ready." in p.output() or not p.alive(), timeout=60, what="celery worker")
    assert p.alive(), f"worker died on start:\n{p.output()[-3000:]}"
    return p


@dataclass
class Redis:
    port: int
    proc: Proc | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


@pytest.fixture
def spare_redis(procs: Callable[..., Proc], tmp_path: Path) -> Iterator[Callable[[], Redis]]:
    """A private redis-server on 127.0.0.1:6390 that the test may stop and start again.

    The machine's own Redis on 6379 is never touched.
    """
    exe = shutil.which("redis-server")
    need(exe is not None, "redis-server is not installed")
    port = 6390
    need(not port_open(port), "port 6390 is already taken")
    state = Redis(port=port)

    def start() -> Redis:
        state.proc = procs(
            f"redis-{time.monotonic_ns()}",
            [str(exe), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(tmp_path)],
            dict(os.environ),
        )
        wait_for(lambda: port_open(port), timeout=15, what="redis-server on 6390")
        return state

    yield start


def start_gunicorn(procs: Callable[..., Proc], *, env: dict[str, str], workers: int = 1) -> str:
    port = free_port()
    procs(
        f"gunicorn-{port}",
        [str(BIN / "gunicorn"), "zi_portal.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--timeout", "60"],
        env,
    )
    base = f"http://127.0.0.1:{port}"
    # Any HTTP answer means it is up (with DEBUG off the probe is redirected to https).
    wait_for(lambda: _status(base + "/sehat/") != 0, timeout=60, what="gunicorn")
    return base


def _status(url: str) -> int:
    opener = urllib.request.build_opener(_NoRedirect())
    try:
        with opener.open(url, timeout=5) as r:
            return int(r.status)
    except urllib.error.HTTPError as e:
        return int(e.code)
    except OSError:
        return 0


class Browser:
    """A tiny cookie-keeping HTTP client for a portal process, logged in with a session cookie."""

    def __init__(self, base: str, session_key: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.session_key = session_key

    def _headers(self) -> dict[str, str]:
        cookies = [f"{django_settings.SESSION_COOKIE_NAME}={self.session_key}"]
        cookies += [f"{c.name}={c.value}" for c in self.jar]
        h = {"Cookie": "; ".join(cookies)}
        token = next((c.value for c in self.jar if c.name == django_settings.CSRF_COOKIE_NAME),
                     None)
        if token:
            h["X-CSRFToken"] = token
        return h

    def request(self, method: str, path: str, data: dict[str, str] | None = None
                ) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(  # noqa: S310 - loopback test server
            self.base + path, data=body, method=method, headers=self._headers()
        )
        if body is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        req.add_header("Referer", self.base + "/")
        try:
            with self.opener.open(req, timeout=30) as r:
                return int(r.status), r.read().decode(errors="replace")
        except urllib.error.HTTPError as e:
            return int(e.code), e.read().decode(errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def session_for(user: Any) -> str:
    """A committed session for ``user`` that another process can use."""
    from django.test import Client

    c = Client()
    c.force_login(user)
    return str(c.session.session_key)


@pytest.fixture
def use_broker() -> Iterator[Callable[[str], None]]:
    """Point this process's Celery app at a broker (not eager), restoring it afterwards."""
    from zi_portal.celery import app

    saved_eager = app.conf.task_always_eager

    def use(url: str) -> None:
        # broker_url is a property that prefers the CELERY_BROKER_URL environment variable;
        # the write URL (what publishing uses) is read from the configuration first.
        app.conf.update(broker_write_url=url, task_always_eager=False)
        app._after_fork()  # drop pooled connections to the previous broker

    yield use
    app.conf.update(broker_write_url=None, task_always_eager=saved_eager)
    app._after_fork()


def redis_up(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False
