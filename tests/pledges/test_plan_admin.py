"""The admin of the three texts and the yearly targets: scoped, in Korean, review and decision by the 총괄부서 only."""

import pytest
from django.urls import reverse

from plans.models import OrgUnit
from pledges.models import PledgeText, YearlyTarget
from tests.pledges.plan_data import target

pytestmark = pytest.mark.django_db


def add_plan(client, pledge, **extra):
    data = {
        "pledge": pledge.pk,
        "kind": "plan",
        "goal": "기업 10개 유치",
        "content": "지원센터 설치",
        "source": "",
        "period_text": "",
        "funding_note": "",
        "yearly_plan": "",
        "opened_version": "",
        **extra,
    }
    return client.post(reverse("admin:pledges_pledgetext_add"), data)


def test_staff_write_a_plan_within_their_scope_and_only_the_coordinating_office_approves_it(client, pledge, goyang):
    partner = OrgUnit.objects.filter(municipality=pledge.term.municipality).exclude(pk=pledge.lead_unit_id).first()
    client.force_login(goyang["staff"])
    form = client.get(reverse("admin:pledges_pledgetext_add")).content.decode()
    assert "협조부서" in form and "주관부서" in form and "총사업비(원)" in form
    assert add_plan(client, pledge, cooperating_units=[partner.pk]).status_code == 200  # outside the scope
    assert not PledgeText.objects.exists()
    assert add_plan(client, pledge, lead_unit=pledge.lead_unit_id).status_code == 302
    text = PledgeText.objects.get()
    assert text.lead_unit == pledge.lead_unit
    client.post(reverse("admin:pledges_pledgetext_submit", args=[text.pk]), {"opened_version": text.version})
    client.post(reverse("admin:pledges_pledgetext_approve", args=[text.pk]))
    text.refresh_from_db()
    assert text.state == "submitted"  # staff cannot approve
    client.force_login(goyang["coordinator"])
    client.post(reverse("admin:pledges_pledgetext_approve", args=[text.pk]), {"opened_version": text.version})
    text.refresh_from_db()
    assert text.state == "approved"


def test_the_coordinating_office_names_cooperating_units_from_the_whole_city(client, pledge, goyang):
    partner = OrgUnit.objects.filter(municipality=pledge.term.municipality).exclude(pk=pledge.lead_unit_id).first()
    client.force_login(goyang["coordinator"])
    assert add_plan(client, pledge, cooperating_units=[partner.pk]).status_code == 302
    assert list(PledgeText.objects.get().cooperating_units.all()) == [partner]


def test_other_units_cannot_reach_the_texts_or_targets(client, pledge, goyang):
    text = PledgeText.objects.create(pledge=pledge, kind="plan", goal="목표")
    written = target(pledge, 2019)
    client.force_login(goyang["other_manager"])
    for name, obj in (("pledgetext", text), ("yearlytarget", written)):
        assert list(client.get(reverse(f"admin:pledges_{name}_changelist")).context["cl"].queryset) == []
        assert client.get(reverse(f"admin:pledges_{name}_change", args=[obj.pk])).status_code == 302


def test_the_decision_page_refuses_staff_and_managers_and_records_the_coordinating_offices_decision(
    client, pledge, goyang
):
    written = target(pledge, 2019)
    url = reverse("admin:pledges_yearlytarget_decide", args=[written.pk])
    data = {"decision": "achieved", "evidence": "결과보고", "decided_on": "2019-12-27", "opened_version": "1"}
    for who in ("staff", "manager"):
        client.force_login(goyang[who])
        response = client.post(url, data)
        assert "연차별 목표의 달성 여부는 총괄부서만 판정할 수 있습니다." in response.content.decode()
    assert YearlyTarget.objects.get().decision == ""
    client.force_login(goyang["coordinator"])
    response = client.post(url, {**data, "evidence": ""})
    assert response.status_code == 200 and YearlyTarget.objects.get().decision == ""
    assert client.post(url, data).status_code == 302
    decided = YearlyTarget.objects.get()
    assert (decided.decision, decided.decided_by) == ("achieved", goyang["coordinator"])
    assert decided.history.count() == 2


def test_the_target_form_offers_no_decision_fields_and_a_decided_target_is_read_only(client, pledge, goyang):
    written = target(pledge, 2019)
    client.force_login(goyang["staff"])
    url = reverse("admin:pledges_yearlytarget_change", args=[written.pk])
    form = client.get(url).content.decode()
    assert 'name="decision"' not in form and 'name="target"' in form and "달성 여부 판정 (총괄부서)" in form
    response = client.post(
        url,
        {"pledge": pledge.pk, "year": 2019, "target": "고친 목표", "decision": "achieved", "opened_version": "1"},
    )
    assert response.status_code == 302
    written.refresh_from_db()
    assert (written.target, written.decision) == ("고친 목표", "")
    decided = target(pledge, 2020, "partly")
    form = client.get(reverse("admin:pledges_yearlytarget_change", args=[decided.pk])).content.decode()
    assert 'name="target"' not in form
