"""Writes of the 부진공약 procedure: the lead unit's cause and measures, the 총괄부서's half-year 보고회."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.models import Municipality, User
from pledges.models import LaggingMeasure, LaggingReview, Pledge
from portal.records import locked_in_scope, save_as
from portal.review import check_version, save_version

MEASURE_FIELDS = ("pledge", "year", "half", "cause", "measures")
REVIEW_FIELDS = ("municipality", "held_on", "year", "half", "title", "decisions")


@transaction.atomic
def lagging_measure_save(
    *, user: User, measure: LaggingMeasure, values: dict, opened: str | None = None
) -> LaggingMeasure:
    """The lead unit writes (or changes) the cause and measures of its lagging pledge for a half-year."""
    unknown = set(values) - set(MEASURE_FIELDS)
    if unknown:
        raise ValidationError(_("부진 원인과 대책만 적을 수 있습니다."))
    if measure.pk is not None:
        measure = locked_in_scope(LaggingMeasure.objects, user, measure.pk, _("소관부서의 공약이 아닙니다."))
        check_version(measure, opened)
        values = {name: value for name, value in values.items() if name != "pledge"}
    pledge = values.get("pledge") or measure.pledge
    if not Pledge.objects.for_user(user).filter(pk=pledge.pk).exists():
        raise PermissionDenied(_("소관부서의 공약이 아닙니다."))
    for name, value in values.items():
        setattr(measure, name, value)
    save_version(measure, user=user)
    return measure


@transaction.atomic
def lagging_review_save(*, user: User, review: LaggingReview, values: dict, pledges: list[Pledge]) -> LaggingReview:
    """The 총괄부서 records a half-year 보고회: date, the pledges it reviewed (of its own city) and the decisions."""
    unknown = set(values) - set(REVIEW_FIELDS)
    if unknown:
        raise ValidationError(_("알 수 없는 항목입니다."))
    if review.pk is not None:
        # Scoped by city through a join that needs DISTINCT, which Postgres cannot lock: check, then lock the row.
        if not LaggingReview.objects.for_user(user).filter(pk=review.pk).exists():
            raise PermissionDenied(_("소속 지방자치단체의 보고회가 아닙니다."))
        review = LaggingReview.objects.select_for_update().get(pk=review.pk)
    municipality: Municipality = values.get("municipality") or review.municipality
    if not user.is_coordinator_of(municipality):
        raise PermissionDenied(_("반기 보고회는 소속 지방자치단체의 총괄부서만 기록합니다."))
    stray = [pledge.code for pledge in pledges if pledge.term.municipality_id != municipality.pk]
    if stray:
        raise ValidationError(_("다른 지방자치단체의 공약은 고를 수 없습니다: %(codes)s") % {"codes": ", ".join(stray)})
    for name, value in values.items():
        setattr(review, name, value)
    save_as(user, review)
    review.pledges.set(pledges)
    return review
