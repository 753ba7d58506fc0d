"""일치도: every field of the three texts marked same, changed or missing, in words."""

import pytest

from pledges.models import PledgeText, PledgeTextKind
from pledges.texts import CHANGED, MISSING, SAME, compare_texts, money
from tests.pledges.plan_data import ELECTION, PLAN

pytestmark = pytest.mark.django_db


def texts(pledge, **kinds):
    return [PledgeText(pledge=pledge, kind=kind, **values) for kind, values in kinds.items()]


def by_name(comparison):
    return {row.name: row for row in comparison.rows}


def test_each_field_is_same_changed_or_missing_and_each_cell_is_marked_against_the_text_before(pledge):
    current = {**PLAN, "content": "지원센터 설치"}
    comparison = compare_texts(texts(pledge, election=ELECTION, plan=PLAN, current=current))
    rows = by_name(comparison)
    assert rows["goal"].verdict == SAME and rows["goal"].verdict_label == "일치"
    assert rows["cost"].verdict == SAME
    assert rows["content"].verdict == CHANGED and rows["content"].verdict_label == "변경"
    assert [cell.mark_label for cell in rows["content"].cells] == ["", "앞과 다름", "앞과 다름"]
    # The election text gives no funding and no units: missing there, added by the plan.
    assert rows["funding"].verdict == MISSING and rows["funding"].verdict_label == "누락"
    assert [cell.mark_label for cell in rows["funding"].cells] == ["없음", "앞에는 없음", "앞과 같음"]
    assert rows["funding"].cells[1].value == "국비 2,000백만원, 시비 3,000백만원"
    assert rows["period"].cells[0].value == "임기 내" and rows["period"].cells[1].value == "2018. 7. ~ 2022. 6."
    assert comparison.agreeing == sum(row.verdict == SAME for row in comparison.rows) == 2
    assert comparison.changed == 2 and comparison.missing == 2
    assert comparison.missing_kinds == []


def test_a_missing_text_leaves_every_field_missing_and_is_named(pledge):
    comparison = compare_texts(texts(pledge, plan=PLAN))
    assert comparison.missing_kinds == [PledgeTextKind.ELECTION, PledgeTextKind.CURRENT]
    assert {row.verdict for row in comparison.rows} == {MISSING}
    assert comparison.agreeing == 0
    assert all(row.cells[0].value is None and row.cells[0].mark_label == "없음" for row in comparison.rows)


def test_whitespace_alone_is_not_a_difference(pledge):
    spaced = {**ELECTION, "goal": "남북경제교류  기업\n10개 유치"}
    comparison = compare_texts(texts(pledge, election=ELECTION, plan=spaced, current=ELECTION))
    assert by_name(comparison)["goal"].verdict == SAME


def test_money_is_shown_in_million_won_when_whole_and_in_won_otherwise():
    assert money(5_000_000_000) == "5,000백만원"
    assert money(1_234_567) == "1,234,567원"
