"""부진공약: the one rule that lists a pledge as lagging, with its cause and measures, for a city on a day.

A pledge in office on the day, not yet 완료·이행후 계속추진·폐기·보류, is lagging when any of:

1. its latest approved quarterly self-evaluation (of a quarter ended by the day) grades it 부진;
2. that evaluation's progress is more than `BEHIND_POINTS` points behind the linear
   expectation: the share of the term elapsed at the end of the evaluated quarter;
3. its yearly target of the day's year or the year before was decided 미달성.

Cause and measures are the lead unit's `LaggingMeasure` for the day's half-year where it has
written one, else the problems and measures of that latest evaluation. Everything is read
in a fixed number of queries, whatever the number of pledges.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy

from plans.models import Municipality
from pledges.models import (
    COMPLETED_STATUSES,
    LaggingMeasure,
    Pledge,
    PledgeStatus,
    SelfEvaluation,
    SelfGrade,
    TargetDecision,
    YearlyTarget,
)
from portal.periods import Period, PeriodKind, seoul_today

BEHIND_POINTS = 20
EXEMPT_STATUSES = (*COMPLETED_STATUSES, PledgeStatus.SCRAPPED, PledgeStatus.ON_HOLD)

GRADE, BEHIND, TARGET = "grade", "behind", "target"
REASONS = {
    GRADE: gettext_lazy("최근 승인된 자체평가 등급 '부진'"),
    BEHIND: gettext_lazy("진척률이 임기 경과 대비 기대치보다 %(points)d%%p 넘게 뒤처짐"),
    TARGET: gettext_lazy("올해 또는 지난해 연차별 목표 '미달성' 판정"),
}


def rule_text() -> list[str]:
    """The rule in words, one line per reason, for every screen that lists lagging pledges."""
    return [str(REASONS[GRADE]), str(REASONS[BEHIND]) % {"points": BEHIND_POINTS}, str(REASONS[TARGET])]


@dataclass
class LaggingRow:
    """One lagging pledge: why (reason codes and words), its cause and measures, and the figures behind them."""

    pledge: Pledge
    reasons: list[str]
    evaluation: SelfEvaluation | None
    expected: int | None
    measure: LaggingMeasure | None = None
    reason_labels: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        """The reasons in one line."""
        return "; ".join(self.reason_labels)

    @property
    def progress(self) -> int | None:
        """The progress % of the latest approved evaluation."""
        return self.evaluation.progress if self.evaluation else None

    @property
    def cause(self) -> str:
        """The lead unit's stated cause: its measure for the half-year, else the evaluation's problems."""
        if self.measure is not None:
            return self.measure.cause
        return self.evaluation.problems if self.evaluation else ""

    @property
    def measures(self) -> str:
        """The lead unit's measures: its measure for the half-year, else the evaluation's."""
        if self.measure is not None:
            return self.measure.measures
        return self.evaluation.measures if self.evaluation else ""


def expected_progress(pledge: Pledge, day: datetime.date) -> int:
    """The linear expectation on `day`: the share of the pledge's term elapsed, in whole percent."""
    term = pledge.term
    total = (term.end - term.start).days or 1
    elapsed = min(max((day - term.start).days, 0), total)
    return round(100 * elapsed / total)


def _candidates(municipality, on, within):
    pledges = within if within is not None else Pledge.objects.all()
    half = Period.of(PeriodKind.HALF, on)
    missed = YearlyTarget.objects.filter(
        pledge=OuterRef("pk"),
        year__in=[on.year, on.year - 1],
        decision=TargetDecision.NOT_ACHIEVED,
        decided_on__lte=on,
    )
    return (
        pledges.filter(term__municipality=municipality, term__start__lte=on, term__end__gte=on)
        .exclude(status__in=EXEMPT_STATUSES)
        .select_related("term", "lead_unit")
        .annotate(missed_target=Exists(missed))
        .prefetch_related(
            Prefetch(
                "lagging_measures",
                queryset=LaggingMeasure.objects.filter(year=half.year, half=half.number),
                to_attr="half_measures",
            )
        )
        .order_by("code")
    )


def _latest_evaluations(pledge_ids, on):
    """The latest approved evaluation of each pledge among quarters ended by `on` and reviewed by then."""
    quarter = Period.of(PeriodKind.QUARTER, on)
    ended = Q(year__lt=quarter.year) | Q(year=quarter.year, quarter__lt=quarter.number)
    if on == quarter.end:
        ended |= Q(year=quarter.year, quarter=quarter.number)
    rows = (
        SelfEvaluation.objects.approved()
        .filter(ended, pledge_id__in=pledge_ids, reviewed_at__date__lte=on)
        .order_by("pledge_id", "-year", "-quarter", "-pk")
    )
    latest = {}
    for evaluation in rows:
        latest.setdefault(evaluation.pledge_id, evaluation)
    return latest


def lagging_pledges(municipality: Municipality, on: datetime.date | None = None, *, within=None) -> list[LaggingRow]:
    """The lagging pledges of `municipality` on the day `on` (today in Seoul by default), ordered by code.

    `within` narrows the pledges considered (a user's scope: `Pledge.objects.for_user(user)`).
    """
    on = on or seoul_today()
    pledges = list(_candidates(municipality, on, within))
    latest = _latest_evaluations([pledge.pk for pledge in pledges], on)
    rows = []
    for pledge in pledges:
        evaluation = latest.get(pledge.pk)
        reasons, expected = [], None
        if evaluation is not None and evaluation.grade == SelfGrade.LAGGING:
            reasons.append(GRADE)
        if evaluation is not None and evaluation.progress is not None:
            expected = expected_progress(pledge, evaluation.period.end)
            if expected - evaluation.progress > BEHIND_POINTS:
                reasons.append(BEHIND)
        if pledge.missed_target:
            reasons.append(TARGET)
        if reasons:
            labels = [
                str(REASONS[code]) % {"points": BEHIND_POINTS} if code == BEHIND else str(REASONS[code])
                for code in reasons
            ]
            rows.append(
                LaggingRow(
                    pledge=pledge,
                    reasons=reasons,
                    evaluation=evaluation,
                    expected=expected,
                    measure=next(iter(pledge.half_measures), None),
                    reason_labels=labels,
                )
            )
    return rows


def lagging_summary(municipality: Municipality, on: datetime.date | None = None) -> dict:
    """The rule and its counts for the evaluation page: pledges in office, lagging, and lagging per reason."""
    on = on or seoul_today()
    rows = lagging_pledges(municipality, on)
    in_office = Pledge.objects.filter(term__municipality=municipality, term__start__lte=on, term__end__gte=on).count()
    return {
        "on": on,
        "rule": rule_text(),
        "behind_points": BEHIND_POINTS,
        "in_office": in_office,
        "lagging": len(rows),
        "by_reason": {code: sum(1 for row in rows if code in row.reasons) for code in REASONS},
        "with_measures": sum(1 for row in rows if row.measures.strip()),
    }
