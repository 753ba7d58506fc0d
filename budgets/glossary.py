"""Domain words that budget lines store as data: funding sources (재원), accounts and the card's columns.

They are translated on English pages through the `term` filter; the English is in the
glossary section of locale/en/LC_MESSAGES/django.po.
"""

from django.utils.translation import gettext_noop

TERMS = [
    gettext_noop("국비"),
    gettext_noop("도비"),
    gettext_noop("시비"),
    gettext_noop("군비"),
    gettext_noop("구비"),
    gettext_noop("민자"),
    gettext_noop("국비/민자"),
    gettext_noop("민자·모태"),
    gettext_noop("기금"),
    gettext_noop("기타"),
    gettext_noop("특별조정교부금"),
    gettext_noop("일반회계"),
    gettext_noop("특별회계"),
    gettext_noop("계"),
    gettext_noop("합계"),
    gettext_noop("기투자"),
    gettext_noop("임기후"),
    gettext_noop("증액 전"),
    gettext_noop("추후확정"),
    gettext_noop("미정"),
]
