"""Server-rendered SVG bar charts of targets and actuals (screen readers get the table)."""

from dataclasses import dataclass

WIDTH, HEIGHT, PLOT_TOP, PLOT_BOTTOM, LEFT = 640, 240, 16, 200, 8


@dataclass
class Bar:
    """One bar: where to draw it and what it says."""

    x: float
    y: float
    width: float
    height: float
    kind: str
    value: object


@dataclass
class Chart:
    """A chart's bars, period labels and size."""

    bars: list
    labels: list
    width: int = WIDTH
    height: int = HEIGHT


def series_chart(series):
    """Bars for each period's target and actual; unknown values draw no bar (never a 0 bar)."""
    known = [v for row in series for v in (_value(row["target"]), _value(row["measurement"])) if v is not None]
    if not series or not known:
        return None
    top = max(known) or 1
    slot = (WIDTH - LEFT) / len(series)
    bar_width = slot * 0.35
    bars, labels = [], []
    for index, row in enumerate(series):
        x0 = LEFT + index * slot + slot * 0.12
        for offset, kind, value in ((0, "target", _value(row["target"])), (1, "actual", _value(row["measurement"]))):
            if value is None:
                continue
            height = (PLOT_BOTTOM - PLOT_TOP) * float(value) / float(top)
            bars.append(Bar(x0 + offset * bar_width, PLOT_BOTTOM - height, bar_width, height, kind, value))
        labels.append({"x": x0 + bar_width, "text": row["label"]})
    return Chart(bars=bars, labels=labels)


def _value(entry):
    return None if entry is None else entry.value
