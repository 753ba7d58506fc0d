"""Tenfold data for the report query-count tests: copies of the seed's tasks, lines, pledges and indicators."""

from budgets.models import BudgetLine
from kpis.models import Indicator, Measurement, Target
from plans.models import ProgressReport, Task
from pledges.models import Pledge, PledgeCard
from portal import generation


def multiply_seed(times):
    """Add `times` copies of each reported record, each with its children, so every report grows.

    Bulk inserts (no history rows, no signals), then one cache generation bump: the
    copies only have to be read, and the seed's 534 budget lines saved one by one took
    most of each test's time.
    """
    tasks = list(Task.objects.all())
    lines = list(BudgetLine.objects.all())
    seq = max(line.seq for line in lines)
    pledges = list(Pledge.objects.all())
    indicators = list(Indicator.objects.prefetch_related("targets", "measurements"))
    copies = range(1, times + 1)
    new_tasks = Task.objects.bulk_create(
        Task(strategy_id=t.strategy_id, code=f"{t.code}-x{c}", title=t.title, lead_unit_id=t.lead_unit_id)
        for c in copies
        for t in tasks
    )
    ProgressReport.objects.bulk_create(
        ProgressReport(task=t, year=2026, quarter=1, status="on_track", progress=10, narrative="실적")
        for t in new_tasks
    )
    new_lines = []
    for _copy_number in copies:
        for line in lines:
            seq += 1
            new_lines.append(BudgetLine(**{**_fields(line), "seq": seq}))
    BudgetLine.objects.bulk_create(new_lines)
    new_pledges = Pledge.objects.bulk_create(
        Pledge(term_id=p.term_id, code=f"{p.code}-x{c}", title=p.title, lead_unit_id=p.lead_unit_id)
        for c in copies
        for p in pledges
    )
    PledgeCard.objects.bulk_create(
        PledgeCard(pledge=p, label="2021년 하반기", period_start="2021-07-01", period_end="2021-12-01")
        for p in new_pledges
    )
    for copy_number in copies:
        for indicator in indicators:
            new = Indicator(**{**_fields(indicator), "key": f"{indicator.key}-x{copy_number}"})
            new.save()
            Target.objects.bulk_create([Target(**_copy(t), indicator=new) for t in indicator.targets.all()])
            Measurement.objects.bulk_create(
                [Measurement(**_copy(m), state=m.state, indicator=new) for m in indicator.measurements.all()]
            )
    generation.bump()


def _fields(instance):
    """The concrete field values of `instance` but its primary key, for an unsaved copy."""
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields if not f.primary_key}


def _copy(value):
    fields = ("order", "period", "year", "sub", "date", "label", "value", "text")
    return {field: getattr(value, field) for field in fields}
