"""Site search: the one rule for what a visitor types, and the groups of results every app contributes.

An app adds a group by naming, on its AppConfig, `search_groups`: dotted paths to
`SearchGroup`s, each with a key, a label, and `find(words)` returning a QuerySet of what
citizens may read (ordered, with what its rows show joined), so that a page of each group
costs a count and a slice however large the city.
"""

from dataclasses import dataclass
from typing import Any

from portal.hooks import declared

SEARCH_MAX_LENGTH = 100


def search_words(raw: str | None) -> tuple[str, bool]:
    """(the words to search for, whether they were cut to `SEARCH_MAX_LENGTH`)."""
    text = (raw or "").strip()
    return text[:SEARCH_MAX_LENGTH].strip(), len(text) > SEARCH_MAX_LENGTH


@dataclass(frozen=True)
class SearchGroup:
    """One kind of result: its key in the URL, its heading, the template of one row, and how to find it."""

    key: str
    label: Any
    row_template: str
    find: Any
    order: int = 50


def search_groups():
    """Every app's result groups, in their stated order."""
    return sorted(declared("search_groups"), key=lambda group: group.order)
