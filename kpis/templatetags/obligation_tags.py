"""The admin index panels: 내 할 일 (staff), 승인 대기 (heads and the coordinating office), 제출 현황 (the office)."""

from django import template
from django.urls import reverse

from kpis.models import Measurement
from kpis.obligation_matrix import obligation_matrix
from kpis.obligations import Obligation, ObligationState
from plans.models import ProgressReport
from pledges.models import PledgeCard
from portal.corrections import Correction, ReviewState
from portal.periods import seoul_today
from portal.review import review_permissions

register = template.Library()
PANEL_ROWS = 50  # a panel is a summary: the full lists are the admin's change lists


@register.inclusion_tag("admin/kpis/obligation_panels.html", takes_context=True)
def obligation_panels(context):
    """The panels of the signed-in user's admin index, each bounded, in a fixed number of queries."""
    user = context["request"].user
    today = seoul_today()
    if not user.is_authenticated or not user.unit_id:
        return {"show": False}
    own = Obligation.objects.filter(unit_id=user.unit_id) if user.is_coordinator else Obligation.objects.for_user(user)
    todo = list(
        own.around(today).with_state(today).select_related("unit").order_by("due_date", "kind", "title")[:PANEL_ROWS]
    )
    for obligation in todo:
        obligation.state_label = ObligationState(obligation.state).label
        obligation.url = obligation.form_url(obligation.record_pk)
        obligation.days_left = (obligation.due_date - today).days
    waiting = []
    if user.has_perm("plans.review_progressreport"):
        reports = ProgressReport.objects.for_user(user).filter(state=ProgressReport.State.SUBMITTED)
        waiting += [
            {
                "what": str(report),
                "title": report.task.title,
                "kind": "분기별 추진실적",
                "at": report.submitted_at,
                "url": reverse("admin:plans_progressreport_change", args=[report.pk]),
            }
            for report in reports.select_related("task").order_by("submitted_at")[:PANEL_ROWS]
        ]
    if user.is_coordinator and user.has_perm("pledges.review_pledgecard"):
        cards = PledgeCard.objects.for_user(user).filter(state=PledgeCard.State.SUBMITTED)
        waiting += [
            {
                "what": str(card),
                "title": card.pledge.title,
                "kind": "공약관리카드",
                "at": card.submitted_at,
                "url": reverse("admin:pledges_pledgecard_change", args=[card.pk]),
            }
            for card in cards.select_related("pledge").order_by("submitted_at")[:PANEL_ROWS]
        ]
    waiting += _waiting_actuals_and_corrections(user)
    matrix = None
    if user.is_coordinator:
        matrix = obligation_matrix(Obligation.objects.for_user(user), today)
    return {
        "show": True,
        "today": today,
        "todo": todo,
        "waiting": waiting,
        "show_waiting": user.is_coordinator or any(user.has_perm(name) for name in review_permissions()),
        "matrix": matrix,
    }


def _waiting_actuals_and_corrections(user):
    """Submitted KPI actuals (for their reviewers) and submitted corrections in the user's scope."""
    waiting = []
    if user.has_perm("kpis.review_measurement"):
        actuals = Measurement.objects.for_user(user).filter(state=ReviewState.SUBMITTED).exclude(entered_by=user)
        waiting += [
            {
                "what": measurement.label or str(measurement),
                "title": measurement.indicator.name,
                "kind": "성과지표 실적",
                "at": None,  # an actual keeps no submission time
                "url": reverse("admin:kpis_measurement_change", args=[measurement.pk]),
            }
            for measurement in actuals.select_related("indicator").order_by("pk")[:PANEL_ROWS]
        ]
    if any(user.has_perm(name) for name in review_permissions()):
        corrections = Correction.objects.for_user(user).filter(state=ReviewState.SUBMITTED).exclude(author=user)
        waiting += [
            {
                "what": correction.label,
                "title": "",
                "kind": "정정",
                "at": correction.submitted_at,
                "url": reverse("admin:portal_correction_change", args=[correction.pk]),
            }
            for correction in corrections.order_by("submitted_at")[:PANEL_ROWS]
        ]
    return waiting
