"""The managers' report page (/reports/, on KRDS).

Each report with its filters, a preview of its first rows and the download log; scoped by
`for_user`, every download logged.
"""

import datetime
import tempfile
from decimal import Decimal
from itertools import islice

from django import forms
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from portal.excel import Row
from portal.models import ReportDownload
from portal.organisation import municipality_model, plan_model, unit_model
from portal.periods import seoul_today
from portal.reports import report_builder, report_catalogue, report_export, resolve_filters

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 10
SELECT = {"class": "krds-form-select medium"}
INPUT = {"class": "krds-input medium"}


def may_download(user):
    """Heads of unit (부서장) and the coordinating office download reports."""
    return user.is_active and user.has_perm("portal.download_report")


class ReportForm(forms.Form):
    """Which report, and its filters; the choices are limited to the user's scope."""

    report = forms.ChoiceField(label=_("보고서"), widget=forms.HiddenInput)
    municipality = forms.ModelChoiceField(
        None, label=_("지방자치단체"), required=False, empty_label=_("전체"), widget=forms.Select(attrs=SELECT)
    )
    unit = forms.ModelChoiceField(
        None, label=_("조직"), required=False, empty_label=_("전체"), widget=forms.Select(attrs=SELECT)
    )
    plan = forms.ModelChoiceField(
        None, label=_("업무계획"), required=False, empty_label=_("전체"), widget=forms.Select(attrs=SELECT)
    )
    year = forms.IntegerField(
        label=_("연도"), required=False, min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=INPUT)
    )
    quarter = forms.TypedChoiceField(
        label=_("기간(분기)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "-"), *((q, f"{q}분기") for q in range(1, 5))],
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, user, **kwargs):
        """Limit the choices to what `user` may see."""
        super().__init__(*args, **kwargs)
        self.fields["report"].choices = [(name, title) for name, (title, _path) in report_catalogue().items()]
        cities = municipality_model().objects.for_user(user)
        self.fields["municipality"].queryset = cities
        self.fields["unit"].queryset = unit_model().objects.for_user(user).select_related("municipality")
        self.fields["plan"].queryset = (
            plan_model().objects.filter(municipality__in=cities).select_related("municipality").order_by("title")
        )


def send_report(user, name, filters, channel):
    """Build the report into a temporary file and stream it back as a download."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it after sending
    report_export(user=user, name=name, filters=filters, target=spool, channel=channel)
    spool.seek(0)
    filename = f"{name}-{seoul_today():%Y%m%d}.xlsx"
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX)


def _filters_of(request, form):
    data = form.cleaned_data
    return resolve_filters(
        request.user,
        municipality=data["municipality"],
        unit=data["unit"],
        plan=data["plan"],
        year=data["year"],
        quarter=data["quarter"],
    )


def preview_text(value):
    """A cell as the workbook shows it: numbers with separators, dates as YYYY-MM-DD, blanks empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        return f"{int(number):,}" if number == number.to_integral_value() else f"{number.normalize():,}"
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def preview(name, filters):
    """The first rows of the report's first sheet, its title, 자료 기준일 and unit, for the page."""
    report = report_builder(name)(filters)
    sheet = next(iter(report.sheets), None)
    if sheet is None:
        return None
    rows = [
        {
            "values": [
                {"text": preview_text(value), "number": isinstance(value, int | float | Decimal)}
                for value in (row.values if isinstance(row, Row) else row)
            ],
            "emphasis": isinstance(row, Row) and row.bold,
        }
        for row in islice(sheet.rows, PREVIEW_ROWS)
    ]
    return {
        "title": sheet.title,
        "unit": sheet.unit_label,
        "as_of": report.as_of,
        "headers": [column.header for column in sheet.columns],
        "rows": rows,
    }


def describe_logged_filters(downloads):
    """The filters of each logged download in words (남양주시 · 2026년 · 1분기), names in three queries."""
    ids = {"municipality": set(), "unit": set(), "plan": set()}
    for item in downloads:
        for key, found in ids.items():
            if key in item.filters:
                found.add(item.filters[key])
    names = {
        "municipality": dict(municipality_model().objects.filter(pk__in=ids["municipality"]).values_list("pk", "name")),
        "unit": dict(unit_model().objects.filter(pk__in=ids["unit"]).values_list("pk", "name")),
        "plan": dict(plan_model().objects.filter(pk__in=ids["plan"]).values_list("pk", "title")),
    }
    described = []
    for item in downloads:
        parts = [names[key].get(item.filters[key], "-") for key in names if key in item.filters]
        if "year" in item.filters:
            parts.append(f"{item.filters['year']}년")
        if "quarter" in item.filters:
            parts.append(f"{item.filters['quarter']}분기")
        described.append(" · ".join(parts) or str(_("전체")))
    return described


def _sections(request, bound_name, bound_form):
    """One section per report: its title, its own filter form and, when asked for, its preview."""
    sections = []
    for name, (title, _path) in report_catalogue().items():
        if name == bound_name:
            form = bound_form
        else:
            form = ReportForm(initial={"report": name}, user=request.user, auto_id=f"id_{name}_%s")
        sections.append({"name": name, "title": title, "form": form})
    return sections


@login_required
def download(request):
    """The reports page; with a report chosen, its preview (`preview=1`) or the workbook itself."""
    if not may_download(request.user):
        raise PermissionDenied
    name = request.GET.get("report", "")
    form = ReportForm(request.GET or None, user=request.user, auto_id=f"id_{name or 'report'}_%s")
    shown = None
    if form.is_bound and form.is_valid():
        try:
            filters = _filters_of(request, form)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error.messages if hasattr(error, "messages") else str(error))
        else:
            if "preview" not in request.GET:
                return send_report(request.user, form.cleaned_data["report"], filters, ReportDownload.Channel.PAGE)
            shown = {"name": form.cleaned_data["report"], "preview": preview(form.cleaned_data["report"], filters)}
    recent = list(ReportDownload.objects.filter(user=request.user).order_by("-created_at")[:10])
    titles = {key: title for key, (title, _path) in report_catalogue().items()}
    scopes = describe_logged_filters(recent)
    context = {
        "sections": _sections(request, name, form),
        "shown": shown,
        "recent": [
            {"download": item, "title": titles.get(item.report, item.report), "scope": scope}
            for item, scope in zip(recent, scopes, strict=True)
        ],
        "preview_rows": PREVIEW_ROWS,
    }
    return render(request, "portal/reports/download.html", context)


def report_action(name, unit_field):
    """An admin action: the report `name` over the units of the selected rows (field `unit_field`)."""

    def action(model_admin, request, queryset):
        if not may_download(request.user):
            raise PermissionDenied
        filters = resolve_filters(request.user)
        selected = frozenset(queryset.values_list(unit_field, flat=True).distinct())
        filters.unit_ids = selected if filters.unit_ids is None else filters.unit_ids & selected
        filters.citywide = False
        filters.labels = {_("조직"): _("선택한 행의 조직 %(count)d곳") % {"count": len(filters.unit_ids)}}
        return send_report(request.user, name, filters, ReportDownload.Channel.ADMIN)

    title = report_catalogue()[name][0]
    action.__name__ = f"download_{name.replace('-', '_')}_report"
    return admin.action(description=_("엑셀 보고서: %(title)s (선택한 행의 조직)") % {"title": title})(action)
