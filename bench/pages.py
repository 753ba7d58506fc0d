"""Every public page template, cold and cached, against a bare view through the same middleware, at 1×, 10×, 100×.

Run: .venv/bin/python -m bench.pages [scale …]   (make bench runs it after generating the cities)

Each page is measured in a child process of its own (killed after PAGE_TIMEOUT seconds), as an
anonymous client through the whole WSGI stack under production settings: "cold" clears the
configured cache before every request, "cached" asks again without clearing, so a whole-page
cache, where the tree has one, answers it. The bare view's time is measured in the same child.
"""

import json
import sys
import time
from urllib.parse import quote

from bench.common import SCALES, city_slug, median, run_child, setup

PAGE_TIMEOUT = 120
BUDGET_SECONDS = 2.0


def page_urls(scale):
    """(name, URL) of every public page template for the city at `scale`, on its largest records."""
    from django.db.models import Count

    from kpis.models import Indicator
    from plans.models import Municipality, OrgUnit, Plan, Task
    from pledges.models import Pledge

    city = Municipality.objects.get(slug=city_slug(scale))
    slug = city.slug
    plan = Plan.objects.filter(municipality=city).annotate(n=Count("strategies__tasks")).order_by("-n", "pk").first()
    task = Task.objects.filter(strategy__plan=plan).order_by("strategy__number", "order").first()
    bureau = OrgUnit.objects.filter(municipality=city, is_coordinating=True).first()
    division = (
        OrgUnit.objects.filter(municipality=city, kind=OrgUnit.Kind.DIVISION)
        .annotate(n=Count("budget_lines"))
        .order_by("-n", "pk")
        .first()
    )
    pledge = Pledge.objects.filter(term__municipality=city).order_by("code").first()
    indicator = Indicator.objects.filter(municipality=city).order_by("order").first()
    return [
        ("home", "/"),
        ("search", f"/search/?q={quote('청년')}"),
        ("organisation", f"/{slug}/organisation/"),
        ("unit", bureau.get_absolute_url()),
        ("plan list", f"/{slug}/plans/"),
        ("plan (largest)", plan.get_absolute_url()),
        ("task", task.get_absolute_url()),
        ("budget (city)", f"/{slug}/budgets/"),
        ("budget (unit)", f"/{slug}/budgets/units/{division.pk}/"),
        ("indicator list", f"/{slug}/indicators/"),
        ("indicator", indicator.get_absolute_url()),
        ("calendar", f"/{slug}/calendar/"),
        ("pledge tracker", f"/{slug}/pledges/"),
        ("pledge", pledge.get_absolute_url()),
    ]


def measure(url):
    """Cold, cached and bare timings (ms), query count and size of one page: the child's job."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()

    def get(path):
        started = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        return elapsed, response

    def repeat(path, *, clear, at_least=3, at_most=30):
        samples, started = [], time.perf_counter()
        while len(samples) < at_least or (len(samples) < at_most and time.perf_counter() - started < BUDGET_SECONDS):
            if clear:
                cache.clear()
            samples.append(get(path)[0])
        return samples

    get("/bench/bare/")
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        first, response = get(url)
    query_count = len(queries)  # read now: the next request's start empties the log it reads
    cold = [first, *repeat(url, clear=True, at_least=2)]
    get(url)
    cached = repeat(url, clear=False)
    bare = repeat("/bench/bare/", clear=False, at_least=100, at_most=300)
    return {
        "queries": query_count,
        "bytes": len(response.content),
        "cold_ms": median(cold),
        "cached_ms": median(cached),
        "bare_ms": median(bare),
        "samples": len(cold),
    }


def main(scales):
    """Measure every page at every scale and print them side by side with the bare view."""
    setup()
    results = {}
    for scale in scales:
        print(f"\n(a) public pages at {scale}× (city {city_slug(scale)}), anonymous, production settings")
        print(f"{'page':18}{'queries':>8}{'KB':>8}{'cold ms':>10}{'cached ms':>10}{'bare ms':>9}{'cold/bare':>10}"
              f"{'cached/bare':>12}")  # fmt: skip
        for name, url in page_urls(scale):
            row = run_child("pages", "measure", url, timeout=PAGE_TIMEOUT)
            results[scale, name] = row
            if row is None:
                print(f"{name:18}{'':>8}{'':>8}{f'> {PAGE_TIMEOUT} s':>10}  (killed: did not finish)")
                continue
            print(
                f"{name:18}{row['queries']:>8}{row['bytes'] / 1024:>8.0f}{row['cold_ms']:>10.1f}"
                f"{row['cached_ms']:>10.1f}{row['bare_ms']:>9.2f}{row['cold_ms'] / row['bare_ms']:>10.0f}"
                f"{row['cached_ms'] / row['bare_ms']:>12.1f}"
            )
    if 1 in scales and len(scales) > 1:
        print("\n(a) page time at each scale ÷ the same page at 1× (cold)")
        names = [name for name, _url in page_urls(1)]
        print(f"{'page':18}" + "".join(f"{f'{s}×/1×':>10}" for s in scales if s != 1))
        for name in names:
            base = results.get((1, name))
            cells = []
            for scale in scales:
                if scale == 1:
                    continue
                row = results.get((scale, name))
                cells.append("timeout" if row is None or base is None else f"{row['cold_ms'] / base['cold_ms']:.1f}")
            print(f"{name:18}" + "".join(f"{cell:>10}" for cell in cells))
    return results


if __name__ == "__main__":
    if sys.argv[1:2] == ["measure"]:
        setup()
        print(json.dumps(measure(sys.argv[2])))
    else:
        main([int(arg) for arg in sys.argv[1:]] or list(SCALES))
