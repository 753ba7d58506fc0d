"""E-mail follows of a pledge or a plan: double opt-in, one-click unsubscribe (RFC 8058), the digest through the outbox."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from plans.models import ProgressReport
from pledges.models import Pledge, PledgeCard, PledgeStatusChange
from portal import follows
from portal.models import Follow, OutboxMessage
from portal.tasks import send_follow_digests
from tests.factories import PlanFactory, ProgressReportFactory, StrategyFactory, TaskFactory

pytestmark = pytest.mark.django_db

ADDRESS = "citizen@example.org"


COMMIT = {}


@pytest.fixture(autouse=True)
def fresh_cache(django_capture_on_commit_callbacks):
    cache.clear()
    COMMIT["capture"] = django_capture_on_commit_callbacks
    yield
    cache.clear()


def committed(action, *args, **kwargs):
    """Run `action` and then what its transaction queued on commit (delivery through the outbox)."""
    with COMMIT["capture"](execute=True):
        result = action(*args, **kwargs)
    return result


def digest():
    return committed(send_follow_digests.delay).result


def follow_url(label, pk):
    return reverse("follow:form", kwargs={"label": label, "pk": pk})


def request_follow(client, pledge, email=ADDRESS, ip="203.0.113.5"):
    return committed(client.post, follow_url("pledges.pledge", pledge.pk), {"email": email}, REMOTE_ADDR=ip)


def link_in(body, name):
    return re.search(rf"http://[^\s]+/follow/{name}/[^\s/]+/", body).group(0)


def path_of(url):
    return urlsplit(url).path


def status_change(pledge, days=1, reason="점검 결과"):
    return PledgeStatusChange.objects.create(
        pledge=pledge,
        previous_status=pledge.status,
        status="on_track",
        changed_on=timezone.localdate() + datetime.timedelta(days=days),
        reason=reason,
    )


def confirmed(client, pledge, email=ADDRESS):
    mail.outbox.clear()
    request_follow(client, pledge, email=email)
    confirm = path_of(link_in(mail.outbox[-1].body, "confirm"))
    assert client.post(confirm).status_code == 200
    mail.outbox.clear()
    return Follow.objects.get(email=email, object_id=pledge.pk)


@pytest.fixture
def pledges(seeded):
    first = Pledge.objects.select_related("term__municipality").order_by("pk").first()
    second = Pledge.objects.create(term=first.term, code="99-1", title="다른 공약", lead_unit=first.lead_unit)
    return first, second


def test_double_opt_in_end_to_end_and_nothing_sent_before_confirmation(client, pledges):
    pledge, _other = pledges
    page = client.get(pledge.get_absolute_url()).content.decode()
    assert follow_url("pledges.pledge", pledge.pk) in page
    form = client.get(follow_url("pledges.pledge", pledge.pk))
    assert form.status_code == 200 and "csrfmiddlewaretoken" in form.content.decode()
    assert "no-store" in form["Cache-Control"]

    response = request_follow(client, pledge)
    assert response.status_code == 200
    assert "확인 메일을 보냈습니다" in response.content.decode()
    follow = Follow.objects.get()
    assert follow.confirmed_at is None and follow.email == ADDRESS
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [ADDRESS]
    confirm_link = link_in(mail.outbox[0].body, "confirm")
    token = confirm_link.rstrip("/").rsplit("/", 1)[1]
    assert token not in follow.confirm_hash and follow.confirm_hash == follows.token_hash(token)

    status_change(pledge)
    assert digest() == 0
    assert len(mail.outbox) == 1  # only the confirmation

    page = client.get(path_of(confirm_link))
    assert page.status_code == 200 and "구독 확인" in page.content.decode()
    Follow.objects.get(confirmed_at=None)  # a GET (a link scanner) confirms nothing
    assert client.post(path_of(confirm_link)).status_code == 200
    follow.refresh_from_db()
    assert follow.confirmed_at is not None and follow.confirm_hash == ""

    assert digest() == 1
    sent = mail.outbox[-1]
    assert sent.to == [ADDRESS] and "점검 결과" not in sent.subject
    assert f"{pledge.code} {pledge.title}: 이행상태 정상추진" in sent.body
    unsubscribe = link_in(sent.body, "unsubscribe")
    assert sent.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    row = OutboxMessage.objects.get(kind=OutboxMessage.Kind.FOLLOW, key__startswith="follow:")
    assert row.recipient is None and row.to == ADDRESS


def test_the_digest_is_idempotent_and_keeps_to_what_is_followed_and_approved(client, pledges):
    pledge, other = pledges
    follow = confirmed(client, pledge)
    status_change(other, reason="다른 공약 소식")
    card = PledgeCard.objects.filter(pledge=pledge).order_by("pk").first()
    PledgeCard.objects.filter(pk=card.pk).update(
        state=PledgeCard.State.SUBMITTED, reviewed_at=timezone.now() + datetime.timedelta(days=2)
    )
    assert digest() == 0  # B's update and A's unapproved card send nothing
    assert mail.outbox == []

    status_change(pledge)
    assert digest() == 1
    Follow.objects.filter(pk=follow.pk).update(last_sent_at=follow.confirmed_at)  # as if the mark was lost
    assert digest() == 0  # same newest update: same outbox key
    assert len(mail.outbox) == 1
    assert "다른 공약 소식" not in mail.outbox[0].body
    assert "공약관리카드" not in mail.outbox[0].body


def test_one_click_unsubscribe_by_post_and_a_confirm_page_by_get(client, pledges):
    pledge, _other = pledges
    follow = confirmed(client, pledge)
    path = path_of(follows.unsubscribe_url(follow))
    page = client.get(path)
    assert page.status_code == 200 and "구독 해지" in page.content.decode()
    assert Follow.objects.filter(pk=follow.pk).exists()
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Follow.objects.filter(pk=follow.pk).exists()
    assert client.post(path).status_code == 404  # used once


def test_forged_or_expired_tokens_are_refused_and_change_nothing(client, pledges):
    pledge, _other = pledges
    follow = confirmed(client, pledge)
    for path in (
        reverse("follow:unsubscribe", kwargs={"token": follows.unsubscribe_token(follow)[:-3] + "abc"}),
        reverse("follow:confirm", kwargs={"token": "forged-token"}),
    ):
        response = client.post(path)
        assert response.status_code == 404 and "링크가 맞지 않습니다" in response.content.decode()
    assert Follow.objects.get(pk=follow.pk).confirmed_at == follow.confirmed_at

    mail.outbox.clear()
    request_follow(client, pledges[1], email="late@example.org")
    late = Follow.objects.get(email="late@example.org")
    Follow.objects.filter(pk=late.pk).update(requested_at=timezone.now() - datetime.timedelta(days=8))
    response = client.post(path_of(link_in(mail.outbox[-1].body, "confirm")))
    assert response.status_code == 404
    assert Follow.objects.get(pk=late.pk).confirmed_at is None
    digest()
    assert not Follow.objects.filter(pk=late.pk).exists()  # expired requests are deleted


def test_requests_are_throttled_per_address_and_per_client(client, pledges):
    pledge, _other = pledges
    for _ in range(follows.THROTTLE_PER_ADDRESS):
        assert request_follow(client, pledge, ip="198.51.100.1").status_code == 200
    assert request_follow(client, pledge, ip="198.51.100.2").status_code == 429
    sent = len(mail.outbox)
    for index in range(follows.THROTTLE_PER_CLIENT):
        request_follow(client, pledge, email=f"p{index}@example.org", ip="198.51.100.9")
    assert request_follow(client, pledge, email="one-more@example.org", ip="198.51.100.9").status_code == 429
    assert not Follow.objects.filter(email="one-more@example.org").exists()
    assert len(mail.outbox) == sent + follows.THROTTLE_PER_CLIENT


def test_bad_input_changes_nothing(client, pledges):
    pledge, _other = pledges
    assert request_follow(client, pledge, email="not-an-address").status_code == 400
    assert client.post(follow_url("pledges.pledge", 10**9), {"email": ADDRESS}).status_code == 404
    assert client.post(follow_url("auth.user", 1), {"email": ADDRESS}).status_code == 404
    assert not Follow.objects.exists() and mail.outbox == []


def test_a_plan_can_be_followed_and_gets_its_approved_reports(client, db):
    plan = PlanFactory()
    task = TaskFactory(strategy=StrategyFactory(plan=plan), title="따라갈 과제")
    page = client.get(plan.get_absolute_url()).content.decode()
    assert follow_url("plans.plan", plan.pk) in page
    committed(client.post, follow_url("plans.plan", plan.pk), {"email": ADDRESS})
    client.post(path_of(link_in(mail.outbox[-1].body, "confirm")))
    ProgressReportFactory(
        task=task,
        quarter=1,
        progress=40,
        narrative="설명회",
        state=ProgressReport.State.APPROVED,
        reviewed_at=timezone.now() + datetime.timedelta(hours=1),
    )
    ProgressReportFactory(task=task, quarter=2, state=ProgressReport.State.SUBMITTED, reviewed_at=timezone.now())
    assert digest() == 1
    assert "따라갈 과제" in mail.outbox[-1].body and "2분기" not in mail.outbox[-1].body
