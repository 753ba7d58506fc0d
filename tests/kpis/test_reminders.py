"""The daily reminders: who gets what on which day, once, in Korean; dry runs and bad input change nothing."""

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from kpis.tasks import send_daily_reminders
from plans.models import OrgUnit, ProgressReport, Task, User
from portal import roles
from portal.models import OutboxMessage
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

Q3_DUE = datetime.date(2026, 10, 10)  # the 3분기 reports of 2026 are due on 10 October, lock on 26 October


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run the command; deliveries queued on commit run as a real commit would run them."""

    def run(day, **options):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", date=f"{day:%Y-%m-%d}", verbosity=0, **options)

    return run


def message_to(username):
    messages = [m for m in mail.outbox if m.to == [f"{username}@example.com"]]
    assert len(messages) == 1, [m.subject for m in messages]
    return messages[0]


def test_seven_days_before_the_q3_deadline_the_policy_division_hears_of_its_reports(seeded, send):
    send(Q3_DUE - datetime.timedelta(days=7))
    message = message_to("nyj-policy")
    assert message.subject == "[시정계획 포털] 2026-10-03 업무 알림 (4건)"
    assert "1-1 미래형 자족도시를 향한 정책기획 네트워크 강화 (2026년 3분기): 기한 2026-10-10, D-7" in message.body
    assert "현재 작성 전" in message.body
    html = message.alternatives[0][0]
    assert "<h2>제출 기한이 다가오거나 지난 항목</h2>" in html
    assert message.extra_headers["Message-ID"].endswith("@plans.example.com>")


def test_the_first_of_october_lists_the_months_milestones(seeded, send):
    # Was: the 1 October digest said nothing of the 3분기 reports and listed overdue Q2 ones.
    # Now the 1st carries the month's and next month's milestones; the reports come at D-7.
    send(datetime.date(2026, 10, 1))
    body = message_to("nyj-policy").body
    assert "■ 이번 달 성과관리 일정" in body and "협조지표 부진 보고회" in body
    assert "■ 다음 달 시작하는 일정" in body and "부진지표 보고회" in body
    assert "추진실적" not in body.split("■ 이번 달")[0]


def test_no_message_on_a_day_when_nothing_is_due(seeded, send):
    send(datetime.date(2026, 10, 5))
    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()


def test_each_person_gets_one_message_a_day_and_a_second_run_sends_nothing(seeded, send):
    day = Q3_DUE - datetime.timedelta(days=1)
    send(day)
    first = len(mail.outbox)
    recipients = [m.to[0] for m in mail.outbox]
    assert first == len(set(recipients)) >= 7
    send(day)
    send_daily_reminders(f"{day:%Y-%m-%d}")
    assert len(mail.outbox) == first
    assert OutboxMessage.objects.filter(kind="reminder").count() == first
    assert not OutboxMessage.objects.exclude(state="sent").exists()


def test_other_units_get_only_their_own_tasks(seeded, send):
    send(Q3_DUE)
    budget = message_to("nyj-budget").body
    assert "3-4" in budget and "3-5" in budget and "오늘 마감" in budget
    assert "1-1 " not in budget


def test_submitted_reports_are_no_longer_listed(seeded, send):
    staff = User.objects.get(username="nyj-policy")
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-1")
    ProgressReport.objects.create(
        task=task,
        year=2026,
        quarter=3,
        status="on_track",
        progress=30,
        narrative="실적",
        author=staff,
        state="submitted",
    )
    send(Q3_DUE - datetime.timedelta(days=7))
    body = message_to("nyj-policy").body
    assert "1-1 미래형" not in body
    assert "1-2 " in body


def test_overdue_reports_are_reminded_weekly_until_the_lock(seeded, send):
    send(Q3_DUE + datetime.timedelta(days=7))
    assert "7일 지남" in message_to("nyj-budget").body
    mail.outbox.clear()
    send(Q3_DUE + datetime.timedelta(days=8))
    assert mail.outbox == []
    send(Q3_DUE + datetime.timedelta(days=21))  # after the lock (26 October): the owners hear nothing more
    assert not [m for m in mail.outbox if m.to == ["nyj-budget@example.com"]]


def test_overdue_items_past_the_threshold_go_to_the_coordinating_office(seeded, settings, send):
    settings.REMINDER_ESCALATION_DAYS = 14
    send(Q3_DUE + datetime.timedelta(days=15))
    body = message_to("nyj-coordinator").body
    assert "기한을 넘긴 부서별 항목" in body
    assert "[예산과] 분기별 추진실적 3-4" in body
    assert "15일 지남" in body


def test_within_the_threshold_nothing_is_escalated(seeded, settings, send):
    settings.REMINDER_ESCALATION_DAYS = 30
    send(Q3_DUE + datetime.timedelta(days=15))
    assert not [m for m in mail.outbox if m.to == ["nyj-coordinator@example.com"]]


def test_dry_run_prints_each_recipient_subject_and_item_and_writes_nothing(seeded, capsys):
    call_command("send_reminders", date="2026-10-03", dry_run=True)
    out = capsys.readouterr().out
    assert "nyj-policy <nyj-policy@example.com>: [시정계획 포털] 2026-10-03 업무 알림 (4건)" in out
    assert (
        "  - 분기별 추진실적 1-1 미래형 자족도시를 향한 정책기획 네트워크 강화 (2026년 3분기) 기한 2026-10-10 D-7"
        in out
    )
    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()


def test_the_command_says_what_it_sent(seeded, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date="2026-10-03")
    assert "2026-10-03: 알림 7명 (새로 작성 7건), 보낼 알림 7건 중 7건 발송 완료" in capsys.readouterr().out


@pytest.mark.parametrize("value", ["2026-13-01", "May 2026", "2026/05/01"])
def test_a_bad_date_is_refused_with_its_reason(seeded, value):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", date=value)
    assert not OutboxMessage.objects.exists()


def test_staff_without_an_email_or_inactive_get_nothing(seeded, send):
    unit = OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과")
    staff_user(unit, email="", username="no-mail")
    staff_user(unit, username="gone", is_active=False)
    send(Q3_DUE)
    assert not OutboxMessage.objects.filter(recipient__username__in=["no-mail", "gone"]).exists()


def test_messages_are_visible_in_admin_to_their_owner_and_the_coordinating_office(client, seeded, send):
    send(Q3_DUE)
    client.force_login(User.objects.get(username="nyj-policy"))
    listed = client.get(reverse("admin:portal_outboxmessage_changelist")).context["cl"].queryset
    assert [m.recipient.username for m in listed] == ["nyj-policy"]
    office = OrgUnit.objects.get(municipality__slug="namyangju", name="기획조정실")
    client.force_login(staff_user(office, role=roles.COORDINATOR, username="coord2"))
    listed = client.get(reverse("admin:portal_outboxmessage_changelist")).context["cl"].queryset
    assert listed.count() == OutboxMessage.objects.count()


def test_with_the_broker_down_the_command_says_how_many_wait_and_nothing_is_lost(
    seeded, monkeypatch, capsys, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from portal.tasks import deliver_messages

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(deliver_messages, "delay", broker_down)
    conf, eager = deliver_messages.app.conf, deliver_messages.app.conf.task_always_eager
    conf.task_always_eager = False  # through a broker, as in production
    refused = pytest.raises(CommandError, match="대기열에 넣지 못했습니다")
    try:
        with refused, django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", date="2026-10-03")
    finally:
        conf.task_always_eager = eager
    pending = OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING, queued_at__isnull=True).count()
    assert pending > 0
    assert f"보낼 알림 {pending}건 중 0건을 발송 대기열에 넣음" in capsys.readouterr().out
    assert not mail.outbox


def test_the_queries_of_a_run_do_not_grow_with_the_number_of_recipients(seeded, django_assert_max_num_queries):
    from kpis.services import reminders_prepare

    reminders_prepare(day=Q3_DUE)  # warm: the calendar is synced
    unit = OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과")
    User.objects.bulk_create(
        [User(username=f"many{n}", email=f"many{n}@example.com", unit=unit, is_staff=True) for n in range(300)]
    )
    with django_assert_max_num_queries(20):
        run = reminders_prepare(day=Q3_DUE - datetime.timedelta(days=1))
    assert len(run.planned) >= 300
