"""Excel import screens for any admin: template download, upload, preview, then confirm.

The uploaded bytes wait in the server-side session between the preview and the
confirmation, under a random token that the confirm form must send back; a copy sent by
the browser is never trusted. The confirmation checks every row again inside the
service's transaction, so a quarter that locked in between is still refused.
"""

import base64
import io
import secrets

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from portal.models import ImportConfirmation
from portal.periods import MONTHS_PER_KIND, Period, PeriodKind, seoul_today
from portal.services import import_confirm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportUploadForm(forms.Form):
    """The filled template."""

    file = forms.FileField(label=gettext_lazy("채운 양식 파일 (.xlsx)"))


def period_choices(kinds):
    """("quarter-3", "3분기") … for every period of a year of each kind in `kinds`."""
    choices = []
    for kind in kinds:
        for number in range(1, 12 // MONTHS_PER_KIND[PeriodKind(kind)] + 1):
            label = Period(kind, 2000, number).label.removeprefix("2000년").strip() or gettext("연간")
            choices.append((f"{kind}-{number}", label))
    return choices


class TemplateForm(forms.Form):
    """Which year and which period of it (among the kinds an import takes) the template is pre-filled for."""

    year = forms.IntegerField(label=gettext_lazy("연도"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=gettext_lazy("기간"))

    def __init__(self, *args, kinds=(PeriodKind.QUARTER,), **kwargs):
        """Offer the periods of `kinds` (the whole year, halves, quarters, months)."""
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices(kinds)

    def chosen(self) -> Period:
        """The period chosen."""
        kind, _sep, number = self.cleaned_data["period"].partition("-")
        return Period(kind, self.cleaned_data["year"], int(number))


def default_period(kinds) -> Period:
    """The current period of the finest kind an import takes (a quarter for the progress import)."""
    return Period.current(min(kinds, key=lambda kind: MONTHS_PER_KIND[PeriodKind(kind)]))


class SpreadsheetImportMixin:
    """Adds `import/` (upload, preview, confirm) and `import/template/` (the pre-filled .xlsx).

    `import_functions` maps "template" to `f(*, user, period, target)` (a `Period` of one
    of `import_period_kinds`, chosen on the screen), "preview"
    to `f(uploaded, *, user) -> ImportPreview` and "apply" to the service
    `f(*, user, uploaded) -> ImportPreview`; `import_file_stem` names the template file.
    """

    import_functions = {}
    import_period_kinds = (PeriodKind.QUARTER,)
    import_file_stem = "import"
    import_template = "admin/import.html"
    import_template_hint = ""
    change_list_template = "admin/import_change_list.html"

    def get_urls(self):
        """The import endpoints, before the admin's own URLs."""
        prefix = self._import_prefix()
        wrap = self.admin_site.admin_view
        urls = [path("import/", wrap(self.import_view), name=f"{prefix}_import")]
        if self.import_functions.get("template"):
            urls.append(path("import/template/", wrap(self.import_template_view), name=f"{prefix}_import_template"))
        return [*urls, *super().get_urls()]

    def _import_prefix(self):
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}"

    def _check_import_permission(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied

    def import_template_view(self, request):
        """The template pre-filled with the user's records for the asked (else current) quarter."""
        self._check_import_permission(request)
        period = default_period(self.import_period_kinds)
        form = TemplateForm(request.GET or None, kinds=self.import_period_kinds)
        if form.is_bound and form.is_valid():
            period = form.chosen()
        spool = io.BytesIO()
        self.import_functions["template"](user=request.user, period=period, target=spool)
        spool.seek(0)
        filename = f"{self.import_file_stem}-{period.year}-{period.kind}{period.number}-{seoul_today():%Y%m%d}.xlsx"
        return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX)

    def import_view(self, request):
        """GET: the upload form; POST a file: the preview; POST confirm: import and go back to the list."""
        self._check_import_permission(request)
        session_key = f"import:{self._import_prefix()}"
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm_import(request, session_key)
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        context = {"form": form}
        if form.is_bound and form.is_valid():
            request.session.pop(session_key, None)
            try:
                preview = self.import_functions["preview"](form.cleaned_data["file"], user=request.user)
            except (ValidationError, PermissionDenied) as error:
                form.add_error("file", getattr(error, "messages", [str(error)]))
            else:
                context["preview"] = preview
                if not preview.errors:
                    token = secrets.token_urlsafe(24)
                    request.session[session_key] = {"token": token, "data": base64.b64encode(preview.data).decode()}
                    context["token"] = token
        return self._render_import(request, context)

    def _confirm_import(self, request, session_key):
        token = request.POST.get("token", "")
        done = ImportConfirmation.objects.filter(token=token, user=request.user).first() if token else None
        if done:
            return self._already_applied(request, done)
        pending = request.session.get(session_key)
        if not pending or not secrets.compare_digest(pending["token"], token):
            messages.error(request, _("미리보기가 만료되었습니다. 파일을 다시 올리세요."))
            return redirect(f"admin:{self._import_prefix()}_import")
        uploaded = io.BytesIO(base64.b64decode(pending["data"]))
        try:
            confirmation, applied = import_confirm(
                user=request.user,
                token=token,
                import_key=self._import_prefix(),
                apply=self.import_functions["apply"],
                uploaded=uploaded,
            )
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
            return redirect(f"admin:{self._import_prefix()}_import")
        finally:
            request.session.pop(session_key, None)
        if not applied:
            return self._already_applied(request, confirmation)
        messages.success(
            request,
            _("가져오기를 마쳤습니다: 새로 작성 %(create)s건, 수정 %(update)s건, 변경 없음 %(unchanged)s건.")
            % confirmation.counts,
        )
        return redirect(f"admin:{self._import_prefix()}_changelist")

    def _already_applied(self, request, confirmation):
        """A second confirmation of the same preview: say so, with a link to the records."""
        url = reverse(f"admin:{self._import_prefix()}_changelist")
        when = timezone.localtime(confirmation.created_at)
        messages.warning(
            request,
            format_html(
                _(
                    '이 가져오기는 이미 반영되었습니다 ({when}, 새로 작성 {create}건, 수정 {update}건). <a href="{url}">결과 보기</a>'
                ),
                when=f"{when:%Y-%m-%d %H:%M}",
                create=confirmation.counts.get("create", 0),
                update=confirmation.counts.get("update", 0),
                url=url,
            ),
        )
        return redirect(url)

    def _render_import(self, request, context):
        period = default_period(self.import_period_kinds)
        opts = self.model._meta
        if self.import_functions.get("template"):
            context = {
                "template_form": TemplateForm(
                    initial={"year": period.year, "period": f"{period.kind}-{period.number}"},
                    kinds=self.import_period_kinds,
                ),
                "template_url": reverse(f"admin:{self._import_prefix()}_import_template"),
                **context,
            }
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": _("%(name)s 엑셀 가져오기") % {"name": opts.verbose_name},
            "template_hint": self.import_template_hint,
            "changelist_url": reverse(f"admin:{self._import_prefix()}_changelist"),
            **context,
        }
        return TemplateResponse(request, self.import_template, context)


def home_municipality(user):
    """The municipality a coordinating office onboards records into: that of its own unit."""
    if user.unit_id is None:
        raise ValidationError(_("소속 조직이 없는 계정은 엑셀로 등록할 수 없습니다."))
    return user.unit.municipality


def city_workbook_functions(preview, apply):
    """`import_functions` for a whole workbook a coordinating office imports into its own municipality."""
    return {
        "preview": lambda uploaded, *, user: preview(uploaded, municipality=home_municipality(user)),
        "apply": lambda *, user, uploaded: apply(user=user, uploaded=uploaded, municipality=home_municipality(user)),
    }


def workbook_export_action(export, file_stem, description):
    """An admin action writing the one selected record as its workbook with `export(record, target)`."""

    def action(model_admin, request, queryset):
        if queryset.count() != 1:
            model_admin.message_user(request, _("하나만 고르세요."), level=messages.ERROR)
            return None
        record = queryset.get()
        spool = io.BytesIO()
        export(record, spool)
        spool.seek(0)
        filename = f"{file_stem(record)}-{seoul_today():%Y%m%d}.xlsx"
        return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX)

    action.__name__ = "export_workbook"
    return admin.action(description=description)(action)
