"""Submit, approve, return and correct endpoints for any admin whose records go through a review."""

from django import forms
from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import modelform_factory
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal.review import (
    apply_correction,
    check_version,
    correction_rows,
    correction_save,
    correction_submit,
    open_correction,
    policy_for,
    version_token,
)

SUBMIT_AFTER_SAVE = "_save_and_submit"


def _error_messages(error):
    return getattr(error, "messages", [str(error)])


class VersionedAdminMixin:
    """Change forms carry the version they were opened on; a save over a newer version is refused.

    The check reads the row under a lock inside the admin's own transaction, so of two
    forms opened on the same version exactly one is saved; the other is shown again with
    who changed what since, and nothing of it is stored.
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The admin's form plus a hidden `opened_version`, checked on save."""
        token = version_token(obj) if obj is not None else ""

        class VersionedForm(kwargs.pop("form", self.form)):
            opened_version = forms.CharField(widget=forms.HiddenInput, required=False, initial=token)

            def clean(self):
                cleaned = super().clean()
                if self.instance.pk:
                    current = type(self.instance)._base_manager.select_for_update().get(pk=self.instance.pk)
                    # A form without the field (not one of ours) is not checked.
                    check_version(current, cleaned.get("opened_version") or None)
                return cleaned

            def _post_clean(self):
                # Constraints on fields the form does not show (a card's `corrects`) are checked
                # here too, so a duplicate is a message on the form, not an error in the service.
                super()._post_clean()
                try:
                    self.instance.validate_constraints()
                except ValidationError as error:
                    self.add_error(None, error.messages)

        return super().get_form(request, obj, change=change, form=VersionedForm, **kwargs)

    def get_fields(self, request, obj=None):
        """The hidden version is rendered at the top of the form, not as a row of a fieldset."""
        return [name for name in super().get_fields(request, obj) if name != "opened_version"]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Hand the hidden version field to the template (`admin/reviewed_change_form.html`)."""
        context["opened_version_field"] = context["adminform"].form["opened_version"]
        return super().render_change_form(request, context, add, change, form_url, obj)


class ReviewWorkflowMixin(VersionedAdminMixin):
    """Adds POST endpoints `<pk>/submit/`, `<pk>/approve/`, `<pk>/return/` and the page `<pk>/correct/`.

    `workflow_services` maps "submit", "approve" and "return" to service functions that take
    `user`, `opened` (the version the page showed) and the record under the keyword
    `workflow_record_name`; `workflow_messages` holds what to say after each. Records are
    looked up through `get_queryset`, so the endpoints are scoped exactly like the change
    page; a refused step shows the service's reason and changes nothing. The change form's
    "저장 후 제출" button saves what the user sees, then submits it.
    """

    workflow_record_name = "record"
    workflow_services = {}
    workflow_messages = {}
    workflow_css_class = ""

    def get_urls(self):
        """The workflow endpoints, before the admin's own URLs."""
        opts = self.model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/submit/", wrap(require_POST(self.submit_view)), name=f"{prefix}_submit"),
            path("<int:pk>/approve/", wrap(require_POST(self.approve_view)), name=f"{prefix}_approve"),
            path("<int:pk>/return/", wrap(self.return_view), name=f"{prefix}_return"),
            path("<int:pk>/correct/", wrap(self.correct_view), name=f"{prefix}_correct"),
            *super().get_urls(),
        ]

    def _change_url(self, pk):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])

    def _run_step(self, request, pk, step, **kwargs):
        if step not in self.workflow_services:
            raise Http404(f"{step} is not a step of this record's review")
        record = get_object_or_404(self.get_queryset(request), pk=pk)
        try:
            self.workflow_services[step](
                user=request.user,
                opened=request.POST.get("opened_version") or None,
                **{self.workflow_record_name: record},
                **kwargs,
            )
        except (ValidationError, PermissionDenied) as error:
            for message in _error_messages(error):
                messages.error(request, message)
        else:
            messages.success(request, self.workflow_messages[step])
        return redirect(self._change_url(pk))

    def submit_view(self, request, pk):
        """Submit one record for review."""
        return self._run_step(request, pk, "submit")

    def approve_view(self, request, pk):
        """Approve one record, exactly the version the reviewer saw: it becomes public."""
        return self._run_step(request, pk, "approve")

    def return_view(self, request, pk):
        """Ask for the reason, then return the record to its unit."""
        record = get_object_or_404(self.get_queryset(request), pk=pk)
        if request.method == "POST":
            return self._run_step(request, pk, "return", reason=request.POST.get("reason", ""))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "record": record,
            "change_url": self._change_url(pk),
            "opened_version": request.GET.get("opened_version") or version_token(record),
            "title": _("반려"),
        }
        return TemplateResponse(request, "admin/workflow_return.html", context)

    def response_change(self, request, obj):
        """After "저장 후 제출", submit exactly what was just saved."""
        if SUBMIT_AFTER_SAVE in request.POST and "submit" in self.workflow_services:
            obj.refresh_from_db()
            try:
                self.workflow_services["submit"](
                    user=request.user, opened=version_token(obj), **{self.workflow_record_name: obj}
                )
            except (ValidationError, PermissionDenied) as error:
                for message in _error_messages(error):
                    messages.error(request, message)
            else:
                messages.success(request, self.workflow_messages["submit"])
            return redirect(self._change_url(obj.pk))
        return super().response_change(request, obj)

    def correct_view(self, request, pk):
        """The correction (정정) form of an approved record: the approved values stay public until approval."""
        record = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, record):
            raise PermissionDenied
        policy = policy_for(self.model)
        correction = open_correction(record)
        shown = self.model._base_manager.get(pk=pk)
        if correction is not None:
            apply_correction(shown, correction)
        form_class = modelform_factory(self.model, fields=policy.fields)
        form = form_class(request.POST or None, instance=shown)
        opened = request.POST.get("opened_version") or version_token(record)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    saved = correction_save(
                        user=request.user,
                        record=record,
                        values={name: form.cleaned_data[name] for name in policy.fields},
                        opened=opened,
                    )
                    if saved is not None and SUBMIT_AFTER_SAVE in request.POST and not policy.save_submits:
                        saved = correction_submit(user=request.user, correction=saved)
            except (ValidationError, PermissionDenied) as error:
                for message in _error_messages(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _correction_message(saved))
                return redirect(self._change_url(pk))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "record": record,
            "form": form,
            "opened_version": opened,
            "correction": correction,
            "correction_rows": correction_rows(correction) if correction else [],
            "offer_submit": not policy.save_submits,
            "change_url": self._change_url(pk),
            "title": _("정정"),
        }
        return TemplateResponse(request, "admin/workflow_correct.html", context)

    def workflow_context(self, obj, *, can_submit, can_review, can_correct, submit_label, submit_after_save):
        """What the workflow box of the change page offers; `submit_after_save`: "제출" saves the open form first."""
        if obj is None or obj.pk is None:
            return {}
        opts = self.model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        correction = open_correction(obj)
        return {
            "css_class": self.workflow_css_class,
            "can_submit": can_submit,
            "can_review": can_review,
            "can_correct": can_correct,
            "submit_label": submit_label,
            "submit_after_save": submit_after_save,
            "correction": correction,
            "correction_rows": correction_rows(correction) if correction else [],
            "opened_version": version_token(obj),
            "submit_url": reverse(f"{prefix}_submit", args=[obj.pk]),
            "approve_url": reverse(f"{prefix}_approve", args=[obj.pk]),
            "return_url": reverse(f"{prefix}_return", args=[obj.pk]),
            "correct_url": reverse(f"{prefix}_correct", args=[obj.pk]),
        }

    def run_on_selected(self, request, queryset, step, success):
        """Apply one step to every selected record; say how many went through and why others did not."""
        done = 0
        for record in queryset:
            try:
                self.workflow_services[step](user=request.user, **{self.workflow_record_name: record})
                done += 1
            except (ValidationError, PermissionDenied) as error:
                for message in _error_messages(error):
                    messages.error(request, f"{record}: {message}")
        if done:
            messages.success(request, success % {"count": done})


def _correction_message(correction):
    if correction is None:
        return _("정정 내용이 승인된 내용과 같아져 정정을 거둬들였습니다.")
    if correction.state == "submitted":
        return _("정정을 제출했습니다. 승인되기 전까지 시민에게는 승인된 내용이 보입니다.")
    return _("정정을 저장했습니다. 제출해야 검토를 받습니다; 그동안 시민에게는 승인된 내용이 보입니다.")


def confirm_and_run(modeladmin, request, queryset, *, describe, run, token, success, title):
    """An admin action that first shows exactly what it will act on, then acts on exactly that.

    The confirmation page lists every selected item with `describe(item)` (rows of label,
    before, after) and carries `token(item)`, the version shown; on confirmation `run(user=,
    item=, opened=)` refuses any item that changed in between, so a bulk approval never
    approves a figure the reviewer did not see.
    """
    items = list(queryset)
    if request.POST.get("confirm") == "yes":
        done = 0
        for item in items:
            try:
                run(user=request.user, item=item, opened=request.POST.get(f"version_{item.pk}") or "0")
                done += 1
            except (ValidationError, PermissionDenied) as error:
                for message in _error_messages(error):
                    messages.error(request, f"{item}: {message}")
        if done:
            messages.success(request, success % {"count": done})
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": title,
        "items": [(item, describe(item), token(item)) for item in items],
        "action": request.POST.get("action", ""),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "select_across": request.POST.get("select_across", "0"),
    }
    return TemplateResponse(request, "admin/review_confirm.html", context)


class FrozenWithRecordInlineMixin:
    """Inline rows of a reviewed record change only while the record is written or returned.

    `reviewed_record(obj)` names the record whose `is_editable` decides (the parent itself by
    default); once it is submitted or approved its rows are frozen, as its own fields are.
    """

    def reviewed_record(self, obj):
        """The reviewed record the parent object belongs to."""
        return obj

    def _open(self, obj):
        return obj is None or self.reviewed_record(obj).is_editable

    def has_add_permission(self, request, obj=None):
        """Rows are added only to a record still being written."""
        return self._open(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        """Rows of a submitted or approved record are frozen: an approved one is corrected, not edited."""
        return self._open(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        """Rows of a submitted or approved record stay."""
        return self._open(obj) and super().has_delete_permission(request, obj)
