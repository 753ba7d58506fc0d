"""Every budget total of the seeds is reproduced by the roll-ups, and unknown never counts as 0."""

import pytest

from budgets.models import BudgetLine
from plans.models import OrgUnit

pytestmark = pytest.mark.django_db

MILLION = 1_000_000
THOUSAND = 1_000
HUNDRED_MILLION = 100_000_000


def stated(**filters):
    return BudgetLine.objects.stated().filter(**filters)


def test_namyangju_office_total_equals_its_six_divisions_and_its_four_sources(seeded):
    office = stated(unit__name="기획조정실", source="", task=None).get(name="기획조정실 총 예산액")
    assert office.planned == 253_363 * MILLION
    divisions = stated(unit__parent=office.unit, source="", task=None)
    assert divisions.count() == 6
    assert sum(line.planned for line in divisions) == office.planned
    sources = dict(stated(unit=office.unit, task=None).exclude(source="").values_list("source", "planned"))
    assert sources == {
        "국비": 7_223 * MILLION,
        "도비": 807 * MILLION,
        "시비": 244_201 * MILLION,
        "기타": 1_132 * MILLION,
    }
    assert sum(sources.values()) == office.planned


def test_namyangju_office_is_twelve_percent_of_the_city_general_account(seeded):
    city = stated(municipality__slug="namyangju", unit=None).get()
    office = stated(unit__name="기획조정실", source="", task=None).get(name="기획조정실 총 예산액")
    assert city.planned == 2_109_797 * MILLION
    assert round(100 * office.planned / city.planned) == 12


@pytest.mark.parametrize(
    ("code", "total_thousand", "parts"),
    [
        ("4-2", 529_594, {"유지관리": 422_674, "노후장비교체": 106_920}),
        ("5-1", 127_000, {"시스템운영": 22_000, "민간데이터구매": 105_000}),
    ],
)
def test_task_breakdowns_add_up_to_the_stated_task_total(seeded, code, total_thousand, parts):
    lines = BudgetLine.objects.filter(task__code=code, task__strategy__plan__slug="namyangju-2026-planning-office")
    assert lines.stated().get().planned == total_thousand * THOUSAND
    assert lines.by_task().get()["planned_sum"] == total_thousand * THOUSAND
    items = {line.name: line.planned for line in lines.items()}
    assert {name: won // THOUSAND for name, won in items.items() if any(part in name for part in parts)} == {
        next(name for name in items if part in name): amount for part, amount in parts.items()
    }


def test_kt_funded_investment_and_the_first_meeting_voucher(seeded):
    kt = BudgetLine.objects.get(task__code="4-3", source="KT")
    assert kt.planned == 3_892_952 * THOUSAND
    voucher = BudgetLine.objects.filter(name="출산가정 첫만남이용권 지원").order_by("seq")
    # The document gives 7,209 no year ("증액 전") and neither figure is the task's total.
    assert [(line.year, line.period_label, line.planned // MILLION) for line in voucher] == [
        (None, "증액 전", 7_209),
        (2026, "2026", 9_561),
    ]
    assert all(line.is_part for line in voucher)
    assert not BudgetLine.objects.filter(task__code="1-4", is_part=False).exists()


def test_roll_up_by_unit_includes_sub_units_and_adds_items_only(seeded):
    office = OrgUnit.objects.get(municipality__slug="namyangju", name="기획조정실")
    tree = BudgetLine.objects.filter(unit_id__in=OrgUnit.objects.subtree_ids(office), phase="year", year=2026)
    total = tree.totals()
    by_unit = {row["unit__name"]: row["planned_sum"] for row in tree.by_unit()}
    assert total["planned_sum"] == sum(by_unit.values())
    assert "기획조정실" not in by_unit  # the office's lines are all stated totals
    assert total["planned_sum"] < 253_363 * MILLION


def test_goyang_pledge_investment_and_the_22_million_won_study(seeded):
    lines = BudgetLine.objects.filter(pledge__code="1-2-4")
    plan_total = lines.filter(table="예산", source="", phase="total").get()
    assert plan_total.planned == 0
    blank = lines.filter(table="예산", source="국비", period_label="'19").get()
    assert (blank.planned, blank.planned_text) == (None, "")
    study = lines.filter(source="시비", period_label="'19", table="확보(집행)액").get()
    assert (study.secured, study.executed) == (22 * MILLION, 22 * MILLION)
    assert "한반도경협" in study.name


def test_seoul_unit_project_subtotals_equal_their_sources_every_year(seeded):
    plan_lines = BudgetLine.objects.filter(plan__slug="seoul-2018-innovation-growth").exclude(
        group__in=["연도별 투자계획", "분야별 투자계획"]
    )
    checked = 0
    for subtotal in plan_lines.stated().filter(source="", phase="year"):
        parts = plan_lines.items().filter(group=subtotal.group, year=subtotal.year)
        if parts.filter(name=subtotal.name).exists():
            parts = parts.filter(name=subtotal.name)
        known = [line.planned for line in parts if line.planned is not None]
        if subtotal.planned is not None and len(known) == parts.count():
            assert sum(known) == subtotal.planned, subtotal
            checked += 1
    assert checked >= 40


def test_seoul_investment_year_totals_match_sector_totals(seeded):
    lines = BudgetLine.objects.filter(plan__slug="seoul-2018-innovation-growth", display_unit="억원")
    by_year = lines.filter(group="연도별 투자계획", source="", phase="year").order_by("year")
    assert [line.planned // HUNDRED_MILLION for line in by_year] == [3_824, 5_440, 6_928, 8_906, 9_374]
    for year_line in by_year:
        sectors = lines.filter(group="분야별 투자계획", year=year_line.year).exclude(sector="")
        assert sectors.count() == 6
        assert sum(line.planned for line in sectors) == year_line.planned
    grand = lines.filter(group="연도별 투자계획", source="", phase="total").get()
    assert grand.planned == 34_472 * HUNDRED_MILLION == sum(line.planned for line in by_year)


def test_unknown_amounts_are_null_keep_their_word_and_are_counted_as_unknown(seeded):
    undecided = BudgetLine.objects.filter(planned_text="추후확정")
    assert undecided.exists()
    assert all(line.planned is None for line in undecided)
    group = undecided.first().group
    totals = BudgetLine.objects.filter(group=group).totals()
    assert totals["planned_unknown"] >= undecided.filter(group=group, level="item").count() > 0
    only_unknown = BudgetLine.objects.filter(pk__in=undecided.filter(level="item").values("pk")).totals()
    assert only_unknown["planned_sum"] is None
