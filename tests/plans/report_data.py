"""Tenfold data for the report query-count tests: copies of the seed's tasks, lines, pledges and indicators."""

from budgets.models import BudgetLine
from kpis.models import Indicator, Measurement, Target
from plans.models import ProgressReport, Task
from pledges.models import Pledge, PledgeCard


def multiply_seed(times):
    """Add `times` copies of each reported record, each with its children, so every report grows."""
    tasks = list(Task.objects.all())
    lines = list(BudgetLine.objects.all())
    seq = max(line.seq for line in lines)
    pledges = list(Pledge.objects.all())
    indicators = list(Indicator.objects.prefetch_related("targets", "measurements"))
    for copy in range(1, times + 1):
        for task in tasks:
            new = Task.objects.create(
                strategy_id=task.strategy_id,
                code=f"{task.code}-x{copy}",
                title=task.title,
                lead_unit_id=task.lead_unit_id,
            )
            ProgressReport.objects.create(
                task=new, year=2026, quarter=1, status="on_track", progress=10, narrative="실적"
            )
        for line in lines:
            seq += 1
            line.pk, line.seq = None, seq
            line.save()
        for pledge in pledges:
            new = Pledge.objects.create(
                term_id=pledge.term_id,
                code=f"{pledge.code}-x{copy}",
                title=pledge.title,
                lead_unit_id=pledge.lead_unit_id,
            )
            PledgeCard.objects.create(
                pledge=new, label="2021년 하반기", period_start="2021-07-01", period_end="2021-12-01"
            )
        for indicator in indicators:
            targets, measurements = list(indicator.targets.all()), list(indicator.measurements.all())
            indicator.pk, indicator.key = None, f"{indicator.key}-x{copy}"
            indicator.save()
            Target.objects.bulk_create([Target(**_copy(t), indicator=indicator) for t in targets])
            Measurement.objects.bulk_create(
                [Measurement(**_copy(m), state=m.state, indicator=indicator) for m in measurements]
            )


def _copy(value):
    fields = ("order", "period", "year", "sub", "date", "label", "value", "text")
    return {field: getattr(value, field) for field in fields}
