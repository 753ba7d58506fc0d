"""The organisation: municipalities, their unit tree, headcounts and staff users."""

from collections import defaultdict
from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal import roles
from portal.scoping import ScopedQuerySet


class MunicipalityQuerySet(ScopedQuerySet):
    """Municipalities; staff see the one their unit belongs to."""

    scope_field = "units"

    def for_user(self, user):
        """The municipalities of the user's units, each once."""
        return super().for_user(user).distinct()


class Municipality(models.Model):
    """A local government (지방자치단체) whose plans the portal keeps."""

    name = models.CharField(_("이름"), max_length=50, unique=True)
    name_en = models.CharField(_("영문 이름"), max_length=100, blank=True)
    slug = models.SlugField(_("주소 이름"), max_length=50, unique=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("지방자치단체")
        verbose_name_plural = _("지방자치단체")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """The public organisation page of this municipality."""
        return reverse("plans:organisation", kwargs={"slug": self.slug})


class OrgUnitQuerySet(ScopedQuerySet):
    """Queries over units: scoping by user and subtree walks."""

    scope_field = "pk"

    def subtree_ids(self, root):
        """Ids of `root` and every unit below it, in one query however deep the tree."""
        return self.subtree_map(root.municipality_id)[root.pk]

    def subtree_map(self, municipality_id):
        """For every unit of a municipality, the ids of itself and all units below it (one query)."""
        from plans.org_tree import UnitTree

        return UnitTree(self.filter(municipality_id=municipality_id).values_list("pk", "parent_id")).subtrees()

    def open_down_to_divisions(self, municipality_id, root_ids):
        """(ids of the units under `root_ids` down to each 과 and the level right below it, {id: children left out}).

        The organisation page opens the tree down to 과 and folds the units right below a 과
        (its teams) under it, so it stays short however deep a city's tree is. One query of
        narrow rows; the walk covers only the units under the given roots.
        """
        children = defaultdict(list)
        kinds = {}
        for pk, parent_id, kind in self.filter(municipality_id=municipality_id).values_list("pk", "parent_id", "kind"):
            children[parent_id].append(pk)
            kinds[pk] = kind
        stops = {OrgUnit.Kind.DIVISION, OrgUnit.Kind.TEAM}
        shown, hidden = set(), {}
        frontier = [(pk, True) for pk in root_ids if pk in kinds]
        while frontier:
            pk, is_open = frontier.pop()
            shown.add(pk)
            if is_open:
                frontier.extend((child, kinds[pk] not in stops) for child in children[pk])
            elif children[pk]:
                hidden[pk] = len(children[pk])
        return shown, hidden

    def having_headcount(self):
        """Units with at least one headcount record (no join, so a page of them stays cheap)."""
        return self.filter(models.Exists(Headcount.objects.filter(unit=models.OuterRef("pk"))))

    def with_latest_headcount(self):
        """Prefetch headcounts, newest first, so `unit.latest_headcount` costs no query."""
        return self.prefetch_related(models.Prefetch("headcounts", queryset=Headcount.objects.order_by("-as_of")))


class OrgUnit(models.Model):
    """A unit of a municipality's organisation: 실·국·본부, 관, 과, 팀 or an agency."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", _("실·국·본부")
        DIRECTORATE = "directorate", _("관")
        DIVISION = "division", _("과·담당관·단")
        TEAM = "team", _("팀")
        AGENCY = "agency", _("산하기관·공사")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="units", verbose_name=_("지방자치단체")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("상위 조직"),
    )
    name = models.CharField(_("조직명"), max_length=100)
    name_en = models.CharField(_("영문 조직명"), max_length=200, blank=True)
    kind = models.CharField(_("구분"), max_length=20, choices=Kind.choices)
    head_title = models.CharField(_("장 직위"), max_length=50, blank=True)
    head_name = models.CharField(_("장 성명"), max_length=50, blank=True)
    is_coordinating = models.BooleanField(
        _("총괄부서"), default=False, help_text=_("시 전체의 계획·평가를 총괄하는 부서")
    )
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    history = HistoricalRecords()

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("조직")
        verbose_name_plural = _("조직")
        ordering = ["municipality", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="orgunit_unique_name_per_municipality"),
        ]

    def __str__(self):
        return f"{self.municipality.name} {self.name}" if self.parent_id is None else self.name

    def get_absolute_url(self):
        """The public page of this unit."""
        return reverse("plans:unit", kwargs={"slug": self.municipality.slug, "pk": self.pk})

    @property
    def latest_headcount(self):
        """The newest headcount record, using the prefetch when there is one."""
        return next(iter(sorted(self.headcounts.all(), key=lambda h: h.as_of, reverse=True)), None)


class HeadcountQuerySet(ScopedQuerySet):
    """Headcounts, scoped by their unit."""


class Headcount(models.Model):
    """A unit's authorised (정원) and current (현원) staff numbers on a given date."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="headcounts", verbose_name=_("조직"))
    as_of = models.DateField(_("기준일"))
    authorized = models.PositiveIntegerField(_("정원"), null=True, blank=True)
    current = models.PositiveIntegerField(_("현원"), null=True, blank=True)
    source = models.CharField(_("출처"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = HeadcountQuerySet.as_manager()

    class Meta:
        verbose_name = _("정원·현원")
        verbose_name_plural = _("정원·현원")
        ordering = ["unit", "-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "as_of"], name="headcount_unique_per_unit_and_date"),
        ]

    def __str__(self):
        return f"{self.unit} {self.as_of:%Y-%m-%d}"


class PortalUserManager(UserManager.from_queryset(ScopedQuerySet)):
    """Users, scoped by their unit; keeps `create_user` and friends."""


class User(AbstractUser):
    """A staff member; belongs to one unit, and their role comes from their groups."""

    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("소속"),
    )
    event_notices = models.BooleanField(
        _("처리 알림 받기"),
        default=True,
        help_text=_("제출·승인·반려·정정 알림을 메일로 받습니다. 본인 제출 기한 알림은 끌 수 없습니다."),
    )

    objects = PortalUserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("사용자")
        verbose_name_plural = _("사용자")

    @cached_property
    def role_names(self):
        """Names of the role groups this user is in (one query, then cached)."""
        return set(self.groups.values_list("name", flat=True)) if self.pk else set()

    @property
    def is_coordinator(self):
        """True for the coordinating office (총괄부서) and superusers: they see the whole city."""
        return self.is_superuser or roles.COORDINATOR in self.role_names

    def is_coordinator_of(self, municipality):
        """True for the coordinating office of `municipality` (and superusers): it keeps that city's plans and pledges."""
        if self.is_superuser:
            return True
        return self.is_coordinator and self.unit_id is not None and self.unit.municipality_id == municipality.pk

    @property
    def is_unit_manager(self):
        """True for a head of unit (부서장), who approves or returns the unit's reports."""
        return roles.MANAGER in self.role_names

    @cached_property
    def scope_unit_ids(self):
        """Units this user works on: None (every unit) for superusers only.

        The coordinating office works on every unit of its own municipality, never on
        another city's; everyone else on their unit and the units below it.
        """
        if self.is_superuser:
            return None
        if self.unit_id is None:
            return frozenset()
        if self.is_coordinator:
            return frozenset(
                OrgUnit.objects.filter(municipality_id=self.unit.municipality_id).values_list("pk", flat=True)
            )
        return frozenset(OrgUnit.objects.subtree_ids(self.unit))
