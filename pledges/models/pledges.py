"""The mayor's pledges (공약), their half-year cards (공약관리카드) and status history."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import Municipality, OrgUnit, Task
from portal.corrections import reviewer_field
from portal.periods import OwedQuerySetMixin, PeriodKind
from portal.scoping import ScopedQuerySet


class TermQuerySet(ScopedQuerySet):
    """Terms, scoped by municipality: a unit sees the terms of its own city."""

    scope_field = "municipality__units"

    def for_user(self, user):
        """The terms of the municipalities of the user's units, each once."""
        return super().for_user(user).distinct()


class Term(models.Model):
    """A mayor's term of office (민선7기 2018.7–2022.6), which pledges belong to."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="terms", verbose_name=_("지방자치단체")
    )
    name = models.CharField(_("임기"), max_length=50)
    start = models.DateField(_("시작(월)"))
    end = models.DateField(_("끝(월)"))
    history = HistoricalRecords()

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("임기")
        verbose_name_plural = _("임기")
        ordering = ["municipality", "-start"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="term_unique_name")]

    def __str__(self):
        return f"{self.municipality.name} {self.name} ({self.start:%Y.%-m}–{self.end:%Y.%-m})"


class PledgeCategory(models.Model):
    """The name of a pledge-code prefix ("1", "1-2") of a term, where the city names it."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="categories", verbose_name=_("임기"))
    code = models.CharField(_("분류 번호"), max_length=20)
    name = models.CharField(_("분류명"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("공약 분류")
        verbose_name_plural = _("공약 분류")
        ordering = ["term", "code"]
        constraints = [models.UniqueConstraint(fields=["term", "code"], name="pledge_category_unique_code")]

    def __str__(self):
        return f"{self.code} {self.name}".strip()


class PledgeStatus(models.TextChoices):
    """The manifesto-standard assessment of a pledge (한국매니페스토실천본부)."""

    COMPLETED = "completed", _("완료")
    COMPLETED_ONGOING = "completed_ongoing", _("이행후 계속추진")
    ON_TRACK = "on_track", _("정상추진")
    PARTIAL = "partial", _("일부추진")
    ON_HOLD = "on_hold", _("보류")
    SCRAPPED = "scrapped", _("폐기")
    UNASSESSED = "unassessed", _("미평가")


COMPLETED_STATUSES = (PledgeStatus.COMPLETED, PledgeStatus.COMPLETED_ONGOING)


class PledgeQuerySet(OwedQuerySetMixin, ScopedQuerySet):
    """Pledges, scoped by their lead unit; each owes a management card every half-year of its term."""

    scope_field = "lead_unit"
    owed_kind = PeriodKind.HALF

    def owing(self, period):
        """Pledges whose term shares a day with the half-year `period` and whose card for it is not handed in."""
        filed = PledgeCard.objects.filter(period_start=period.start).filed()
        return self.filter(term__start__lte=period.end, term__end__gte=period.start).exclude(
            pk__in=filed.values("pledge_id")
        )

    def for_tracker(self):
        """Pledges with unit and term joined and their latest approved card's label, for lists."""
        latest_card = PledgeCard.objects.filter(pledge=OuterRef("pk"), state=PledgeCard.State.APPROVED).order_by(
            "-period_start"
        )
        return self.select_related("term__municipality", "lead_unit").annotate(
            latest_card_label=Subquery(latest_card.values("label")[:1]),
            latest_card_reviewed_at=Subquery(latest_card.values("reviewed_at")[:1]),
        )

    def for_public_page(self):
        """Everything the pledge page shows, approved cards only, in a fixed number of queries."""
        approved_cards = PledgeCard.objects.approved().order_by("period_start")
        return self.select_related(
            "term__municipality", "lead_unit__municipality", "succeeds__term__municipality"
        ).prefetch_related(
            Prefetch("successors", queryset=Pledge.objects.select_related("term__municipality").order_by("code")),
            Prefetch("officials", queryset=PledgeOfficial.objects.order_by("order")),
            Prefetch("status_changes", queryset=PledgeStatusChange.objects.order_by("-changed_on", "-pk")),
            Prefetch("adjustments", queryset=PledgeAdjustment.objects.order_by("decided_on")),
            Prefetch(
                "tasks",
                queryset=Task.objects.published().for_listing().order_by("strategy__plan", "strategy__number", "order"),
            ),
            Prefetch("cards", queryset=approved_cards.with_contents(), to_attr="approved_cards"),
        )

    def with_code_prefix(self, prefix):
        """Pledges whose code is `prefix` or starts with `prefix-`."""
        return self.filter(Q(code=prefix) | Q(code__startswith=f"{prefix}-"))

    def as_of(self):
        """The day these pledges' figures speak for: the newest status change or card approval (None: neither).

        Two aggregate queries whatever the number of pledges.
        """
        days = [
            self.aggregate(day=Max("status_changed_on"))["day"],
            PledgeCard.objects.approved().filter(pledge__in=self).aggregate(day=Max("reviewed_at"))["day"],
        ]
        days = [timezone.localdate(day) if isinstance(day, datetime.datetime) else day for day in days if day]
        return max(days, default=None)

    def status_summary(self):
        """Counts per status and the completion rate, from one aggregate query."""
        counts = self.aggregate(
            total=Count("pk"),
            **{status.value: Count("pk", filter=Q(status=status)) for status in PledgeStatus},
        )
        total = counts.pop("total")
        completed = sum(counts[status.value] for status in COMPLETED_STATUSES)
        return {
            "total": total,
            "counts": [(status, counts[status.value]) for status in PledgeStatus],
            "completed": completed,
            "completion_rate": round(100 * completed / total, 1) if total else None,
        }


class Pledge(models.Model):
    """One pledge: what the mayor promised, who carries it out and how far it has come."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("임기"))
    code = models.CharField(_("공약 번호"), max_length=20)
    title = models.CharField(_("공약명"), max_length=300)
    target = models.TextField(_("목표"), blank=True)
    lead_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("소관부서"))
    status = models.CharField(
        _("이행 상태"), max_length=20, choices=PledgeStatus.choices, default=PledgeStatus.UNASSESSED
    )
    status_changed_on = models.DateField(_("상태 변경일"), null=True, blank=True)
    tasks = models.ManyToManyField(Task, blank=True, related_name="pledges", verbose_name=_("이행 과제"))
    succeeds = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("이전 임기 공약"),
        help_text=_("이 공약이 이어받은 이전 임기의 공약 (예: 민선7기 → 민선8기)"),
    )
    history = HistoricalRecords(m2m_fields=[tasks])

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("공약")
        verbose_name_plural = _("공약")
        ordering = ["term", "code"]
        constraints = [models.UniqueConstraint(fields=["term", "code"], name="pledge_unique_code_per_term")]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        """The public page of this pledge."""
        return reverse(
            "pledges:pledge", kwargs={"slug": self.term.municipality.slug, "term": self.term_id, "code": self.code}
        )

    def clean(self):
        """A pledge succeeds only a pledge of the same municipality from an earlier term."""
        super().clean()
        earlier = self.succeeds
        if earlier is None or self.term_id is None:
            return
        if earlier.pk == self.pk or earlier.term.municipality_id != self.term.municipality_id:
            raise ValidationError({"succeeds": _("같은 지방자치단체의 다른 공약만 이전 임기 공약이 될 수 있습니다.")})
        if earlier.term.start >= self.term.start:
            raise ValidationError({"succeeds": _("이전 임기 공약은 이 공약보다 앞선 임기의 공약이어야 합니다.")})

    @property
    def category_codes(self):
        """The prefixes of the code, outermost first: "1-2-4" → ["1", "1-2"]."""
        return code_prefixes(self.code)


def code_prefixes(code):
    """The category codes a pledge code lies under, outermost first: "1-2-4" → ["1", "1-2"]."""
    parts = code.split("-")
    return ["-".join(parts[:depth]) for depth in range(1, len(parts))]


class PledgeOfficial(models.Model):
    """A person answerable for a pledge, with title and office phone, as the card lists them."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="officials", verbose_name=_("공약"))
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    role = models.CharField(_("직위"), max_length=50)
    name = models.CharField(_("성명"), max_length=50)
    phone = models.CharField(_("연락처"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("담당자")
        verbose_name_plural = _("담당자")
        ordering = ["pledge", "order"]

    def __str__(self):
        return f"{self.role} {self.name}"


class PledgeStatusChange(models.Model):
    """Who set which status when, and why."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("공약"))
    previous_status = models.CharField(_("이전 상태"), max_length=20, choices=PledgeStatus.choices)
    status = models.CharField(_("상태"), max_length=20, choices=PledgeStatus.choices)
    changed_on = models.DateField(_("변경일"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("변경한 사람")
    )
    reason = models.TextField(_("사유"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("이행 상태 변경")
        verbose_name_plural = _("이행 상태 변경")
        ordering = ["pledge", "-changed_on", "-pk"]

    def __str__(self):
        return f"{self.pledge.code} {self.get_status_display()} ({self.changed_on})"


class PledgeAdjustment(models.Model):
    """A formal change of a pledge (공약 조정): the original text is kept beside the new one."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="adjustments", verbose_name=_("공약"))
    decided_on = models.DateField(_("조정일"))
    decided_by = models.CharField(_("결정 기구"), max_length=200, help_text=_("예: 공약이행 시민평가단"))
    original_title = models.CharField(_("원래 공약명"), max_length=300)
    adjusted_title = models.CharField(_("조정된 공약명"), max_length=300)
    original_target = models.TextField(_("원래 목표"), blank=True)
    adjusted_target = models.TextField(_("조정된 목표"), blank=True)
    reason = models.TextField(_("조정 사유"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("공약 조정")
        verbose_name_plural = _("공약 조정")
        ordering = ["pledge", "decided_on"]

    def __str__(self):
        return f"{self.pledge.code} {self.decided_on}"


class PledgeCardQuerySet(ScopedQuerySet):
    """Half-year cards, scoped by their pledge's lead unit."""

    scope_field = "pledge__lead_unit"

    def approved(self):
        """Cards citizens may read."""
        return self.filter(state=PledgeCard.State.APPROVED)

    def filed(self):
        """Cards handed in: submitted or approved."""
        return self.filter(state__in=[PledgeCard.State.SUBMITTED, PledgeCard.State.APPROVED])

    def current(self):
        """One card per period as it stands: neither a card its correction replaced nor a correction still in review."""
        return self.exclude(state=PledgeCard.State.SUPERSEDED).exclude(
            Q(corrects__isnull=False) & ~Q(state=PledgeCard.State.APPROVED)
        )

    def with_contents(self):
        """Entries with their events, outcomes and evidence, and participation counts, all in order."""
        from pledges.models import cards

        return self.prefetch_related(
            Prefetch(
                "entries",
                queryset=cards.CardEntry.objects.order_by("order").prefetch_related(
                    Prefetch("events", queryset=cards.CardEvent.objects.order_by("order")),
                    Prefetch("outcomes", queryset=cards.CardOutcome.objects.order_by("order")),
                    Prefetch("evidence", queryset=cards.EvidenceFile.objects.order_by("order")),
                ),
            ),
            Prefetch("participation", queryset=cards.ParticipationCount.objects.order_by("pk")),
        )


class PledgeCard(models.Model):
    """The half-year management card (공약관리카드) the owning unit writes and the 총괄부서 reviews."""

    class State(models.TextChoices):
        DRAFT = "draft", _("작성중")
        SUBMITTED = "submitted", _("제출")
        APPROVED = "approved", _("승인")
        RETURNED = "returned", _("반려")
        SUPERSEDED = "superseded", _("정정 전")

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="cards", verbose_name=_("공약"))
    label = models.CharField(_("보고 기간"), max_length=50, help_text=_("예: 2021년 하반기"))
    period_start = models.DateField(_("기간 시작(월)"))
    period_end = models.DateField(_("기간 끝(월)"))
    problems = models.TextField(_("문제점"), blank=True)
    measures = models.TextField(_("개선대책"), blank=True)
    participation_note = models.CharField(_("시민참여 비고"), max_length=300, blank=True)
    state = models.CharField(_("처리상태"), max_length=20, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("제출일시"), null=True, blank=True)
    reviewed_by = reviewer_field("reviewed_pledge_cards")
    reviewed_at = models.DateTimeField(_("검토일시"), null=True, blank=True)
    return_reason = models.TextField(_("반려 사유"), blank=True)
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name=_("정정 대상 카드"),
        help_text=_("승인된 카드를 정정하는 카드일 때, 정정 전 카드"),
    )
    corrected_at = models.DateTimeField(_("정정일시"), null=True, blank=True)
    version = models.PositiveIntegerField(_("버전"), default=1)
    history = HistoricalRecords()

    objects = PledgeCardQuerySet.as_manager()

    EDITABLE_STATES = (State.DRAFT, State.RETURNED)

    class Meta:
        verbose_name = _("공약관리카드")
        verbose_name_plural = _("공약관리카드")
        ordering = ["pledge", "-period_start"]
        permissions = [("review_pledgecard", _("공약관리카드 승인·반려"))]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "period_start"],
                condition=Q(corrects__isnull=True),
                name="pledge_card_one_per_period",
                violation_error_message=_("이 공약의 해당 기간 카드가 이미 있습니다."),
            )
        ]

    def __str__(self):
        return f"{self.pledge.code} {self.label}" + (" (정정)" if self.corrects_id else "")

    @property
    def is_editable(self):
        """Contents change only while the card is written or returned; an approved card is corrected by a copy."""
        return self.state in self.EDITABLE_STATES
