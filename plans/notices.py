"""Who hears of a quarterly report's review events: submit → the unit's head; return, approve → the author."""

from django.urls import reverse

from plans.models import ProgressReport, User
from portal.notices import NoticeEvent, notice_send, unit_heads


def notice_progress_report(*, report: ProgressReport, event: str, actor: User | None, reason: str = "") -> list:
    """Write the notices of `event` on `report` in the caller's transaction (sent once it commits).

    Submitted and corrected (a correction of an approved report) go to the heads of the
    task's lead unit; returned (with the reason) and approved go to the report's author.
    """
    if event in (NoticeEvent.SUBMITTED, NoticeEvent.CORRECTED):
        recipients = list(unit_heads(report.task.lead_unit_id))
    else:
        recipients = [report.author] if report.author and report.author.event_notices else []
    return notice_send(
        record=report,
        event=event,
        recipients=[user for user in recipients if user.is_active and user.email],
        actor=actor,
        what=f"{report.task.code} {report.task.title} {report.period} 추진실적",
        reason=reason,
        link=reverse("admin:plans_progressreport_change", args=[report.pk]),
    )
