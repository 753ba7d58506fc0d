"""`make bench`: generate (or reuse) the 1×, 10× and 100× cities, then run every bench and print its ratios.

Run: .venv/bin/python -m bench.run   (make bench installs wrk, migrates and collects static files first)

Environment: BENCH_DATABASE_URL, BENCH_REDIS_URL (its database is flushed by the page bench),
BENCH_PORT (gunicorn, 127.0.0.1 only), BENCH_LOAD_SCALE, BENCH_CLIENTS, BENCH_SECONDS.
"""

import datetime
import os
import time

from bench import api, excel, load, pages, reminders
from bench.common import DATABASE_URL, REDIS_URL, ensure_cities, machine, setup


def main():
    """Every bench in turn, with the total time."""
    started = time.perf_counter()
    setup()
    print(f"make bench, {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"machine: {machine()}")
    print(f"database {DATABASE_URL}, cache {REDIS_URL}")
    print("\ngenerated cities (kept between runs while the generator version is the same):")
    ensure_cities()
    pages.main([1, 10, 100])
    load.main(int(os.environ.get("BENCH_LOAD_SCALE", "10")))
    api.main(100, [1, 10, 100])
    excel.main()
    reminders.main()
    print(f"\nmake bench took {(time.perf_counter() - started) / 60:.1f} minutes")


if __name__ == "__main__":
    main()
