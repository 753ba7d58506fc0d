"""The generated city's indicators with targets and actuals, and its evaluation calendar (the `kpis` app)."""

import datetime
from decimal import Decimal

from citygen import vocabulary as words
from citygen.city import AS_OF, bulk
from kpis.models import EvaluationMilestone, Indicator, Measurement, Period, Target

INDICATORS_PER_SCALE = 48
MILESTONES_PER_SCALE = 24


def delete_rows(municipality):
    """Delete the indicators (with their values) and milestones of `municipality` without loading them."""
    indicators = Indicator.objects.filter(municipality=municipality)
    for queryset in (
        Target.objects.filter(indicator__in=indicators),
        Measurement.objects.filter(indicator__in=indicators),
        indicators,
        EvaluationMilestone.objects.filter(municipality=municipality),
    ):
        queryset._raw_delete(queryset.db)


def _owner(rng, city, index):
    """Most indicators measure a task; some a whole plan, a strategy or a pledge."""
    kind = rng.choices(["task", "plan", "strategy", "pledge"], weights=[14, 1, 2, 3])[0]
    if kind == "pledge" and city.pledges:
        pledge = city.pledges[index % len(city.pledges)]
        return {"pledge": pledge}, pledge.lead_unit, (city.term.start.year + 1, AS_OF.year)
    task = city.tasks[index % len(city.tasks)]
    years = (task.period_start.year, task.period_end.year)
    if kind == "plan":
        return {"plan": task.plan}, task.plan.owner_unit, years
    if kind == "strategy":
        return {"strategy": task.strategy}, task.lead_unit, years
    return {"task": task}, task.lead_unit, years


def generate_indicators(city):
    """Indicators with a yearly target each year of their owner's period and actuals for the years passed."""
    rng = city.rng("indicators")
    indicators, series = [], []
    for index in range(city.count(INDICATORS_PER_SCALE)):
        owner, unit, (first, last) = _owner(rng, city, index)
        name, measure = rng.choice(words.INDICATOR_NAMES)
        direction = Indicator.Direction.DECREASE if measure == "일" else Indicator.Direction.INCREASE
        indicators.append(
            Indicator(
                municipality=city.municipality,
                key=f"{city.slug}-kpi-{index + 1}",
                order=index + 1,
                source_document="생성",
                name=f"{rng.choice(words.OBJECTS)} {name}",
                group=rng.choice(words.PREFIXES),
                unit=measure,
                direction=direction,
                responsible_unit=unit,
                **owner,
            )
        )
        series.append((first, last, measure))
    indicators = bulk(Indicator, indicators)
    targets, measurements = [], []
    for indicator, (first, last, measure) in zip(indicators, series, strict=True):
        base = rng.randint(10, 90) if measure == "%" else rng.randint(10, 5000)
        for order, year in enumerate(range(first, last + 1), start=1):
            target = Decimal(base + base * order // 10)
            targets.append(
                Target(indicator=indicator, order=order, period=Period.YEAR, year=year, label=f"{year}년", value=target)
            )
            if year < AS_OF.year:
                unknown = rng.random() < 0.05
                actual = None if unknown else (target * rng.randint(70, 120) / 100).quantize(Decimal("0.01"))
                measurements.append(
                    Measurement(
                        indicator=indicator,
                        order=order,
                        period=Period.YEAR,
                        year=year,
                        label=f"{year}년",
                        value=actual,
                        text="-" if unknown else "",
                        note="",
                    )
                )
            elif year == AS_OF.year and rng.random() < 0.5:
                measurements.append(
                    Measurement(
                        indicator=indicator,
                        order=order,
                        period=Period.HALF,
                        year=year,
                        sub=1,
                        label=f"{year}년 상반기",
                        value=(target * rng.randint(30, 70) / 100).quantize(Decimal("0.01")),
                    )
                )
    bulk(Target, targets)
    bulk(Measurement, measurements)


def generate_milestones(city):
    """The evaluation calendar of the last two years: internal and external evaluations, pledges, meetings."""
    rng = city.rng("milestones")
    plans = city.plans
    milestones = []
    for index in range(city.count(MILESTONES_PER_SCALE)):
        track, title = words.MILESTONE_TITLES[index % len(words.MILESTONE_TITLES)]
        year = AS_OF.year - 1 + index % 2
        month = rng.randint(1, 12)
        start = datetime.date(year, month, 1)
        end_month = month + rng.randint(0, 2)
        end = datetime.date(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
        recurring = index % 12 == 11
        milestones.append(
            EvaluationMilestone(
                municipality=city.municipality,
                plan=plans[index % len(plans)] if index % 3 == 0 else None,
                source_document="생성",
                order=index + 1,
                year=year,
                track=EvaluationMilestone.Track(track),
                title=title,
                start=datetime.date(year, 1, 1) if recurring else start,
                end=datetime.date(year, 12, 1) if recurring else end,
                recurrence=EvaluationMilestone.Recurrence.MONTHLY if recurring else "",
                responsible_unit=city.divisions[index % len(city.divisions)],
                note="",
            )
        )
    bulk(EvaluationMilestone, milestones)
