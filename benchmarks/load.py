"""Benchmark: 50 logged-in users browsing the production start on PostgreSQL.

    .venv/bin/python benchmarks/load.py [--users 50] [--seconds 60] [--spawn-rate 2]
                                        [--baseline-seconds 20] [--workers N] [--threads N]

A throwaway PostgreSQL database beside ``DATABASE_URL``'s (default
``postgres://postgres@127.0.0.1:5432/postgres``) is migrated and loaded with
the demo college (``load_demo``); then ``make serve``'s own start,
mentoring/serve.sh, runs against it with ``DEBUG=false``: check --deploy,
collectstatic into a temporary DATA_DIR (whitenoise serves them), a Celery
worker with beat and gunicorn with mentoring/gunicorn.conf.py, on Redis
``REDIS_URL`` (default ``redis://127.0.0.1:6379/2``), all on 127.0.0.1 over
plain HTTP. The run starts once /healthz/ answers 200.

Locust, used as a library (headless ``Environment`` and local runner), runs
users of the four roles — curator, director, mentor, mentee — in equal
numbers. Each logs in through the login form (CSRF token, the demo password
``demo-pass-2026``; django-axes sees only correct passwords), loads the
dashboard and the static files the pages reference (a browser with an empty
cache), then browses its role's pages with 1–3 s of reading between them:
the curator the dashboard, the mentor and mentee bases, pairs, cadence,
roadmap, orders, reports and indicators; the director the dashboard, pairs,
approval queue, orders, reports, indicators and roadmap; the mentor the
dashboard, my pairs, the pair's page with its meetings, its programme and
the feedback forms; the mentee the dashboard, my mentor and the feedback forms.
Any answer but 200 (a redirect to the login page included) is an error.

Each phase logs everyone in first (users start at ``--spawn-rate`` per
second), then restarts the statistics and browses for a fixed time. Phases,
in one run: a 10 s warm-up (not measured), the baseline (one user per role,
``--baseline-seconds``) and the load (``--users``, ``--seconds``). Printed for
the logging in and for the browsing: requests, errors, req/s, p50/p95/max
latency of all requests, pages, static files and logins (PBKDF2 password
hashing, deliberately slow); under load, each page's p50/p95; the server CPU
per request (gunicorn, Celery, PostgreSQL: independent of other programs on
the machine, unlike latencies, and the load average is printed to show
them); and the ratio of the load's p95 to the baseline's. Goal: browsing
p95 < 500 ms with 0 errors in the whole run. Stops by itself: stops the
server (gunicorn and the worker), drops the database and the temporary folder.
"""

# locust patches the standard library for gevent: it comes first
from locust import FastHttpUser, between, task  # noqa: I001
from locust.env import Environment
from locust.stats import StatsEntry

import argparse
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import gevent

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.throwaway import create_postgres_database, drop_postgres_database  # noqa: E402

PYTHON = sys.executable
DEMO_PASSWORD = "demo-pass-2026"  # mentoring.demo.builder.DEMO_PASSWORD (not imported: no Django here)
LOGIN = "/login/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATIC = re.compile(r'(?:href|src)="(/static/[^"]+)"')
PAIR = re.compile(r'href="/pairs/(\d+)/"')
GOAL_P95_MS = 500


class PortalUser(FastHttpUser):
    """A person of one role: logs in, then reads the pages of ``pages``."""

    abstract = True
    username = ""
    pages: tuple[tuple[str, str], ...] = ()  # (label, path)
    wait_time = between(1, 3)

    def on_start(self):
        try:
            self.log_in()
        finally:  # the run waits for every user to have tried
            self.environment.logged_in += 1

    def log_in(self):
        """The login form (CSRF token), the login, the dashboard and the static
        files the two pages reference (a browser with an empty cache)."""
        form = self.client.get(LOGIN, name="login form")
        token = CSRF.search(form.text or "")
        with self.client.post(
            LOGIN, name="login (POST)", allow_redirects=False, catch_response=True,
            data={"username": self.username, "password": DEMO_PASSWORD,
                  "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": self.host + LOGIN},
        ) as response:
            if response.status_code != 302 or response.headers.get("Location", "").endswith(LOGIN):
                response.failure(f"login of {self.username} answered {response.status_code}")
        home = self.page("dashboard", "/")
        for path in sorted(set(STATIC.findall(form.text or "") + STATIC.findall(home))):
            self.client.get(path, name="static files")
        self.after_login()

    def after_login(self):
        """Hook for a role that needs an id from its pages."""

    def page(self, label: str, path: str) -> str:
        """GET a page of the portal; anything but 200 (a redirect to the login
        page included) is an error."""
        with self.client.get(path, name=label, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{path} answered {response.status_code}")
            return response.text or ""

    @task
    def browse(self):
        self.page(*random.choice(self.pages))


class Curator(PortalUser):
    username = "curator"
    pages = (("dashboard", "/"), ("mentor base", "/participants/mentors/"),
             ("mentee base", "/participants/mentees/"), ("pairs", "/pairs/"),
             ("roadmap", "/roadmap/"), ("orders", "/reports/orders/"), ("reports", "/reports/"),
             ("indicators", "/reports/indicators/"), ("cadence", "/pairs/cadence/"))


class Director(PortalUser):
    username = "director"
    pages = (("dashboard", "/"), ("pairs", "/pairs/"), ("approval queue", "/pairs/approval/"),
             ("orders", "/reports/orders/"), ("reports", "/reports/"),
             ("indicators", "/reports/indicators/"), ("roadmap", "/roadmap/"))


class Mentor(PortalUser):
    username = "mentor"
    pages = (("dashboard", "/"), ("my pairs", "/pairs/mine/"), ("feedback forms", "/surveys/"))

    def after_login(self):
        found = PAIR.search(self.page("my pairs", "/pairs/mine/"))
        if found:  # the pair's page lists its meetings; its programme too
            self.pages = (*self.pages, ("pair and meetings", f"/pairs/{found.group(1)}/"),
                          ("pair programme", f"/pairs/{found.group(1)}/plan/"))


class Mentee(PortalUser):
    username = "mentee"
    pages = (("dashboard", "/"), ("my mentor", "/pairs/my-mentor/"), ("feedback forms", "/surveys/"))


ROLES = [Curator, Director, Mentor, Mentee]


# --- the production start -------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def _start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    """A server process in its own process group (stopped with its children)."""
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def _stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _wait_ready(url: str, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the server did not answer {url} within {timeout} s:\n{log.read_text()[-3000:]}")


def production_env(database_url: str, redis_url: str, data_dir: Path, port: int) -> dict:
    """The documented production environment, on plain HTTP over loopback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update({
        "DATABASE_URL": database_url, "REDIS_URL": redis_url, "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATA_DIR": str(data_dir), "MEDIA_ROOT": str(data_dir / "media"),
        "PORTAL_URL": f"http://127.0.0.1:{port}", "LOG_LEVEL": "WARNING",
        # no TLS proxy on loopback: cookies over http, no redirect to https
        "HTTPS": "false",
    })
    return env


def serve_env(env: dict, port: int, workers: int | None, threads: int | None) -> dict:
    """``make serve``'s own start (mentoring/serve.sh: check --deploy, migrate,
    collectstatic, a Celery worker with beat, gunicorn with
    mentoring/gunicorn.conf.py) on 127.0.0.1:``port``."""
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "CELERY_CONCURRENCY": "1",
           "VENV": str(Path(PYTHON).parent.parent)}
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    if threads:
        env["GUNICORN_THREADS"] = str(threads)
    return env


# --- the run ----------------------------------------------------------------------------


@dataclass
class Figures:
    """Latency figures of one stretch of a phase, in ms."""

    requests: int
    errors: int
    seconds: float
    groups: dict[str, tuple[int, int, int, int, int]]  # name: (n, errors, p50, p95, max)
    entries: dict[str, tuple[int, int, int, int, int]]
    error_lines: list[str]
    cpu: dict[str, float] | None = None  # seconds of server CPU while browsing, by process kind

    @property
    def p50(self) -> int:
        return self.groups["all requests"][2]

    @property
    def p95(self) -> int:
        return self.groups["all requests"][3]


def _row(entry: StatsEntry) -> tuple[int, int, int, int, int]:
    if not entry.num_requests:
        return (0, entry.num_failures, 0, 0, 0)
    return (entry.num_requests, entry.num_failures, entry.get_response_time_percentile(0.5),
            entry.get_response_time_percentile(0.95), int(entry.max_response_time or 0))


def _merge(stats, keep) -> StatsEntry:
    merged = StatsEntry(stats, "merged", "", use_response_times_cache=False)
    for entry in stats.entries.values():
        if keep(entry.name):
            merged.extend(entry)
    return merged


def figures(stats, seconds: float) -> Figures:
    non_pages = {"static files", "login (POST)"}
    groups = {
        "all requests": stats.total,
        "pages": _merge(stats, lambda name: name not in non_pages),
        "static files": _merge(stats, lambda name: name == "static files"),
        "logins (POST)": _merge(stats, lambda name: name == "login (POST)"),
    }
    return Figures(
        requests=stats.total.num_requests, errors=stats.total.num_failures, seconds=seconds,
        groups={name: _row(entry) for name, entry in groups.items() if entry.num_requests},
        entries={entry.name: _row(entry) for entry in stats.entries.values()},
        error_lines=[f"x{e.occurrences} {e.method} {e.name}: {e.error}" for e in stats.errors.values()],
    )


class ServerCpu:
    """CPU seconds spent by the portal's processes: gunicorn (master and
    workers), the Celery worker and beat, and the PostgreSQL backends serving
    the benchmark's database.
    Independent of what else runs on the machine, unlike the latencies."""

    def __init__(self, server_pid: int, base_url: str, database: str):
        self.server_pid, self.base_url, self.database = server_pid, base_url, database

    def _pids(self) -> dict[str, list[int]]:
        import psutil
        import psycopg

        server = psutil.Process(self.server_pid)
        with psycopg.connect(self.base_url, autocommit=True) as conn:
            backends = [row[0] for row in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database])]
        pids = {"gunicorn": [], "Celery": [], "PostgreSQL": backends}
        for child in server.children(recursive=True):
            try:
                command = " ".join(child.cmdline())
            except psutil.Error:
                continue
            if "gunicorn" in command:
                pids["gunicorn"].append(child.pid)
            elif "celery" in command:
                pids["Celery"].append(child.pid)
        return pids

    def snapshot(self) -> dict[tuple[str, int], float]:
        import psutil

        times = {}
        for kind, pids in self._pids().items():
            for pid in pids:
                try:
                    cpu = psutil.Process(pid).cpu_times()
                except psutil.Error:
                    continue
                times[(kind, pid)] = cpu.user + cpu.system
        return times

    @staticmethod
    def spent(before: dict, after: dict) -> dict[str, float]:
        spent = {"gunicorn": 0.0, "PostgreSQL": 0.0, "Celery": 0.0}
        for key, seconds in after.items():
            spent[key[0]] += seconds - before.get(key, 0.0)
        return spent


def run_phase(host: str, users: int, spawn_rate: float, seconds: float, cpu: ServerCpu,
              login_timeout: float = 300) -> tuple[Figures, Figures]:
    """One headless Locust run of ``users`` (equal numbers per role): all log
    in (spawned at ``spawn_rate`` per second), then the statistics restart and
    they browse for ``seconds``. Returns the figures of the logging in (with
    the cold-cache static files) and of the browsing."""
    env = Environment(user_classes=ROLES, host=host, stop_timeout=10)
    env.logged_in = 0
    runner = env.create_local_runner()
    started = time.monotonic()
    runner.start(users, spawn_rate=spawn_rate)
    while env.logged_in < users and time.monotonic() - started < login_timeout:
        gevent.sleep(0.1)
    login = figures(env.stats, time.monotonic() - started)
    env.stats.reset_all()
    before = cpu.snapshot()
    gevent.sleep(seconds)
    browse = figures(env.stats, seconds)
    browse.cpu = cpu.spent(before, cpu.snapshot())
    runner.quit()
    return login, browse


def print_figures(label: str, f: Figures, per_page: bool = False) -> None:
    print(f"  {label}: {f.requests} requests in {f.seconds:.0f} s ({f.requests / f.seconds:.1f} req/s), "
          f"{f.errors} errors")
    for name, (n, errors, p50, p95, top) in f.groups.items():
        print(f"    {name:<14} n={n:<6} p50 {p50:5d} ms   p95 {p95:5d} ms   max {top:5d} ms   errors {errors}")
    if per_page:
        print("    per page, by p95:")
        rows = [(name, row) for name, row in f.entries.items() if row[0]]
        for name, (n, errors, p50, p95, _top) in sorted(rows, key=lambda item: -item[1][3]):
            print(f"      {name:<20} n={n:<5} p50 {p50:5d} ms   p95 {p95:5d} ms   errors {errors}")
    if f.cpu and f.requests:
        per_request = {kind: seconds * 1000 / f.requests for kind, seconds in f.cpu.items()}
        print(f"    server CPU per request: {sum(per_request.values()):.0f} ms ("
              + ", ".join(f"{kind} {ms:.0f} ms" for kind, ms in per_request.items())
              + f"); {sum(f.cpu.values()) / f.seconds:.2f} cores busy on average")
    for line in f.error_lines:
        print(f"    error {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60, help="browsing time under load")
    parser.add_argument("--spawn-rate", type=float, default=2, help="users starting (logging in) per second")
    parser.add_argument("--baseline-seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, help="gunicorn workers (WEB_CONCURRENCY; default 2 x cores + 1)")
    parser.add_argument("--threads", type=int, help="threads per gunicorn worker (GUNICORN_THREADS; default 1)")
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "").strip() or "postgres://postgres@127.0.0.1:5432/postgres"
    if not base_url.startswith("postgres"):
        sys.exit("DATABASE_URL must point at PostgreSQL: the load benchmark runs the production start")
    redis_url = os.environ.get("REDIS_URL", "").strip() or "redis://127.0.0.1:6379/2"
    data_dir = Path(tempfile.mkdtemp(prefix="bench_load_"))
    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    name, database_url = create_postgres_database("bench_load", base_url)
    server = None
    try:
        env = production_env(database_url, redis_url, data_dir, port)
        started = time.monotonic()
        for step in (("migrate", "--noinput"), ("load_demo",)):
            _manage(env, *step)
        print(f"database {name}: migrated, demo loaded in {time.monotonic() - started:.0f} s")
        log = data_dir / "serve.log"
        server = _start(["bash", "mentoring/serve.sh"], serve_env(env, port, args.workers, args.threads), log)
        # the health check answers 200 once the database, Redis and the worker do
        _wait_ready(host + "/healthz/", server, log, timeout=180)
        print(f"make serve's start (mentoring/serve.sh) on {host} in {time.monotonic() - started:.0f} s: "
              f"gunicorn {args.workers or 2 * (os.cpu_count() or 1) + 1} workers x {args.threads or 1} threads, "
              f"Celery worker with beat; redis {redis_url}")
        cpu = ServerCpu(server.pid, base_url, name)
        load_before = os.getloadavg()
        run_phase(host, len(ROLES), len(ROLES), 10, cpu)  # warm-up of every worker process, not measured
        base_login, base = run_phase(host, len(ROLES), len(ROLES), args.baseline_seconds, cpu)
        load_login, load = run_phase(host, args.users, args.spawn_rate, args.seconds, cpu)
        load_after = os.getloadavg()
    finally:
        _stop(server)
        drop_postgres_database(name, base_url)
        shutil.rmtree(data_dir, ignore_errors=True)

    print(f"machine: {os.cpu_count()} cores; load average before {load_before[0]:.1f}, after "
          f"{load_after[0]:.1f} (anything above the benchmark's own share is another program's)")
    print(f"baseline: {len(ROLES)} users, one per role")
    print_figures("logging in", base_login)
    print_figures("browsing", base)
    print(f"load: {args.users} users of the four roles, starting {args.spawn_rate:g} per second")
    print_figures("logging in (cold browser cache: login form, login, dashboard, static files)", load_login)
    print_figures("browsing", load, per_page=True)
    print(f"ratio of p95 under load to the baseline's: browsing {load.p95 / max(base.p95, 1):.2f} "
          f"({load.p95} / {base.p95} ms), logging in "
          f"{load_login.p95 / max(base_login.p95, 1):.2f} ({load_login.p95} / {base_login.p95} ms)")
    errors = load.errors + load_login.errors + base.errors + base_login.errors
    met = load.p95 < GOAL_P95_MS and errors == 0
    print(f"goal: browsing p95 < {GOAL_P95_MS} ms with 0 errors in the whole run: {'met' if met else 'NOT met'} "
          f"(browsing p50 {load.p50} ms, p95 {load.p95} ms; errors {errors})")


if __name__ == "__main__":
    main()
