"""Budget report for 100,000 lines: our writer against a bare openpyxl write-only loop, side by side.

Run: DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python bench/excel.py
Rows come from the same generator for both writers (no database), so the ratio is the
cost of our formatting (styled cells, number formats, formula-safe text, subtotals).
Peak memory (tracemalloc) is measured at 10,000 and 100,000 lines.
"""

import io
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from openpyxl import Workbook  # noqa: E402

from budgets.reports import COLUMNS, _line_row  # noqa: E402
from portal.excel import Report, Sheet, write_report  # noqa: E402

SOURCES = ["국비", "도비", "시비", "기타"]


def lines(count):
    """Budget lines shaped like the seed's, as the report reads them."""
    for n in range(count):
        planned = 1_000_000 * (n % 997 + 1) + 137_000
        yield {
            "unit_id": n % 50,
            "level": "item",
            "group": f"단위사업 {n % 40}",
            "name": f"세부사업 {n}",
            "account": "일반회계",
            "source": SOURCES[n % 4],
            "phase": "year",
            "year": 2026,
            "period_label": "2026",
            "planned": planned,
            "planned_text": "",
            "secured": planned // 2,
            "secured_text": "",
            "executed": None if n % 10 == 0 else planned // 3,
            "executed_text": "추후확정" if n % 10 == 0 else "",
        }


def rows(count):
    return (_line_row(f"시험{line['unit_id']}과", line) for line in lines(count))


def ours(count):
    sheet = Sheet(name="예산 현황", title="예산 현황", unit_label="(단위: 백만원)", columns=COLUMNS, rows=rows(count))
    write_report(Report(name="budget", title="예산 현황", sheets=[sheet]), io.BytesIO())


def bare(count):
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("예산 현황")
    ws.append([column.header for column in COLUMNS])
    for row in rows(count):
        ws.append([float(value) if hasattr(value, "as_tuple") else value for value in row])
    workbook.save(io.BytesIO())


def timed(function, count):
    start = time.perf_counter()
    function(count)
    return count / (time.perf_counter() - start)


def peak(function, count):
    tracemalloc.start()
    function(count)
    _current, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top / 1024 / 1024


def main():
    count = 100_000
    ours_rate, bare_rate = timed(ours, count), timed(bare, count)
    print(f"budget report, {count:,} lines")
    print(f"{'':24}{'ours':>14}{'bare openpyxl':>16}{'ratio':>8}")
    print(f"{'rows per second':24}{ours_rate:>14,.0f}{bare_rate:>16,.0f}{ours_rate / bare_rate:>8.2f}")
    for size in (10_000, 100_000):
        ours_mb, bare_mb = peak(ours, size), peak(bare, size)
        label = f"peak memory {size:,} (MB)"
        print(f"{label:24}{ours_mb:>14.1f}{bare_mb:>16.1f}{ours_mb / bare_mb:>8.2f}")


if __name__ == "__main__":
    main()
