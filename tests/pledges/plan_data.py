"""Texts and targets of a pledge built the way staff write them, for the tests of the three texts and targets."""

import datetime

from pledges.models import PledgeText, YearlyTarget

ELECTION = {
    "source": "선거공보 3쪽",
    "goal": "남북경제교류 기업 10개 유치",
    "content": "기업유치 기반 조성",
    "period_text": "임기 내",
    "total_cost": 5_000_000_000,
}
PLAN = {
    "source": "2018. 10. 실천계획서",
    "goal": "남북경제교류 기업 10개 유치",
    "content": "기업유치 기반 조성, 지원센터 설치",
    "period_start": datetime.date(2018, 7, 1),
    "period_end": datetime.date(2022, 6, 1),
    "total_cost": 5_000_000_000,
    "national_funds": 2_000_000_000,
    "city_funds": 3_000_000_000,
}


def approved_text(pledge, kind, reviewer, **values):
    """An approved text of `kind` written straight to the table (what an approved review leaves)."""
    return PledgeText.objects.create(
        pledge=pledge, kind=kind, state=PledgeText.State.APPROVED, reviewed_by=reviewer, **values
    )


def target(pledge, year, decision="", **values):
    """A yearly target; decided ones carry evidence and a December date of their year."""
    decided = {"evidence": "연말 평가 결과보고", "decided_on": datetime.date(year, 12, 20)} if decision else {}
    values = {"target": f"{year}년 목표", **decided, **values}
    return YearlyTarget.objects.create(pledge=pledge, year=year, decision=decision, **values)
