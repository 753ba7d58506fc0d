"""The generated city's budget lines: task tables by source and year, pledge investment plans, unit totals."""

from budgets.models import BudgetLine
from citygen.city import AS_OF, bulk

SOURCES = ["국비", "도비", "시비", "기타"]
UNKNOWN = ["추후확정", "-"]


def source_document(city):
    """The document key of the generated budget (20 characters at most, unique per municipality)."""
    return f"gen-{city.slug}"[:20]


def delete_rows(municipality):
    """Delete every budget line of `municipality` without loading them."""
    lines = BudgetLine.objects.filter(municipality=municipality)
    lines._raw_delete(lines.db)


class _Lines:
    """Budget lines in document order, numbered as they are added."""

    def __init__(self, city):
        self.city = city
        self.rows = []

    def add(self, **values):
        line = BudgetLine(
            municipality=self.city.municipality,
            source_document=source_document(self.city),
            seq=len(self.rows) + 1,
            **values,
        )
        self.rows.append(line)
        return line


def _amount(rng, unit_won, low, high):
    return rng.randint(low, high) * unit_won


def _years(start, end):
    return list(range(start.year, end.year + 1))


def generate_budget(city):
    """Lines per task (계, per year, per source and year), per pledge (기투자 … 임기후, 확보·집행) and per unit."""
    rng = city.rng("budgets")
    lines = _Lines(city)
    for task in city.tasks:
        _task_table(rng, lines, task)
    for pledge in city.pledges:
        _pledge_tables(rng, lines, pledge)
    _unit_totals(rng, lines, city)
    bulk(BudgetLine, lines.rows)


def _known_sum(values):
    known = [value for value in values if value is not None]
    return sum(known) if len(known) == len(values) else None


def _task_table(rng, lines, task):
    """The 소요예산 table of one task, in 천원: items per source and year, stated totals per year and source."""
    plan = task.plan
    common = {
        "unit": task.lead_unit,
        "plan": plan,
        "task": task,
        "table": "예산",
        "group": task.title,
        "name": task.title,
        "account": rng.choices(list(BudgetLine.Account), weights=[8, 1, 1])[0],
        "display_unit": "천원",
    }
    years = _years(task.period_start, task.period_end)
    sources = sorted(rng.sample(SOURCES, rng.randint(2, 4)), key=SOURCES.index)
    items = {}
    for source in sources:
        for year in years:
            planned = None if year > AS_OF.year and rng.random() < 0.3 else _amount(rng, 1000, 10_000, 2_000_000)
            secured = executed = None
            if planned is not None and year <= AS_OF.year:
                secured = planned * rng.randint(60, 100) // 100
                executed = secured * rng.randint(20, 100) // 100 if year < AS_OF.year or rng.random() < 0.6 else None
            items[source, year] = planned
            text = "" if planned is not None else rng.choice(UNKNOWN)
            lines.add(
                **common,
                level=BudgetLine.Level.ITEM,
                source=source,
                phase=BudgetLine.Phase.YEAR,
                year=year,
                period_label=f"{year}년",
                planned=planned,
                planned_text=text,
                secured=secured,
                executed=executed,
            )
    total = _known_sum(list(items.values()))
    lines.add(
        **common,
        level=BudgetLine.Level.STATED,
        phase=BudgetLine.Phase.TOTAL,
        period_label="계",
        planned=total,
        planned_text="" if total is not None else "추후확정",
    )
    for source in sources:
        amount = _known_sum([items[source, year] for year in years])
        lines.add(
            **common,
            level=BudgetLine.Level.STATED,
            source=source,
            phase=BudgetLine.Phase.TOTAL,
            period_label="계",
            planned=amount,
            planned_text="" if amount is not None else "추후확정",
        )
    if len(years) > 1:
        for year in years:
            amount = _known_sum([items[source, year] for source in sources])
            lines.add(
                **common,
                level=BudgetLine.Level.STATED,
                phase=BudgetLine.Phase.YEAR,
                year=year,
                period_label=f"{year}년",
                planned=amount,
                planned_text="" if amount is not None else "추후확정",
            )


def _pledge_tables(rng, lines, pledge):
    """A pledge's investment plan (기투자, the term's years, 임기후) and its secured and executed amounts, in 백만원."""
    common = {
        "unit": pledge.lead_unit,
        "pledge": pledge,
        "group": pledge.title,
        "name": pledge.title,
        "account": BudgetLine.Account.GENERAL,
        "display_unit": "백만원",
    }
    phases = [(BudgetLine.Phase.PRIOR, None, "기투자")]
    phases += [(BudgetLine.Phase.YEAR, year, f"'{year % 100}") for year in range(2023, 2027)]
    phases += [(BudgetLine.Phase.AFTER_TERM, None, "임기후")]
    sources = ["국비", "시비"] if rng.random() < 0.6 else ["시비"]
    for source in sources:
        for phase, year, label in phases:
            unknown = phase == BudgetLine.Phase.AFTER_TERM and rng.random() < 0.5
            lines.add(
                **common,
                table="예산",
                level=BudgetLine.Level.ITEM,
                source=source,
                phase=phase,
                year=year,
                period_label=label,
                planned=None if unknown else _amount(rng, 1_000_000, 0, 5_000),
                planned_text="추후확정" if unknown else "",
            )
        for year in range(2023, AS_OF.year):
            secured = _amount(rng, 1_000_000, 0, 3_000)
            lines.add(
                **common,
                table="확보(집행)액",
                level=BudgetLine.Level.ITEM,
                source=source,
                phase=BudgetLine.Phase.YEAR,
                year=year,
                period_label=f"'{year % 100}",
                secured=secured,
                executed=secured * rng.randint(30, 100) // 100,
            )


def _unit_totals(rng, lines, city):
    """Each division's stated budget per year, the city's general account and its split by source."""
    for year in (AS_OF.year - 1, AS_OF.year):
        for division in city.divisions:
            lines.add(
                unit=division,
                table="예산",
                level=BudgetLine.Level.STATED,
                name=f"{division.name} 예산액",
                account=BudgetLine.Account.GENERAL,
                phase=BudgetLine.Phase.YEAR,
                year=year,
                period_label=str(year),
                planned=_amount(rng, 1_000_000, 2_000, 60_000),
                display_unit="백만원",
            )
        lines.add(
            table="예산",
            level=BudgetLine.Level.STATED,
            name="시 일반회계",
            account=BudgetLine.Account.GENERAL,
            phase=BudgetLine.Phase.YEAR,
            year=year,
            period_label=str(year),
            planned=_amount(rng, 1_000_000, 1_500_000, 2_500_000),
            display_unit="백만원",
        )
        for source in SOURCES:
            lines.add(
                table="예산",
                level=BudgetLine.Level.STATED,
                name=f"{source} 예산액",
                account=BudgetLine.Account.GENERAL,
                source=source,
                phase=BudgetLine.Phase.YEAR,
                year=year,
                period_label=str(year),
                planned=_amount(rng, 1_000_000, 100_000, 900_000),
                display_unit="백만원",
            )
