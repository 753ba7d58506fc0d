"""Self-evaluations of the seed pledge built the way the lead unit writes them, and its 협조부서."""

import datetime

from django.utils import timezone

from plans.models import OrgUnit
from pledges.models import PledgeTextKind, SelfEvaluation, SelfGrade
from tests.factories import OrgUnitFactory, staff_user
from tests.pledges.plan_data import PLAN, approved_text

VALUES = {
    "year": 2021,
    "quarter": 3,
    "summary": "남북경제교류 지원센터 설계 착수",
    "grade": SelfGrade.NORMAL,
    "progress": 60,
    "problems": "",
    "measures": "",
}


def cooperating_units(pledge, reviewer, *units):
    """An approved 실천계획 of `pledge` naming `units` as its 협조부서."""
    text = approved_text(pledge, PledgeTextKind.PLAN, reviewer, **PLAN)
    text.cooperating_units.set(units)
    return text


def cooperation(pledge, goyang):
    """Two cooperating units with a staff member each, a unit that does not cooperate, and the approved plan."""
    city = pledge.term.municipality
    first = OrgUnitFactory(municipality=city, name="투자유치과")
    second = OrgUnitFactory(municipality=city, name="도시계획과")
    outsider = OrgUnit.objects.get(municipality=city, name="일자리정책과")
    cooperating_units(pledge, goyang["coordinator"], first, second)
    return {
        "first": first,
        "second": second,
        "outsider": outsider,
        "first_staff": staff_user(first),
        "second_staff": staff_user(second),
    }


def approved_evaluation(pledge, year, number, *, reviewed_on=None, **values):
    """An approved evaluation written straight to the table (what an approved review leaves)."""
    reviewed = timezone.make_aware(
        datetime.datetime.combine(reviewed_on or datetime.date(year, 12, 31), datetime.time(10))
    )
    fields = {**VALUES, "summary": f"{year}년 {number}분기 추진상황", **values}
    fields.update(year=year, quarter=number)
    return SelfEvaluation.objects.create(
        pledge=pledge, state=SelfEvaluation.State.APPROVED, reviewed_at=reviewed, submitted_at=reviewed, **fields
    )
