"""Overall progress of a group of tasks (a strategy, a plan, a unit, a pledge) by one stated rule.

A task counts with the progress of its latest approved quarterly report. The overall figure
is weighted by each task's budget when every counted task has a known budget (the apps that
know budgets declare `task_weights` on their AppConfig: a function from task ids to 원 or
None), else it is the plain mean. Tasks without an approved report are counted and named,
never taken as 0%.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from portal.hooks import declared

BUDGET_WEIGHTED = "budget"
PLAIN_MEAN = "mean"
RULES = {
    BUDGET_WEIGHTED: _("과제별 예산으로 가중한 평균: Σ(추진률 × 과제 예산) ÷ Σ(과제 예산)"),
    PLAIN_MEAN: _("단순 평균: Σ 추진률 ÷ 과제 수 (예산을 모르는 과제가 있어 가중하지 않음)"),
}


@dataclass
class Rollup:
    """The overall progress of some tasks, how it was computed, and what it leaves out."""

    progress: Decimal | None
    rule: str | None
    counted: list = field(default_factory=list)
    unreported: list = field(default_factory=list)
    as_of: object = None

    @property
    def formula(self):
        """The rule in words, for the page."""
        return RULES.get(self.rule, "")

    @property
    def total(self):
        """Every task the figure is about, reported or not."""
        return len(self.counted) + len(self.unreported)


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
