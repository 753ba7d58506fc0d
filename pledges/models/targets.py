"""Yearly targets of a pledge (연차별 목표) and the year-end decision on each (목표달성도)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pledges.models.pledges import Pledge
from portal.scoping import ScopedQuerySet

# A partly achieved target counts half in the rate (the rule stated wherever the rate is shown).
PARTLY_WEIGHT = Decimal("0.5")


class TargetDecision(models.TextChoices):
    """The year-end review's verdict on one year's target."""

    ACHIEVED = "achieved", _("달성")
    PARTLY = "partly", _("일부 달성")
    NOT_ACHIEVED = "not_achieved", _("미달성")


class YearlyTargetQuerySet(ScopedQuerySet):
    """Yearly targets, scoped by their pledge's lead unit."""

    scope_field = "pledge__lead_unit"

    def decided(self):
        """Targets the year-end review has decided: the ones citizens see."""
        return self.exclude(decision="")

    def rates_by_year(self):
        """Per year: targets, decisions counted and the rate, from one grouped query, oldest year first.

        달성률 = (달성 + 0.5 × 일부 달성) ÷ 판정된 목표 수 × 100; targets still waiting for their
        decision are counted apart (`pending`) and kept out of the rate.
        """
        rows = (
            self.order_by()
            .values("year")
            .annotate(
                targets=Count("pk"),
                **{decision.value: Count("pk", filter=Q(decision=decision)) for decision in TargetDecision},
            )
            .order_by("year")
        )
        return [year_rate(row) for row in rows]


def year_rate(row):
    """A year's counts with `decided`, `pending` and `rate` (percent, one decimal; None before any decision)."""
    achieved, partly = row[TargetDecision.ACHIEVED], row[TargetDecision.PARTLY]
    decided = achieved + partly + row[TargetDecision.NOT_ACHIEVED]
    score = achieved + PARTLY_WEIGHT * partly
    rate = round(100 * score / decided, 1) if decided else None
    return {
        **row,
        "achieved": achieved,
        "partly": partly,
        "not_achieved": row[TargetDecision.NOT_ACHIEVED],
        "decided": decided,
        "pending": row["targets"] - decided,
        "score": score.normalize() if score else 0,
        "rate": rate,
    }


class YearlyTarget(models.Model):
    """What a pledge is to reach in one year, and how the year-end review judged it."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="yearly_targets", verbose_name=_("공약"))
    year = models.PositiveSmallIntegerField(_("연도"))
    target = models.TextField(_("목표"))
    target_value = models.DecimalField(_("목표치"), max_digits=18, decimal_places=2, null=True, blank=True)
    target_unit = models.CharField(_("단위"), max_length=20, blank=True)
    plan = models.TextField(_("추진계획"), blank=True)
    decision = models.CharField(_("달성 여부"), max_length=20, choices=TargetDecision.choices, blank=True, default="")
    evidence = models.TextField(_("판정 근거"), blank=True)
    decided_on = models.DateField(_("판정일"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_yearly_targets",
        verbose_name=_("판정한 사람"),
    )
    version = models.PositiveIntegerField(_("버전"), default=1)
    history = HistoricalRecords()

    objects = YearlyTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("연차별 목표")
        verbose_name_plural = _("연차별 목표")
        ordering = ["pledge", "year"]
        permissions = [("decide_yearlytarget", _("연차별 목표 달성 판정"))]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "year"],
                name="yearly_target_one_per_year",
                violation_error_message=_("이 공약의 해당 연도 목표가 이미 있습니다."),
            ),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decided_on__isnull=False),
                name="yearly_target_decision_dated",
                violation_error_message=_("달성 여부에는 판정일이 있어야 합니다."),
            ),
        ]

    def __str__(self):
        return f"{self.pledge.code} {self.year}년 목표"

    @property
    def is_decided(self):
        """True once the year-end review has judged the target."""
        return bool(self.decision)
