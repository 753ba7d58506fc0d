"""Who hears of a KPI actual's review events: submit → the indicator's unit head; return, approve → who entered it."""

from django.urls import reverse

from kpis.models import Measurement
from plans.models import User
from portal.notices import NoticeEvent, notice_send, unit_heads


def notice_measurement(*, measurement: Measurement, event: str, actor: User | None, reason: str = "") -> list:
    """Write the notices of `event` on `measurement` in the caller's transaction (sent once it commits)."""
    indicator = measurement.indicator
    if event == NoticeEvent.SUBMITTED:
        recipients = list(unit_heads(indicator.responsible_unit_id))
    else:
        author = measurement.entered_by
        recipients = [author] if author and author.event_notices else []
    return notice_send(
        record=measurement,
        event=event,
        recipients=[user for user in recipients if user.is_active and user.email],
        actor=actor,
        what=f"{indicator} {measurement.label} 실적",
        reason=reason,
        link=reverse("admin:kpis_measurement_change", args=[measurement.pk]),
    )
