"""Task list endpoint vs a hand-written values() → JsonResponse view over the same rows: p50/p95 side by side.

Run: .venv/bin/python bench/api.py [tasks] [requests]
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
DB_FILE = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB_FILE}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import path  # noqa: E402

from config import urls as root_urls  # noqa: E402
from plans.models import Task  # noqa: E402

TASKS = int(sys.argv[1]) if len(sys.argv) > 1 else 500
REQUESTS = int(sys.argv[2]) if len(sys.argv) > 2 else 300
PAGE = 50


def handwritten(request):
    """The same page of the same rows, by hand: values() of the annotated QuerySet into JSON."""
    rows = (
        Task.objects.published()
        .for_listing()
        .order_by("strategy__plan__municipality__name", "strategy__plan_id", "strategy__number", "order", "id")
    )
    fields = ["id", "code", "order", "title", "type", "period_start", "period_end", "period_text"]
    fields += ["strategy__plan__municipality__slug", "strategy__plan__slug", "strategy__plan__title"]
    fields += ["strategy_id", "strategy__number", "strategy__title", "lead_unit_id", "lead_unit__name"]
    fields += ["latest_status", "latest_progress", "latest_year", "latest_quarter", "latest_reviewed_at"]
    return JsonResponse({"count": rows.count(), "results": list(rows.values(*fields)[:PAGE])})


urlpatterns = [path("bench/tasks/", handwritten), *root_urls.urlpatterns]


def seed():
    from tests.factories import ProgressReportFactory, StrategyFactory, TaskFactory

    call_command("migrate", verbosity=0)
    strategy = StrategyFactory()
    for index in range(TASKS):
        task = TaskFactory(strategy=strategy, lead_unit=strategy.plan.owner_unit, code=f"1-{index}")
        if index % 2:
            ProgressReportFactory(task=task, approved=True)


def timings(client, url):
    if client.get(url).status_code != 200:
        raise SystemExit(f"{url} does not answer 200")
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main():
    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"]):
        seed()
        client = Client()
        api = timings(client, f"/api/v1/tasks/?page_size={PAGE}")
        hand = timings(client, "/bench/tasks/")
    print(f"{TASKS} tasks, page of {PAGE}, {REQUESTS} requests each (SQLite, Django test client)")
    print(f"{'':24}{'p50 ms':>10}{'p95 ms':>10}")
    print(f"{'DRF /api/v1/tasks/':24}{api[0]:10.2f}{api[1]:10.2f}")
    print(f"{'values() → JsonResponse':24}{hand[0]:10.2f}{hand[1]:10.2f}")
    print(f"{'ratio DRF / by hand':24}{api[0] / hand[0]:10.2f}{api[1] / hand[1]:10.2f}")


if __name__ == "__main__":
    main()
