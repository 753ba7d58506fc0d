"""Pledge screens of the admin: scoping, the status page, card review and checked uploads."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pledges.models import CardEntry, EvidenceFile, PledgeCard, PledgeStatusChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_card(pledge):
    card = PledgeCard.objects.create(
        pledge=pledge,
        label="2022년 상반기",
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 6, 1),
    )
    CardEntry.objects.create(card=card, order=1, kind="실적", label="2022년 상반기 추진실적")
    return card


@pytest.mark.parametrize("name", ["pledge", "pledgecard"])
def test_other_units_cannot_reach_the_pledge_or_its_cards(client, pledge, goyang, draft_card, name):
    obj = pledge if name == "pledge" else draft_card
    client.force_login(goyang["other_manager"])
    assert list(client.get(reverse(f"admin:pledges_{name}_changelist")).context["cl"].queryset) == []
    response = client.get(reverse(f"admin:pledges_{name}_change", args=[obj.pk]))
    assert response.status_code == 302


def test_status_page_refuses_completion_by_a_unit_head_with_the_reason(client, pledge, goyang):
    client.force_login(goyang["manager"])
    url = reverse("admin:pledges_pledge_status", args=[pledge.pk])
    response = client.post(url, {"status": "completed", "reason": "센터 개소"})
    assert "제출된 분기별 자체평가에서 완료 기준과 함께 결정합니다" in response.content.decode()
    response = client.post(url, {"status": "partial", "reason": ""})
    assert response.status_code == 200
    assert PledgeStatusChange.objects.count() == 0
    response = client.post(url, {"status": "partial", "reason": "여건 악화로 일부 추진"})
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == "partial"


def test_card_goes_from_the_unit_to_the_coordinating_office_and_back(client, goyang, draft_card):
    client.force_login(goyang["staff"])
    client.post(reverse("admin:pledges_pledgecard_submit", args=[draft_card.pk]))
    draft_card.refresh_from_db()
    assert draft_card.state == "submitted"
    client.force_login(goyang["manager"])
    client.post(reverse("admin:pledges_pledgecard_approve", args=[draft_card.pk]))
    draft_card.refresh_from_db()
    assert draft_card.state == "submitted"
    client.force_login(goyang["coordinator"])
    page = client.get(reverse("admin:pledges_pledgecard_change", args=[draft_card.pk])).content.decode()
    assert "승인" in page.split("card-workflow")[1]
    client.post(reverse("admin:pledges_pledgecard_return", args=[draft_card.pk]), {"reason": "증빙 보완"})
    draft_card.refresh_from_db()
    assert (draft_card.state, draft_card.return_reason) == ("returned", "증빙 보완")


def entry_form(entry, **extra):
    return {
        "card": entry.card_id,
        "order": 1,
        "kind": "실적",
        "label": entry.label,
        "period_start": "",
        "period_end": "",
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
        "outcomes-TOTAL_FORMS": 0,
        "outcomes-INITIAL_FORMS": 0,
        "evidence-TOTAL_FORMS": 0,
        "evidence-INITIAL_FORMS": 0,
        **extra,
    }


def test_bad_evidence_through_the_admin_gets_a_message_and_changes_nothing(client, goyang, draft_card, settings):
    entry = draft_card.entries.get()
    client.force_login(goyang["staff"])
    url = reverse("admin:pledges_cardentry_change", args=[entry.pk])
    response = client.post(
        url,
        entry_form(
            entry,
            label="바뀐 이름",
            evidence_label="[증빙1]",
            evidence_file=SimpleUploadedFile("결과.pdf", b"MZ\x90\x00 not a pdf"),
        ),
    )
    assert response.status_code == 200
    assert "받을 수 없는 파일 형식입니다." in response.content.decode()
    entry.refresh_from_db()
    assert entry.label == "2022년 상반기 추진실적"
    assert EvidenceFile.objects.filter(entry=entry).count() == 0


def test_good_evidence_through_the_admin_is_stored(client, goyang, draft_card):
    entry = draft_card.entries.get()
    client.force_login(goyang["staff"])
    response = client.post(
        reverse("admin:pledges_cardentry_change", args=[entry.pk]),
        entry_form(
            entry, evidence_label="[증빙1] 결과보고", evidence_file=SimpleUploadedFile("결과.pdf", b"%PDF-1.7\n%%EOF")
        ),
    )
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get(entry=entry)
    assert (evidence.label, evidence.content_type, evidence.uploaded_by) == (
        "[증빙1] 결과보고",
        "application/pdf",
        goyang["staff"],
    )
