"""An approved (or submitted) pledge card is frozen; its correction is a reviewed copy, and the public page says 정정됨."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from pledges.models import CardEntry, ParticipationCount, PledgeCard
from pledges.services import pledge_card_approve, pledge_card_correct, pledge_card_submit
from tests.portal.test_admin_history import form_data, prefix_of

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def card(pledge):
    return pledge.cards.get(state="approved")


def entry_form(entry, **extra):
    data = {"card": entry.card_id, "order": entry.order, "kind": entry.kind, "label": entry.label}
    data.update(period_start="", period_end="")
    for prefix in ("events", "outcomes", "evidence"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(extra)
    return data


def public(client, pledge):
    client.logout()
    return client.get(pledge.get_absolute_url()).content.decode()


def test_rows_of_an_approved_or_submitted_card_cannot_be_edited(client, goyang, card):
    entry = card.entries.order_by("order").first()
    client.force_login(goyang["staff"])
    url = reverse("admin:pledges_cardentry_change", args=[entry.pk])
    response = client.post(url, entry_form(entry, label="몰래 고친 실적"))
    assert response.status_code == 403
    response = client.post(reverse("admin:pledges_pledgecard_change", args=[card.pk]), {"problems": "몰래"})
    assert response.status_code in (200, 403)
    entry.refresh_from_db()
    card.refresh_from_db()
    assert entry.label != "몰래 고친 실적" and card.problems != "몰래"
    form = client.get(reverse("admin:pledges_cardentry_add")).context["adminform"].form
    assert card not in form.fields["card"].queryset


def test_a_correction_is_a_copy_reviewed_again_while_the_public_keeps_the_approved_card(client, goyang, card, pledge):
    entry = card.entries.order_by("order").first()
    original_label = entry.label
    client.force_login(goyang["staff"])
    response = client.post(reverse("admin:pledges_pledgecard_correct", args=[card.pk]))
    copy = PledgeCard.objects.get(corrects=card)
    assert response.url == reverse("admin:pledges_pledgecard_change", args=[copy.pk])
    assert copy.state == "draft" and copy.entries.count() == card.entries.count()
    copied = copy.entries.get(order=entry.order)
    assert copied.events.count() == entry.events.count() and copied.evidence.count() == entry.evidence.count()
    # A second click opens the same correction instead of copying twice.
    assert pledge_card_correct(user=goyang["staff"], card=card) == copy

    response = client.post(
        reverse("admin:pledges_cardentry_change", args=[copied.pk]), entry_form(copied, label="정정된 실적 제목")
    )
    assert response.status_code == 302
    assert "정정된 실적 제목" not in public(client, pledge)
    assert original_label in public(client, pledge)

    assert list(pledge.cards.current().filter(period_start=card.period_start)) == [card]  # reports: one card per period
    pledge_card_submit(user=goyang["staff"], card=copy)
    pledge_card_approve(user=goyang["coordinator"], card=copy)
    card.refresh_from_db()
    copy.refresh_from_db()
    assert (card.state, copy.state) == ("superseded", "approved")
    assert list(pledge.cards.current().filter(period_start=card.period_start)) == [copy]
    text = public(client, pledge)
    assert "정정된 실적 제목" in text
    assert "정정됨 2026. 11. 23." in text
    assert CardEntry.history.filter(id=copied.pk, label="정정된 실적 제목", history_user=goyang["staff"]).exists()


def test_the_adjustment_inline_offers_no_add_or_change(client, goyang, pledge):
    client.force_login(goyang["coordinator"])
    response = client.get(reverse("admin:pledges_pledge_change", args=[pledge.pk]))
    formsets = {f.formset.prefix: f for f in response.context["inline_admin_formsets"]}
    adjustments = formsets["adjustments"]
    assert not adjustments.has_add_permission and not adjustments.has_change_permission


def test_card_contents_written_by_staff_are_in_history(client, goyang, pledge):
    card = pledge.cards.create(
        label="2026년 하반기", period_start=datetime.date(2026, 7, 1), period_end=datetime.date(2026, 12, 1)
    )
    client.force_login(goyang["staff"])
    url = reverse("admin:pledges_pledgecard_change", args=[card.pk])
    page = client.get(url)
    data = form_data(page)
    prefix = prefix_of(page, ParticipationCount)
    data.update({f"{prefix}-TOTAL_FORMS": 1, f"{prefix}-0-category": "meeting", f"{prefix}-0-count": 3})
    data[f"{prefix}-0-card"] = card.pk
    assert client.post(url, data).status_code == 302
    count = ParticipationCount.objects.get(card=card)
    assert count.history.get().history_user == goyang["staff"]
    entry = CardEntry.objects.create(card=card, order=1, kind="실적", label="하반기 실적")
    assert client.get(reverse("admin:pledges_cardentry_history", args=[entry.pk])).status_code == 200
    assert client.get(reverse("admin:pledges_pledgecard_history", args=[card.pk])).status_code == 200
