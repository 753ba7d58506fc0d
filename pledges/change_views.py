"""Public pages of the 조정 procedure: a 변경안 with its comment form, and the city's open comment periods."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from plans.models import Municipality
from pledges.comments import COMMENT_MAX_CHARS, NAME_MAX_CHARS, comment_allowed, comment_post
from pledges.models import PledgeChange
from portal.client_ip import client_ip
from portal.paging import page_of

CHANGES_PER_PAGE = 20


class CommentForm(forms.Form):
    """A citizen's comment: an optional name or nickname and the text; `website` is a trap for robots."""

    name = forms.CharField(label=_("이름 또는 별명 (선택)"), max_length=NAME_MAX_CHARS, required=False)
    text = forms.CharField(label=_("의견"), max_length=COMMENT_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 6}))
    website = forms.CharField(
        label=_("비워 두세요"), required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )


@never_cache
def change_detail(request, slug, pk):
    """One public 변경안: original beside proposed, its timeline, published comments and, while open, the form.

    The page carries a CSRF token, so it is never cached; the pledge page links to it.
    """
    change = get_object_or_404(PledgeChange.objects.for_public_page(), pk=pk, pledge__term__municipality__slug=slug)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and change.accepts_comments() and form.is_valid():
        if form.cleaned_data["website"]:
            return redirect(f"{request.path}?sent=1")
        if not comment_allowed(client_ip(request)):
            form.add_error(None, _("짧은 시간에 의견을 너무 많이 보냈습니다. 잠시 뒤에 다시 보내세요."))
        else:
            try:
                comment_post(change=change, name=form.cleaned_data["name"], text=form.cleaned_data["text"])
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return redirect(f"{request.path}?sent=1")
    status = 400 if request.method == "POST" else 200
    context = {
        "municipality": change.pledge.term.municipality,
        "change": change,
        "pledge": change.pledge,
        "form": form,
        "sent": request.GET.get("sent") == "1",
    }
    return render(request, "pledges/change_detail.html", context, status=status)


def open_changes(request, slug):
    """The city's 변경안 whose comment period runs today, paged, so a citizen can find where to take part."""
    municipality = get_object_or_404(Municipality, slug=slug)
    changes = (
        PledgeChange.objects.open_for_comments()
        .filter(pledge__term__municipality=municipality)
        .select_related("pledge__term", "pledge__lead_unit")
        .order_by("comment_end", "pk")
    )
    context = {"municipality": municipality, "changes": page_of(request, changes, per_page=CHANGES_PER_PAGE)}
    return render(request, "pledges/open_changes.html", context)
