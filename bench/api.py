"""API lists against hand-written values() → JsonResponse views of the same page of the same rows, at 1×, 10×, 100×.

Run: .venv/bin/python -m bench.api [requests] [scale …]

Both answer through the same stack in the same process (anonymous Django test client,
production settings, Postgres), one city at a time (`?municipality=`), a page of 50 rows.
The hand-written views are in bench/urls.py.
"""

import sys
import time

from bench.common import SCALES, city_slug, median, percentile, setup


def timings(client, url, requests, *, cold=False):
    """Median and 95th percentile (ms) of `requests` GETs of `url`, and the answer's size.

    `cold` makes every URL new (an extra query parameter the filters ignore), so no answer
    comes from the page cache; otherwise the same URL is asked again and again.
    """
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    samples = []
    for number in range(requests):
        asked = f"{url}&bench={time.monotonic_ns()}-{number}" if cold else url
        started = time.perf_counter()
        response = client.get(asked)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return median(samples), percentile(samples, 0.95), len(response.content)


def main(requests, scales):
    """Print p50/p95 of every API list next to its hand-written twin, per scale."""
    setup()
    from django.test import Client

    from bench.urls import HANDWRITTEN, PAGE

    client = Client()
    worst = {}
    for scale in scales:
        slug = city_slug(scale)
        print(f"\n(c) API lists at {scale}× (city {slug}), page of {PAGE}, {requests} requests each")
        print("    API cold: every request a new URL (nothing from the page cache); cached: the same URL again")
        print(f"{'list':18}{'cold p50':>9}{'p95':>8}{'KB':>6}{'cached p95':>11}{'hand p50':>10}{'p95':>8}{'KB':>6}"
              f"{'p50 ratio':>10}{'p95 ratio':>10}{'cached':>8}")  # fmt: skip
        for name in HANDWRITTEN:
            url = f"/api/v1/{name}/?municipality={slug}&page_size={PAGE}"
            api = timings(client, url, requests, cold=True)
            cached = timings(client, url, requests)
            hand = timings(client, f"/bench/api/{name}/?municipality={slug}", requests)
            worst[name] = max(worst.get(name, 0), api[1] / hand[1])
            print(
                f"{name:18}{api[0]:>9.1f}{api[1]:>8.1f}{api[2] / 1024:>6.0f}{cached[1]:>11.1f}{hand[0]:>10.1f}"
                f"{hand[1]:>8.1f}{hand[2] / 1024:>6.0f}{api[0] / hand[0]:>10.2f}{api[1] / hand[1]:>10.2f}"
                f"{cached[1] / hand[1]:>8.2f}"
            )
    print(
        "\n(c) worst cold p95 ratio over the scales (target ≤ 2): "
        + ", ".join(f"{n} {r:.2f}" for n, r in worst.items())
    )
    return worst


if __name__ == "__main__":
    arguments = [int(arg) for arg in sys.argv[1:]]
    main(arguments[0] if arguments else 100, arguments[1:] or list(SCALES))
