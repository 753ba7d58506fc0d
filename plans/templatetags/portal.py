"""Template helpers shared by every public page."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language to this same page, for the ko/en switch (no form, no cookie)."""
    request = context["request"]
    current = get_language()
    return [
        {"code": code, "name": name, "url": translate_url(request.get_full_path(), code), "active": code == current}
        for code, name in settings.LANGUAGES
    ]


@register.filter
def dash_if_none(value):
    """Show unknown (None or blank) as "-", never as 0."""
    return "-" if value in (None, "") else value
