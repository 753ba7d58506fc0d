"""The report registry: what each report covers for whom, and its export with a log entry.

Each app declares its reports on its AppConfig (`reports`: name → (title, dotted path of
a builder `f(filters) -> Report`)); this module finds them, narrows the filters to the
user's scope and writes the workbook through `portal.excel`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from portal.excel import write_report
from portal.models import ReportDownload
from portal.organisation import municipality_model, plan_model, unit_model
from portal.periods import seoul_today


@dataclass
class ReportFilters:
    """What a report covers: the user's scope narrowed by municipality, unit, year and quarter.

    `unit_ids` is None for every unit (superusers with no unit filter); `citywide` says
    whether figures with no unit (a whole city's totals) may appear.
    """

    municipality_id: int | None = None
    unit_id: int | None = None
    plan_id: int | None = None
    unit_ids: frozenset | None = None
    year: int | None = None
    quarter: int | None = None
    citywide: bool = True
    labels: dict = field(default_factory=dict)
    issuer: str = ""

    def as_log(self):
        """The filters as recorded in the download log."""
        return {
            key: value
            for key, value in {
                "municipality": self.municipality_id,
                "unit": self.unit_id,
                "plan": self.plan_id,
                "year": self.year,
                "quarter": self.quarter,
            }.items()
            if value is not None
        }

    def describe(self):
        """One line saying what the report covers, for the sheet's second row."""
        parts = [f"{key} {value}" for key, value in self.labels.items() if value]
        return _("범위: %(parts)s") % {"parts": ", ".join(parts)} if parts else _("범위: 전체")

    def scope(self, queryset, unit_field, municipality_field="municipality", *, unitless=False):
        """`queryset` narrowed to these filters' municipality and units (unit field `unit_field`).

        With `unitless`, rows with no unit (a whole city's figures) stay in when the filters
        are city-wide and are left out otherwise.
        """
        if self.municipality_id is not None:
            queryset = queryset.filter(**{f"{municipality_field}_id": self.municipality_id})
        keep_unitless = unitless and self.citywide
        if self.unit_ids is not None:
            in_scope = Q(**{f"{unit_field}__in": self.unit_ids})
            queryset = queryset.filter(in_scope | Q(**{f"{unit_field}__isnull": True}) if keep_unitless else in_scope)
        elif unitless and not self.citywide:
            queryset = queryset.filter(**{f"{unit_field}__isnull": False})
        return queryset

    def for_plan(self, queryset, plan_field):
        """`queryset` narrowed to the chosen plan (field `plan_field`), unchanged when none is chosen."""
        return queryset if self.plan_id is None else queryset.filter(**{f"{plan_field}_id": self.plan_id})


def report_catalogue() -> dict[str, tuple[str, str]]:
    """Report name → (title, dotted path of its builder), from every app's AppConfig `reports`."""
    from django.apps import apps

    catalogue = {}
    for config in apps.get_app_configs():
        catalogue.update(getattr(config, "reports", {}))
    return catalogue


def report_builder(name) -> Callable:
    """The builder `f(filters) -> Report` of the report `name`."""
    module, attribute = report_catalogue()[name][1].rsplit(".", 1)
    return getattr(import_module(module), attribute)


def resolve_filters(user, *, municipality=None, unit=None, plan=None, year=None, quarter=None) -> ReportFilters:
    """Filters for `user` (None: a scheduled export, every unit); refuse a unit outside their scope.

    A head of unit (과장) gets their unit and those below it, the coordinating office their
    city, whatever they ask for; figures with no unit (city totals) only for the latter.
    """
    Municipality, OrgUnit = municipality_model(), unit_model()
    scope = None if user is None else user.scope_unit_ids
    labels = {}
    filters = ReportFilters(year=year, quarter=quarter, citywide=user is None or user.is_coordinator)
    if quarter is not None and not 1 <= quarter <= 4:
        raise ValidationError(_("분기는 1에서 4 사이여야 합니다."))
    if municipality is not None:
        filters.municipality_id = municipality.pk if isinstance(municipality, Municipality) else int(municipality)
        labels[_("지방자치단체")] = (
            Municipality.objects.filter(pk=filters.municipality_id).values_list("name", flat=True).first()
        )
        if user is not None and not user.is_superuser and _home_city(user) != filters.municipality_id:
            raise PermissionDenied(_("소속 지방자치단체의 보고서만 내려받을 수 있습니다."))
    if unit is not None:
        unit = unit if isinstance(unit, OrgUnit) else OrgUnit.objects.filter(pk=unit).first()
        if unit is None or (scope is not None and unit.pk not in scope):
            raise PermissionDenied(_("선택한 조직은 내려받을 수 있는 범위 밖입니다."))
        filters.unit_id, labels[_("조직")] = unit.pk, unit.name
        subtree = frozenset(OrgUnit.objects.subtree_ids(unit))
        scope = subtree if scope is None else scope & subtree
        filters.citywide = False
    elif user is not None and not user.is_superuser and user.is_coordinator:
        filters.municipality_id = filters.municipality_id or _home_city(user)
    filters.unit_ids = scope
    if plan is not None:
        plan = plan if isinstance(plan, plan_model()) else plan_model().objects.filter(pk=plan).first()
        home = None if user is None or user.is_superuser else _home_city(user)
        if plan is None or (home is not None and plan.municipality_id != home):
            raise PermissionDenied(_("선택한 업무계획은 내려받을 수 있는 범위 밖입니다."))
        filters.plan_id, labels[_("업무계획")] = plan.pk, plan.title
    filters.issuer = _issuer(user, unit, filters.municipality_id)
    if year:
        labels[_("연도")] = f"{year}년"
    if quarter:
        labels[_("분기")] = f"{quarter}분기"
    filters.labels = labels
    return filters


def _issuer(user, unit, municipality_id):
    """The unit a report is issued by: the chosen unit, else the user's, else the city's coordinating office."""
    OrgUnit = unit_model()
    if unit is not None:
        return f"{unit.municipality.name} {unit.name}"
    if user is not None and user.unit_id:
        return f"{user.unit.municipality.name} {user.unit.name}"
    if municipality_id is not None:
        office = (
            OrgUnit.objects.filter(municipality_id=municipality_id, is_coordinating=True)
            .select_related("municipality")
            .first()
        )
        if office is not None:
            return f"{office.municipality.name} {office.name}"
    return ""


def _home_city(user):
    return user.unit.municipality_id if user.unit_id else None


def report_export(*, user, name: str, filters: ReportFilters, target, channel: str) -> ReportDownload:
    """Write the report `name` for `filters` to `target` (a path or binary file) and log who took it."""
    report = report_builder(name)(filters)
    report.issuer = report.issuer or filters.issuer
    rows = write_report(report, target, written_on=seoul_today(), filters_text=filters.describe())
    return ReportDownload.objects.create(user=user, report=name, filters=filters.as_log(), channel=channel, rows=rows)
