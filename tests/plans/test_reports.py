"""The four managers' reports, opened with openpyxl and checked against the seed figures."""

import io

import openpyxl
import pytest

from budgets.models import BudgetLine
from kpis.models import Indicator, Measurement, Target
from plans.models import Municipality, OrgUnit, ProgressReport, Task
from portal.excel import write_report
from portal.reports import report_builder, resolve_filters
from tests.factories import ProgressReportFactory

pytestmark = pytest.mark.django_db


def workbook(name, **filters):
    stream = io.BytesIO()
    write_report(report_builder(name)(resolve_filters(None, **filters)), stream)
    stream.seek(0)
    return openpyxl.load_workbook(stream)


def rows(ws, start=5):
    return [list(row) for row in ws.iter_rows(min_row=start, values_only=True)]


def namyangju():
    return Municipality.objects.get(slug="namyangju")


def test_budget_report_states_the_002_office_total_as_253363_million_won():
    ws = workbook("budget", municipality=namyangju(), year=2026).active
    assert ws["A1"].value == "예산 현황"
    assert ws.cell(row=3, column=ws.max_column).value == "(단위: 백만원)"
    office = next(r for r in rows(ws) if r[2] == "기획조정실 총 예산액" and r[4] == "계")
    assert office[:2] == ["기획조정실", "명시 총액"]
    assert office[6] == 253363
    cell = next(c for c in ws["G"] if c.value == 253363)
    assert cell.number_format == "#,##0"
    sources = {r[4]: r[6] for r in rows(ws) if r[2] == "기획조정실 총 예산액"}
    assert sources == {"계": 253363, "국비": 7223, "도비": 807, "시비": 244201, "기타": 1132}
    divisions = {r[0]: r[6] for r in rows(ws) if r[1] == "명시 총액" and r[2].endswith("과 예산액")}
    assert divisions["정책기획과"] == 12238


def test_budget_report_subtotals_add_item_lines_only_in_million_won():
    ws = workbook("budget", municipality=namyangju(), year=2026).active
    data = rows(ws)
    subtotal = next(r for r in data if r[0] == "기획조정실 소계")
    items = BudgetLine.objects.items().filter(municipality=namyangju(), year=2026)
    planned = sum(line.planned for line in items if line.planned is not None)
    assert subtotal[1] == "소계"
    assert subtotal[6] == pytest.approx(planned / 1_000_000)
    assert pytest.approx(subtotal[6]) != 253363  # the stated total is never added in
    assert (subtotal[7], subtotal[8], subtotal[9]) == ("-", "-", "-")  # nothing secured or executed is known: not 0
    assert data[-1][0] == "합계"


def test_budget_report_of_one_unit_leaves_out_the_city_and_other_units():
    unit = OrgUnit.objects.get(municipality=namyangju(), name="인사과")
    data = rows(workbook("budget", unit=unit).active)
    assert data and {r[0] for r in data} <= {"인사과", "인사과 소계", "합계"}


def test_plan_progress_report_shows_the_latest_quarter_of_each_task():
    task = Task.objects.get(strategy__plan__slug="namyangju-2026-planning-office", code="3-1")
    ProgressReportFactory(task=task, year=2026, quarter=1, progress=20, narrative="1분기 실적")
    ProgressReportFactory(
        task=task, year=2026, quarter=2, progress=45, narrative="=2분기 실적", state=ProgressReport.State.APPROVED
    )
    ws = workbook("plan-progress", municipality=namyangju()).active
    assert ws["A1"].value == "업무계획 추진현황"
    row = next(r for r in rows(ws) if r[2] == "3-1")
    assert row[:6] == [
        "2026년 기획조정실 업무계획",
        "3. 참여와 성과로 완성하는 정책 행정 구현",
        "3-1",
        task.title,
        "인사과",
        row[5],
    ]
    # 소요예산 in 천원, the unit of 002's task budgets: one whole-number format for the column.
    assert row[6] == 788_137
    assert row[8:13] == ["2026년 2분기", "정상추진", 45, "승인", "=2분기 실적"]
    first_quarter = workbook("plan-progress", municipality=namyangju(), year=2026, quarter=1).active
    assert next(r for r in rows(first_quarter) if r[2] == "3-1")[8:11] == ["2026년 1분기", "정상추진", 20]
    untouched = next(r for r in rows(ws) if r[2] == "1-1")
    assert untouched[8:11] == ["미보고", "-", "-"]


def test_pledges_report_counts_statuses_then_lists_pledges_then_one_card_sheet_each():
    wb = workbook("pledges")
    ws = wb["공약 이행 현황"]
    preamble = {r[0]: r[1] for r in ws.iter_rows(min_row=4, max_row=13, values_only=True)}
    assert preamble["미평가"] == 1 and preamble["계"] == 1 and preamble["완료율(%)"] == 0
    header = [c.value for c in ws[15]]
    assert header[:5] == ["공약번호", "공약명", "임기", "소관부서", "이행 상태"]
    pledge = rows(ws, start=16)[0]
    assert pledge[0] == "1-2-4" and pledge[3] == "기업지원과"
    assert ws.freeze_panes == "A16"
    card = wb["1-2-4 공약관리카드"]
    first_column = [r[0] for r in card.iter_rows(min_row=5, values_only=True)]
    for heading in [
        "공약",
        "목표",
        "소관부서",
        "담당자",
        "추진실적 및 향후 추진계획",
        "시민참여(소통) 실적",
        "문제점 및 개선대책",
    ]:
        assert heading in first_column, heading
    lines = [r for r in card.iter_rows(min_row=5, values_only=True)]
    assert any(str(r[0]).startswith("연도별 투자계획: ") for r in lines)
    investment = [r for r in lines if str(r[0]).startswith("연도별 확보(집행)액: ")]
    assert investment and investment[0][1] == "(단위: 백만원)"
    # A real grid (seed 003): source rows × term phases, numbers where known, "-" for blanks.
    secured = lines[lines.index(investment[0]) + 1 :]
    assert secured[0][:10] == ("공약사업명", "구분", "계", "기투자", "'18.7.", "'19", "'20", "'21", "'22.6.", "임기후")
    city = next(r for r in secured if r[1] == "시비")
    assert city[2:10] == (22, "-", "-", 22, "-", "-", "-", "-")
    state = next(r for r in secured if r[1] == "국비")
    assert state[2:10] == ("-",) * 8
    assert first_column.index("문제점 및 개선대책") > lines.index(investment[0])


def card_sheet():
    return workbook("pledges")["1-2-4 공약관리카드"]


def test_card_sheet_types_dates_as_dates_and_counts_as_numbers():
    import datetime

    card = card_sheet()
    cells = {(cell.row, cell.column): cell for row in card.iter_rows(min_row=5) for cell in row}
    dated = [cell for cell in cells.values() if cell.column == 2 and cell.is_date]
    assert dated and dated[0].value == datetime.datetime(2019, 10, 15)
    assert all(cell.number_format == "yyyy-mm-dd" for cell in dated)
    assert any(cell.value == "2020. 12月 추진" for cell in cells.values() if cell.column == 2)
    heading = next(cell for cell in cells.values() if cell.value == "시민참여(소통) 실적")
    counts = [cells[(heading.row + 1, column)].value for column in range(3, 8)]
    assert counts == [5, "-", 5, "-", "-"]
    assert cells[(heading.row + 1, 3)].data_type == "n"


def test_card_sheet_prints_on_one_portrait_a4_page_with_its_text_merged_across():
    card = card_sheet()
    assert (card.page_setup.fitToWidth, card.page_setup.fitToHeight) == (1, 1)
    assert card.page_setup.orientation == "portrait"
    assert "C5:J5" in {str(merged) for merged in card.merged_cells.ranges}


def test_pledge_overview_sheet_counts_by_status_and_field_with_every_formula():
    ws = workbook("pledges")["공약 이행 총괄표"]
    values = [list(row) for row in ws.iter_rows(min_row=4, values_only=True)]
    formulas = [row[0] for row in values if row[0] and "=" in str(row[0])]
    assert [formula.split(" =")[0] for formula in formulas] == [
        "완료율",
        "이행률",
        "재정 확보율",
        "재정 집행률",
        "연도별 목표 달성률",
    ]
    header = next(row for row in values if row[0] == "구분")
    total = next(row for row in values if row[0] == "전체")
    by_header = dict(zip(header, total, strict=True))
    assert by_header["미평가"] == 1 and by_header["계"] == 1 and by_header["완료"] == 0
    assert by_header["완료율(%)"] == 0
    # 이행률 needs an assessed pledge; 확보율 needs a known plan: 003's 투자계획 is 0, so "-".
    assert by_header["이행률(%)"] == "-" and by_header["재정 확보율(%)"] == "-"
    assert any(row[0] == "민선7기 분야 1" for row in values)


def test_budget_report_total_line_is_the_offices_stated_total_and_says_what_it_adds():
    data = rows(workbook("budget", municipality=namyangju(), year=2026).active)
    closing = [r for r in data if r[0] == "합계"]
    assert [r[1] for r in closing] == ["세부 사업 합계", "총액 − 세부 사업", "명시 총액"]
    assert closing[-1][6] == 253363
    assert closing[0][6] == pytest.approx(14858.94)
    assert closing[1][6] == pytest.approx(253363 - 14858.94)


def test_plan_report_leaves_a_period_the_document_does_not_give_blank():
    data = rows(workbook("plan-progress").active)
    periods = {(r[0], r[2]): r[5] or "" for r in data if r[2]}
    assert periods[("2026년 기획조정실 업무계획", "1-1")] == ""
    assert periods[("2026년 기획조정실 업무계획", "4-1")] == "2026. 3. ~ 10."
    assert all(period == "" for (plan, _code), period in periods.items() if plan.startswith("서울"))


def test_plan_report_shows_the_first_meeting_voucher_as_a_part_never_the_total():
    data = rows(workbook("plan-progress").active)
    task = next(r for r in data if r[2] == "1-4" and r[0] == "2026년 기획조정실 업무계획")
    assert task[6] == "-"
    assert task[7] == "총액 미기재 · 알려진 일부: 출산가정 첫만남이용권 지원 9,561백만원"


def test_plan_report_carries_owners_objectives_and_an_overview_of_vision_and_targets():
    wb = workbook("plan-progress")
    data = rows(wb.active)
    task = next(r for r in data if r[2] == "5-1" and r[0] == "서울 미래 혁신성장 프로젝트 추진계획")
    assert task[13] == "동북권사업반"
    overview = [row[2:] for row in wb["계획 개요"].iter_rows(min_row=5, values_only=True)]
    assert ("비전", "시민체감, 성과로 완성하는 미래형 자족도시") in overview
    assert ("핵심 목표 3", "좋은 일자리 62,533개 창출") in overview


def test_kpi_report_states_each_indicators_subtotal_as_the_document_does():
    data = rows(workbook("kpis").active)
    indicators = Indicator.objects.filter(source_document="004")
    for indicator in indicators:
        expected = indicator.subtotal_text or "-" if indicator.subtotal is None else float(indicator.subtotal)
        found = {r[9] for r in data if r[1] == indicator.name and r[0] == indicator.group}
        assert found == {expected}, indicator.name


def test_budget_report_has_the_sector_column_for_the_investment_by_sector_table():
    data = rows(workbook("budget", municipality=Municipality.objects.get(slug="seoul")).active)
    sectors = {r[10] for r in data if len(r) > 10 and r[10]}
    assert sectors == {"도심제조", "바이오의료", "R&D", "문화콘텐츠", "혁신창업", "테스트베드"}


def test_kpi_report_has_target_actual_and_achievement_per_indicator_and_period():
    ws = workbook("kpis").active
    assert ws["A1"].value == "성과지표 달성 현황"
    data = rows(ws)
    assert len(data) == sum(len(indicator.series()) for indicator in Indicator.objects.with_series())
    target = (
        Target.objects.filter(value__isnull=False, indicator__measurements__isnull=True)
        .select_related("indicator")
        .first()
    )
    row = next(r for r in data if r[1] == target.indicator.name and r[5] == target.label)
    assert row[6] == pytest.approx(float(target.value)) and row[7] == "-" and row[8] == "-"
    measurement = Measurement.objects.filter(value__isnull=False).first()
    Target.objects.create(
        indicator=measurement.indicator,
        period=measurement.period,
        year=measurement.year,
        sub=measurement.sub,
        date=measurement.date,
        label=measurement.label,
        value=measurement.value * 2,
    )
    rated = next(
        r for r in rows(workbook("kpis").active) if r[1] == measurement.indicator.name and r[5] == measurement.label
    )
    assert rated[8] == 50


@pytest.mark.parametrize("name", ["plan-progress", "budget", "pledges", "kpis"])
def test_query_count_is_the_same_under_tenfold_data(name, django_assert_num_queries):
    from tests.plans.report_data import multiply_seed

    filters = resolve_filters(None)

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            write_report(report_builder(name)(filters), io.BytesIO())
        return len(captured.captured_queries)

    before = count()
    multiply_seed(9)
    assert count() == before
