"""Public pages of the 조정 procedure: moderation before publication, escaped comments, traps and limits, paging."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pledges.comments import COMMENTS_PER_ADDRESS, comment_moderate
from pledges.models import ChangeComment, PledgeChange
from tests.pledges.test_changes import opened

pytestmark = pytest.mark.django_db

CHANGE_LINK = re.compile(r'href="/goyang/pledges/changes/\d+/"')
# A small generated corpus: each vector in raw, attribute-breaking, mixed-case and entity-encoded forms.
VECTORS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    '"><iframe src="javascript:alert(1)">',
    "<a href='javascript:alert(1)'>x</a>",
    "<body onload=alert(1)>",
    "<style>@import 'http://evil'</style>",
]
PAYLOADS = [form for vector in VECTORS for form in (vector, vector.upper(), f"의견 {vector} 끝", f"'\"{vector}")]


def change_url(change):
    return reverse("pledges:change", kwargs={"slug": change.pledge.term.municipality.slug, "pk": change.pk})


@pytest.fixture(autouse=True)
def _clear_throttle():
    cache.clear()


def post_comment(client, change, text, name="", **extra):
    return client.post(change_url(change), {"name": name, "text": text, "website": "", **extra})


def test_a_comment_is_held_until_the_moderator_publishes_it(client, goyang, pledge):
    change = opened(goyang, pledge)
    response = post_comment(Client(enforce_csrf_checks=False), change, "주차장을 먼저 만들어 주세요", name="주민")
    assert response.status_code == 302 and response["Location"].endswith("?sent=1")
    comment = ChangeComment.objects.get()
    assert comment.state == ChangeComment.State.PENDING
    for url in (change_url(change), pledge.get_absolute_url()):
        assert "주차장을 먼저 만들어 주세요" not in client.get(url).content.decode()
    comment_moderate(user=goyang["coordinator"], comment=comment, publish=True)
    for url in (change_url(change), pledge.get_absolute_url()):
        assert "주차장을 먼저 만들어 주세요" in client.get(url).content.decode()


def test_the_comment_form_needs_its_csrf_token(goyang, pledge):
    change = opened(goyang, pledge)
    response = post_comment(Client(enforce_csrf_checks=True), change, "토큰 없이")
    assert response.status_code == 403
    assert not ChangeComment.objects.exists()


def test_the_comment_page_is_never_cached(client, goyang, pledge):
    change = opened(goyang, pledge)
    response = client.get(change_url(change))
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_comments_are_stored_as_plain_text_and_rendered_escaped(client, goyang, pledge, payload):
    change = opened(goyang, pledge)
    post_comment(client, change, payload, name=payload[:40])
    for comment in ChangeComment.objects.all():
        assert "<" not in comment.text + comment.name and ">" not in comment.text + comment.name
        comment_moderate(user=goyang["coordinator"], comment=comment, publish=True)
    page = client.get(change_url(change)).content.decode().lower()
    for marker in ("<script>alert", "<img src=x", "<svg/onload", "<iframe", "href='javascript", "<body onload"):
        assert marker not in page
    assert 'onerror="alert' not in page


def test_the_trap_field_and_bad_input_store_nothing(client, goyang, pledge):
    change = opened(goyang, pledge)
    assert post_comment(client, change, "로봇", website="http://spam").status_code == 302
    assert post_comment(client, change, "   ").status_code == 400
    assert post_comment(client, change, "가" * 2001).status_code == 400
    assert not ChangeComment.objects.exists()


def test_one_address_is_throttled(client, goyang, pledge):
    change = opened(goyang, pledge)
    for index in range(COMMENTS_PER_ADDRESS):
        assert post_comment(client, change, f"의견 {index}").status_code == 302
    assert post_comment(client, change, "하나 더").status_code == 400
    assert ChangeComment.objects.count() == COMMENTS_PER_ADDRESS


def test_a_draft_or_submitted_change_is_not_public(client, goyang, pledge):
    from pledges.changes import change_save
    from tests.pledges.test_changes import PROPOSAL

    change = change_save(user=goyang["staff"], change=PledgeChange(), values={"pledge": pledge, **PROPOSAL})
    assert client.get(change_url(change)).status_code == 404
    assert PROPOSAL["proposed_title"] not in client.get(pledge.get_absolute_url()).content.decode()


def test_the_open_periods_list_is_paged_in_a_fixed_number_of_queries(
    client, goyang, pledge, django_assert_max_num_queries
):
    from pledges.models import Pledge

    url = reverse("pledges:open_changes", kwargs={"slug": "goyang"})
    pledges = [pledge] + [
        Pledge.objects.create(term=pledge.term, code=f"8-{n}", title=f"공약 {n}", lead_unit=pledge.lead_unit)
        for n in range(24)
    ]
    today = timezone.localdate()
    for item in pledges:
        PledgeChange.objects.create(
            pledge=item, reason_class="other", reason="r", proposed_title="새 이름", state="open",
            comment_start=today, comment_end=today,
        )  # fmt: skip
    with django_assert_max_num_queries(12):
        first = client.get(url)
    body = first.content.decode()
    assert first.status_code == 200 and len(CHANGE_LINK.findall(body)) == 20
    second = client.get(url + "?page=2").content.decode()
    assert len(CHANGE_LINK.findall(second)) == 5
    with django_assert_max_num_queries(12):
        client.get(url + "?page=2")
