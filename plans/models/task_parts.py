"""What a task sets out to do and how: its objectives (추진목표) and action items (추진계획)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models.plans import Task


class TaskObjective(models.Model):
    """One objective (추진목표) of a task, optionally tagged with a half-year."""

    class Half(models.TextChoices):
        FIRST = "상반기", _("상반기")
        SECOND = "하반기", _("하반기")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("과제"))
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    text = models.TextField(_("추진목표"))
    half = models.CharField(_("반기"), max_length=10, choices=Half.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("추진목표")
        verbose_name_plural = _("추진목표")
        ordering = ["task", "order"]

    def __str__(self):
        return self.text[:50]


class ActionItem(models.Model):
    """One block of a task's action plan (추진계획), in document order."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("과제"))
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    title = models.CharField(_("항목"), max_length=300, blank=True)
    detail = models.TextField(_("내용"), blank=True)
    schedule = models.CharField(_("일정"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("추진계획")
        verbose_name_plural = _("추진계획")
        ordering = ["task", "order"]

    def __str__(self):
        return self.title or self.detail[:50]
