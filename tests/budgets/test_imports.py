"""Excel import of 집행액 per budget line and period: template, round trip, review rule, scope, bad rows, admin, commands."""

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from budgets.imports import EXECUTION_SPEC, execution_import_template, execution_lines, preview_execution_import
from budgets.models import WON_PER_UNIT, BudgetExecution, BudgetLine
from budgets.services import budget_executions_import, period_execution_approve
from plans.models import OrgUnit
from portal import roles
from portal.corrections import Correction, ReviewState
from portal.periods import Period, PeriodKind
from portal.spreadsheet import CREATE, UNCHANGED, UPDATE
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

Q3 = Period(PeriodKind.QUARTER, 2026, 3)
EXECUTED = EXECUTION_SPEC.columns.index(next(c for c in EXECUTION_SPEC.columns if c.key == "executed"))


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def unit(seeded):
    return OrgUnit.objects.get(municipality__slug="namyangju", name="정보통신과")


@pytest.fixture
def staff(unit, roles_synced):
    return staff_user(unit)


@pytest.fixture
def head(unit, roles_synced):
    return staff_user(unit, role=roles.MANAGER)


def template(user, period=Q3):
    out = io.BytesIO()
    execution_import_template(user=user, period=period, target=out)
    return out.getvalue()


def sheet_rows(data):
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    return [row for row in ws.iter_rows(min_row=4, values_only=True) if any(row)]


def filled(data, amounts, extra_rows=()):
    """The workbook `data` with {line id: 집행액 in the line's unit} typed in, plus extra rows."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    ws = workbook.active
    for row in ws.iter_rows(min_row=4):
        if row[0].value in amounts:
            row[EXECUTED].value = amounts[row[0].value]
    for values in extra_rows:
        ws.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def counts():
    return BudgetExecution.objects.count(), BudgetExecution.history.count(), Correction.objects.count()


def first_lines(user, number=2):
    return list(execution_lines(user, Q3)[:number])


def test_template_lists_the_units_lines_of_the_year_with_empty_execution_for_the_chosen_period(staff, unit):
    rows = sheet_rows(template(staff))
    expected = execution_lines(staff, Q3)
    assert [row[0] for row in rows] == list(expected.values_list("pk", flat=True))
    assert rows and all(row[EXECUTED] is None for row in rows)
    assert {(row[6], row[7], row[8], row[9]) for row in rows} == {("분기", 2026, 3, "2026년 3분기")}
    in_scope = OrgUnit.objects.subtree_ids(unit)
    assert set(BudgetLine.objects.filter(pk__in=[row[0] for row in rows]).values_list("unit_id", flat=True)) <= set(
        in_scope
    )


def test_filled_template_round_trip_creates_submitted_figures_in_won_and_a_second_import_changes_nothing(staff):
    lines = first_lines(staff)
    amounts = {line.pk: 12 for line in lines}
    data = filled(template(staff), amounts)
    preview = preview_execution_import(io.BytesIO(data), user=staff)
    assert preview.errors == []
    assert preview.counts == {CREATE: len(lines), UPDATE: 0, UNCHANGED: 0}
    budget_executions_import(user=staff, uploaded=io.BytesIO(data))
    stored = {execution.line_id: execution for execution in BudgetExecution.objects.of_period(Q3)}
    assert set(stored) == set(amounts)
    for line in lines:
        execution = stored[line.pk]
        assert execution.executed == 12 * WON_PER_UNIT[line.display_unit]
        assert (execution.state, execution.entered_by) == (ReviewState.SUBMITTED, staff)
        assert execution.history.count() == 1
    assert not BudgetExecution.objects.approved().exists()
    again = template(staff)
    assert {row[0]: row[EXECUTED] for row in sheet_rows(again) if row[0] in amounts} == amounts
    before = counts()
    repeat = budget_executions_import(user=staff, uploaded=io.BytesIO(again))
    assert repeat.counts[UNCHANGED] == len(lines) and repeat.counts[CREATE] == repeat.counts[UPDATE] == 0
    assert counts() == before


def test_an_approved_figure_changes_only_through_a_reviewed_correction(staff, head):
    line = first_lines(staff, 1)[0]
    budget_executions_import(user=staff, uploaded=io.BytesIO(filled(template(staff), {line.pk: 10})))
    execution = BudgetExecution.objects.get(line=line)
    period_execution_approve(user=head, execution=execution)
    approved = execution.executed
    preview = budget_executions_import(user=staff, uploaded=io.BytesIO(filled(template(staff), {line.pk: 15})))
    assert preview.counts[UPDATE] == 1
    execution.refresh_from_db()
    assert (execution.state, execution.executed) == (ReviewState.APPROVED, approved)
    correction = Correction.objects.of(execution).open().get()
    assert correction.state == ReviewState.SUBMITTED
    assert correction.changes["executed"] == str(15 * WON_PER_UNIT[line.display_unit])
    period_execution_approve(user=head, execution=execution)
    execution.refresh_from_db()
    assert execution.executed == 15 * WON_PER_UNIT[line.display_unit]
    assert execution.corrected_at is not None


def test_a_unit_cannot_import_another_units_lines(staff, seeded, roles_synced):
    other = staff_user(OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과"))
    foreign = execution_lines(staff, Q3).first()
    assert not execution_lines(other, Q3).filter(pk=foreign.pk).exists()
    data = filled(template(staff), {foreign.pk: 3})
    before = counts()
    preview = preview_execution_import(io.BytesIO(data), user=other)
    assert any(f"예산 '{foreign.pk}'은(는) 소관 조직의 예산이 아닙니다" in message for message in preview.errors)
    with pytest.raises(ValidationError):
        budget_executions_import(user=other, uploaded=io.BytesIO(data))
    assert counts() == before


def test_bad_rows_are_refused_with_row_level_messages_and_nothing_is_written(staff):
    good, line = first_lines(staff)
    base = list(sheet_rows(template(staff))[1])
    bad = [
        [*base[:6], "분기", 2026, 5, *base[9:12], 1],
        [*base[:6], "주", 2026, 1, *base[9:12], 1],
        [*base[:6], "분기", 2025, 3, *base[9:12], 1],
        [*base[:6], "분기", 2026, 3, *base[9:12], "많이"],
        [*base[:6], "분기", 2026, 3, *base[9:12], -4],
        [999_999_999, *base[1:12], 1],
    ]
    data = filled(template(staff), {good.pk: 1, line.pk: 0.0000001}, extra_rows=bad)
    before = counts()
    preview = preview_execution_import(io.BytesIO(data), user=staff)
    text = "\n".join(preview.errors)
    first_bad = 4 + len(sheet_rows(template(staff)))
    for number, fragment in [
        (first_bad, "1에서 4 사이여야 합니다"),
        (first_bad + 1, "'주'은(는) 쓸 수 없습니다"),
        (first_bad + 2, "회계연도(2026년)와 다른 연도입니다"),
        (first_bad + 3, "숫자가 아닙니다: '많이'"),
        (first_bad + 4, "음수는 쓸 수 없습니다"),
        (first_bad + 5, "예산 '999999999'을(를) 찾을 수 없습니다"),
    ]:
        assert any(message.startswith(f"{number}행") and fragment in message for message in preview.errors), (
            number,
            fragment,
            text,
        )
    assert "1원 미만이 남는 금액입니다" in text
    with pytest.raises(ValidationError):
        budget_executions_import(user=staff, uploaded=io.BytesIO(data))
    assert counts() == before


def test_a_line_twice_for_the_same_period_is_a_duplicate_row(staff):
    line = first_lines(staff, 1)[0]
    row = next(row for row in sheet_rows(template(staff)) if row[0] == line.pk)
    data = filled(template(staff), {line.pk: 1}, extra_rows=[[*row[:12], 2]])
    preview = preview_execution_import(io.BytesIO(data), user=staff)
    assert any("중복 행" in message for message in preview.errors)


def test_admin_upload_preview_and_confirm_write_once(client, staff):
    line = first_lines(staff, 1)[0]
    client.force_login(staff)
    download = client.get(
        reverse("admin:budgets_budgetexecution_import_template"), {"year": 2026, "period": "month-11"}
    )
    assert download.status_code == 200
    rows = sheet_rows(b"".join(download.streaming_content))
    assert {(row[6], row[8], row[9]) for row in rows} == {("월", 11, "2026년 11월")}
    data = filled(template(staff), {line.pk: 7})
    url = reverse("admin:budgets_budgetexecution_import")
    preview = client.post(url, {"file": io.BytesIO(data)})
    assert preview.status_code == 200 and preview.context["preview"].counts[CREATE] == 1
    token = preview.context["token"]
    confirmed = client.post(url, {"confirm": "1", "token": token})
    assert confirmed.status_code == 302
    assert BudgetExecution.objects.filter(line=line, state=ReviewState.SUBMITTED).count() == 1
    client.post(url, {"confirm": "1", "token": token})
    assert BudgetExecution.objects.count() == 1


def test_commands_export_then_import_and_dry_run_writes_nothing(staff, tmp_path):
    path = tmp_path / "execution.xlsx"
    call_command("export_budget_execution", str(path), user=staff.username, year=2026, period="quarter-3")
    line = first_lines(staff, 1)[0]
    path.write_bytes(filled(path.read_bytes(), {line.pk: 2}))
    out = io.StringIO()
    call_command("import_budget_execution", str(path), user=staff.username, dry_run=True, stdout=out)
    assert "검사만 했습니다: 새로 작성 1행" in out.getvalue()
    assert not BudgetExecution.objects.exists()
    call_command("import_budget_execution", str(path), user=staff.username, stdout=io.StringIO())
    assert BudgetExecution.objects.get().entered_by == staff
    with pytest.raises(CommandError, match="활성 직원 계정"):
        call_command("import_budget_execution", str(path), user="nobody")
