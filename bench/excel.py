"""Each Excel report against a bare openpyxl write-only loop over the same rows and columns, with peak RSS.

Run: .venv/bin/python -m bench.excel   (make bench runs it after generating the cities)

For every report of the registry:
- the whole export of the 10× and 100× cities (query, rows and formatting), its rows/s and peak RSS;
- our writer against a bare openpyxl loop at 10,000 and 100,000 rows: the rows are the report's
  own rows and columns (its largest sheet of the 10× city), taken once and repeated to the size.
  The bare loop runs in a process that imports no project code: it reads plain values from a
  pickle and appends them. Both write to a file, so the workbook in memory is not counted.
Each measurement runs in a fresh process; peak RSS is that process's maximum resident size.
The two writers are timed in CPU seconds of their process (`time.process_time`), so that a
shared, loaded machine does not decide their ratio; whole exports are timed by the clock,
since they wait on the database too.
"""

import datetime
import itertools
import json
import pickle
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bench.common import ROOT, city_slug, run_child

SIZES = (10_000, 100_000)
SAMPLE = 5_000
EXPORT_TIMEOUT = 300


def peak_mb():
    """This process's peak resident memory in MB (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise SystemExit("no VmHWM in /proc/self/status")


def _filters(scale):
    from plans.models import Municipality
    from portal.reports import resolve_filters

    return resolve_filters(None, municipality=Municipality.objects.get(slug=city_slug(scale)))


def export(name, scale):
    """The whole report of the city at `scale`, as a scheduled export writes it (child)."""
    from portal.excel import write_report
    from portal.reports import report_builder

    filters = _filters(scale)
    with tempfile.TemporaryFile() as target:
        started = time.perf_counter()
        rows = write_report(report_builder(name)(filters), target, filters_text=filters.describe())
        seconds = time.perf_counter() - started
    return {"rows": rows, "seconds": seconds, "peak_mb": peak_mb()}


def _plain(value):
    """A cell value the bare loop can read without Django: translated labels become their text."""
    return value if value is None or isinstance(value, (str, int, float, Decimal, datetime.date)) else str(value)


def sample(name, path):
    """Save the largest sheet of the 10× city's report: our columns and rows, and the same as plain values (child)."""
    from portal.excel import Row
    from portal.reports import report_builder

    best = None
    for sheet in report_builder(name)(_filters(10)).sheets:
        rows = list(itertools.islice(sheet.rows, SAMPLE))
        if best is None or len(rows) > len(best[1]):
            best = (sheet, rows)
    sheet, rows = best
    plain = [[_plain(value) for value in (row.values if isinstance(row, Row) else row)] for row in rows]
    ours = {"name": sheet.name, "title": sheet.title, "unit": sheet.unit_label, "columns": sheet.columns, "rows": rows}
    Path(path + ".ours").write_bytes(pickle.dumps(ours))
    Path(path + ".bare").write_bytes(pickle.dumps({"header": [c.header for c in sheet.columns], "rows": plain}))
    return {"sheet": sheet.name, "rows": len(rows), "columns": len(sheet.columns)}


def write_ours(path, count):
    """Our writer over `count` rows cycled from the sample (child)."""
    from portal.excel import Report, Sheet, write_report

    data = pickle.loads(Path(path + ".ours").read_bytes())  # noqa: S301 - our own file from sample()
    rows = itertools.islice(itertools.cycle(data["rows"]), count)
    sheet = Sheet(name=data["name"], title=data["title"], unit_label=data["unit"], columns=data["columns"], rows=rows)
    before = peak_mb()
    with tempfile.TemporaryFile() as target:
        started = time.process_time()
        write_report(Report(name="bench", title=data["title"], sheets=[sheet]), target)
        seconds = time.process_time() - started
    return {"rows_per_s": count / seconds, "start_mb": before, "peak_mb": peak_mb()}


def write_bare(path, count):
    """A bare openpyxl write-only loop over the same rows and columns; imports no project code (child)."""
    from openpyxl import Workbook

    data = pickle.loads(Path(path + ".bare").read_bytes())  # noqa: S301 - our own file from sample()
    before = peak_mb()
    with tempfile.TemporaryFile() as target:
        started = time.process_time()
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("bench")
        sheet.append(data["header"])
        for row in itertools.islice(itertools.cycle(data["rows"]), count):
            sheet.append(row)
        workbook.save(target)
        seconds = time.process_time() - started
    return {"rows_per_s": count / seconds, "start_mb": before, "peak_mb": peak_mb()}


def main():
    """Print every report's export and writer comparison."""
    from portal.reports import report_catalogue

    work = tempfile.mkdtemp()
    print("\n(d) Excel reports: our writer against bare openpyxl (write-only) over the same rows and columns")
    for name, (title, _path) in report_catalogue().items():
        print(f"\n  {name} ({title})")
        for scale in (10, 100):
            row = run_child("excel", "export", name, scale, timeout=EXPORT_TIMEOUT)
            if row is None:
                print(f"    whole export at {scale}×: did not finish in {EXPORT_TIMEOUT} s (killed)")
                continue
            rate = row["rows"] / row["seconds"] if row["seconds"] else 0
            print(
                f"    whole export at {scale}×: {row['rows']:,} rows in {row['seconds']:.1f} s "
                f"({rate:,.0f} rows/s), peak RSS {row['peak_mb']:.0f} MB"
            )
        path = str(Path(work) / name)
        info = run_child("excel", "sample", name, path, timeout=EXPORT_TIMEOUT)
        if info is None or not info["rows"]:
            print("    no rows to compare the writers on")
            continue
        print(f"    writers over sheet '{info['sheet']}' ({info['columns']} columns, {info['rows']:,} rows repeated):")
        print(f"    {'rows':>9}{'ours rows/cpu-s':>17}{'bare rows/cpu-s':>17}{'ratio':>7}{'ours RSS':>10}{'bare RSS':>10}"
              f"{'ours growth':>13}{'bare growth':>13}")  # fmt: skip
        results = {}
        for count in SIZES:
            ours = run_child("excel", "ours", path, count, timeout=EXPORT_TIMEOUT)
            bare = run_child("excel", "bare", path, count, timeout=EXPORT_TIMEOUT)
            results[count] = (ours, bare)
            print(
                f"    {count:>9,}{ours['rows_per_s']:>17,.0f}{bare['rows_per_s']:>17,.0f}"
                f"{ours['rows_per_s'] / bare['rows_per_s']:>7.2f}{ours['peak_mb']:>8.0f}MB{bare['peak_mb']:>8.0f}MB"
                f"{ours['peak_mb'] - ours['start_mb']:>11.0f}MB{bare['peak_mb'] - bare['start_mb']:>11.0f}MB"
            )
        small, large = results[SIZES[0]][0], results[SIZES[-1]][0]
        print(f"    ours: peak RSS at {SIZES[-1]:,} rows ÷ at {SIZES[0]:,} = {large['peak_mb'] / small['peak_mb']:.2f}")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "main"
    if command == "bare":
        print(json.dumps(write_bare(sys.argv[2], int(sys.argv[3]))))
    else:
        sys.path.insert(0, str(ROOT))
        from bench.common import setup

        setup()
        if command == "export":
            print(json.dumps(export(sys.argv[2], int(sys.argv[3]))))
        elif command == "sample":
            print(json.dumps(sample(sys.argv[2], sys.argv[3])))
        elif command == "ours":
            print(json.dumps(write_ours(sys.argv[2], int(sys.argv[3]))))
        else:
            main()
