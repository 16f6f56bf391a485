"""Two web nodes behind a load balancer, sharing PostgreSQL and Redis, with a real Celery worker (issue 15 §2).

The province topology in miniature (docs/deploy.md, "The two-node test"): two gunicorn nodes with production
settings, each in its own network namespace (`ip netns`, a veth pair whose host end is on a bridge holding
the /24's gateway address), behind HAProxy from Debian's packages doing plain round-robin (no sticky
sessions). The nodes reach PostgreSQL and Redis (which listen on 127.0.0.1 only) through TCP forwarders the
same HAProxy binds on the host's bridge address. A real Celery worker process consumes the broker.
Uploaded files go to one local directory both nodes use as their storage root: it stands for the S3 bucket
of production (same storage API, nothing read by path).

Needs root, `ip netns`, `haproxy` (make install-test installs it) and PostgreSQL; skipped otherwise.
"""

from __future__ import annotations

import contextlib
import fcntl
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.db import connection

from tests.builders import photo_ok
from zhicheng.accounts.hashers import WebArgon2PasswordHasher
from zhicheng.applications.models import Application, StatusHistory
from zhicheng.core.models import AuditEvent
from zhicheng.notifications.models import Message

ROOT = Path(__file__).resolve().parents[3]
VENV_BIN = Path(sys.executable).parent
PASSWORD = "Two-nodes-2026"
LOCK = Path("/tmp/zhicheng-two-nodes.lock")  # one such test on the machine at a time (xdist, other clones)


def _why_skip() -> str:
    if os.environ.get("DATABASE_URL", "").split(":", 1)[0] not in ("postgres", "postgresql", "pgsql"):
        return "two-node test: needs DATABASE_URL on PostgreSQL (the PostgreSQL leg)"
    if os.geteuid() != 0:
        return "two-node test: needs root for `ip netns` and veth pairs"
    if not shutil.which("ip") or subprocess.run(["ip", "netns", "list"], capture_output=True).returncode:
        return "two-node test: `ip netns` is not available"
    if not shutil.which("haproxy"):
        return "two-node test: haproxy is not installed (make install-test installs it)"
    return ""


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.xdist_group("two_nodes"),
    pytest.mark.skipif(bool(_why_skip()), reason=_why_skip() or "-"),
    pytest.mark.django_db(transaction=True),
]


def _sh(*args: str, check: bool = True) -> None:
    subprocess.run(args, check=check, capture_output=True, timeout=20)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(host: str, port: int, deadline: float, path: str = "/privacy/") -> None:
    last: object = None
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(host, port, timeout=5)
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return
            last = status
        except OSError as exc:
            last = exc
        time.sleep(0.2)
    raise AssertionError(f"{host}:{port} did not answer 200 on {path}: {last}")


class Browser:
    """A cookie jar over fresh connections to the load balancer; remembers which node answered."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, files: dict | None = None):
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body: bytes | None = None
        if files:
            boundary = "zc" + secrets.token_hex(8)
            parts = []
            for key, value in (form or {}).items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
                )
            for key, (name, data, ctype) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; filename="{name}"\r\n'
                    f"Content-Type: {ctype}\r\n\r\n".encode()
                    + data
                    + b"\r\n"
                )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if body is not None:
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", data, response.getheader("X-Zc-Node")

    def csrf(self, path: str) -> str:
        _, _, data, _ = self.request("GET", path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', data)
        assert match, f"no CSRF token on {path}"
        return match.group(1).decode()

    def until_other_node(self, path: str, node: str, tries: int = 6):
        """GET path until a node other than `node` answers (round-robin: the next request at the latest)."""
        for _ in range(tries):
            result = self.request("GET", path)
            if result[3] and result[3] != node:
                return result
        raise AssertionError(f"{path} was always served by {node}")


class Cluster:
    """Namespaces, bridge, HAProxy, two gunicorn nodes and a Celery worker; stop() undoes all of it."""

    def __init__(self, media_root: Path, workdir: Path):
        pid = os.getpid()
        self.tag = f"{pid % 100000}"
        self.net = f"10.{100 + (pid >> 8) % 100}.{pid & 255}"
        self.bridge = f"zcbr{self.tag}"
        self.namespaces = {"a": f"zc-{pid}-a", "b": f"zc-{pid}-b"}
        self.addresses = {"a": f"{self.net}.11", "b": f"{self.net}.12"}
        self.media_root = media_root
        self.workdir = workdir
        self.processes: dict[str, subprocess.Popen] = {}
        self.lb_port = _free_port()
        db = connection.settings_dict
        self.db_name = db["NAME"]
        self.db_user = db["USER"] or "postgres"
        self.db_password = db["PASSWORD"] or ""
        self.db_port = int(db["PORT"] or 5432)
        self.redis_db = 9
        self.secret = secrets.token_urlsafe(64)
        # The rows the test made (phones, ID numbers, the audit chain) are under the tests' keys: the nodes
        # must read them, as every node of a province shares one key.
        self.field_key = django_settings.FIELD_ENCRYPTION_KEY
        self.audit_key = getattr(django_settings, "AUDIT_CHAIN_KEY", "") or ""

    # --- network ------------------------------------------------------------------------------
    def network_up(self) -> None:
        _sh("ip", "link", "add", self.bridge, "type", "bridge")
        _sh("ip", "addr", "add", f"{self.net}.1/24", "dev", self.bridge)
        _sh("ip", "link", "set", self.bridge, "up")
        for node, ns in self.namespaces.items():
            host_end, node_end = f"zch{self.tag}{node}", f"zcn{self.tag}{node}"
            _sh("ip", "netns", "add", ns)
            _sh("ip", "link", "add", host_end, "type", "veth", "peer", "name", node_end)
            _sh("ip", "link", "set", node_end, "netns", ns)
            _sh("ip", "link", "set", host_end, "master", self.bridge)
            _sh("ip", "link", "set", host_end, "up")
            _sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up")
            _sh("ip", "netns", "exec", ns, "ip", "addr", "add", f"{self.addresses[node]}/24", "dev", node_end)
            _sh("ip", "netns", "exec", ns, "ip", "link", "set", node_end, "up")
            _sh("ip", "netns", "exec", ns, "ip", "route", "add", "default", "via", f"{self.net}.1")

    def network_down(self) -> None:
        for node, ns in self.namespaces.items():
            _sh("ip", "link", "del", f"zch{self.tag}{node}", check=False)
            _sh("ip", "netns", "del", ns, check=False)
        _sh("ip", "link", "del", self.bridge, check=False)

    # --- processes ----------------------------------------------------------------------------
    def _env(self, host: str) -> dict[str, str]:
        """The deploy template's variables (deploy/zhicheng.env.example), for a node reaching `host`."""
        auth = self.db_user + (f":{self.db_password}" if self.db_password else "")
        env = {
            k: v
            for k, v in os.environ.items()
            if k in ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "PYTHONPATH", "ZHICHENG_FONT_DIRS")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY=self.secret,
            FIELD_ENCRYPTION_KEY=self.field_key,
            AUDIT_CHAIN_KEY=self.audit_key,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            DATABASE_URL=f"postgres://{auth}@{host}:{self.db_port}/{self.db_name}",
            CELERY_BROKER_URL=f"redis://{host}:6379/{self.redis_db}",
            CACHE_URL=f"redis://{host}:6379/{self.redis_db}",
            CELERY_TASK_ALWAYS_EAGER="false",
            MEDIA_ROOT=str(self.media_root),
            ZHICHENG_VAR_DIR=str(self.workdir / "var"),
            TRUSTED_PROXIES=f"{self.net}.1",
            SECURE_SSL_REDIRECT="false",
            GUNICORN_WORKERS="1",
            GUNICORN_THREADS="4",
            GUNICORN_FORWARDED_ALLOW_IPS=f"{self.net}.1",
            GUNICORN_ACCESSLOG="-",
            GUNICORN_LOGLEVEL="warning",
            PYTHONDONTWRITEBYTECODE="1",
        )
        return env

    def _start(self, name: str, args: list[str], env: dict[str, str]) -> None:
        log = open(self.workdir / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()

    def haproxy_up(self) -> None:
        maintenance = (ROOT / "deploy/nginx/maintenance.html").read_bytes()
        for code, reason in ((502, "Bad Gateway"), (503, "Service Unavailable"), (504, "Gateway Timeout")):
            (self.workdir / f"{code}.http").write_bytes(
                f"HTTP/1.0 {code} {reason}\r\nContent-Type: text/html; charset=utf-8\r\n"
                "Cache-Control: no-cache\r\nConnection: close\r\n\r\n".encode()
                + maintenance
            )
        servers = "\n".join(
            f"    server {node} {address}:8000 check" for node, address in self.addresses.items()
        )
        config = f"""
global
    maxconn 256
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    retries 3
    option redispatch 1
    errorfile 502 {self.workdir}/502.http
    errorfile 503 {self.workdir}/503.http
    errorfile 504 {self.workdir}/504.http
frontend web
    bind 127.0.0.1:{self.lb_port}
    default_backend nodes
backend nodes
    balance roundrobin
    option httpchk
    http-check send meth GET uri /privacy/ ver HTTP/1.1 hdr Host 127.0.0.1
    default-server inter 500ms fall 1 rise 1
    http-response set-header X-Zc-Node %[srv_name]
{servers}
listen postgres
    mode tcp
    bind {self.net}.1:{self.db_port}
    timeout client 1h
    timeout server 1h
    server pg 127.0.0.1:{self.db_port}
listen redis
    mode tcp
    bind {self.net}.1:6379
    timeout client 1h
    timeout server 1h
    server redis 127.0.0.1:6379
"""
        path = self.workdir / "haproxy.cfg"
        path.write_text(config)
        self._start("haproxy", ["haproxy", "-db", "-f", str(path)], {"PATH": os.environ["PATH"]})

    def nodes_up(self) -> None:
        for node, ns in self.namespaces.items():
            env = self._env(f"{self.net}.1")
            env["GUNICORN_BIND"] = f"{self.addresses[node]}:8000"
            self._start(
                f"node-{node}",
                ["ip", "netns", "exec", ns, str(VENV_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
                 "config.wsgi"],
                env,
            )  # fmt: skip
        # The worker: a separate process on the host, consuming the same broker (nothing eager).
        self._start(
            "worker",
            [str(VENV_BIN / "celery"), "-A", "config", "worker", "--loglevel=WARNING", "--concurrency=1",
             "--pool=solo", "-Q", "celery", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            self._env("127.0.0.1"),
        )  # fmt: skip
        deadline = time.monotonic() + 40
        for node in self.namespaces:
            _wait_http(self.addresses[node], 8000, deadline)
        # HAProxy marked the nodes down while they booted: wait until its checks see both up again.
        seen: set[str] = set()
        while seen != set(self.namespaces) and time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                seen.add(Browser(self.lb_port).request("GET", "/privacy/")[3] or "")
            seen.discard("")
            time.sleep(0.1)
        assert seen == set(self.namespaces), f"the load balancer sees only {seen}"

    def kill(self, name: str) -> None:
        process = self.processes.get(name)
        if process and process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def stop(self) -> None:
        for name in list(self.processes):
            process = self.processes[name]
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=5)
                except (subprocess.TimeoutExpired, ProcessLookupError):
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=5)
        self.network_down()

    def logs(self) -> str:
        out = []
        for name in self.processes:
            path = self.workdir / f"{name}.log"
            if path.exists():
                out.append(f"--- {name} ---\n" + path.read_text(errors="replace")[-3000:])
        return "\n".join(out)


def _static_manifest(env: dict[str, str], workdir: Path) -> None:
    """Production pages need STATIC_ROOT's manifest (`make serve` runs collectstatic). When it is missing or
    older than the sources, collect once without WhiteNoise's compression (the slow part: ~45 s on this box),
    which the production storage reads all the same; `make serve` later compresses over it."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    sources = [
        p for d in [ROOT / "static", *ROOT.glob("zhicheng/*/static")] for p in d.rglob("*") if p.is_file()
    ]
    newest = max((p.stat().st_mtime for p in sources), default=0)
    if manifest.exists() and manifest.stat().st_mtime >= newest:
        return
    (workdir / "collect_settings.py").write_text(
        "from config.settings.production import *  # noqa\n"
        "STORAGES = {**STORAGES, 'staticfiles': "  # noqa: F405
        "{'BACKEND': 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'}}\n"
    )
    env = {**env, "DJANGO_SETTINGS_MODULE": "collect_settings", "PYTHONPATH": str(workdir)}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, check=True, timeout=120, capture_output=True,
    )  # fmt: skip


@pytest.fixture
def cluster(settings, tmp_path):
    with open(LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        media_root = Path(settings.MEDIA_ROOT)  # the shared directory standing for the S3 bucket
        media_root.mkdir(parents=True, exist_ok=True)
        (tmp_path / "var").mkdir()
        c = Cluster(media_root, tmp_path)
        try:
            _static_manifest(c._env("127.0.0.1"), tmp_path)
            c.network_up()
            c.haproxy_up()
            yield c
        finally:
            c.stop()
            print(c.logs())  # shown by pytest when the test failed


def _login(browser: Browser, phone: str) -> str:
    token = browser.csrf("/accounts/login/")
    status, location, _, node = browser.request(
        "POST", "/accounts/login/", {"username": phone, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert status == 302 and "/login" not in location, (status, location)
    return node


def _assert_whole(app: Application) -> None:
    """All of a submission or none of it: status, time, history row and named audit event agree."""
    history = StatusHistory.objects.filter(application=app, to_status="pending").count()
    audited = AuditEvent.objects.filter(object_id=str(app.pk), event="application_submitted").count()
    if app.status == "pending":
        assert (history, audited, app.submitted_at is not None) == (1, 1, True)
    else:
        assert (app.status, history, audited, app.submitted_at) == ("draft", 0, 0, None)


def test_two_nodes_behind_a_load_balancer_share_sessions_files_and_the_worker(cluster, ready, applicant):
    started = time.monotonic()
    # The nodes run production's hashers (Argon2), not the tests' fast one.
    hasher = WebArgon2PasswordHasher()
    applicant.password = hasher.encode(PASSWORD, hasher.salt())
    applicant.save(update_fields=["password"])
    Message.objects.all().delete()
    cluster.nodes_up()

    browser = Browser(cluster.lb_port)
    # 1. Logged in on one node, still logged in on the other (no sticky sessions: round-robin).
    login_node = _login(browser, applicant.phone)
    status, location, _, other = browser.until_other_node("/accounts/home/", login_node)
    assert status == 200, (status, location)
    assert {login_node, other} == {"a", "b"}

    # 2. A photo uploaded through one node is served through the other (shared storage root).
    photo_step = f"/applications/{ready.pk}/step/photo/"
    token = browser.csrf(photo_step)
    status, location, _, upload_node = browser.request(
        "POST",
        photo_step,
        {"csrfmiddlewaretoken": token},
        files={"photo": ("照片.jpg", photo_ok(), "image/jpeg")},
    )
    assert status == 302, (status, location)
    ready.refresh_from_db()
    stored = ready.draft.photo
    assert stored
    with stored.open("rb") as f:
        stored_bytes = f.read()
    status, _, served, served_node = browser.until_other_node(
        f"/applications/{ready.pk}/photo.jpg", upload_node
    )
    assert status == 200 and served_node != upload_node
    assert served == stored_bytes

    # 3. 提交 while one node is killed: three clicks race the SIGKILL of node b (some may reach it before
    # it dies, the rest are sent while HAProxy has not yet seen it down). Each answer is the dossier
    # (done, or "已提交") or the Chinese busy page; the rows are all of a submission or none of it.
    submit_token = browser.csrf(f"/applications/{ready.pk}/step/preview/")
    version = Application.objects.get(pk=ready.pk).version
    results: list = []

    def submit():
        b = Browser(cluster.lb_port)
        b.cookies = dict(browser.cookies)
        form = {"version": version, "csrfmiddlewaretoken": submit_token}
        results.append(b.request("POST", f"/applications/{ready.pk}/submit/", form))

    threads = [threading.Thread(target=submit) for _ in range(3)]
    for t in threads:
        t.start()
    time.sleep(0.05)
    cluster.kill("node-b")
    for t in threads:
        t.join(timeout=40)
    assert len(results) == 3
    for status, location, body, _node in results:
        if status == 302:
            assert location.endswith(f"/applications/{ready.pk}/"), location
        else:
            assert status in (502, 503, 504), status
            assert "系统繁忙，请稍后再试" in body.decode(), body[:300]
    app = Application.objects.get(pk=ready.pk)
    print("提交 while node b was killed:", [(r[0], r[3]) for r in results], "→", app.status)
    _assert_whole(app)
    if app.status == "draft":
        # Refused everywhere: trying again reaches the surviving node and does it, once.
        form = {"version": version, "csrfmiddlewaretoken": submit_token}
        status, _, _, node = browser.request("POST", f"/applications/{ready.pk}/submit/", form)
        assert (status, node) == (302, "a")
        app.refresh_from_db()
        _assert_whole(app)
    assert app.status == "pending"
    # A click after that is told it is already done, and nothing doubles.
    form = {"version": version, "csrfmiddlewaretoken": submit_token}
    assert browser.request("POST", f"/applications/{ready.pk}/submit/", form)[0] == 302
    _assert_whole(Application.objects.get(pk=ready.pk))

    # 4. The messages the node queued are sent by the worker process (the outbox rows reach 已发送).
    queued = list(Message.objects.values_list("pk", flat=True))
    assert queued, "提交 queued no message"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if not Message.objects.filter(pk__in=queued).exclude(status=Message.Status.SENT).exists():
            break
        time.sleep(0.3)
    statuses = dict(Message.objects.filter(pk__in=queued).values_list("pk", "status"))
    assert set(statuses.values()) == {Message.Status.SENT}, statuses
    sent = list(Message.objects.values_list("recipient_id", "channel", "subject"))
    assert len(sent) == len(set(sent)), f"a message went out twice: {sent}"
    assert time.monotonic() - started < 90
