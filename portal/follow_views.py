"""Public pages of e-mail follows: the request form, its confirmation, and the one-click unsubscribe (RFC 8058).

These pages are outside the whole-page cache (they carry a CSRF token and personal data)
and say `Cache-Control: private, no-store`. Services: `portal.follows`.
"""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from portal import follows
from portal.client_ip import client_ip


class FollowForm(forms.Form):
    """The address to send to."""

    email = forms.EmailField(label=_("이메일 주소"), max_length=254)


def _page(request, template, context, status=200):
    response = render(request, template, context, status=status)
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def follow_form(request, label, pk):
    """GET: the form; POST: record the request and queue the confirmation (throttled per address and client)."""
    source = follows.sources().get(label)
    target = source.find(pk) if source is not None else None
    if target is None:
        raise Http404
    form = FollowForm(request.POST or None)
    context = {"form": form, "target": target, "days": follows.CONFIRM_DAYS}
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if follows.throttled(email=email, client=client_ip(request)):
            context["throttled"] = True
            return _page(request, "portal/follow/form.html", context, status=429)
        follows.follow_request(email=email, label=label, target=target)
        return _page(request, "portal/follow/requested.html", context)
    return _page(request, "portal/follow/form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def follow_confirm(request, token):
    """GET: a page with a button (link scanners do not confirm); POST: confirm. Bad tokens change nothing."""
    follow = follows.pending_by_token(token)
    if follow is None:
        return _page(request, "portal/follow/bad_token.html", {}, status=404)
    if request.method == "POST":
        follows.follow_confirm(token)
        return _page(request, "portal/follow/confirmed.html", {"target": follow.target})
    return _page(request, "portal/follow/confirm.html", {"target": follow.target})


@csrf_exempt  # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" without a session; the signed token is the proof
@require_http_methods(["GET", "POST"])
def follow_unsubscribe(request, token):
    """GET: a confirm page with a button; POST: unsubscribe at once (one click). Bad tokens change nothing."""
    follow = follows.follow_by_unsubscribe(token)
    if follow is None:
        return _page(request, "portal/follow/bad_token.html", {}, status=404)
    if request.method == "POST":
        target = follow.target
        follows.follow_unsubscribe(token)
        return _page(request, "portal/follow/unsubscribed.html", {"target": target})
    return _page(request, "portal/follow/unsubscribe.html", {"target": follow.target})
