"""Excel import of indicator actuals (실적): the pre-filled template and the reading of a filled one.

The file checks, the reading and the row results are those of `portal.spreadsheet`; this
module knows the columns, which indicators and periods a unit gets, and when a row
creates, updates or leaves alone a measurement. A template is for one chosen period (a
year, half, quarter or month): a target indicator gets a row for that period, a count
indicator (현황 수치, a count at a date rather than a sum over the period) a row for the
count as of the period's last day (기준일).
"""

from django.utils.translation import gettext as _

from kpis.models import Indicator, Measurement, ValuePeriod
from portal.import_decisions import decide_against_stored
from portal.periods import Period
from portal.spreadsheet import (
    ImportColumn,
    ImportPreview,
    ImportRow,
    ImportSpec,
    cell_text,
    check_duplicates,
    parse_choice,
    parse_date_cell,
    parse_decimal,
    parse_int,
    read_rows,
    write_template,
)

SUB_RANGE = {ValuePeriod.HALF: 2, ValuePeriod.QUARTER: 4, ValuePeriod.MONTH: 12}
MEASUREMENT_SPEC = ImportSpec(
    marker="kpi-measurement-import v2",
    title="성과지표 실적 입력",
    note=(
        "실적 값(또는 값 원문)·비고·근거를 입력하세요. '시점' 행에는 그 날 현재의 수치를 넣습니다. "
        "1~3행과 지표·기간 열은 고치지 마세요. 비워 둔 행은 건너뜁니다."
    ),
    columns=(
        ImportColumn("key", "지표 식별자", 24, filled_in=False),
        ImportColumn("name", "지표명", 30, filled_in=False),
        ImportColumn("unit", "단위", 7, filled_in=False),
        ImportColumn("period", "기간 종류", 8, filled_in=False),
        ImportColumn("year", "연도", 7, filled_in=False),
        ImportColumn("sub", "반기·분기·월", 10, filled_in=False),
        ImportColumn("label", "기간 표시", 14, filled_in=False),
        ImportColumn("target", "목표", 12, filled_in=False),
        ImportColumn("value", "실적 값", 12),
        ImportColumn("text", "값 원문", 10),
        ImportColumn("note", "비고", 24),
        ImportColumn("evidence_note", "근거", 30),
        ImportColumn("date", "기준일", 12, filled_in=False),
    ),
)
MEASUREMENT_FIELDS = ("label", "value", "text", "note", "evidence_note")


def default_label(period, year, sub, date=None):
    """How a period is written when the file leaves 기간 표시 empty ("2026년 3분기", "2026. 9. 30. 기준")."""
    if period == ValuePeriod.POINT:
        return f"{date.year}. {date.month}. {date.day}. 기준"
    return Period(period, year, sub or 1).label


def _template_row(indicator, period):
    """(period, sub, date, label, target, measurement) of `indicator` for the chosen reporting `period`."""
    if indicator.kind == Indicator.Kind.COUNT:
        key = (ValuePeriod.POINT, period.end.year, None, period.end)
        label = default_label(ValuePeriod.POINT, None, None, period.end)
    else:
        sub = None if period.kind == ValuePeriod.YEAR else period.number
        key = (period.kind, period.year, sub, None)
        label = period.label if sub else str(period.year)
    target = next((t for t in indicator.targets.all() if (t.period, t.year, t.sub, t.date) == key), None)
    measurement = next((m for m in indicator.measurements.all() if (m.period, m.year, m.sub, m.date) == key), None)
    label = (measurement or target).label if (measurement or target) and (measurement or target).label else label
    return key[0], key[2], key[3], label, target.value if target else None, measurement


def measurement_import_template(*, user, period: Period, target) -> int:
    """Write the actuals template for the chosen `period`: one row per indicator of the user's, with any actual filed.

    Stored actuals of every state are pre-filled (a returned or submitted one is the user's
    own latest word), so re-importing an unchanged file changes nothing.
    """
    periods = dict(ValuePeriod.choices)
    rows = []
    indicators = (
        Indicator.objects.for_user(user)
        .select_related("municipality")
        .prefetch_related("targets", "measurements")
        .order_by("municipality__name", "source_document", "order")
    )
    for indicator in indicators:
        kind, sub, date, label, goal, measurement = _template_row(indicator, period)
        filed = (
            [measurement.value, measurement.text, measurement.note, measurement.evidence_note]
            if measurement
            else [None, None, None, None]
        )
        year = date.year if date else period.year
        rows.append(
            [indicator.key, indicator.name, indicator.unit, str(periods[kind]), year, sub, label, goal, *filed, date]
        )
    write_template(MEASUREMENT_SPEC, rows, target)
    return len(rows)


def preview_measurement_import(uploaded, *, user) -> ImportPreview:
    """Check an upload of the actuals template and say, row by row, what importing it would do."""
    data, raw_rows = read_rows(uploaded, MEASUREMENT_SPEC)
    keys = {cell_text(values["key"]) for _n, values in raw_rows}
    known = set(Indicator.objects.filter(key__in=keys).values_list("key", flat=True))
    indicators = {indicator.key: indicator for indicator in Indicator.objects.for_user(user).filter(key__in=keys)}
    existing = {}
    for measurement in Measurement.objects.filter(indicator__in=list(indicators.values())).order_by("pk"):
        existing.setdefault(
            (measurement.indicator_id, measurement.period, measurement.year, measurement.sub, measurement.date),
            measurement,
        )
    rows = [_measurement_row(number, values, known, indicators) for number, values in raw_rows]
    check_duplicates(rows, lambda row: row.values.get("key"), MEASUREMENT_SPEC.header("key"))
    for row in rows:
        if not row.errors:
            _decide_measurement(row, existing)
    return ImportPreview(data=data, rows=rows)


def _measurement_row(number, values, known, indicators):
    header = MEASUREMENT_SPEC.header
    key = cell_text(values["key"])
    row = ImportRow(number=number, label=f"{cell_text(values['name'])} {cell_text(values['label'])}".strip())
    indicator = indicators.get(key)
    if not key:
        row.add_error(header("key"), _("지표 식별자가 비어 있습니다."))
    elif key not in known:
        row.add_error(header("key"), _("지표 '%(key)s'를 찾을 수 없습니다.") % {"key": key})
    elif indicator is None:
        row.add_error(header("key"), _("지표 '%(key)s'는 소속 부서의 지표가 아닙니다.") % {"key": key})
    period = parse_choice(row, header("period"), values["period"], ValuePeriod.choices)
    year = parse_int(row, header("year"), values["year"], 2000, 2100)
    sub, date = None, parse_date_cell(row, header("date"), values["date"])
    if period in SUB_RANGE:
        sub = parse_int(row, header("sub"), values["sub"], 1, SUB_RANGE[period])
    elif period is not None and cell_text(values["sub"]):
        row.add_error(header("sub"), _("연 단위나 시점 값에는 반기·분기·월을 쓰지 않습니다."))
    if period == ValuePeriod.POINT and date is None and not row.errors:
        row.add_error(header("date"), _("시점 값에는 기준일이 있어야 합니다."))
    elif period == ValuePeriod.POINT and year is not None and date is not None and date.year != year:
        row.add_error(header("year"), _("기준일(%(date)s)의 연도와 다릅니다.") % {"date": date.isoformat()})
    elif period not in (None, ValuePeriod.POINT) and date is not None:
        row.add_error(header("date"), _("기간 값에는 기준일을 쓰지 않습니다. 기간 종류를 '시점'으로 하세요."))
    value = parse_decimal(row, header("value"), values["value"]) if cell_text(values["value"]) else None
    text = cell_text(values["text"])
    if value is None and not text and not row.errors:
        row.add_error(header("value"), _("실적 값이나 값 원문('-' 등)을 입력하세요."))
    if row.errors:
        return row
    label = cell_text(values["label"]) or default_label(period, year, sub, date)
    row.label = f"{indicator.name} {label}"
    row.values = {
        "key": (indicator.pk, period, year, sub, date),
        "indicator": indicator,
        "period": period,
        "year": year,
        "sub": sub,
        "date": date,
        "label": label,
        "value": value,
        "text": text,
        "note": cell_text(values["note"]),
        "evidence_note": cell_text(values["evidence_note"]),
    }
    row.summary = f"{text or value} {indicator.unit}" + (f" · {row.values['note'][:40]}" if row.values["note"] else "")
    return row


def _decide_measurement(row, existing):
    """Unchanged when equal to the stored actual; otherwise validate the record that would be saved."""
    decide_against_stored(
        row,
        existing,
        model=Measurement,
        compared=MEASUREMENT_FIELDS,
        spec=MEASUREMENT_SPEC,
        error_fields={"indicator": "key"},
    )
