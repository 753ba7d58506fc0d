"""A synthetic city at any scale, built with bulk inserts, for tests that compare pages at two data sizes."""

import datetime
from dataclasses import dataclass

from budgets.models import BudgetLine
from kpis.models import EvaluationMilestone, Indicator, Target
from plans.models import Headcount, Municipality, OrgUnit, Plan, ProgressReport, Strategy, Task
from pledges.models import Pledge, Term

REVIEWED = datetime.datetime(2026, 4, 7, 9, 0, tzinfo=datetime.UTC)


@dataclass
class City:
    """What the pages of a built city are reached by."""

    municipality: Municipality
    plan: Plan
    lead: OrgUnit
    partner: OrgUnit


def build_city(scale, name):
    """A city whose every growing list has `scale` times a base size larger than one page of it.

    Base sizes (scale 1): 25 plans, 10 bureaus of 2 divisions with 2 teams each, 60 tasks in 3 strategies
    (all led by one division and shared with another), 40 indicators, 60 milestones,
    40 pledges, 60 grouped budget lines (60 printed tables) plus 60 task lines.
    """
    municipality = Municipality.objects.create(name=f"{name}시", slug=name)
    bureaus = OrgUnit.objects.bulk_create(
        OrgUnit(municipality=municipality, name=f"{name} {i}실", kind=OrgUnit.Kind.BUREAU, order=i)
        for i in range(10 * scale)
    )
    bureau = bureaus[0]
    divisions = OrgUnit.objects.bulk_create(
        OrgUnit(
            municipality=municipality, parent=parent, name=f"{parent.name} {i}과", kind=OrgUnit.Kind.DIVISION, order=i
        )
        for parent in bureaus
        for i in range(2)
    )
    teams = OrgUnit.objects.bulk_create(
        OrgUnit(municipality=municipality, parent=division, name=f"{division.name} {j}팀", kind=OrgUnit.Kind.TEAM)
        for division in divisions
        for j in range(2)
    )
    Headcount.objects.bulk_create(
        Headcount(unit=unit, as_of=datetime.date(2026, 1, 6), authorized=20, current=19)
        for unit in [*bureaus, *divisions, *teams]
    )
    lead, partner = divisions[0], divisions[1]
    plan = Plan.objects.create(
        municipality=municipality,
        owner_unit=bureau,
        slug=f"{name}-plan",
        title=f"{name} 시험 업무계획",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 1),
    )
    Plan.objects.bulk_create(
        Plan(
            municipality=municipality,
            owner_unit=bureau,
            slug=f"{name}-other-{i}",
            title=f"{name} 다른 계획 {i}",
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 1),
        )
        for i in range(25 * scale - 1)
    )
    strategies = Strategy.objects.bulk_create(
        Strategy(plan=plan, number=n, title=f"시험 전략 {n}") for n in range(1, 4)
    )
    tasks = Task.objects.bulk_create(
        Task(
            strategy=strategies[i % 3],
            code=f"{i % 3 + 1}-{i}",
            order=i,
            title=f"시험 과제 {i}",
            lead_unit=lead,
            content="시험 사업내용",
        )
        for i in range(60 * scale)
    )
    Task.co_units.through.objects.bulk_create(Task.co_units.through(task=task, orgunit=partner) for task in tasks)
    ProgressReport.objects.bulk_create(
        ProgressReport(
            task=task,
            year=2026,
            quarter=1,
            status=ProgressReport.Status.ON_TRACK,
            progress=40,
            narrative="시험 실적",
            state=ProgressReport.State.APPROVED,
            reviewed_at=REVIEWED,
        )
        for task in tasks
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            municipality=municipality, key=f"{name}-k{i}", order=i, name=f"지표 {i}", unit="개", responsible_unit=lead
        )
        for i in range(40 * scale)
    )
    Target.objects.bulk_create(
        Target(indicator=indicator, period="year", year=2026 + y, label=str(2026 + y), value=y + 1, order=y)
        for indicator in indicators
        for y in range(2)
    )
    EvaluationMilestone.objects.bulk_create(
        EvaluationMilestone(
            municipality=municipality,
            year=2026,
            track="내부평가",
            title=f"평가 일정 {i}",
            order=i,
            start=datetime.date(2026, 1 + i % 12, 1),
            end=datetime.date(2026, 1 + i % 12, 1),
            responsible_unit=lead,
        )
        for i in range(60 * scale)
    )
    term = Term.objects.create(
        municipality=municipality, name="민선9기", start=datetime.date(2026, 7, 1), end=datetime.date(2030, 6, 1)
    )
    Pledge.objects.bulk_create(
        Pledge(term=term, code=f"{i % 4 + 1}-{i % 3 + 1}-{i}", title=f"시험 공약 {i}", lead_unit=lead)
        for i in range(40 * scale)
    )
    lines = [
        BudgetLine(
            municipality=municipality,
            unit=lead,
            source_document=f"{name}",
            seq=0,
            level=BudgetLine.Level.ITEM,
            group=f"단위사업 {i}",
            name="세부 사업",
            source=["국비", "시비", "도비", "기타", "민자"][i % 5],
            year=2026,
            period_label="2026",
            planned=None if i % 7 == 0 else 1_000_000 * (i + 1),
        )
        for i in range(60 * scale)
    ] + [
        BudgetLine(
            municipality=municipality,
            unit=lead,
            task=task,
            source_document=f"{name}",
            seq=0,
            level=BudgetLine.Level.ITEM,
            name=task.title,
            year=2026,
            period_label="2026",
            planned=5_000_000,
        )
        for task in tasks
    ]
    for seq, line in enumerate(lines, start=1):
        line.seq = seq
    BudgetLine.objects.bulk_create(lines)
    return City(municipality=municipality, plan=plan, lead=lead, partner=partner)


def remove_city(city):
    """Delete everything `build_city` made for `city` (for fixtures that outlive a test's transaction)."""
    municipality = city.municipality
    BudgetLine.objects.filter(municipality=municipality).delete()
    Pledge.objects.filter(term__municipality=municipality).delete()
    Term.objects.filter(municipality=municipality).delete()
    EvaluationMilestone.objects.filter(municipality=municipality).delete()
    Indicator.objects.filter(municipality=municipality).delete()
    Task.objects.filter(strategy__plan__municipality=municipality).delete()
    Plan.objects.filter(municipality=municipality).delete()
    Headcount.objects.filter(unit__municipality=municipality).delete()
    OrgUnit.objects.filter(municipality=municipality, kind=OrgUnit.Kind.TEAM).delete()
    OrgUnit.objects.filter(municipality=municipality, parent__isnull=False).delete()
    OrgUnit.objects.filter(municipality=municipality).delete()
    municipality.delete()
