"""API lists against hand-written values() → JsonResponse views of the same page of the same rows, at 1×, 10×, 100×.

Run: .venv/bin/python -m bench.api [requests] [scale …]

Both answer through the same stack in the same process (anonymous Django test client,
production settings, Postgres), one city at a time (`?municipality=`), a page of 50 rows.
The hand-written views are in bench/urls.py.
"""

import sys
import time

from bench.common import SCALES, city_slug, median, percentile, setup


def _get(client, url):
    """One GET and its time in ms; a non-200 answer stops the bench."""
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed, response


def interleaved(client, urls, requests):
    """p50, p95 (ms) and size of each named URL, asked in turn `requests` times.

    Asking them in turn (A, B, C, A, B, C …) lets the machine's load fall on each alike, so
    their ratios hold on a shared machine. A name ending in "cold" gets a new URL every time
    (an extra query parameter the filters ignore), so nothing comes from the page cache.
    """
    samples = {name: [] for name in urls}
    sizes = {}
    for url in urls.values():
        _get(client, url)  # warm: connection, templates, the list count of this generation
    for number in range(requests):
        for name, url in urls.items():
            asked = f"{url}&bench={time.monotonic_ns()}-{number}" if name.endswith("cold") else url
            elapsed, response = _get(client, asked)
            samples[name].append(elapsed)
            sizes[name] = len(response.content)
    return {name: (median(found), percentile(found, 0.95), sizes[name]) for name, found in samples.items()}


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
        print("    API cold: every request a new URL (nothing from the page cache); cached: the same URL again;")
        print("    the three asked in turn, so the machine's load falls on each alike")
        print(f"{'list':18}{'cold p50':>9}{'p95':>8}{'KB':>6}{'cached p95':>11}{'hand p50':>10}{'p95':>8}{'KB':>6}"
              f"{'p50 ratio':>10}{'p95 ratio':>10}{'cached':>8}")  # fmt: skip
        for name in HANDWRITTEN:
            url = f"/api/v1/{name}/?municipality={slug}&page_size={PAGE}"
            found = interleaved(
                client,
                {"api cold": url, "api cached": url, "hand": f"/bench/api/{name}/?municipality={slug}"},
                requests,
            )
            api, cached, hand = found["api cold"], found["api cached"], found["hand"]
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
