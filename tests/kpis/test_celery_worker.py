"""The reminders through a real Redis broker, real Celery workers and a real SMTP server (aiosmtpd, in-process).

Needs CI's Postgres (the worker is another process and must see the test database) and
Redis; on the embedded defaults these tests skip, in CI they fail when a service is missing.
"""

import email
import logging
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis
from django.db import connection

from plans.models import User
from portal.models import OutboxMessage
from tests.conftest import require_service
from tests.factories import MunicipalityFactory, OrgUnitFactory, PlanFactory, StrategyFactory, TaskFactory, UserFactory

pytestmark = [pytest.mark.services, pytest.mark.serial, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
# Days of 2026 on which the 정책기획과 owes something (D-7, D-1, due day, overdue weeks of Q1 and Q2).
RUN_DAYS = [
    "2026-04-03",
    "2026-04-09",
    "2026-04-10",
    "2026-04-17",
    "2026-04-24",
    "2026-07-03",
    "2026-07-09",
    "2026-07-10",
    "2026-07-17",
    "2026-07-24",
]


CROWD = 200  # extra staff of the unit, so that each run of a day writes about two hundred messages


def wait_for(condition, timeout=60, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """An SMTP server in this process that keeps (Message-ID, To) of every message it accepts."""

    def __init__(self, port):
        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command
        self.received = []
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=port)
        self.controller.start()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.received.append((message["Message-ID"], message["To"]))
        return "250 Message accepted for delivery"

    def stop(self):
        self.controller.stop()

    def ids(self):
        with self.lock:
            return [message_id for message_id, _to in self.received]


@pytest.fixture
def city(db):
    """A small city made here (loading the whole seed again after each flush would cost most of the time).

    One unit owes the 2026 quarterly reports of four tasks; seven staff hear of them. People
    left by earlier tests (the seed, before the first flush) are switched off so only these count.
    """
    User.objects.update(is_active=False)
    municipality = MunicipalityFactory(slug="worker-city", name="작업시")
    unit = OrgUnitFactory(municipality=municipality, name="정책기획과")
    plan = PlanFactory(municipality=municipality, owner_unit=unit, is_published=True)
    strategy = StrategyFactory(plan=plan)
    for number in range(1, 5):
        TaskFactory(strategy=strategy, lead_unit=unit, code=f"1-{number}")
    staff = [UserFactory(unit=unit, username=f"worker-staff{n}") for n in range(7)]
    return {"municipality": municipality, "unit": unit, "staff": staff}


@pytest.fixture
def services_env(city, tmp_path):
    require_service("Postgres", connection.vendor == "postgresql", "the worker needs a shared Postgres test database")
    redis_url = os.environ.get("REDIS_URL", "")
    require_service("Redis", bool(redis_url), "REDIS_URL is not set")
    redis.Redis.from_url(redis_url).flushdb()
    db = connection.settings_dict
    port = int(os.environ.get("SMTP_SINK_PORT") or free_port())
    sink = Sink(port)
    env = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        REDIS_URL=redis_url,
        EMAIL_URL=f"smtp://127.0.0.1:{port}",
        CELERY_VISIBILITY_TIMEOUT="2",
        CELERY_UNACKED_RESTORE_INTERVAL="1",
        CELERY_UNACKED_RESTORE_THROTTLE="1",
    )
    yield env, sink, tmp_path
    for worker in Worker.started:
        worker.stop()
    Worker.started.clear()
    sink.stop()
    redis.Redis.from_url(redis_url).flushdb()


class Worker:
    """A real `celery worker` process with its log in a file; every one is stopped at teardown."""

    started = []

    def __init__(self, env, log, pool="solo"):
        self.log = log
        Worker.started.append(self)
        self.process = subprocess.Popen(
            [
                *(str(CELERY), "-A", "config", "worker", f"--pool={pool}", "--concurrency=1", "--loglevel=INFO"),
                *("--without-mingle", "--without-gossip", "--without-heartbeat"),
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        assert wait_for(lambda: "ready." in log.read_text(errors="replace"), timeout=60), log.read_text()

    def kill_child(self):
        """kill -9 the pool process that runs the tasks; the worker forks a new one."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        for pid in children:
            os.kill(int(pid), signal.SIGKILL)
        return bool(children)

    def kill(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def command(env, *args):
    return [sys.executable, "manage.py", "send_reminders", *args], {"cwd": ROOT, "env": env}


def run_command(env, *args):
    argv, kwargs = command(env, *args)
    return subprocess.run(argv, capture_output=True, text=True, timeout=180, **kwargs)


def all_sent():
    return not OutboxMessage.objects.exclude(state=OutboxMessage.State.SENT).exists()


def test_a_day_through_a_real_worker_sends_each_message_once_and_a_rerun_nothing(services_env):
    env, sink, tmp_path = services_env
    Worker(env, tmp_path / "worker.log")
    result = run_command(env, "--date", "2026-10-03")
    assert result.returncode == 0, result.stderr
    assert "보낼 알림 7건 중 7건을 발송 대기열에 넣음" in result.stdout, result.stdout
    assert wait_for(lambda: len(sink.ids()) == 7 and all_sent()), (result.stdout, sink.received)
    rows = {row.message_id: row for row in OutboxMessage.objects.select_related("recipient")}
    assert sorted(sink.ids()) == sorted(rows)
    assert {to for _id, to in sink.received} == {f"worker-staff{n}@example.com" for n in range(7)}
    rerun = run_command(env, "--date", "2026-10-03")
    assert "새로 작성 0건" in rerun.stdout and "보낼 것 없음" in rerun.stdout, rerun.stdout
    time.sleep(2)
    assert len(sink.ids()) == 7


def test_twenty_kills_at_random_moments_lose_nothing_and_duplicate_only_what_the_record_shows(services_env, city):
    env, sink, tmp_path = services_env
    User.objects.bulk_create(
        [
            User(username=f"crowd{n}", email=f"crowd{n}@example.com", unit=city["unit"], is_staff=True)
            for n in range(CROWD)
        ]
    )
    rng = random.Random(int(os.environ.get("KILL_SEED", "2026")))
    days = RUN_DAYS[:5]
    producers = threading.Thread(target=lambda: [run_command(env, "--date", day) for day in days])
    worker = Worker(env, tmp_path / "worker0.log", pool="prefork")
    producers.start()
    kills = {"pool process": 0, "whole worker": 0, "with messages unsent": 0}
    for trial in range(20):
        time.sleep(rng.uniform(0.2, 1.5))
        kills["with messages unsent"] += not (all_sent() and not producers.is_alive())
        if trial % 5 == 4:  # every fifth trial the whole worker dies and a new one is started
            worker.kill()
            kills["whole worker"] += 1
            worker = Worker(env, tmp_path / f"worker{trial}.log", pool="prefork")
        else:
            kills["pool process"] += worker.kill_child()
    producers.join(timeout=180)
    assert run_command(env, "--date", days[0]).returncode == 0  # the next run hands out whatever still waits
    total = OutboxMessage.objects.count()
    assert wait_for(lambda: all_sent() and len(set(sink.ids())) >= total, timeout=120), list(
        OutboxMessage.objects.exclude(state="sent").values_list("state", "attempts")[:20]
    )
    worker.stop()
    rows = {row.message_id: row for row in OutboxMessage.objects.all()}
    received = sink.ids()
    lost = set(rows) - set(received)
    duplicates = len(received) - len(set(received))
    retried = sum(1 for row in rows.values() if row.attempts > 1)
    print(
        f"\n20 kill -9 trials {kills}: {total} messages, {len(received)} received, "
        f"lost {len(lost)}, duplicates {duplicates}, rows with attempts > 1: {retried}"
    )
    assert total >= len(days) * CROWD
    assert not lost
    # A second copy only comes from a kill between the server's reply and the commit of `sent`,
    # and then the row says so: its attempts are above one.
    for message_id in {m for m in received if received.count(m) > 1}:
        assert rows[message_id].attempts > 1, message_id
    assert kills["with messages unsent"] >= 10


def reachable(url):
    try:
        return redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        return False


def test_while_redis_is_down_the_site_serves_nothing_is_lost_and_all_go_once_it_is_back(services_env, client, settings):
    env, sink, tmp_path = services_env
    port = free_port()
    down_url = f"redis://127.0.0.1:{port}/0"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": down_url}}
    for url in [
        "/",
        "/worker-city/plans/",
        "/worker-city/budgets/",
        "/worker-city/pledges/",
        "/worker-city/indicators/",
    ]:
        assert client.get(url).status_code == 200, url

    env = {**env, "REDIS_URL": down_url}
    result = run_command(env, "--date", "2026-10-09")
    total = OutboxMessage.objects.count()
    assert result.returncode == 1, result.stderr  # says so, and fails: nothing reached the broker
    assert f"{total} reminders stay pending" in result.stderr
    assert f"보낼 알림 {total}건 중 0건을 발송 대기열에 넣음" in result.stdout
    assert f"{total}건은 메시지 브로커(Redis)에 연결하지 못해" in result.stderr
    assert total == 7
    assert OutboxMessage.objects.filter(state="pending").count() == total
    assert sink.ids() == []

    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: reachable(down_url), timeout=20)
        Worker(env, tmp_path / "worker.log")
        again = run_command(env, "--date", "2026-10-09")
        assert f"새로 작성 0건), 보낼 알림 {total}건 중 {total}건을 발송 대기열에 넣음" in again.stdout, again.stdout
        assert wait_for(lambda: all_sent() and len(sink.ids()) == total)
        assert len(set(sink.ids())) == total
    finally:
        for worker in Worker.started:
            worker.stop()
        server.terminate()
        server.wait(timeout=10)
