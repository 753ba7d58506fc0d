"""The managers' report download page (/reports/): scoped by `for_user`, every download logged."""

import tempfile

from django import forms
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from portal.models import ReportDownload
from portal.organisation import municipality_model, unit_model
from portal.periods import seoul_today
from portal.reports import report_catalogue, report_export, resolve_filters

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def may_download(user):
    """Heads of unit (부서장) and the coordinating office download reports."""
    return user.is_active and user.has_perm("portal.download_report")


class ReportForm(forms.Form):
    """Which report, and its filters; the choices are limited to the user's scope."""

    report = forms.ChoiceField(label=_("보고서"))
    municipality = forms.ModelChoiceField(None, label=_("지방자치단체"), required=False)
    unit = forms.ModelChoiceField(None, label=_("조직"), required=False)
    year = forms.IntegerField(label=_("연도"), required=False, min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("분기"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "-"), *((q, f"{q}분기") for q in range(1, 5))],
    )

    def __init__(self, *args, user, **kwargs):
        """Limit the choices to what `user` may see."""
        super().__init__(*args, **kwargs)
        self.fields["report"].choices = [(name, title) for name, (title, _path) in report_catalogue().items()]
        self.fields["municipality"].queryset = municipality_model().objects.for_user(user)
        self.fields["unit"].queryset = unit_model().objects.for_user(user).select_related("municipality")


def send_report(user, name, filters, channel):
    """Build the report into a temporary file and stream it back as a download."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it after sending
    report_export(user=user, name=name, filters=filters, target=spool, channel=channel)
    spool.seek(0)
    filename = f"{name}-{seoul_today():%Y%m%d}.xlsx"
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX)


@login_required
def download(request):
    """The download form; with a report chosen, the workbook itself."""
    if not may_download(request.user):
        raise PermissionDenied
    form = ReportForm(request.GET or None, user=request.user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            filters = resolve_filters(
                request.user,
                municipality=data["municipality"],
                unit=data["unit"],
                year=data["year"],
                quarter=data["quarter"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error.messages if hasattr(error, "messages") else str(error))
        else:
            return send_report(request.user, data["report"], filters, ReportDownload.Channel.PAGE)
    recent = ReportDownload.objects.filter(user=request.user).order_by("-created_at")[:10]
    context = {**admin.site.each_context(request), "form": form, "recent": recent, "title": _("관리용 보고서")}
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
