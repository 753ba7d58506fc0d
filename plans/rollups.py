"""Overall progress of a group of tasks (a strategy, a plan, a unit, a pledge) by one stated rule.

A task counts with the progress of its latest approved quarterly report. The overall figure
is weighted by each task's budget when every counted task has a known budget (the apps that
know budgets declare `task_weights` on their AppConfig: a function from task ids to 원 or
None; for figures summed in the database, `task_weight_expression`: a task's budget for
`OuterRef("pk")`, NULL where unknown), else it is the plain mean. Tasks without an approved report are counted and named,
never taken as 0%.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, DecimalField, F, Max, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from portal.hooks import declared

BUDGET_WEIGHTED = "budget"
PLAIN_MEAN = "mean"
RULES = {
    BUDGET_WEIGHTED: _("과제별 예산으로 가중한 평균: Σ(추진률 × 과제 예산) ÷ Σ(과제 예산)"),
    PLAIN_MEAN: _("단순 평균: Σ 추진률 ÷ 과제 수 (예산을 모르는 과제가 있어 가중하지 않음)"),
}
RULE_NAMES = {BUDGET_WEIGHTED: _("예산 가중"), PLAIN_MEAN: _("단순 평균")}


@dataclass
class Rollup:
    """The overall progress of some tasks, how it was computed, and what it leaves out."""

    progress: Decimal | None
    rule: str | None
    counted: list = field(default_factory=list)
    unreported: list = field(default_factory=list)
    as_of: object = None
    # Set when the figure was summed in the database: how many tasks, since the lists hold a few names at most.
    counts: tuple | None = None

    @property
    def formula(self):
        """The rule in words, for the page."""
        return RULES.get(self.rule, "")

    @property
    def rule_name(self):
        """The rule in two words, for a table cell."""
        return RULE_NAMES.get(self.rule, "")

    @property
    def counted_count(self):
        """How many tasks have an approved report and so enter the figure."""
        return self.counts[0] if self.counts else len(self.counted)

    @property
    def unreported_count(self):
        """How many tasks have no approved report yet (named in `unreported`, at most a page of them)."""
        return self.counts[1] if self.counts else len(self.unreported)

    @property
    def total(self):
        """Every task the figure is about, reported or not."""
        return self.counted_count + self.unreported_count

    @property
    def unnamed_count(self):
        """Tasks without an approved report that `unreported` does not list by name."""
        return self.unreported_count - len(self.unreported)


def task_weights(task_ids):
    """Each task's budget in 원 (None where unknown), from the apps that declare `task_weights`."""
    weights = dict.fromkeys(task_ids)
    for provide in declared("task_weights"):
        weights.update({task_id: won for task_id, won in provide(task_ids).items() if won is not None})
    return weights


def rollup(tasks, weights=None):
    """The overall progress of `tasks` (annotated by `with_latest_report()`), weights from `task_weights`."""
    tasks = list(tasks)
    counted = [task for task in tasks if task.latest_progress is not None]
    unreported = [task for task in tasks if task.latest_progress is None]
    if not counted:
        return Rollup(progress=None, rule=None, unreported=unreported)
    weights = task_weights([task.pk for task in counted]) if weights is None else weights
    known = [weights.get(task.pk) for task in counted]
    if all(won for won in known):
        total = sum(known)
        value = sum(Decimal(task.latest_progress) * won for task, won in zip(counted, known, strict=True)) / total
        rule = BUDGET_WEIGHTED
    else:
        value = Decimal(sum(task.latest_progress for task in counted)) / len(counted)
        rule = PLAIN_MEAN
    return Rollup(
        progress=value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
        rule=rule,
        counted=counted,
        unreported=unreported,
        as_of=max((task.latest_reviewed_at.date() for task in counted if task.latest_reviewed_at), default=None),
    )


def rollups_by(tasks, key):
    """One `Rollup` per value of `key(task)` (a strategy id, a unit id …), with one weights lookup for all."""
    tasks = list(tasks)
    weights = task_weights([task.pk for task in tasks if task.latest_progress is not None])
    groups = {}
    for task in tasks:
        groups.setdefault(key(task), []).append(task)
    return {value: rollup(group, weights) for value, group in groups.items()}


def task_weight_expression():
    """A task's budget in 원 for `OuterRef("pk")` (NULL where unknown), from the apps that declare one."""
    found = [provide() for provide in declared("task_weight_expression")]
    if not found:
        return Value(None, output_field=DecimalField())
    return found[0] if len(found) == 1 else Coalesce(*found)


def summed_rollups(tasks, key):
    """One `Rollup` per value of the field `key` ("strategy_id", "lead_unit_id" …), summed in one query.

    The same rule as `rollup`, for pages that must not load every task: the lists of tasks stay
    empty and `counts` says how many were counted and left out.
    """
    tasks = tasks if "latest_progress" in tasks.query.annotations else tasks.with_latest_report()
    reported = Q(latest_progress__isnull=False)
    rows = (
        tasks.annotate(rollup_weight=task_weight_expression())
        .order_by()
        .values(key)
        .annotate(
            tasks=Count("pk"),
            reported=Count("pk", filter=reported),
            mean=Avg("latest_progress"),
            weighed=Count("pk", filter=reported & Q(rollup_weight__gt=0)),
            weighted=Sum(F("latest_progress") * F("rollup_weight"), filter=reported, output_field=DecimalField()),
            weight=Sum("rollup_weight", filter=reported),
            as_of=Max("latest_reviewed_at"),
        )
    )
    return {row[key]: _summed(row) for row in rows}


def _summed(row):
    """The `Rollup` of one row of `summed_rollups`."""
    counts = (row["reported"], row["tasks"] - row["reported"])
    if not row["reported"]:
        return Rollup(progress=None, rule=None, counts=counts)
    if row["weighed"] == row["reported"]:
        value, rule = Decimal(str(row["weighted"])) / Decimal(str(row["weight"])), BUDGET_WEIGHTED
    else:
        value, rule = Decimal(str(row["mean"])), PLAIN_MEAN
    return Rollup(
        progress=value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
        rule=rule,
        counts=counts,
        as_of=row["as_of"].date() if row["as_of"] else None,
    )
