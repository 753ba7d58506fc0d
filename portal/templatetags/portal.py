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


@register.simple_tag
def month_range(start, end):
    """A period of months as Korean documents write it: "2026. 1. ~ 12.", "2018. 2. ~ 2022. 12."."""
    if not start and not end:
        return ""
    if not end:
        return f"{start.year}. {start.month}. ~"
    if not start:
        return f"~ {end.year}. {end.month}."
    if start.year == end.year:
        return f"{start.year}. {start.month}. ~ {end.month}."
    return f"{start.year}. {start.month}. ~ {end.year}. {end.month}."


# Text longer than this folds under <details> after a short preview of its first lines.
LONG_TEXT_CHARS = 400
LONG_TEXT_LINES = 8
PREVIEW_CHARS = 200
PREVIEW_LINES = 3


@register.filter
def split_preview(text):
    """(preview, rest) of a text: all of it and "" when short; else its first lines and the remainder."""
    text = (text or "").strip("\n")
    lines = text.split("\n")
    if len(text) <= LONG_TEXT_CHARS and len(lines) <= LONG_TEXT_LINES:
        return text, ""
    count, size = 1, len(lines[0])
    while count < min(PREVIEW_LINES, len(lines)) and size + len(lines[count]) <= PREVIEW_CHARS:
        size += len(lines[count])
        count += 1
    return "\n".join(lines[:count]), "\n".join(lines[count:])
