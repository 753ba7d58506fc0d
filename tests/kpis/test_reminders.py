"""The monthly digest: who gets what, once, in Korean; dry runs and bad input change nothing."""

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from kpis.models import Reminder
from kpis.tasks import send_monthly_reminders
from plans.models import OrgUnit, ProgressReport, Task, User
from portal import roles
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

MAY = datetime.date(2026, 5, 1)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run the command; deliveries queued on commit run as a real commit would run them."""

    def run(**options):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", verbosity=0, **options)

    return run


def digest_of(username):
    [message] = [m for m in mail.outbox if m.to == [f"{username}@example.com"]]
    return message


def test_may_2026_digest_of_the_policy_division_names_its_milestones_and_missing_reports(seeded, send):
    send(month="2026-05")
    message = digest_of("nyj-policy")
    assert message.subject.startswith("[시정계획 포털] 2026년 5월 업무 알림")
    for text in [
        "성과관리 기초평가",
        "추진실적 보고회",
        "정성지표 전문 컨설팅 (3차)",
        "1-1 미래형 자족도시",
        "2026년 1분기 추진실적 미제출",
    ]:
        assert text in message.body, text
    html = message.alternatives[0][0]
    assert "<h2>이번 달 성과관리 일정</h2>" in html
    assert message.extra_headers["Message-ID"].startswith("<reminder-")


def test_each_person_gets_one_digest_and_a_second_run_sends_nothing(seeded, send):
    send(month="2026-05")
    first = len(mail.outbox)
    recipients = [m.to[0] for m in mail.outbox]
    assert first == len(set(recipients)) >= 8
    send(month="2026-05")
    send_monthly_reminders("2026-05-01")
    assert len(mail.outbox) == first
    assert Reminder.objects.filter(month=MAY).count() == first
    assert not Reminder.objects.filter(month=MAY).exclude(status="sent").exists()


def test_other_units_get_only_their_own_tasks(seeded, send):
    send(month="2026-05")
    budget = digest_of("nyj-budget").body
    assert "3-4" in budget and "3-5" in budget
    assert "1-1 " not in budget
    assert "성과관리 기초평가" not in budget


def test_submitted_reports_are_no_longer_listed(seeded, send):
    staff = User.objects.get(username="nyj-policy")
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="1-1")
    ProgressReport.objects.create(
        task=task,
        year=2026,
        quarter=1,
        status="on_track",
        progress=30,
        narrative="실적",
        author=staff,
        state="submitted",
    )
    send(month="2026-05")
    body = digest_of("nyj-policy").body
    assert "1-1 미래형" not in body
    assert "1-2 " in body


def test_overdue_items_past_the_threshold_go_to_the_coordinating_office(seeded, settings, send):
    settings.REMINDER_ESCALATION_DAYS = 14
    send(month="2026-05")
    body = digest_of("nyj-coordinator").body
    assert "기한을 넘긴 부서별 항목" in body
    assert "[예산과] 3-4" in body
    assert "21일 지남" in body


def test_within_the_threshold_nothing_is_escalated(seeded, settings, send):
    settings.REMINDER_ESCALATION_DAYS = 30
    send(month="2026-05")
    assert "기한을 넘긴 부서별 항목" not in digest_of("nyj-coordinator").body


def test_dry_run_writes_and_sends_nothing(seeded, capsys):
    call_command("send_reminders", month="2026-05", dry_run=True)
    assert "nyj-policy <nyj-policy@example.com>" in capsys.readouterr().out
    assert mail.outbox == []
    assert not Reminder.objects.exists()


@pytest.mark.parametrize("value", ["2026-13", "May 2026", "2026/05"])
def test_a_bad_month_is_refused_with_its_reason(seeded, value):
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("send_reminders", month=value)
    assert not Reminder.objects.exists()


def test_staff_without_an_email_or_inactive_get_nothing(seeded, send):
    unit = OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과")
    staff_user(unit, email="", username="no-mail")
    staff_user(unit, username="gone", is_active=False)
    send(month="2026-05")
    assert not Reminder.objects.filter(user__username__in=["no-mail", "gone"]).exists()


def test_reminders_are_visible_in_admin_to_their_owner_and_the_coordinating_office(client, seeded, send):
    send(month="2026-05")
    client.force_login(User.objects.get(username="nyj-policy"))
    from django.urls import reverse

    listed = client.get(reverse("admin:kpis_reminder_changelist")).context["cl"].queryset
    assert [r.user.username for r in listed] == ["nyj-policy"]
    office = OrgUnit.objects.get(municipality__slug="namyangju", name="기획조정실")
    client.force_login(staff_user(office, role=roles.COORDINATOR, username="coord2"))
    listed = client.get(reverse("admin:kpis_reminder_changelist")).context["cl"].queryset
    assert listed.count() == Reminder.objects.count()


def test_with_the_broker_down_the_command_says_how_many_wait_and_nothing_is_lost(
    seeded, monkeypatch, capsys, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from kpis.tasks import deliver_reminder

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(deliver_reminder, "delay", broker_down)
    refused = pytest.raises(CommandError, match="대기열에 넣지 못했습니다")
    with refused, django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", month="2026-05")
    pending = Reminder.objects.filter(month=MAY, status=Reminder.Status.PENDING).count()
    assert pending > 0
    assert f"보낼 알림 {pending}건 중 0건을 발송 대기열에 넣음" in capsys.readouterr().out
    assert not mail.outbox
