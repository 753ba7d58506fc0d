"""Staff enter execution for their own unit's lines, public once their head approves; bad amounts save nothing."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from budgets.models import BudgetLine
from budgets.services import EXECUTION_FIELDS
from plans.models import OrgUnit
from portal import roles
from portal.corrections import Correction
from portal.review import version_token
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def line(seeded):
    return BudgetLine.objects.get(task__code="4-2", name__contains="유지관리")


@pytest.fixture
def ict_staff(seeded):
    return staff_user(OrgUnit.objects.get(municipality__slug="namyangju", name="정보통신과"))


@pytest.fixture
def ict_head(seeded):
    return staff_user(OrgUnit.objects.get(municipality__slug="namyangju", name="정보통신과"), role=roles.MANAGER)


def post(client, line, **changes):
    data = {key: ("" if value is None else value) for key, value in model_to_dict(line).items()}
    data.update(changes)
    return client.post(reverse("admin:budgets_budgetline_change", args=[line.pk]), data)


def post_execution(client, line, **changes):
    """The line's 정정 page, where secured and executed amounts are entered."""
    data = {name: "" if getattr(line, name) is None else getattr(line, name) for name in EXECUTION_FIELDS}
    data.update(changes)
    return client.post(reverse("admin:budgets_budgetline_correct", args=[line.pk]), data)


def approve(client, head, line):
    client.force_login(head)
    response = client.post(
        reverse("admin:budgets_budgetline_approve", args=[line.pk]), {"opened_version": version_token(line)}
    )
    assert response.status_code == 302


def test_staff_record_execution_of_their_units_line_with_history(client, line, ict_staff, ict_head):
    client.force_login(ict_staff)
    response = post_execution(client, line, executed=300_000_000, secured=422_674_000)
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.executed, line.secured) == (None, None)  # not public before the head approves
    approve(client, ict_head, line)
    line.refresh_from_db()
    assert (line.executed, line.execution_rate) == (300_000_000, 71.0)
    assert line.history.first().history_user == ict_head
    correction = Correction.objects.of(line).get()
    assert (correction.author, correction.reviewed_by, correction.state) == (ict_staff, ict_head, "approved")
    assert correction.history.filter(history_user=ict_staff).exists()


def test_posting_execution_to_the_change_form_changes_nothing(client, line, ict_staff):
    client.force_login(ict_staff)
    post(client, line, executed=300_000_000, secured=422_674_000)
    line.refresh_from_db()
    assert (line.executed, line.secured) == (None, None)
    assert not Correction.objects.of(line).exists()


def test_staff_cannot_change_what_was_planned(client, line, ict_staff):
    client.force_login(ict_staff)
    post(client, line, planned=1, executed=1_000)
    line.refresh_from_db()
    assert line.planned == 422_674_000


@pytest.mark.parametrize("field", ["executed", "secured"])
def test_negative_amounts_are_refused(client, line, ict_staff, field):
    client.force_login(ict_staff)
    response = post_execution(client, line, **{field: -5})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    line.refresh_from_db()
    assert getattr(line, field) is None
    assert not Correction.objects.of(line).exists()


def test_execution_above_the_secured_amount_needs_a_reason(client, line, ict_staff, ict_head):
    client.force_login(ict_staff)
    response = post_execution(client, line, secured=400_000_000, executed=450_000_000)
    assert "초과 집행 사유를 적으세요" in response.content.decode()
    line.refresh_from_db()
    assert (line.secured, line.executed) == (None, None)
    assert not Correction.objects.of(line).exists()
    response = post_execution(
        client, line, secured=400_000_000, executed=450_000_000, overrun_reason="추경 반영분 선집행"
    )
    assert response.status_code == 302
    approve(client, ict_head, line)
    line.refresh_from_db()
    assert line.executed == 450_000_000


def test_another_units_line_is_out_of_reach(client, line, seeded):
    other = staff_user(OrgUnit.objects.get(municipality__slug="namyangju", name="예산과"))
    client.force_login(other)
    assert client.get(reverse("admin:budgets_budgetline_change", args=[line.pk])).status_code == 302
    post(client, line, executed=1)
    post_execution(client, line, executed=1)
    line.refresh_from_db()
    assert line.executed is None
    assert not Correction.objects.of(line).exists()
    listed = client.get(reverse("admin:budgets_budgetline_changelist")).context["cl"].queryset
    assert not listed.filter(pk=line.pk).exists()


def test_coordinator_sees_every_line_of_their_city_and_none_of_another(client, line, seeded):
    office = OrgUnit.objects.get(municipality__slug="namyangju", name="기획조정실")
    client.force_login(staff_user(office, role=roles.COORDINATOR))
    listed = client.get(reverse("admin:budgets_budgetline_changelist")).context["cl"].queryset
    own_city = BudgetLine.objects.filter(municipality__slug="namyangju", unit__isnull=False)
    assert set(listed) == set(own_city)
    assert not listed.filter(municipality__slug="seoul").exists()


def test_execution_is_approved_in_bulk_per_unit_and_year_only_within_the_heads_scope(client, line, ict_staff, ict_head):
    other_unit = OrgUnit.objects.get(municipality__slug="namyangju", name="예산과")
    foreign = BudgetLine.objects.filter(unit=other_unit).first()
    client.force_login(ict_staff)
    post_execution(client, line, executed=100_000_000)
    client.force_login(staff_user(other_unit))
    post_execution(client, foreign, executed=1)
    assert Correction.objects.filter(state="submitted").count() == 2

    url = reverse("admin:budgets_budgetline_changelist") + f"?unit_id={line.unit_id}&year={line.year}"
    client.force_login(ict_head)
    selection = {"action": "approve_selected", "_selected_action": [line.pk, foreign.pk]}
    page = client.post(url, selection).content.decode()
    assert "100000000" in page and f'name="version_{foreign.pk}"' not in page
    response = client.post(url, {**selection, "confirm": "yes", f"version_{line.pk}": version_token(line)})
    assert response.status_code == 302
    line.refresh_from_db()
    foreign.refresh_from_db()
    assert line.executed == 100_000_000
    assert Correction.objects.of(foreign).get().state == "submitted"


def test_the_correction_list_approves_in_bulk_what_it_shows(client, line, ict_staff, ict_head):
    client.force_login(ict_staff)
    post_execution(client, line, executed=200_000_000)
    correction = Correction.objects.of(line).get()
    url = reverse("admin:portal_correction_changelist")
    assert list(client.get(url).context["cl"].queryset) == [correction]
    client.force_login(staff_user(OrgUnit.objects.get(municipality__slug="namyangju", name="예산과")))
    assert list(client.get(url).context["cl"].queryset) == []
    client.force_login(ict_head)
    page = client.post(url, {"action": "approve_selected", "_selected_action": [correction.pk]}).content.decode()
    assert "200000000" in page
    client.post(
        url,
        {
            "action": "approve_selected",
            "_selected_action": [correction.pk],
            "confirm": "yes",
            f"version_{correction.pk}": version_token(line),
        },
    )
    line.refresh_from_db()
    assert line.executed == 200_000_000
