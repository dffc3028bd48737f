"""The production start (issue 13, "Serve"): static files collected with hashed
names and served by whitenoise, gunicorn behind an HTTPS proxy, the security
settings read from the environment, ``check --deploy`` without a warning and
``make serve``'s script (mentoring/serve.sh)."""

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from mentoring import settings as project_settings

from .worker import database_url, skip_without_services

ROOT = Path(settings.BASE_DIR)
HASHED_CSS = re.compile(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"')
IMMUTABLE = "max-age=315360000, public, immutable"
START_SECONDS = 20
# what the README documents for production (DATABASE_URL is not connected to)
PRODUCTION = {
    "DEBUG": "false",
    "HTTPS": "true",
    "ALLOWED_HOSTS": "mentoring.example.org",
    "DATABASE_URL": "postgres://mentoring:secret@127.0.0.1:5432/mentoring",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def clean_env(**overrides: str) -> dict:
    """This process's environment without the portal's variables and the test
    run's (the browser tests allow Django's async-unsafe calls for Playwright)."""
    drop = {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "HTTPS", "ALLOWED_HOSTS",
            "DATA_DIR", "MEDIA_ROOT", "GUNICORN_BIND", "WEB_CONCURRENCY", "SECURE_COOKIES",
            "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("PYTEST")}
    env.update(DJANGO_SETTINGS_MODULE="mentoring.settings", **overrides)
    return env


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, method: str = "GET", headers: dict | None = None,
          body: str | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One request, no redirect followed: (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def wait_until_serving(process: subprocess.Popen, port: int, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("the server exited with %s:\n%s" % (process.returncode, log.read_text()))
        try:
            fetch(port, "/healthz/?format=json")
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail("the server did not answer in %d s:\n%s" % (seconds, log.read_text()))


def stop(process: subprocess.Popen) -> int:
    """SIGTERM to the process (group leader), then wait; returns the exit code."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        return process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        pytest.fail("the server did not stop within 40 s of SIGTERM")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """A DATA_DIR whose staticfiles/ collectstatic filled with the production
    storage, as `make serve` does."""
    path = tmp_path_factory.mktemp("data")
    result = manage(clean_env(SECRET_KEY="k", DATA_DIR=str(path)), "collectstatic", "--noinput")
    assert result.returncode == 0, result.stderr
    return path


# --- static files ---------------------------------------------------------------------


def test_collectstatic_writes_hashed_and_compressed_files(data_dir):
    root = data_dir / "staticfiles"
    hashed = [p.name for p in (root / "css").glob("portal.*.css")]
    assert len(hashed) == 1 and re.fullmatch(r"portal\.[0-9a-f]{12}\.css", hashed[0])
    assert (root / "css" / (hashed[0] + ".gz")).is_file()
    assert (root / "css" / (hashed[0] + ".br")).is_file()
    assert (root / "staticfiles.json").is_file()


def test_whitenoise_serves_hashed_files_for_ever_compressed(data_dir, settings, db):
    settings.STATIC_ROOT = data_dir / "staticfiles"
    settings.STORAGES = project_settings.STORAGES
    client = Client()  # its handler (and whitenoise) starts with these settings

    page = client.get("/login/").content.decode()
    css = HASHED_CSS.search(page).group(1)
    plain = client.get(css)
    brotli = client.get(css, headers={"accept-encoding": "gzip, br"})
    gzip = client.get(css, headers={"accept-encoding": "gzip"})

    assert plain.status_code == 200 and plain["Cache-Control"] == IMMUTABLE
    assert brotli.status_code == 200 and brotli["Content-Encoding"] == "br"
    assert gzip.status_code == 200 and gzip["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in plain["Vary"]
    source = (ROOT / "static/css/portal.css").read_bytes()
    assert b"".join(client.get(css).streaming_content) == source


def test_an_unhashed_name_is_served_but_not_cached_for_ever(data_dir, settings):
    settings.STATIC_ROOT = data_dir / "staticfiles"
    settings.STORAGES = project_settings.STORAGES
    response = Client().get("/static/css/portal.css")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"


# --- gunicorn behind an HTTPS proxy -------------------------------------------------------


@pytest.fixture(scope="module")
def gunicorn(data_dir, tmp_path_factory):
    """gunicorn as `make serve` starts it (mentoring/gunicorn.conf.py) on a free
    port, DEBUG off, HTTPS on (a proxy would add X-Forwarded-Proto), on a
    migrated SQLite database in DATA_DIR; yields (port, log path)."""
    port = free_port()
    tmp_path = tmp_path_factory.mktemp("gunicorn")
    env = clean_env(
        SECRET_KEY=secrets.token_urlsafe(50), DEBUG="false", HTTPS="true", DATA_DIR=str(data_dir),
        MEDIA_ROOT=str(tmp_path / "media"), GUNICORN_BIND="127.0.0.1:%d" % port,
        WEB_CONCURRENCY="1",
    )
    migrated = manage(env, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    log = tmp_path / "gunicorn.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "mentoring/gunicorn.conf.py",
             "mentoring.wsgi"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_until_serving(process, port, log, START_SECONDS)
        yield port, log
    finally:
        stop(process)


def test_gunicorn_serves_pages_and_static_files_behind_an_https_proxy(gunicorn):
    port, log = gunicorn
    proxied = {"X-Forwarded-Proto": "https"}

    health, _h, _b = fetch(port, "/healthz/?format=json")
    redirect, redirect_headers, _b = fetch(port, "/login/")
    login, login_headers, page = fetch(port, "/login/", headers=proxied)
    css = HASHED_CSS.search(page.decode()).group(1)
    static, static_headers, _b = fetch(port, css, headers={**proxied, "Accept-Encoding": "br"})

    assert health == 200  # probes over plain http are not redirected
    assert redirect == 301
    assert redirect_headers["Location"] == "https://127.0.0.1:%d/login/" % port
    assert login == 200
    assert login_headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    cookie = login_headers["Set-Cookie"]
    assert cookie.startswith("csrftoken=") and "Secure" in cookie and "HttpOnly" in cookie
    assert static == 200
    assert static_headers["Cache-Control"] == IMMUTABLE
    assert static_headers["Content-Encoding"] == "br"
    assert '"GET /login/ HTTP/1.1" 200' in log.read_text()  # the access log


def test_gunicorn_accepts_a_login_form_posted_through_the_proxy(gunicorn):
    """CSRF behind the proxy: the form's origin is https://host, the request
    reaches gunicorn as http with X-Forwarded-Proto."""
    port, _log = gunicorn
    proxied = {"X-Forwarded-Proto": "https"}
    _status, headers, page = fetch(port, "/login/", headers=proxied)
    cookie = headers["Set-Cookie"].split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.decode()).group(1)

    status, _h, body = fetch(
        port, "/login/", method="POST",
        headers={**proxied, "Cookie": cookie, "Origin": "https://127.0.0.1:%d" % port,
                 "Content-Type": "application/x-www-form-urlencoded"},
        body="csrfmiddlewaretoken=%s&username=nobody&password=wrong-password" % token,
    )

    assert status == 200  # the form again with its error: not 403 (CSRF)
    assert 'name="username"' in body.decode()


# --- security settings and check --deploy ------------------------------------------------


PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
    "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.HEALTH_CHECKS]))"
)


def probe(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=clean_env(**env),
                          capture_output=True, text=True, timeout=60)


def test_https_turns_on_the_proxy_header_redirect_secure_cookies_and_hsts():
    result = probe(SECRET_KEY="k", HTTPS="true", HSTS_SECONDS="600")
    assert result.returncode == 0, result.stderr
    header, redirect, session, csrf, hsts, _checks = __import__("json").loads(result.stdout)
    assert header == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert (redirect, session, csrf, hsts) == (True, True, True, 600)


def test_without_https_the_portal_works_over_plain_http():
    result = probe(SECRET_KEY="k")
    assert result.returncode == 0, result.stderr
    header, redirect, session, csrf, hsts, _checks = __import__("json").loads(result.stdout)
    assert (header, redirect, session, csrf, hsts) == (None, False, False, False, 0)


def test_the_old_secure_cookies_variable_is_refused_with_its_replacement():
    result = probe(SECRET_KEY="k", SECURE_COOKIES="true")
    assert result.returncode != 0
    assert "SECURE_COOKIES is replaced by HTTPS=true" in result.stderr


def test_check_deploy_with_the_documented_production_environment_finds_nothing():
    env = clean_env(SECRET_KEY=secrets.token_urlsafe(50), **PRODUCTION)
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_without_https():
    """The test above would pass on a project that checks nothing: this one
    shows the same command does report."""
    env = clean_env(SECRET_KEY=secrets.token_urlsafe(50), **{**PRODUCTION, "HTTPS": "false"})
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout


# --- make serve ------------------------------------------------------------------------


def live_processes(group: int) -> list[str]:
    """The processes of a process group still running ("state ppid pgid"; a
    zombie, already dead and waiting to be reaped, is left out)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(" ".join(fields[:3]))
    return found


def serve(env: dict, log: Path) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen(["bash", "mentoring/serve.sh"], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def test_serve_names_the_missing_variables(tmp_path):
    result = subprocess.run(["bash", "mentoring/serve.sh"], cwd=ROOT, env=clean_env(SECRET_KEY="k"),
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "set DATABASE_URL REDIS_URL in the environment" in result.stderr


def test_serve_refuses_sqlite():
    env = clean_env(SECRET_KEY="k", DATABASE_URL="sqlite:///x.db", REDIS_URL="redis://127.0.0.1/0")
    result = subprocess.run(["bash", "mentoring/serve.sh"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "DATABASE_URL must be a postgres:// URL" in result.stderr


@pytest.mark.worker
def test_serve_runs_web_and_worker_and_stops_both(db, tmp_path):
    """The whole production start on PostgreSQL and Redis: the health check
    (database, Redis cache, storage and the worker serve.sh started) answers
    200; SIGTERM stops gunicorn and the worker."""
    skip_without_services()
    port = free_port()
    env = clean_env(
        SECRET_KEY=secrets.token_urlsafe(50), DATABASE_URL=database_url(),
        REDIS_URL=os.environ["REDIS_URL"], DATA_DIR=str(tmp_path),
        MEDIA_ROOT=str(tmp_path / "media"), GUNICORN_BIND="127.0.0.1:%d" % port,
        WEB_CONCURRENCY="1", CELERY_CONCURRENCY="1",
    )
    log = tmp_path / "serve.log"
    process = serve(env, log)
    try:
        deadline = time.monotonic() + 90  # check, migrate, collectstatic, then the worker
        status = None
        while time.monotonic() < deadline and status != 200:
            if process.poll() is not None:
                pytest.fail("serve.sh exited with %s:\n%s" % (process.returncode, log.read_text()))
            try:
                status, _h, body = fetch(port, "/healthz/?format=json")
            except OSError:
                pass
            time.sleep(0.5)
        assert status == 200, log.read_text()
        assert b'"Worker()": "OK"' in body
    finally:
        os.kill(process.pid, signal.SIGTERM)  # the script only: its trap stops the rest
        code = stop(process)
    left = live_processes(process.pid)
    if left:
        os.killpg(process.pid, signal.SIGKILL)
    assert code == 143, log.read_text()  # stopped by the signal
    assert left == [], "gunicorn or the worker outlived serve.sh:\n" + log.read_text()
