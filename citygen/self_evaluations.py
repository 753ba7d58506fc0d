"""The generated city's quarterly self-evaluations: approved ones for the last quarters of the term.

Every other pledge, by position, has approved evaluations of 2025년 3분기 to 2026년 1분기,
each reviewed five days after its due date; grades and progress are drawn so that some
pledges come out lagging (부진) by each reason of `pledges.lagging`.
"""

import datetime

from citygen.city import at_seoul, bulk
from pledges.models import LaggingMeasure, LaggingReview, SelfEvaluation, SelfEvaluationContribution, SelfGrade
from portal.periods import quarter

QUARTERS = ((2025, 3), (2025, 4), (2026, 1))


def delete_rows(municipality):
    """Delete the self-evaluations and 부진공약 records of `municipality` without loading them."""
    evaluations = SelfEvaluation.objects.filter(pledge__term__municipality=municipality)
    reviews = LaggingReview.objects.filter(municipality=municipality)
    for queryset in (
        SelfEvaluationContribution.objects.filter(evaluation__in=evaluations),
        evaluations.filter(corrects__isnull=False),
        evaluations,
        LaggingMeasure.objects.filter(pledge__term__municipality=municipality),
        LaggingReview.pledges.through.objects.filter(laggingreview__in=reviews),
        reviews,
    ):
        queryset._raw_delete(queryset.db)


def generate_self_evaluations(city):
    """Approved self-evaluations of every other pledge for the last three quarters before the generation day."""
    rng = city.rng("self-evaluations")
    reviewer = city.managers[city.divisions[0].pk]
    rows = []
    for position, pledge in enumerate(city.pledges):
        if position % 2:
            continue
        progress = rng.randint(30, 70)
        for year, number in QUARTERS:
            period = quarter(year, number)
            grade = rng.choices(list(SelfGrade), weights=[6, 3, 1])[0]
            progress = min(100, progress + rng.randint(0, 10))
            reviewed = at_seoul(period.deadline + datetime.timedelta(days=5))
            rows.append(
                SelfEvaluation(
                    pledge=pledge,
                    year=year,
                    quarter=number,
                    summary=f"{period.label} {pledge.title} 추진",
                    grade=grade,
                    progress=progress,
                    problems="사업비 확보 지연" if grade != SelfGrade.NORMAL else "",
                    measures="추경 반영 추진" if grade != SelfGrade.NORMAL else "",
                    state=SelfEvaluation.State.APPROVED,
                    submitted_at=reviewed - datetime.timedelta(days=4),
                    reviewed_by=reviewer,
                    reviewed_at=reviewed,
                )
            )
    bulk(SelfEvaluation, rows)
