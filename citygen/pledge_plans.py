"""The generated city's pledge texts (선거공보·공약서, 실천계획, 현재) and yearly targets with their decisions.

A fixed share of pledges, by position, gets each part, so that every city of a scale has
the same mixture: four in five an election text, three in five an approved 실천계획 with
yearly targets, two in five the current text; the targets of 2023–2025 are decided at the
year-end review, those of 2026 (the year of the generation day) wait for theirs.
"""

import datetime

from citygen.city import at_seoul, bulk
from pledges.models import PledgeText, PledgeTextKind, TargetDecision, YearlyTarget

DECIDED_YEARS = (2023, 2024, 2025)
PENDING_YEAR = 2026
HUNDRED_MILLION = 100_000_000


def delete_rows(municipality):
    """Delete the texts and targets of `municipality`'s pledges without loading them."""
    texts = PledgeText.objects.filter(pledge__term__municipality=municipality)
    for queryset in (
        PledgeText.cooperating_units.through.objects.filter(pledgetext__in=texts),
        texts,
        YearlyTarget.objects.filter(pledge__term__municipality=municipality),
    ):
        queryset._raw_delete(queryset.db)


def _kinds(position):
    share = position % 5
    kinds = [PledgeTextKind.ELECTION] if share != 4 else []
    if share in (0, 1, 2):
        kinds.append(PledgeTextKind.PLAN)
    if share in (0, 1):
        kinds.append(PledgeTextKind.CURRENT)
    return kinds


def _text(city, rng, pledge, kind, base):
    """A text of `kind`: the 실천계획 and the current text keep or change the election text's fields by turns."""
    cost = base["cost"] if kind == PledgeTextKind.ELECTION or rng.random() < 0.6 else base["cost"] * 2
    national = cost * 3 // 10 // HUNDRED_MILLION * HUNDRED_MILLION
    reviewer = city.managers[city.divisions[0].pk]
    reviewed = at_seoul(datetime.date(2022, 10, 20) if kind != PledgeTextKind.CURRENT else datetime.date(2026, 7, 15))
    stated = kind != PledgeTextKind.ELECTION
    return PledgeText(
        pledge=pledge,
        kind=kind,
        source={"election": "선거공보", "plan": "2022. 10. 확정 실천계획서", "current": "2026년 상반기 공약관리카드"}[
            kind.value
        ],
        goal=base["goal"] if kind == PledgeTextKind.ELECTION or rng.random() < 0.7 else f"{base['goal']} (단계별)",
        content=base["content"] if rng.random() < 0.5 else f"{base['content']}, 시민 의견 반영",
        period_start=datetime.date(2022, 7, 1) if stated else None,
        period_end=datetime.date(2026, 6, 1) if stated else None,
        period_text="임기 내" if not stated else "",
        total_cost=cost,
        national_funds=national if stated else None,
        city_funds=cost - national if stated else None,
        lead_unit=pledge.lead_unit if stated else None,
        yearly_plan="\n".join(f"{year}년: {base['goal']} {index}단계" for index, year in enumerate(DECIDED_YEARS, 1))
        if kind == PledgeTextKind.PLAN
        else "",
        state=PledgeText.State.APPROVED,
        submitted_at=reviewed - datetime.timedelta(days=5),
        reviewed_by=reviewer,
        reviewed_at=reviewed,
    )


def generate_pledge_plans(city):
    """Texts of a fixed share of the pledges, and yearly targets (decided up to 2025) of those with a 실천계획."""
    rng = city.rng("pledge-plans")
    texts, targets = [], []
    coordinator = city.managers[city.divisions[0].pk]
    for position, pledge in enumerate(city.pledges):
        kinds = _kinds(position)
        base = {
            "goal": pledge.target,
            "content": f"{pledge.title} 추진",
            "cost": rng.randint(5, 300) * HUNDRED_MILLION,
        }
        texts += [_text(city, rng, pledge, kind, base) for kind in kinds]
        if PledgeTextKind.PLAN not in kinds:
            continue
        for year in (*DECIDED_YEARS, PENDING_YEAR):
            decided = year in DECIDED_YEARS
            decision = rng.choices(list(TargetDecision), weights=[5, 3, 2])[0] if decided else ""
            targets.append(
                YearlyTarget(
                    pledge=pledge,
                    year=year,
                    target=f"{year}년 {pledge.title} 단계 완료",
                    target_value=rng.randint(1, 20),
                    target_unit="개소",
                    plan=f"{year}년 추진계획",
                    decision=decision,
                    evidence=f"{year}년 연말 공약 이행 평가 결과보고" if decided else "",
                    decided_on=datetime.date(year, 12, 20) if decided else None,
                    decided_by=coordinator if decided else None,
                )
            )
    bulk(PledgeText, texts)
    bulk(YearlyTarget, targets)
