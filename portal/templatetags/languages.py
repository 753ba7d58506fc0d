"""Korean data on pages in another language: marked `lang="ko"`, or put in the page's language where it can be.

A builtin library (settings `TEMPLATES` → `builtins`): every template may use these filters.
"""

import re

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

register = template.Library()

HANGUL = re.compile(r"[\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3]")


def korean_page():
    """Whether the page being rendered is in Korean."""
    return (get_language() or "ko").split("-")[0] == "ko"


@register.filter
def ko(value):
    """Text from the documents marked `lang="ko"` on a page in another language, so it is read out as Korean.

    On Korean pages, and for text with no Hangul in it, the value is unchanged.
    """
    text = value if isinstance(value, str) else "" if value is None else str(value)
    if korean_page() or not HANGUL.search(text):
        return value
    return format_html('<span lang="ko">{}</span>', text)


@register.filter
def named(organisation):
    """A municipality's or unit's name in the page's language: its English name where one is recorded."""
    if organisation is None:
        return ""
    if not korean_page() and getattr(organisation, "name_en", ""):
        return organisation.name_en
    return ko(organisation.name)


@register.filter
def term(value):
    """A domain word stored as data (추진전략, 국비 …) in the page's language, from the glossary in the locale files.

    A word the glossary does not know stays as written, marked Korean.
    """
    if not isinstance(value, str) or not value:
        return value
    translated = gettext(value)
    return translated if translated != value else ko(value)
