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
    is the line itself, so the template shows "-" or the document's word where unknown.
    """
    tables = []
    for key in dict.fromkeys((line.table, line.group, line.name) for line in lines):
        named = [line for line in lines if (line.table, line.group, line.name) == key]
        columns = list(dict.fromkeys(line.period_label for line in named))
        row_keys = sorted(dict.fromkeys((line.source, line.sector) for line in named), key=lambda k: any(k))
        rows = [
            Row(
                label=source or sector or "계",
                cells=[
                    next(
                        (
                            line
                            for line in named
                            if (line.source, line.sector) == (source, sector) and line.period_label == column
                        ),
                        None,
                    )
                    for column in columns
                ],
            )
            for source, sector in row_keys
        ]
        table, group, name = key
        amount = "secured" if "확보" in table or "집행" in table else "planned"
        title = " · ".join(part for part in dict.fromkeys([group, name]) if part)
        tables.append(Table(title=title, amount=amount, columns=columns, rows=rows, unit=common_unit(named)))
    return tables
