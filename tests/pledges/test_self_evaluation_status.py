"""완료 and 이행후 계속추진: only the 총괄부서's decision on a submitted self-evaluation sets them; every shortcut is refused."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pledges import onboarding
from pledges.models import Pledge, PledgeStatus, PledgeStatusChange, SelfEvaluation
from pledges.onboarding import export_pledges
from pledges.self_evaluation import (
    self_evaluation_decide_completion,
    self_evaluation_save,
    self_evaluation_submit,
)
from pledges.services import pledge_list_import
from tests.pledges.evaluation_data import VALUES

pytestmark = pytest.mark.django_db

DECIDED = [PledgeStatus.COMPLETED, PledgeStatus.COMPLETED_ONGOING]


def submitted(pledge, goyang):
    evaluation = self_evaluation_save(
        user=goyang["staff"], evaluation=SelfEvaluation(), values={**VALUES, "pledge": pledge, "progress": 100}
    )
    return self_evaluation_submit(user=goyang["staff"], evaluation=evaluation)


def unchanged(pledge):
    pledge.refresh_from_db()
    return pledge.status == PledgeStatus.UNASSESSED and not PledgeStatusChange.objects.filter(pledge=pledge).exists()


@pytest.mark.parametrize("status", DECIDED)
@pytest.mark.parametrize("who", ["staff", "manager", "coordinator"])
def test_the_status_page_refuses_completion_to_everyone(client, pledge, goyang, status, who):
    client.force_login(goyang[who])
    response = client.post(
        reverse("admin:pledges_pledge_status", args=[pledge.pk]), {"status": status, "reason": "완료"}
    )
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        assert "제출된 분기별 자체평가에서" in response.content.decode()
    assert unchanged(pledge)


@pytest.mark.parametrize("who", ["staff", "manager"])
def test_the_pledge_change_form_ignores_a_posted_status(client, pledge, goyang, who):
    client.force_login(goyang[who])
    url = reverse("admin:pledges_pledge_change", args=[pledge.pk])
    client.post(
        url, {"code": pledge.code, "title": pledge.title, "status": "completed", "lead_unit": pledge.lead_unit_id}
    )
    assert unchanged(pledge)


def test_an_import_cannot_create_a_completed_pledge(seeded):
    term = pledge_term = Pledge.objects.get(term__municipality__slug="goyang", code="1-2-4").term
    target = io.BytesIO()
    export_pledges(term, target)
    workbook = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    lead = term.pledges.first().lead_unit.name
    for code, status in (("9-9-8", "완료"), ("9-9-9", "이행후 계속추진")):
        workbook[onboarding.PLEDGES.title].append([code, "새 공약", "새 목표", lead, status, ""])
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(ValidationError) as refused:
        pledge_list_import(user=None, uploaded=io.BytesIO(out.getvalue()), municipality=pledge_term.municipality)
    assert "\n".join(refused.value.messages).count("제출된 분기별 자체평가에서") == 2
    assert not Pledge.objects.filter(code__in=["9-9-8", "9-9-9"]).exists()


def test_the_api_is_read_only(client, pledge, goyang):
    client.force_login(goyang["coordinator"])
    detail = f"/api/v1/pledges/{pledge.pk}/"
    assert client.get(detail).status_code == 200
    assert client.post("/api/v1/pledges/", {"status": "completed"}).status_code in (403, 405)
    for method in (client.put, client.patch):
        response = method(detail, data='{"status": "completed"}', content_type="application/json")
        assert response.status_code in (403, 405)
    assert unchanged(pledge)


def test_only_the_coordinating_office_decides_and_only_on_a_submitted_evaluation(pledge, goyang):
    draft = self_evaluation_save(user=goyang["staff"], evaluation=SelfEvaluation(), values={**VALUES, "pledge": pledge})
    with pytest.raises(ValidationError, match="제출된 자체평가만"):
        self_evaluation_decide_completion(
            user=goyang["coordinator"], evaluation=draft, status=PledgeStatus.COMPLETED, criterion="센터 개소"
        )
    evaluation = self_evaluation_submit(user=goyang["staff"], evaluation=draft)
    for who in ("staff", "manager"):
        with pytest.raises(PermissionDenied):
            self_evaluation_decide_completion(
                user=goyang[who], evaluation=evaluation, status=PledgeStatus.COMPLETED, criterion="센터 개소"
            )
    with pytest.raises(ValidationError, match="완료 기준"):
        self_evaluation_decide_completion(
            user=goyang["coordinator"], evaluation=evaluation, status=PledgeStatus.COMPLETED, criterion=" "
        )
    with pytest.raises(ValidationError, match="'완료' 또는"):
        self_evaluation_decide_completion(
            user=goyang["coordinator"], evaluation=evaluation, status=PledgeStatus.ON_TRACK, criterion="x"
        )
    assert unchanged(pledge)
    self_evaluation_decide_completion(
        user=goyang["coordinator"],
        evaluation=evaluation,
        status=PledgeStatus.COMPLETED_ONGOING,
        criterion="지원센터 개소(2021. 9.) 후 운영 지속",
        decided_on=datetime.date(2021, 10, 20),
    )
    pledge.refresh_from_db()
    evaluation.refresh_from_db()
    assert (pledge.status, pledge.status_changed_on) == (PledgeStatus.COMPLETED_ONGOING, datetime.date(2021, 10, 20))
    assert evaluation.completion_criterion == "지원센터 개소(2021. 9.) 후 운영 지속"
    change = pledge.status_changes.get()
    assert change.changed_by == goyang["coordinator"] and "완료 기준: 지원센터 개소" in change.reason


def test_the_decision_page_in_the_admin(client, pledge, goyang):
    evaluation = submitted(pledge, goyang)
    url = reverse("admin:pledges_selfevaluation_decide", args=[evaluation.pk])
    client.force_login(goyang["manager"])
    response = client.post(url, {"status": "completed", "criterion": "센터 개소", "decided_on": "2021-10-20"})
    assert "총괄부서만" in response.content.decode()
    assert unchanged(pledge)
    client.force_login(goyang["coordinator"])
    page = client.get(reverse("admin:pledges_selfevaluation_change", args=[evaluation.pk])).content.decode()
    assert url in page
    data = {"status": "completed", "criterion": "센터 개소", "decided_on": "2021-10-20"}
    response = client.post(url, {**data, "opened_version": str(evaluation.version)})
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.COMPLETED
