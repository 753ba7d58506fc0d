"""Submit, approve and return endpoints for any admin whose records go through a review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST


class ReviewWorkflowMixin:
    """Adds POST endpoints `<pk>/submit/`, `<pk>/approve/` and `<pk>/return/` calling services.

    `workflow_services` maps "submit", "approve" and "return" to service functions that take
    `user` and the record under the keyword `workflow_record_name`; `workflow_messages`
    holds what to say after each. Records are looked up through `get_queryset`, so the
    endpoints are scoped exactly like the change page; a refused step shows the service's
    reason and changes nothing.
    """

    workflow_record_name = "record"
    workflow_services = {}
    workflow_messages = {}

    def get_urls(self):
        """The three workflow endpoints, before the admin's own URLs."""
        opts = self.model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/submit/", wrap(require_POST(self.submit_view)), name=f"{prefix}_submit"),
            path("<int:pk>/approve/", wrap(require_POST(self.approve_view)), name=f"{prefix}_approve"),
            path("<int:pk>/return/", wrap(self.return_view), name=f"{prefix}_return"),
            *super().get_urls(),
        ]

    def _change_url(self, pk):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])

    def _run_step(self, request, pk, step, **kwargs):
        record = get_object_or_404(self.get_queryset(request), pk=pk)
        try:
            self.workflow_services[step](user=request.user, **{self.workflow_record_name: record}, **kwargs)
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
        else:
            messages.success(request, self.workflow_messages[step])
        return redirect(self._change_url(pk))

    def submit_view(self, request, pk):
        """Submit one record for review."""
        return self._run_step(request, pk, "submit")

    def approve_view(self, request, pk):
        """Approve one record: it becomes public."""
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
            "title": _("반려"),
        }
        return TemplateResponse(request, "admin/workflow_return.html", context)

    def run_on_selected(self, request, queryset, step, success):
        """Apply one step to every selected record; say how many went through and why others did not."""
        done = 0
        for record in queryset:
            try:
                self.workflow_services[step](user=request.user, **{self.workflow_record_name: record})
                done += 1
            except (ValidationError, PermissionDenied) as error:
                for message in getattr(error, "messages", [str(error)]):
                    messages.error(request, f"{record}: {message}")
        if done:
            messages.success(request, success % {"count": done})
