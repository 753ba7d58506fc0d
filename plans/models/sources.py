"""The documents the portal's figures come from: title, publisher, issuing unit and date, by their short key."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.models.organisation import Municipality
from portal.scoping import ScopedQuerySet


class SourceDocumentQuerySet(ScopedQuerySet):
    """Source documents, scoped by the units of their publishing municipality."""

    scope_field = "municipality__units"

    def for_user(self, user):
        """Each document once, however many units its city has."""
        return super().for_user(user).distinct()


class SourceDocument(models.Model):
    """One published document (업무계획, 공약관리카드, 추진계획 …) that records cite by its key ("002")."""

    key = models.CharField(_("문서 번호"), max_length=20, unique=True)
    title = models.CharField(_("문서명"), max_length=300)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="source_documents", verbose_name=_("발행 기관")
    )
    issuing_unit = models.CharField(_("작성 부서"), max_length=200, blank=True)
    issued_on = models.DateField(_("작성일"), null=True, blank=True)
    as_of_text = models.CharField(
        _("기준 시점"), max_length=100, blank=True, help_text=_("작성일이 문서에 없을 때 문서가 밝힌 기준 (예: 2026년)")
    )

    objects = SourceDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("출처 문서")
        verbose_name_plural = _("출처 문서")
        ordering = ["key"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The public page listing what came from this document."""
        return reverse("plans:source", kwargs={"key": self.key})

    @property
    def dated(self):
        """When the document speaks for: its date, else the point it names, else nothing."""
        return f"{self.issued_on:%Y. %-m. %-d.}" if self.issued_on else self.as_of_text
