"""Domain words that plans store as data (the level names a plan gives its strategies and tasks).

They are translated on English pages through the `term` filter; the English is in the
glossary section of locale/en/LC_MESSAGES/django.po.
"""

from django.utils.translation import gettext_noop

TERMS = [
    gettext_noop("추진전략"),
    gettext_noop("중점 추진과제"),
    gettext_noop("중점추진과제"),
    gettext_noop("프로젝트"),
    gettext_noop("전략과제"),
    gettext_noop("세부과제"),
    gettext_noop("실천과제"),
]
