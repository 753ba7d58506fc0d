"""통합: a merge 변경안 names the pledge of the same term it merges into, and both public pages link the other."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pledges.changes import change_save
from pledges.models import ChangeKind, Pledge, PledgeChange, Term
from tests.pledges.test_changes import decide, opened

pytestmark = pytest.mark.django_db

MERGE = {"kind": ChangeKind.MERGE, "proposed_title": "", "proposed_target": "", "proposed_content": "두 사업을 하나로"}


@pytest.fixture
def partner(pledge):
    return Pledge.objects.create(term=pledge.term, code="9-9-9", title="통합 받는 공약", lead_unit=pledge.lead_unit)


def refused(goyang, pledge, **values):
    before = PledgeChange.objects.count(), PledgeChange.history.count()
    with pytest.raises(ValidationError) as error:
        change_save(
            user=goyang["staff"],
            change=PledgeChange(),
            values={"pledge": pledge, "reason_class": "conditions", "reason": "중복 사업", **values},
        )
    assert (PledgeChange.objects.count(), PledgeChange.history.count()) == before
    return error.value.message_dict


def test_a_merge_without_its_partner_is_refused(goyang, pledge):
    assert "merged_into" in refused(goyang, pledge, **MERGE)


def test_a_merge_into_itself_or_another_terms_pledge_is_refused(goyang, pledge):
    assert "merged_into" in refused(goyang, pledge, **MERGE, merged_into=pledge)
    earlier = Term.objects.create(
        municipality=pledge.term.municipality,
        name="시험 임기",
        start=datetime.date(2010, 7, 1),
        end=datetime.date(2014, 6, 30),
    )
    other = Pledge.objects.create(term=earlier, code="1-1-1", title="지난 임기 공약", lead_unit=pledge.lead_unit)
    assert "merged_into" in refused(goyang, pledge, **MERGE, merged_into=other)


def test_only_a_merge_names_a_partner(goyang, pledge, partner):
    values = {"kind": ChangeKind.CHANGE, "proposed_title": "새 이름", "merged_into": partner}
    assert "merged_into" in refused(goyang, pledge, **values)


def test_a_public_merge_links_both_pledges_pages(client, goyang, pledge, partner):
    change = opened(goyang, pledge, **MERGE, merged_into=partner)
    page = client.get(pledge.get_absolute_url()).content.decode()
    assert partner.get_absolute_url() in page and "9-9-9 통합 받는 공약" in page
    partner_page = client.get(partner.get_absolute_url()).content.decode()
    assert pledge.get_absolute_url() in partner_page and "이 공약으로 통합하는 변경안" in partner_page
    decide(goyang, change)
    partner_page = client.get(partner.get_absolute_url()).content.decode()
    assert pledge.get_absolute_url() in partner_page and "조정 확정" in partner_page


def test_a_draft_merge_shows_on_neither_page(client, goyang, pledge, partner):
    change_save(
        user=goyang["staff"],
        change=PledgeChange(),
        values={"pledge": pledge, "reason_class": "conditions", "reason": "중복", **MERGE, "merged_into": partner},
    )
    assert "이 공약으로 통합하는 변경안" not in client.get(partner.get_absolute_url()).content.decode()


def test_a_forged_admin_post_merging_into_another_units_pledge_stores_nothing(client, goyang, pledge):
    foreign = Pledge.objects.create(
        term=pledge.term, code="9-9-8", title="다른 부서 공약", lead_unit=goyang["other_staff"].unit
    )
    client.force_login(goyang["staff"])
    data = {
        "pledge": pledge.pk,
        "reason_class": "conditions",
        "reason": "중복 사업",
        **MERGE,
        "merged_into": foreign.pk,
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:pledges_pledgechange_add"), data)
    assert response.status_code == 200 and "merged_into" in response.context["adminform"].form.errors
    assert not PledgeChange.objects.exists()


def test_the_lead_unit_files_a_merge_in_the_admin(client, goyang, pledge, partner):
    client.force_login(goyang["staff"])
    data = {
        "pledge": pledge.pk,
        "reason_class": "conditions",
        "reason": "중복 사업",
        **MERGE,
        "merged_into": partner.pk,
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
    }
    assert client.post(reverse("admin:pledges_pledgechange_add"), data).status_code == 302
    assert PledgeChange.objects.get().merged_into == partner
