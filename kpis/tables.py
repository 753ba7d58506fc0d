"""Indicators laid out as the documents print them: one row per indicator, one column per period."""

MAX_COLUMNS = 8


def period_grid(indicators):
    """(period labels, [(indicator, [period row or None per label])]); no columns when there are too many.

    A period row is what `Indicator.series()` gives (target, measurement, rate). Past
    MAX_COLUMNS periods a wide table stops being readable, so the caller lists periods instead.
    """
    series = [(indicator, indicator.series()) for indicator in indicators]
    order = {}
    for _indicator, rows in series:
        for row in rows:
            entry = row["target"] or row["measurement"]
            order.setdefault(row["label"], (entry.year or 0, entry.sub or 0, str(entry.date or "")))
    labels = sorted(order, key=lambda label: (*order[label], label))
    if len(labels) > MAX_COLUMNS:
        return [], [(indicator, rows) for indicator, rows in series]
    return labels, [
        (indicator, [next((row for row in rows if row["label"] == label), None) for label in labels])
        for indicator, rows in series
    ]
