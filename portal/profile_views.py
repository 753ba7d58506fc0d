"""The staff profile page where a person turns event notices on or off."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _


class NoticePreferenceForm(forms.ModelForm):
    """The one preference a person keeps: whether to get event notices."""

    class Meta:
        model = get_user_model()
        fields = ["event_notices"]


@admin.site.admin_view
def notice_preferences(request):
    """Show and save the signed-in person's notice preference; deadline reminders cannot be turned off."""
    form = NoticePreferenceForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("알림 설정을 저장했습니다."))
        return redirect("notice-preferences")
    context = {**admin.site.each_context(request), "form": form, "title": _("내 알림 설정")}
    return render(request, "portal/notice_preferences.html", context)
