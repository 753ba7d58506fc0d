"""Fault injection on a running copy: a private Postgres cluster restarted and a private Redis killed under load.

Each test starts gunicorn with the production settings on WEB_PORT, drives a bounded load
of API reads from a few threads, injects the fault, and prints what the load saw. Postgres
(pg_createcluster on PG_PORT, dropped at the end): errors no more than the requests in flight
at the instant of the restart, every request after it answered, every table and every
acknowledged write intact. Redis (redis-server on REDIS_PORT, killed with SIGKILL and
started again): no error at all, and the throttle back on Redis afterwards.
"""

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import psycopg2
import pytest
import redis
import requests
from django.db import connection

from tests.conftest import require_service
from tests.portal.test_backup_restore import dsn_of, fingerprint

pytestmark = [pytest.mark.services, pytest.mark.serial, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
PG_PORT, REDIS_PORT, WEB_PORT = 5441, 6391, 8101
URLS = ("/api/v1/tasks/", "/api/v1/pledges/", "/api/v1/municipalities/", "/api/v1/budget-lines/?page_size=5")
CLIENTS = 4
GUNICORN = ("--workers", "2", "--threads", "4", "--timeout", "30")


def require_gunicorn():
    require_service("gunicorn", (ROOT / ".venv" / "bin" / "gunicorn").exists(), "gunicorn is not installed")


def run(*command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120, **kwargs)


class Server:
    """gunicorn with the production settings, on WEB_PORT."""

    def __init__(self, database_url, redis_url, log):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", WEB_PORT)) == 0:
                pytest.fail(f"port {WEB_PORT} is already in use: stop what listens there first")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "fault-test-" + uuid.uuid4().hex * 2,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "API_ANON_RATE": "1000000/minute",
        }
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{WEB_PORT}", *GUNICORN],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{WEB_PORT}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if requests.get(self.url + "/healthz", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.3)
        self.stop()
        pytest.fail(f"gunicorn did not start on port {WEB_PORT}; see {log}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        self.log.close()


class Load:
    """CLIENTS threads reading the API in a loop (bounded: 20 requests a second each at most)."""

    def __init__(self, base_url):
        self.base_url, self.results, self.stopping = base_url, [], threading.Event()
        self.threads = [threading.Thread(target=self._client, args=(n,)) for n in range(CLIENTS)]

    def _client(self, number):
        session = requests.Session()
        index = number
        while not self.stopping.is_set():
            url = self.base_url + URLS[index % len(URLS)]
            index += 1
            started = time.monotonic()
            try:
                outcome = session.get(url, timeout=20).status_code
            except requests.RequestException as error:
                outcome = type(error).__name__
            self.results.append((started, time.monotonic(), outcome))
            time.sleep(0.05)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def errors(self, after=0.0):
        return [r for r in self.results if r[0] >= after and not (isinstance(r[2], int) and r[2] < 500)]

    def warm(self, count=20, timeout=60):
        """Wait until `count` requests have been answered (the server is warm), then a little more."""
        deadline = time.monotonic() + timeout
        while len(self.results) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(self.results) >= count, f"the server answered {len(self.results)} requests in {timeout} s"

    def statuses(self):
        """How many requests ended with each status (or exception)."""
        return dict(Counter(outcome for _, _, outcome in self.results))

    def in_flight(self, instant):
        return sum(1 for started, ended, _ in self.results if started <= instant <= ended)


@pytest.fixture
def private_postgres(postgres_only, seeded, tmp_path):
    """A cluster of our own on PG_PORT holding a copy of the test database; dropped afterwards."""
    require_gunicorn()
    versions = sorted(os.listdir("/etc/postgresql")) if Path("/etc/postgresql").is_dir() else []
    require_service(
        "pg_createcluster",
        shutil.which("pg_createcluster") and versions and os.geteuid() == 0,
        "needs Debian's postgresql-common, an installed server and root",
    )
    version, name = versions[-1], f"portalfault{os.getpid()}"
    run("pg_createcluster", version, name, "-p", str(PG_PORT), "--", "--auth-local=trust", "--auth-host=trust")
    try:
        run("pg_ctlcluster", "--skip-systemctl-redirect", version, name, "start")
        dsn = f"postgresql://postgres@127.0.0.1:{PG_PORT}/portal"
        run("createdb", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "portal")
        dump = tmp_path / "copy.dump"
        run("pg_dump", "--format=custom", "--no-owner", f"--file={dump}", dsn_of(connection.settings_dict["NAME"]))
        run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={dsn}", str(dump))
        yield version, name, dsn
    finally:
        subprocess.run(["pg_dropcluster", "--stop", version, name], capture_output=True, timeout=120)


class Writer(threading.Thread):
    """Commits one row at a time into a scratch table, reconnecting after errors; counts acknowledged commits."""

    def __init__(self, dsn):
        super().__init__()
        self.dsn, self.acknowledged, self.failed, self.stopping = dsn, 0, 0, threading.Event()
        with psycopg2.connect(dsn) as conn, conn.cursor() as cursor:
            cursor.execute("CREATE TABLE fault_writes (id serial PRIMARY KEY, at timestamptz DEFAULT now())")
        conn.close()

    def run(self):
        conn = None
        while not self.stopping.is_set():
            try:
                conn = conn or psycopg2.connect(self.dsn, connect_timeout=2)
                with conn, conn.cursor() as cursor:
                    cursor.execute("INSERT INTO fault_writes DEFAULT VALUES")
                self.acknowledged += 1
            except psycopg2.Error:
                self.failed += 1
                conn = None
                time.sleep(0.1)
            time.sleep(0.02)


def test_postgres_restart_under_load_costs_at_most_the_requests_in_flight(private_postgres, tmp_path):
    version, name, dsn = private_postgres
    before = fingerprint(dsn)
    server = Server(dsn, os.environ.get("REDIS_URL", ""), tmp_path / "gunicorn.log")
    writer = Writer(dsn)
    try:
        with Load(server.url) as load:
            writer.start()
            load.warm()
            instant = time.monotonic()
            run("pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart", "-m", "fast")
            restarted = time.monotonic()
            time.sleep(4)
        writer.stopping.set()
        writer.join()
    finally:
        server.stop()
    errors, in_flight = load.errors(), load.in_flight(instant)
    print(
        f"\nPostgres restart ({restarted - instant:.1f} s) under {len(load.results)} requests: "
        f"{len(errors)} errors, {in_flight} in flight at the restart; statuses {load.statuses()}; "
        f"writer: {writer.acknowledged} commits acknowledged, {writer.failed} refused during the restart"
    )
    assert len(load.results) > 50
    assert load.statuses().get(200, 0) >= len(load.results) - in_flight, load.statuses()
    assert len(errors) <= in_flight, errors
    assert load.errors(after=restarted + 0.5) == []
    with psycopg2.connect(dsn) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM fault_writes")
        assert cursor.fetchone()[0] >= writer.acknowledged
    conn.close()
    after = fingerprint(dsn)
    after.pop("fault_writes")
    assert after == before


@pytest.fixture
def private_redis(tmp_path):
    """redis-server of our own on REDIS_PORT; a function that starts it (again)."""
    require_service("redis-server", shutil.which("redis-server"), "redis-server is not installed")
    processes = []

    def start():
        process = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(process)
        client = redis.Redis(port=REDIS_PORT)
        for _ in range(50):
            try:
                client.ping()
                return process
            except redis.ConnectionError:
                time.sleep(0.1)
        pytest.fail(f"redis-server did not start on port {REDIS_PORT}")

    yield start
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_redis_killed_and_restarted_under_load_costs_no_request(postgres_only, seeded, private_redis, tmp_path):
    require_gunicorn()
    process = private_redis()
    server = Server(dsn_of(connection.settings_dict["NAME"]), f"redis://127.0.0.1:{REDIS_PORT}/0", tmp_path / "g.log")
    try:
        with Load(server.url) as load:
            load.warm()
            assert redis.Redis(port=REDIS_PORT).keys("*throttle*"), ("no throttle count in Redis", load.statuses())
            process.send_signal(signal.SIGKILL)
            process.wait()
            killed = time.monotonic()
            time.sleep(3)
            down = [r for r in load.results if r[0] >= killed]
            private_redis()
            time.sleep(2)
        back = redis.Redis(port=REDIS_PORT).keys("*throttle*")
    finally:
        server.stop()
    errors = load.errors()
    print(
        f"\nRedis killed for 3 s under {len(load.results)} requests ({len(down)} while it was down): "
        f"{len(errors)} errors, statuses {load.statuses()}; throttle keys in Redis after the restart: {len(back)}"
    )
    assert len(down) > 10
    assert load.statuses() == {200: len(load.results)}
    assert errors == []
    assert back, "the throttle is back on Redis after its restart"
