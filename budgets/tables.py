"""Laying budget lines out as the two-way tables Korean documents print (rows × periods)."""

from dataclasses import dataclass, field

from budgets.money import common_unit


@dataclass
class Row:
    """One row of a table: a label and one line (or None) per column."""

    label: str
    cells: list = field(default_factory=list)


@dataclass
class Table:
    """One printed table: its title, which amount it shows, its column labels and rows."""

    title: str
    amount: str
    columns: list
    rows: list
    unit: str


def printed_tables(lines):
    """Tables per (table, 단위사업, name) in document order: rows 계 then each source or sector.

    Columns keep the order the lines come in ('계, 기투자, '18.7. … 임기후), and each cell
    is the line itself, so the template shows "-" or the document's word where unknown. Each
    table prints the amount kind of its lines (`BudgetLine.amount_kind`). One pass over the
    lines, so a page of many tables costs what its lines cost.
    """
    grouped = {}
    for line in lines:
        entry = grouped.setdefault((line.table, line.group, line.name), {"lines": [], "columns": {}, "rows": {}})
        entry["lines"].append(line)
        entry["columns"].setdefault(line.period_label, None)
        entry["rows"].setdefault((line.source, line.sector), {}).setdefault(line.period_label, line)
    tables = []
    for (_table, group, name), entry in grouped.items():
        columns = list(entry["columns"])
        row_keys = sorted(entry["rows"], key=any)  # the 계 row (no source, no sector) first, else in order
        rows = [
            Row(
                label=source or sector or "계",
                cells=[entry["rows"][(source, sector)].get(column) for column in columns],
            )
            for source, sector in row_keys
        ]
        first = entry["lines"][0]
        title = " · ".join(part for part in dict.fromkeys([group, name]) if part)
        tables.append(
            Table(title=title, amount=first.amount_kind, columns=columns, rows=rows, unit=common_unit(entry["lines"]))
        )
    return tables
