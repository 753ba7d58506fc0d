"""The figures of a budget page: stated totals, item roll-ups and the part not assigned to tasks."""

from dataclasses import dataclass

from budgets.models import BudgetLine
from budgets.money import common_unit


@dataclass
class Bar:
    """One row of a bar chart: label, amount in 원 and its share of the largest bar (0-100)."""

    label: str
    won: int | None
    share: int
    line: BudgetLine | None = None
    note: str = ""


def bars(rows):
    """Scale (label, won, line) rows against the largest known amount."""
    largest = max((won for _, won, _ in rows if won), default=0)
    return [
        Bar(label=label, won=won, share=round(100 * won / largest) if won and largest else 0, line=line)
        for label, won, line in rows
    ]


def budget_summary(lines, subtrees):
    """Everything a budget page shows, from one list of lines and the unit tree (no queries).

    `subtrees` maps each unit id to the ids of the unit and everything below it.
    """
    stated = [line for line in lines if line.level == BudgetLine.Level.STATED]
    items = [line for line in lines if line.level == BudgetLine.Level.ITEM]
    totals = [
        line for line in stated if not (line.source or line.sector or line.task_id or line.pledge_id or line.group)
    ]
    unit_totals = [line for line in totals if line.unit_id]
    city_totals = [line for line in totals if not line.unit_id]
    by_source = [line for line in stated if line.source and not (line.task_id or line.pledge_id or line.group)]
    by_sector = [line for line in stated if line.sector and line.phase == BudgetLine.Phase.TOTAL]
    return {
        "city_shares": _city_shares(city_totals, unit_totals),
        "unit_totals": _labelled(unit_totals, lambda line: line.unit.name if line.unit else line.name),
        "unit_totals_unit": common_unit(unit_totals),
        "by_source": _labelled(by_source, lambda line: line.source),
        "by_source_unit": common_unit(by_source),
        "by_sector": _labelled(by_sector, lambda line: line.sector),
        "by_sector_unit": common_unit(by_sector),
        "tasks": _task_rows(items),
        "tasks_unit": common_unit([line for line in items if line.task_id]),
        "unassigned": _unassigned(unit_totals, items, subtrees),
        "years": _year_source_rows(items),
        "years_unit": common_unit(items),
    }


def _city_shares(city_totals, unit_totals):
    """Each top unit's stated total as a share of the city-wide total of the same year and account."""
    shares = []
    for city in city_totals:
        for line in unit_totals:
            same_period = (line.year, line.account) == (city.year, city.account)
            if same_period and line.unit.parent_id is None and city.planned and line.planned is not None:
                shares.append({"city": city, "line": line, "percent": round(100 * line.planned / city.planned, 1)})
    return shares


def _labelled(lines, label):
    return bars([(label(line), line.planned, line) for line in lines])


def _task_rows(items):
    """Item sums per task; a task whose items span several periods says so in its label."""
    sums = {}
    for line in items:
        if line.task_id is None:
            continue
        entry = sums.setdefault(line.task_id, {"task": line.task, "won": 0, "unknown": 0, "periods": []})
        if line.period_label not in entry["periods"]:
            entry["periods"].append(line.period_label)
        if line.planned is None:
            entry["unknown"] += 1
        else:
            entry["won"] += line.planned
    rows = bars(
        [
            (
                f"{e['task'].code} {e['task'].title}"
                + (f" ({e['periods'][0]}~{e['periods'][-1]} 합계)" if len(e["periods"]) > 1 else ""),
                e["won"],
                None,
            )
            for e in sums.values()
        ]
    )
    for row, entry in zip(rows, sums.values(), strict=True):
        row.line = entry["task"]
        row.note = "일부 미확정" if entry["unknown"] else ""
    return rows


def _unassigned(unit_totals, items, subtrees):
    """For each stated unit total: items of that unit's year assigned to tasks, and the rest."""
    rows = []
    for total in unit_totals:
        if total.unit is None or total.planned is None:
            continue
        assigned = [
            line.planned
            for line in items
            if line.task_id
            and line.planned is not None
            and line.unit_id in subtrees.get(total.unit_id, ())
            and (line.year == total.year or total.phase != BudgetLine.Phase.YEAR)
        ]
        assigned_won = sum(assigned)
        rows.append({"line": total, "assigned": assigned_won, "rest": total.planned - assigned_won})
    return rows


def _year_source_rows(items):
    sums = {}
    for line in items:
        if line.task_id is None and line.pledge_id is None and not line.group:
            continue
        key = (line.phase, line.year, line.period_label, line.source)
        entry = sums.setdefault(key, {"won": 0, "unknown": 0})
        if line.planned is None:
            entry["unknown"] += 1
        else:
            entry["won"] += line.planned
    return [
        {"period": key[2] or key[1] or "-", "source": key[3] or "-", **value}
        for key, value in sorted(sums.items(), key=lambda kv: (kv[0][1] or 0, kv[0][2], kv[0][3]))
    ]
