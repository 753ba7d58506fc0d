"""Citizen panels (공약이행평가단, 시민배심원단): members with consent, meetings reviewed before they are public, opinions."""

from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import Municipality
from pledges.models.pledges import Pledge, Term
from portal.corrections import ReviewState, reviewer_field
from portal.scoping import ScopedQuerySet


class CityScopedQuerySet(ScopedQuerySet):
    """Rows of a city's panels, scoped through the municipality: they are the 총괄부서's records of its own city."""

    def for_user(self, user):
        """The rows of the coordinating office's municipality, each once; none for any other unit's staff."""
        if not getattr(user, "is_coordinator", False):
            return self.none()
        return super().for_user(user).distinct()


class PanelKind(models.TextChoices):
    """What kind of citizen panel the city runs."""

    EVALUATION = "evaluation", _("공약이행평가단")
    JURY = "jury", _("시민배심원단")
    OTHER = "other", _("기타")


class MemberCategory(models.TextChoices):
    """The category a member sits for; nothing else about a person is kept beyond the name."""

    CITIZEN = "citizen", _("일반시민")
    EXPERT = "expert", _("전문가")
    YOUTH = "youth", _("청년")
    CIVIC = "civic", _("시민단체")
    OTHER = "other", _("기타")


class CitizenPanelQuerySet(CityScopedQuerySet):
    """Panels, scoped by their municipality."""

    scope_field = "municipality__units"

    def for_public_page(self):
        """The panels with their consented members (name and category) and the count of all members per category."""
        consented = PanelMember.objects.filter(consent=True).order_by("category", "name")
        return self.prefetch_related(Prefetch("members", queryset=consented, to_attr="public_members")).annotate(
            member_count=Count("members", distinct=True)
        )


class CitizenPanel(models.Model):
    """A citizen panel of a city, for one term or standing."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="citizen_panels", verbose_name=_("지방자치단체")
    )
    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, null=True, blank=True, related_name="citizen_panels", verbose_name=_("임기")
    )
    kind = models.CharField(_("구분"), max_length=20, choices=PanelKind.choices)
    name = models.CharField(_("명칭"), max_length=200)
    founded_on = models.DateField(_("구성일"))
    rules = models.TextField(_("운영 규정"), blank=True)
    history = HistoricalRecords()

    objects = CitizenPanelQuerySet.as_manager()

    class Meta:
        verbose_name = _("시민 평가단")
        verbose_name_plural = _("시민 평가단")
        ordering = ["municipality", "-founded_on", "name"]

    def __str__(self):
        return self.name


class PanelMemberQuerySet(CityScopedQuerySet):
    """Members, scoped by their panel's municipality."""

    scope_field = "panel__municipality__units"


class PanelMember(models.Model):
    """A member of a panel: name and category only; without consent never shown publicly, only counted."""

    panel = models.ForeignKey(CitizenPanel, on_delete=models.CASCADE, related_name="members", verbose_name=_("평가단"))
    name = models.CharField(_("성명"), max_length=50)
    category = models.CharField(_("분야"), max_length=20, choices=MemberCategory.choices)
    consent = models.BooleanField(_("공개 동의"), default=False, help_text=_("동의한 위원만 성명과 분야를 공개합니다."))
    consented_on = models.DateField(_("동의일"), null=True, blank=True)
    history = HistoricalRecords()

    objects = PanelMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("평가단 위원")
        verbose_name_plural = _("평가단 위원")
        ordering = ["panel", "category", "name"]

    def __str__(self):
        return f"{self.panel} · {self.name}"


class PanelMeetingQuerySet(CityScopedQuerySet):
    """Meetings, scoped by their panel's municipality."""

    scope_field = "panel__municipality__units"

    def approved(self):
        """Meetings citizens may read."""
        return self.filter(state=ReviewState.APPROVED)

    def for_list(self):
        """Approved meetings, newest first, with their panel and the number of opinions."""
        return (
            self.approved()
            .select_related("panel__municipality")
            .annotate(opinion_count=Count("opinions", distinct=True))
            .order_by("-held_on", "-pk")
        )


class PanelMeeting(models.Model):
    """A meeting of a panel: date, agenda, summary and the pledges discussed; public once the 총괄부서 approved it."""

    panel = models.ForeignKey(CitizenPanel, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("평가단"))
    held_on = models.DateField(_("개최일"))
    agenda = models.CharField(_("안건"), max_length=300)
    summary = models.TextField(_("회의 요지"), blank=True)
    pledges = models.ManyToManyField(Pledge, blank=True, related_name="panel_meetings", verbose_name=_("논의 공약"))
    state = models.CharField(_("처리상태"), max_length=20, choices=ReviewState.choices, default=ReviewState.DRAFT)
    submitted_at = models.DateTimeField(_("제출일시"), null=True, blank=True)
    reviewed_by = reviewer_field("reviewed_panel_meetings")
    reviewed_at = models.DateTimeField(_("검토일시"), null=True, blank=True)
    return_reason = models.TextField(_("반려 사유"), blank=True)
    version = models.PositiveIntegerField(_("버전"), default=1)
    history = HistoricalRecords(m2m_fields=[pledges])

    objects = PanelMeetingQuerySet.as_manager()

    EDITABLE_STATES = (ReviewState.DRAFT, ReviewState.RETURNED)

    class Meta:
        verbose_name = _("평가단 회의")
        verbose_name_plural = _("평가단 회의")
        ordering = ["panel", "-held_on"]
        permissions = [("review_panelmeeting", _("평가단 회의 승인·반려"))]

    def __str__(self):
        return f"{self.panel} {self.held_on:%Y-%m-%d} {self.agenda}"

    def get_absolute_url(self):
        """The public page of the meeting."""
        return reverse("pledges:panel_meeting", kwargs={"slug": self.panel.municipality.slug, "pk": self.pk})

    @property
    def is_editable(self):
        """Contents change only while written or returned."""
        return self.state in self.EDITABLE_STATES


class PanelOpinionQuerySet(CityScopedQuerySet):
    """Opinions, scoped by their meeting's municipality."""

    scope_field = "meeting__panel__municipality__units"

    def responded(self):
        """Opinions the city has answered."""
        return self.exclude(Q(city_response="") | Q(responded_on__isnull=True))


class PanelOpinion(models.Model):
    """An opinion a meeting gave, with the city's response."""

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.CASCADE, related_name="opinions", verbose_name=_("회의"))
    order = models.PositiveSmallIntegerField(_("순서"), default=1)
    opinion = models.TextField(_("의견"))
    city_response = models.TextField(_("시의 답변"), blank=True)
    responded_on = models.DateField(_("답변일"), null=True, blank=True)
    history = HistoricalRecords()

    objects = PanelOpinionQuerySet.as_manager()

    class Meta:
        verbose_name = _("평가단 의견")
        verbose_name_plural = _("평가단 의견")
        ordering = ["meeting", "order", "pk"]

    def __str__(self):
        return f"{self.meeting} #{self.order}"
