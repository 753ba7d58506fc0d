"""The one rule for what a visitor types into a search box: trimmed and cut to a bounded length."""

SEARCH_MAX_LENGTH = 100


def search_words(raw: str | None) -> tuple[str, bool]:
    """(the words to search for, whether they were cut to `SEARCH_MAX_LENGTH`)."""
    text = (raw or "").strip()
    return text[:SEARCH_MAX_LENGTH].strip(), len(text) > SEARCH_MAX_LENGTH
