"""Quarterly progress reports (분기별 추진실적) and their review workflow."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models.plans import Task
from plans.models.reopening import PeriodReopening
from portal.corrections import reviewer_field
from portal.periods import quarter
from portal.scoping import ScopedQuerySet


class ProgressReportQuerySet(ScopedQuerySet):
    """Progress reports, scoped by their task's lead unit."""

    scope_field = "task__lead_unit"

    def approved(self):
        """Reports citizens may read: approved ones, with their approved values (a correction waits aside)."""
        return self.filter(state=ProgressReport.State.APPROVED)

    def published(self):
        """Approved reports of tasks in published plans, with the task and its plan joined: what citizens read."""
        return (
            self.approved()
            .filter(task__strategy__plan__is_published=True)
            .select_related("task__strategy__plan__municipality")
        )

    def filed(self):
        """Reports handed in: submitted or approved (nothing more is owed for them)."""
        return self.filter(state__in=[ProgressReport.State.SUBMITTED, ProgressReport.State.APPROVED])

    def for_quarter(self, period):
        """Reports of one quarter."""
        return self.filter(year=period.year, quarter=period.number)

    def timeline(self):
        """Approved reports as citizens read them: newest quarter first."""
        return self.approved().order_by("-year", "-quarter")


class ProgressReport(models.Model):
    """One task's progress in one quarter, written by its unit and reviewed by its head."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("추진예정")
        ON_TRACK = "on_track", _("정상추진")
        DELAYED = "delayed", _("지연")
        DONE = "done", _("완료")
        STOPPED = "stopped", _("중단")

    class State(models.TextChoices):
        DRAFT = "draft", _("작성중")
        SUBMITTED = "submitted", _("제출")
        APPROVED = "approved", _("승인")
        RETURNED = "returned", _("반려")

    EDITABLE_STATES = (State.DRAFT, State.RETURNED)

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress_reports", verbose_name=_("과제"))
    year = models.PositiveSmallIntegerField(_("연도"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    quarter = models.PositiveSmallIntegerField(
        _("분기"),
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        choices=[(1, _("1분기")), (2, _("2분기")), (3, _("3분기")), (4, _("4분기"))],
    )
    status = models.CharField(_("추진상태"), max_length=20, choices=Status.choices)
    progress = models.PositiveSmallIntegerField(
        _("추진률(%)"),
        validators=[
            MinValueValidator(0, _("추진률은 0에서 100 사이여야 합니다.")),
            MaxValueValidator(100, _("추진률은 0에서 100 사이여야 합니다.")),
        ],
    )
    narrative = models.TextField(_("추진실적"))
    problems = models.TextField(_("문제점"), blank=True)
    next_steps = models.TextField(_("향후계획"), blank=True)
    state = models.CharField(_("처리상태"), max_length=20, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="progress_reports",
        verbose_name=_("작성자"),
    )
    submitted_at = models.DateTimeField(_("제출일시"), null=True, blank=True)
    reviewed_by = reviewer_field("reviewed_progress_reports")
    reviewed_at = models.DateTimeField(_("검토일시"), null=True, blank=True)
    return_reason = models.TextField(_("반려 사유"), blank=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)
    version = models.PositiveIntegerField(_("버전"), default=1)
    corrected_at = models.DateTimeField(_("정정일시"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("분기별 추진실적")
        verbose_name_plural = _("분기별 추진실적")
        ordering = ["task", "-year", "-quarter"]
        permissions = [("review_progressreport", _("분기별 추진실적 승인·반려"))]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "year", "quarter"],
                name="progress_report_one_per_task_and_quarter",
                violation_error_message=_("이 과제의 해당 분기 실적이 이미 있습니다. 기존 실적을 수정하세요."),
            ),
        ]

    def __str__(self):
        return f"{self.task.code} {self.period}"

    @property
    def period(self):
        """The quarter this report covers."""
        return quarter(self.year, self.quarter)

    @property
    def is_editable(self):
        """Content can change in place only while a draft or after being returned, and while the quarter is open."""
        return self.state in self.EDITABLE_STATES and not self.is_locked()

    @property
    def is_correctable(self):
        """An approved report can be corrected (정정) while its quarter is open."""
        return self.state == self.State.APPROVED and not self.is_locked()

    def is_locked(self):
        """True after the quarter's lock date, unless the coordinating office reopened it for the task's unit."""
        if not self.period.is_locked():
            return False
        unit_id = self.task.lead_unit_id if self.task_id else None
        return not PeriodReopening.objects.in_force(unit_id=unit_id, quarter=self.period).exists()

    def clean(self):
        """The quarter must fall inside the task's period (its plan's when it has none)."""
        if self.year and self.quarter and self.task_id:
            start, end = self.task.reporting_window()
            if not self.period.overlaps(start, end):
                # Not tied to the quarter field: a correction form shows neither year nor quarter.
                raise ValidationError(
                    _("%(quarter)s는 과제의 사업기간(%(start)s ~ %(end)s) 밖입니다.")
                    % {"quarter": self.period, "start": f"{start:%Y.%m.}", "end": f"{end:%Y.%m.}"}
                )

    def check_editable(self):
        """Raise a specific message when this report's content may not change now (approved: a correction may)."""
        if self.year and self.quarter and self.is_locked():
            raise ValidationError(
                _("%(quarter)s 실적은 %(date)s에 마감되어 더 이상 작성하거나 고칠 수 없습니다.")
                % {"quarter": self.period, "date": f"{self.period.lock_date:%Y-%m-%d}"}
            )
        if self.pk and self.state == self.State.SUBMITTED:
            raise ValidationError(_("%(state)s 상태의 실적은 고칠 수 없습니다.") % {"state": self.get_state_display()})
