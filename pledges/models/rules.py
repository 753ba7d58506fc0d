"""The city's 공약(사항) 관리 규정: the rule its pledge management follows, kept as a document citizens can read."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import Municipality
from portal.scoping import ScopedQuerySet


class ManagementRulesQuerySet(ScopedQuerySet):
    """Rules, scoped by municipality: a unit sees its own city's."""

    scope_field = "municipality__units"

    def for_user(self, user):
        """The rules of the municipalities of the user's units, each once."""
        return super().for_user(user).distinct()


class ManagementRules(models.Model):
    """One version of a city's 공약 관리 규정 (조례·훈령·예규), as enacted: title, date, issuing unit and text."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="pledge_rules", verbose_name=_("지방자치단체")
    )
    title = models.CharField(_("규정명"), max_length=200, help_text=_("예: 고양시 공약사항 관리 규정"))
    kind = models.CharField(_("종류"), max_length=20, blank=True, help_text=_("예: 훈령, 예규, 조례"))
    enacted_on = models.DateField(_("제정·개정일"))
    issuing_unit = models.CharField(_("소관 부서"), max_length=200, blank=True)
    body = models.TextField(_("규정 본문"), help_text=_("조문을 그대로 옮깁니다."))
    link = models.URLField(_("자치법규 정보시스템 주소"), blank=True)
    history = HistoricalRecords()

    objects = ManagementRulesQuerySet.as_manager()

    class Meta:
        verbose_name = _("공약 관리 규정")
        verbose_name_plural = _("공약 관리 규정")
        ordering = ["municipality", "-enacted_on"]

    def __str__(self):
        return f"{self.title} ({self.enacted_on:%Y. %-m. %-d.})"

    def get_absolute_url(self):
        """The public page of the rules' text."""
        return reverse("pledges:rules", kwargs={"slug": self.municipality.slug, "pk": self.pk})
