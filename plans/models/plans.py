"""Business plans (업무계획): the document, its two levels of strategies and tasks."""

from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models.organisation import Municipality, OrgUnit
from portal.periods import OwedQuerySetMixin, PeriodKind
from portal.scoping import ScopedQuerySet


class PlanQuerySet(ScopedQuerySet):
    """Plans, scoped by their owning unit."""

    scope_field = "owner_unit"

    def published(self):
        """Plans citizens may read."""
        return self.filter(is_published=True)

    def with_counts(self):
        """Annotate the number of strategies and tasks, with municipality and owning unit joined, for lists."""
        return self.select_related("municipality", "owner_unit__municipality").annotate(
            strategy_count=Count("strategies", distinct=True),
            task_count=Count("strategies__tasks", distinct=True),
        )

    def search(self, words):
        """Plans whose title, vision or goal contain `words` anywhere, also inside longer Korean words."""
        return self.filter(Q(title__icontains=words) | Q(vision__icontains=words) | Q(goal__icontains=words))

    def for_public_page(self, tasks=None):
        """Everything the plan page shows, in a fixed number of queries however large the plan.

        `tasks` narrows the tasks listed under each strategy (the page's filters); they come
        with their lead unit and latest approved report either way. `tasks=False` leaves the
        tasks out, for a page that lists them a page at a time.
        """
        facility = self.model.facilities.rel.related_model
        header = self.select_related("municipality", "owner_unit__municipality").prefetch_related(
            Prefetch("facilities", queryset=facility.objects.with_staff()),
            Prefetch("headline_targets", queryset=HeadlineTarget.objects.order_by("order")),
            Prefetch("approval_steps", queryset=ApprovalStep.objects.order_by("order")),
            Prefetch("sections", queryset=PlanSection.objects.order_by("order")),
            Prefetch(
                "directions",
                queryset=PlanDirection.objects.select_related("task__strategy__plan__municipality").order_by("order"),
            ),
        )
        if tasks is False:
            return header.prefetch_related(Prefetch("strategies", queryset=Strategy.objects.order_by("number")))
        tasks = Task.objects.all() if tasks is None else tasks
        return header.prefetch_related(
            Prefetch(
                "strategies",
                queryset=Strategy.objects.order_by("number").prefetch_related(
                    Prefetch("tasks", queryset=tasks.for_listing().order_by("order", "code"))
                ),
            ),
        )


class Plan(models.Model):
    """A business plan document (업무계획, 추진계획) of one unit."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="plans", verbose_name=_("지방자치단체")
    )
    owner_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="plans", verbose_name=_("소관 조직"))
    slug = models.SlugField(_("주소 이름"), max_length=100, unique=True)
    title = models.CharField(_("계획명"), max_length=200)
    period_start = models.DateField(_("계획 기간 시작(월)"))
    period_end = models.DateField(_("계획 기간 끝(월)"))
    vision = models.TextField(_("비전"), blank=True)
    goal = models.TextField(_("목표"), blank=True)
    level1_label = models.CharField(_("1단계 이름"), max_length=50, default="추진전략")
    level2_label = models.CharField(_("2단계 이름"), max_length=50, default="중점 추진과제")
    source = models.CharField(_("출처 문서"), max_length=200, blank=True)
    licence = models.CharField(_("이용조건"), max_length=300, blank=True)
    is_published = models.BooleanField(_("공개"), default=True)
    document_number = models.CharField(_("문서번호"), max_length=100, blank=True)
    approved_on = models.DateField(_("결재일자"), null=True, blank=True)
    produced_on = models.DateField(_("생산일자"), null=True, blank=True)
    disclosure = models.CharField(_("공개여부"), max_length=50, blank=True)
    disclosure_class = models.CharField(_("공개구분"), max_length=50, blank=True)
    policy_number = models.CharField(_("방침번호"), max_length=100, blank=True)
    retention = models.CharField(_("보존기간"), max_length=50, blank=True)
    producing_unit = models.CharField(_("생산 부서"), max_length=200, blank=True)
    author = models.CharField(_("작성자"), max_length=100, blank=True)
    author_phone = models.CharField(_("작성자 전화번호"), max_length=50, blank=True)
    management_number = models.CharField(_("관리번호"), max_length=100, blank=True)
    classification = models.CharField(_("분류정보"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("업무계획")
        verbose_name_plural = _("업무계획")
        ordering = ["municipality", "-period_start", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The public page of this plan."""
        return reverse("plans:plan", kwargs={"slug": self.municipality.slug, "plan_slug": self.slug})

    @property
    def has_approval_metadata(self):
        """True when the document carries approval metadata (문서번호, 결재일자 …)."""
        return bool(self.document_number or self.approved_on or self.policy_number)


class PlanSection(models.Model):
    """A narrative section of the plan document (추진배경, 현황, 추진체계 …)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections", verbose_name=_("업무계획"))
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    title = models.CharField(_("제목"), max_length=200)
    body = models.TextField(_("내용"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("계획 본문")
        verbose_name_plural = _("계획 본문")
        ordering = ["plan", "order"]

    def __str__(self):
        return self.title


class HeadlineTarget(models.Model):
    """A plan-level headline target (e.g. 2022년까지 혁신인프라 66개 조성)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="headline_targets", verbose_name=_("업무계획")
    )
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    text = models.CharField(_("목표"), max_length=300)
    value = models.DecimalField(_("목표값"), max_digits=18, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("단위"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("목표 연도"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("핵심 목표")
        verbose_name_plural = _("핵심 목표")
        ordering = ["plan", "order"]

    def __str__(self):
        return self.text


class ApprovalStep(models.Model):
    """One signature of the plan's approval chain (결재 or 협조)."""

    class Kind(models.TextChoices):
        APPROVAL = "결재", _("결재")
        COOPERATION = "협조", _("협조")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="approval_steps", verbose_name=_("업무계획"))
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    kind = models.CharField(_("구분"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("직위"), max_length=100)
    name = models.CharField(_("성명"), max_length=50)
    signed = models.CharField(_("서명일"), max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("결재 단계")
        verbose_name_plural = _("결재 단계")
        ordering = ["plan", "order"]

    def __str__(self):
        return f"{self.kind} {self.title} {self.name}"


class StrategyQuerySet(ScopedQuerySet):
    """Strategies, scoped by their plan's owning unit."""

    scope_field = "plan__owner_unit"

    def published(self):
        """Strategies of plans citizens may read, with their plan and municipality joined."""
        return self.filter(plan__is_published=True).select_related("plan__municipality")


class Strategy(models.Model):
    """The first level of a plan (추진전략, 프로젝트)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="strategies", verbose_name=_("업무계획"))
    number = models.PositiveSmallIntegerField(_("번호"))
    title = models.CharField(_("제목"), max_length=200)
    background = models.TextField(_("추진배경"), blank=True)
    main_projects = models.TextField(_("주요사업"), blank=True)
    budget_text = models.TextField(_("소요예산 원문"), blank=True)
    history = HistoricalRecords()

    objects = StrategyQuerySet.as_manager()

    class Meta:
        verbose_name = _("추진전략")
        verbose_name_plural = _("추진전략")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="strategy_unique_number_per_plan")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class TaskQuerySet(OwedQuerySetMixin, ScopedQuerySet):
    """Tasks, scoped by their lead unit; each owes a progress report every quarter of its period."""

    scope_field = "lead_unit"
    owed_kind = PeriodKind.QUARTER

    # The status filter's value for tasks that have no approved report yet.
    NO_REPORT = "none"

    def published(self):
        """Tasks of plans citizens may read."""
        return self.filter(strategy__plan__is_published=True)

    def active_in(self, period):
        """Tasks whose reporting window (their own period, else their plan's) shares a day with `period`."""
        return self.alias(
            window_start=Coalesce("period_start", "strategy__plan__period_start"),
            window_end=Coalesce("period_end", "strategy__plan__period_end"),
        ).filter(
            Q(window_start__isnull=True) | Q(window_start__lte=period.end),
            Q(window_end__isnull=True) | Q(window_end__gte=period.start),
        )

    def owing(self, period):
        """Tasks active in the quarter `period` whose report for it is missing, a draft or returned."""
        from plans.models.progress import ProgressReport

        filed = ProgressReport.objects.for_quarter(period).filed()
        return self.active_in(period).exclude(pk__in=filed.values("task_id"))

    def with_latest_report(self):
        """Annotate the latest approved quarterly report: status, progress, year, quarter, date."""
        from plans.models.progress import ProgressReport

        latest = ProgressReport.objects.filter(task=OuterRef("pk"), state=ProgressReport.State.APPROVED).order_by(
            "-year", "-quarter"
        )
        return self.annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_progress=Subquery(latest.values("progress")[:1]),
            latest_year=Subquery(latest.values("year")[:1]),
            latest_quarter=Subquery(latest.values("quarter")[:1]),
            latest_reviewed_at=Subquery(latest.values("reviewed_at")[:1]),
            latest_corrected_at=Subquery(latest.values("corrected_at")[:1]),
        )

    def search(self, words):
        """Tasks whose title, content, objectives or action items contain `words` anywhere."""
        match = (
            Q(title__icontains=words)
            | Q(content__icontains=words)
            | Q(objectives__text__icontains=words)
            | Q(action_items__title__icontains=words)
            | Q(action_items__detail__icontains=words)
        )
        return self.filter(pk__in=self.model.objects.filter(match).values("pk"))

    def for_listing(self):
        """Tasks ready for a public list: plan, municipality and lead unit joined, latest approved report annotated."""
        tasks = self.select_related("strategy__plan__municipality", "lead_unit__municipality")
        return tasks if tasks._has_latest_report() else tasks.with_latest_report()

    def _has_latest_report(self):
        return "latest_status" in self.query.annotations

    def with_latest_status(self, status):
        """Tasks whose latest approved report has `status`; `NO_REPORT` for tasks with no approved report."""
        tasks = self if self._has_latest_report() else self.with_latest_report()
        if status == self.NO_REPORT:
            return tasks.filter(latest_status__isnull=True)
        return tasks.filter(latest_status=status)

    def matching(self, *, unit_id="", status=""):
        """Tasks led by the unit `unit_id` and whose latest approved status is `status`; blank filters nothing."""
        tasks = self.filter(lead_unit_id=unit_id) if unit_id else self
        return tasks.with_latest_status(status) if status else tasks

    def strategy_progress(self):
        """Per strategy id: its number of tasks, how many have an approved report, and their mean progress."""
        from django.db.models import Avg

        tasks = self if self._has_latest_report() else self.with_latest_report()
        rows = (
            tasks.order_by()
            .values("strategy_id")
            .annotate(tasks=Count("pk"), reported=Count("latest_status"), progress=Avg("latest_progress"))
        )
        return {row["strategy_id"]: row for row in rows}

    def lead_units(self):
        """The units that lead these tasks, each once, in organisation order."""
        return OrgUnit.objects.filter(led_tasks__in=self).distinct().order_by("order", "name")

    def for_public_page(self):
        """Everything the task page shows, in a fixed number of queries; only approved reports come along.

        The reports are in `approved_reports`, newest quarter first, each with its events and evidence.
        """
        from plans.models.progress import ProgressReport

        return self.select_related("strategy__plan__municipality", "lead_unit__municipality").prefetch_related(
            Prefetch("co_units", queryset=OrgUnit.objects.select_related("municipality").order_by("order", "name")),
            Prefetch("objectives", queryset=self.model.objectives.rel.related_model.objects.order_by("order")),
            Prefetch("action_items", queryset=self.model.action_items.rel.related_model.objects.order_by("order")),
            Prefetch("directions", queryset=PlanDirection.objects.order_by("order")),
            Prefetch(
                "progress_reports",
                queryset=ProgressReport.objects.timeline().prefetch_related("events", "evidence"),
                to_attr="approved_reports",
            ),
        )


class Task(models.Model):
    """The second level of a plan (중점 추진과제, 전략과제): the unit of quarterly reporting."""

    class Type(models.TextChoices):
        NEW = "신규", _("신규")
        CONTINUED = "계속", _("계속")
        EXPANDED = "확대", _("확대")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("추진전략"))
    code = models.CharField(_("과제 번호"), max_length=20)
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    title = models.CharField(_("과제명"), max_length=300)
    type = models.CharField(_("유형"), max_length=10, choices=Type.choices, blank=True)
    lead_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="led_tasks", verbose_name=_("주관 부서")
    )
    co_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="shared_tasks", verbose_name=_("협업 부서·기관")
    )
    content = models.TextField(_("사업내용"), blank=True)
    period_start = models.DateField(_("사업기간 시작(월)"), null=True, blank=True)
    period_end = models.DateField(_("사업기간 끝(월)"), null=True, blank=True)
    period_text = models.CharField(_("사업기간 원문"), max_length=100, blank=True)
    expected_effects = models.JSONField(_("기대효과"), default=list, blank=True)
    budget_text = models.TextField(_("소요예산 원문"), blank=True)
    history = HistoricalRecords(m2m_fields=[co_units])

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("과제")
        verbose_name_plural = _("과제")
        ordering = ["strategy__plan", "strategy__number", "order"]
        constraints = [models.UniqueConstraint(fields=["strategy", "code"], name="task_unique_code_per_strategy")]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        """The public page of this task."""
        plan = self.strategy.plan
        return reverse("plans:task", kwargs={"slug": plan.municipality.slug, "plan_slug": plan.slug, "code": self.code})

    def reporting_window(self):
        """First and last month this task can be reported on: its own period, else its plan's."""
        plan = self.strategy.plan
        return (self.period_start or plan.period_start, self.period_end or plan.period_end)


class PlanDirection(models.Model):
    """A heading of the plan's work direction (업무추진 방향) with its bullets."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="directions", verbose_name=_("업무계획"))
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    heading = models.CharField(_("제목"), max_length=300)
    task = models.ForeignKey(
        Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="directions", verbose_name=_("과제")
    )
    bullets = models.JSONField(_("내용"), default=list)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("업무추진 방향")
        verbose_name_plural = _("업무추진 방향")
        ordering = ["plan", "order"]

    def __str__(self):
        return self.heading
