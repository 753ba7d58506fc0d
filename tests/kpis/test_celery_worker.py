"""The reminders through a real Redis broker and a real Celery worker, started by the test.

Needs CI's Postgres (the worker is another process and must see the test database) and
Redis; on the embedded defaults these tests skip, in CI they fail when a service is missing.
"""

import email
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.db import connection

from kpis.models import Reminder
from plans.models import OrgUnit, User
from tests.conftest import require_service

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
REDIS_DB = 15


def wait_for(condition, timeout=60, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


@pytest.fixture
def services_env(seeded, tmp_path):
    require_service("Postgres", connection.vendor == "postgresql", "the worker needs a shared Postgres test database")
    redis_url = os.environ.get("REDIS_URL", "")
    require_service("Redis", bool(redis_url), "REDIS_URL is not set")
    broker = redis_url.rsplit("/", 1)[0] + f"/{REDIS_DB}"
    redis.Redis.from_url(broker).flushdb()
    db = connection.settings_dict
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        REDIS_URL=broker,
        EMAIL_URL=f"filemail:///{mail_dir}",
        CELERY_VISIBILITY_TIMEOUT="2",
        CELERY_UNACKED_RESTORE_INTERVAL="1",
        CELERY_UNACKED_RESTORE_THROTTLE="1",
    )
    yield env, mail_dir, tmp_path
    for worker in Worker.started:
        worker.stop()
    redis.Redis.from_url(broker).flushdb()


class Worker:
    """A real `celery worker` process with its log in a file; every one is stopped at teardown."""

    started = []

    def __init__(self, env, log):
        self.log = log
        Worker.started.append(self)
        self.process = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        assert wait_for(lambda: "ready." in log.read_text(errors="replace"), timeout=60), log.read_text()

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


def run_command(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", "send_reminders", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def sent_messages(mail_dir):
    """Every message the file backend wrote, parsed."""
    messages = []
    for path in sorted(mail_dir.iterdir()):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.strip()))
    return messages


def body_of(message):
    return "".join(
        part.get_payload(decode=True).decode() for part in message.walk() if part.get_content_type() == "text/plain"
    )


def test_may_2026_run_through_a_real_worker_sends_each_digest_once(services_env):
    env, mail_dir, tmp_path = services_env
    worker = Worker(env, tmp_path / "worker.log")
    try:
        result = run_command(env, "--month", "2026-05")
        assert result.returncode == 0, result.stderr
        expected = Reminder.objects.filter(month="2026-05-01").count()
        assert expected >= 8
        assert wait_for(lambda: Reminder.objects.filter(month="2026-05-01", status="sent").count() == expected), (
            list(Reminder.objects.values_list("user__username", "status")),
            result.stdout,
            (tmp_path / "worker.log").read_text()[-3000:],
        )
        messages = sent_messages(mail_dir)
        assert sorted(m["To"] for m in messages) == sorted(set(m["To"] for m in messages))
        [policy] = [m for m in messages if m["To"] == "nyj-policy@example.com"]
        assert "성과관리 기초평가" in body_of(policy) and "추진실적 보고회" in body_of(policy)
        run_command(env, "--month", "2026-05")
        time.sleep(3)
        assert len(sent_messages(mail_dir)) == len(messages)
    finally:
        worker.stop()


def test_a_worker_killed_mid_run_is_replaced_and_nobody_is_skipped_or_sent_twice(services_env):
    env, mail_dir, tmp_path = services_env
    unit = OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과")
    User.objects.bulk_create(
        [User(username=f"crowd{n}", email=f"crowd{n}@example.com", unit=unit, is_staff=True) for n in range(150)]
    )
    worker = Worker(env, tmp_path / "worker1.log")
    assert run_command(env, "--month", "2026-05").returncode == 0
    total = Reminder.objects.filter(month="2026-05-01").count()
    assert wait_for(lambda: Reminder.objects.filter(status="sent").count() >= 10, timeout=60)
    worker.kill()
    sent_before_restart = Reminder.objects.filter(status="sent").count()
    assert sent_before_restart < total, "the worker finished before it could be killed"
    replacement = Worker(env, tmp_path / "worker2.log")
    try:
        assert wait_for(lambda: Reminder.objects.filter(status="sent").count() == total, timeout=90)
    finally:
        replacement.stop()
    messages = sent_messages(mail_dir)
    by_id = {}
    for message in messages:
        by_id.setdefault(message["Message-ID"], set()).add(message["To"])
    recipients = [to for tos in by_id.values() for to in tos]
    assert len(by_id) == total  # one digest per person and month: nobody skipped
    assert len(recipients) == len(set(recipients))  # and no second digest for anyone
    copies = len(messages) - len(by_id)
    print(f"killed after {sent_before_restart} of {total}; transport-level copies with the same Message-ID: {copies}")
    assert copies <= 1


def reachable(url):
    try:
        return redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        return False


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_while_redis_is_down_the_site_serves_and_the_job_runs_once_it_is_back(services_env, client, settings):
    env, mail_dir, tmp_path = services_env
    port = free_port()
    down_url = f"redis://127.0.0.1:{port}/0"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": down_url}}
    for url in ["/", "/namyangju/plans/", "/namyangju/budgets/", "/goyang/pledges/", "/namyangju/indicators/"]:
        assert client.get(url).status_code == 200, url

    env = {**env, "REDIS_URL": down_url}
    result = run_command(env, "--month", "2026-05")
    total = Reminder.objects.filter(month="2026-05-01").count()
    assert result.returncode == 1, result.stderr  # says so, and fails: nothing reached the broker
    assert f"{total} reminders stay pending" in result.stderr
    assert f"보낼 알림 {total}건 중 0건을 발송 대기열에 넣음" in result.stdout
    assert f"{total}건은 메시지 브로커(Redis)에 연결하지 못해" in result.stderr
    assert total >= 8
    assert Reminder.objects.filter(status="pending").count() == total
    assert list(mail_dir.iterdir()) == []

    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: reachable(down_url), timeout=20)
        Worker(env, tmp_path / "worker.log")
        assert run_command(env, "--month", "2026-05").returncode == 0
        assert wait_for(lambda: Reminder.objects.filter(status="sent").count() == total)
        recipients = [message["To"] for message in sent_messages(mail_dir)]
        assert len(recipients) == len(set(recipients)) == total
    finally:
        for worker in Worker.started:
            worker.stop()
        server.terminate()
        server.wait(timeout=10)
