"""The generated city's organisation, staff, business plans, tasks and quarterly reports (the `plans` app)."""

import datetime
import math

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from citygen import vocabulary as words
from citygen.city import AS_OF, at_seoul, bulk
from plans.models import (
    ActionItem,
    Headcount,
    OrgUnit,
    Plan,
    PlanSection,
    ProgressReport,
    Strategy,
    Task,
    TaskObjective,
    User,
)
from portal import roles
from portal.periods import quarter_of

TASKS_PER_SCALE = 40
STAFF_PER_SCALE = 10.18
LARGEST_PLAN = 400


def person(rng):
    """A Korean full name."""
    return rng.choice(words.SURNAMES) + rng.choice(words.GIVEN)


def delete_rows(municipality):
    """Delete the rows of this app that belong to `municipality`, children first, without loading them.

    The raw deletes skip history: generated rows never had any, and replacing a city
    must not write a hundred thousand deletion records.
    """
    tasks = Task.objects.filter(strategy__plan__municipality=municipality)
    for queryset in (
        ProgressReport.objects.filter(task__in=tasks),
        TaskObjective.objects.filter(task__in=tasks),
        ActionItem.objects.filter(task__in=tasks),
        Task.co_units.through.objects.filter(task__in=tasks),
        tasks,
        Strategy.objects.filter(plan__municipality=municipality),
        PlanSection.objects.filter(plan__municipality=municipality),
    ):
        queryset._raw_delete(queryset.db)
    Plan.objects.filter(municipality=municipality).delete()
    User.objects.filter(unit__municipality=municipality).delete()
    Headcount.objects.filter(unit__municipality=municipality).delete()
    units = OrgUnit.objects.filter(municipality=municipality)
    units.update(parent=None)
    units.delete()


def generate_organisation(city):
    """Bureaus (실·국), their divisions (과) and teams (팀), with heads and headcounts."""
    rng = city.rng("organisation")
    division_count = min(sum(len(d) for _, d in words.BUREAUS), max(3, round(6 * math.sqrt(city.scale))))
    bureau_count = min(len(words.BUREAUS), max(2, math.ceil(division_count / 5)))
    names = [[] for _ in range(bureau_count)]
    pools = [list(divisions) for _, divisions in words.BUREAUS[:bureau_count]]
    while sum(map(len, names)) < division_count:
        for index, pool in enumerate(pools):
            if pool and sum(map(len, names)) < division_count:
                names[index].append(pool.pop(0))
    municipality = city.municipality
    city.bureaus = bulk(
        OrgUnit,
        [
            OrgUnit(
                municipality=municipality,
                name=name,
                kind=OrgUnit.Kind.BUREAU,
                head_title="기획조정실장" if index == 0 else f"{name[:-1]}장",
                head_name=person(rng),
                is_coordinating=index == 0,
                order=index + 1,
            )
            for index, (name, _divisions) in enumerate(words.BUREAUS[:bureau_count])
        ],
    )
    city.coordinating = city.bureaus[0]
    divisions = []
    for bureau, division_names in zip(city.bureaus, names, strict=True):
        for name in division_names:
            divisions.append(
                OrgUnit(
                    municipality=municipality,
                    parent=bureau,
                    name=name,
                    kind=OrgUnit.Kind.DIVISION,
                    head_title=f"{name[:-1]}관" if name.endswith("담당관") else "과장",
                    head_name=person(rng),
                    order=len(divisions) + 1,
                )
            )
    city.divisions = bulk(OrgUnit, divisions)
    teams = []
    for division in city.divisions:
        stem = division.name.removesuffix("담당관").removesuffix("과")
        for suffix in rng.sample(words.TEAM_SUFFIXES, rng.randint(2, 4)):
            teams.append(
                OrgUnit(
                    municipality=municipality,
                    parent=division,
                    name=f"{stem}{suffix}",
                    kind=OrgUnit.Kind.TEAM,
                    head_title="팀장",
                    head_name=person(rng),
                    order=len(teams) + 1,
                )
            )
    city.teams = bulk(OrgUnit, teams)
    bulk(
        Headcount,
        [
            Headcount(
                unit=unit,
                as_of=datetime.date(AS_OF.year, 1, 6),
                authorized=(authorized := rng.randint(12, 40) if unit.kind == OrgUnit.Kind.DIVISION else 80),
                current=authorized + rng.randint(-3, 3),
                source="생성",
            )
            for unit in [*city.bureaus, *city.divisions]
        ],
    )


def generate_staff(city):
    """One head (부서장) per division, the coordinating office's staff (총괄부서) and staff (부서 담당자) everywhere.

    They share the demo password, hashed once with a salt of the seed so that the rows repeat.
    """
    rng = city.rng("staff")
    password = make_password(settings.PORTAL_DEMO_PASSWORD, salt=f"citygen{city.seed}")
    total = city.count(STAFF_PER_SCALE, minimum=len(city.divisions) + 2)
    users, role_of = [], []

    def add(unit, role):
        number = len(users) + 1
        name = person(rng)
        username = f"{city.slug}-{number:04d}"
        users.append(
            User(
                username=username,
                password=password,
                first_name=name[1:],
                last_name=name[0],
                email=f"{username}@example.com",
                is_staff=True,
                unit=unit,
                date_joined=at_seoul(datetime.date(2024, 1, 2)),
            )
        )
        role_of.append(role)

    coordinating_divisions = [d for d in city.divisions if d.parent_id == city.coordinating.pk]
    for division in city.divisions:
        add(division, "manager")
    add(coordinating_divisions[0], "coordinator")
    add(coordinating_divisions[-1], "coordinator")
    while len(users) < total:
        add(city.divisions[len(users) % len(city.divisions)], "staff")
    users = bulk(User, users)
    groups = {role: Group.objects.get(name=label).pk for role, label in roles.ROLE_LABELS.items()}
    bulk(
        User.groups.through,
        [
            User.groups.through(user_id=user.pk, group_id=groups[role])
            for user, role in zip(users, role_of, strict=True)
        ],
    )
    for user, role in zip(users, role_of, strict=True):
        if role == "manager":
            city.managers[user.unit_id] = user
        elif role == "staff":
            city.staff.setdefault(user.unit_id, user)
    for division in city.divisions:
        city.staff.setdefault(division.pk, city.managers[division.pk])


def _plan_shapes(city):
    """(owner bureau, start, end, task count) of each plan: yearly 업무계획 and multi-year 추진계획 by turns."""
    total = city.count(TASKS_PER_SCALE, minimum=2)
    count = max(2, math.ceil(total / LARGEST_PLAN))
    shapes = []
    for index in range(count):
        tasks = total // count + (1 if index < total % count else 0)
        bureau = city.bureaus[index % len(city.bureaus)]
        if index % 2 == 0:
            start, end = datetime.date(AS_OF.year, 1, 1), datetime.date(AS_OF.year, 12, 1)
        else:
            start, end = datetime.date(AS_OF.year - 3, 1, 1), datetime.date(AS_OF.year + 1, 12, 1)
        shapes.append((bureau, start, end, tasks))
    return shapes


def generate_plans(city):
    """Plans with their strategies and tasks (objectives, action items, co-owning units)."""
    rng = city.rng("plans")
    plans, strategies_of = [], []
    for index, (bureau, start, end, task_count) in enumerate(_plan_shapes(city)):
        yearly = start.year == end.year
        title = (
            f"{start.year}년 {bureau.name} 업무계획"
            if yearly
            else f"{bureau.name} 중기 추진계획({start.year}~{end.year})"
        )
        plans.append(
            Plan(
                municipality=city.municipality,
                owner_unit=bureau,
                slug=f"{city.slug}-plan-{index + 1}",
                title=title,
                period_start=start,
                period_end=end,
                vision=rng.choice(words.VISIONS),
                level1_label="추진전략" if yearly else "프로젝트",
                level2_label="중점 추진과제" if yearly else "전략과제",
                source="생성",
                document_number=f"{bureau.name}-{1000 + index}",
                approved_on=start - datetime.timedelta(days=20),
                disclosure="공개",
                retention="10년",
            )
        )
        strategies_of.append(max(2, min(10, task_count // 4)))
    city.plans = bulk(Plan, plans)
    bulk(
        PlanSection,
        [
            PlanSection(plan=plan, order=order, title=title, body=f"{plan.title}의 {title}입니다.")
            for plan in city.plans
            for order, title in enumerate(["추진배경", "추진체계"], start=1)
        ],
    )
    strategies = bulk(
        Strategy,
        [
            Strategy(
                plan=plan,
                number=number,
                title=words.STRATEGY_TITLES[(index + number) % len(words.STRATEGY_TITLES)],
                background=f"{words.STRATEGY_TITLES[(index + number) % len(words.STRATEGY_TITLES)]}을 위한 전략",
            )
            for index, (plan, count) in enumerate(zip(city.plans, strategies_of, strict=True))
            for number in range(1, count + 1)
        ],
    )
    by_plan = {}
    for strategy in strategies:
        by_plan.setdefault(strategy.plan_id, []).append(strategy)
    tasks = []
    for plan, (bureau, _start, _end, task_count) in zip(city.plans, _plan_shapes(city), strict=True):
        own = [d for d in city.divisions if d.parent_id == bureau.pk] or city.divisions
        plan_strategies = by_plan[plan.pk]
        for position in range(task_count):
            strategy = plan_strategies[position % len(plan_strategies)]
            number = position // len(plan_strategies) + 1
            tasks.append(_task(rng, plan, strategy, number, rng.choice(own)))
    city.tasks = bulk(Task, tasks)
    _task_children(city, rng)


def _task(rng, plan, strategy, number, lead_unit):
    title = f"{rng.choice(words.PREFIXES)} {rng.choice(words.OBJECTS)} {rng.choice(words.ACTIONS)}"
    months = (plan.period_end.year - plan.period_start.year) * 12 + plan.period_end.month - plan.period_start.month
    first = rng.randint(0, max(0, months // 3))
    start = _add_months(plan.period_start, first)
    end = _add_months(start, rng.randint(min(6, months - first), months - first))
    task = Task(
        strategy=strategy,
        code=f"{strategy.number}-{number}",
        order=number,
        title=title,
        type=rng.choice(list(Task.Type)),
        lead_unit=lead_unit,
        content=f"{title}을(를) 위해 {rng.choice(words.NEXT_STEPS)}",
        period_start=start,
        period_end=end,
        period_text=f"{start:%Y.%m.}~{end:%Y.%m.}",
        expected_effects=rng.sample(words.EFFECTS, 2),
    )
    task.plan = plan
    return task


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _task_children(city, rng):
    bulk(
        TaskObjective,
        [
            TaskObjective(task=task, order=order, text=f"{task.title} {half or '연중'} 목표 달성", half=half)
            for task in city.tasks
            for order, half in enumerate(["상반기", "하반기"][: rng.randint(1, 2)], start=1)
        ],
    )
    bulk(
        ActionItem,
        [
            ActionItem(task=task, order=order, title=step, schedule=f"{task.period_start:%Y.%m.}")
            for task in city.tasks
            for order, step in enumerate(rng.sample(words.NEXT_STEPS, rng.randint(1, 2)), start=1)
        ],
    )
    others = city.divisions
    bulk(
        Task.co_units.through,
        [
            Task.co_units.through(task_id=task.pk, orgunit_id=unit.pk)
            for task in city.tasks
            if rng.random() < 0.3
            for unit in {u.pk: u for u in rng.sample(others, min(2, len(others)))}.values()
            if unit.pk != task.lead_unit_id
        ],
    )


def _quarters(task):
    """The quarters of the task's period up to the generation day's quarter, oldest first."""
    last = quarter_of(min(task.period_end, AS_OF))
    quarter = quarter_of(task.period_start)
    quarters = []
    while quarter <= last:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


def generate_reports(city):
    """Quarterly reports of every task: the older ones approved, the latest in every state of review."""
    rng = city.rng("reports")
    current = quarter_of(AS_OF)
    reports = []
    for task in city.tasks:
        quarters = _quarters(task)[-rng.randint(5, 9) :]
        author = city.staff[task.lead_unit_id]
        reviewer = city.managers[task.lead_unit_id]
        progress = 0
        for position, quarter in enumerate(quarters):
            progress = min(100, progress + rng.randint(5, 30))
            latest = position == len(quarters) - 1
            state = _state(rng, quarter == current, latest)
            status = ProgressReport.Status.DONE if progress == 100 else _status(rng, progress)
            submitted = at_seoul(quarter.last_day + datetime.timedelta(days=rng.randint(1, 9)))
            reviewed = submitted + datetime.timedelta(days=rng.randint(1, 5))
            reports.append(
                ProgressReport(
                    task=task,
                    year=quarter.year,
                    quarter=quarter.quarter,
                    status=status,
                    progress=progress,
                    narrative=f"{quarter} {task.title}: {rng.choice(words.EVENT_TITLES)} 완료",
                    problems=rng.choice(words.PROBLEMS) if status == ProgressReport.Status.DELAYED else "",
                    next_steps=rng.choice(words.NEXT_STEPS),
                    state=state,
                    author=author,
                    submitted_at=None if state == ProgressReport.State.DRAFT else submitted,
                    reviewed_by=reviewer if state in _REVIEWED else None,
                    reviewed_at=reviewed if state in _REVIEWED else None,
                    return_reason=rng.choice(words.RETURN_REASONS) if state == ProgressReport.State.RETURNED else "",
                )
            )
    bulk(ProgressReport, reports)


_REVIEWED = (ProgressReport.State.APPROVED, ProgressReport.State.RETURNED)


def _state(rng, current, latest):
    if current:
        return rng.choice([ProgressReport.State.DRAFT, ProgressReport.State.DRAFT, ProgressReport.State.SUBMITTED])
    if latest:
        return rng.choices(
            [ProgressReport.State.APPROVED, ProgressReport.State.SUBMITTED, ProgressReport.State.RETURNED],
            weights=[6, 2, 2],
        )[0]
    return ProgressReport.State.APPROVED


def _status(rng, progress):
    if progress < 15:
        return ProgressReport.Status.PLANNED
    return rng.choices(
        [ProgressReport.Status.ON_TRACK, ProgressReport.Status.DELAYED, ProgressReport.Status.STOPPED],
        weights=[8, 2, 0.3],
    )[0]
