"""Load test: 50 concurrent clients for 60 s against gunicorn (2 workers, production settings, loopback, Postgres).

Run: .venv/bin/python -m bench.load [scale]   (default BENCH_LOAD_SCALE, 10)

The clients (Debian's `wrk`, installed by `make bench`) request a mix of every public page
and the API lists of the city in turn, then the bare view under the same load; req/s,
p50/p95/p99 and errors are printed side by side. Nothing listens beyond 127.0.0.1.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import ENVIRONMENT, ROOT, city_slug, setup
from bench.pages import page_urls

PORT = int(os.environ.get("BENCH_PORT", "8102"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "60"))
API_LISTS = ["tasks", "budget-lines", "pledges", "indicators", "milestones"]


def start_gunicorn():
    """gunicorn with two sync workers on 127.0.0.1, as deploy/ runs it; returns the process once it answers."""
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi:application",
        f"--bind=127.0.0.1:{PORT}",
        "--workers=2",
        "--timeout=120",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **ENVIRONMENT})
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/bare/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def wrk(paths):
    """Run wrk over `paths` in turn; its results as a dict."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    command = ["wrk", "-t2", f"-c{CLIENTS}", f"-d{SECONDS}s", "--timeout=30s", "-s", str(ROOT / "bench" / "mix.lua")]
    command.append(f"http://127.0.0.1:{PORT}")
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "BENCH_PATHS": listing.name})
    Path(listing.name).unlink()
    line = next(line for line in done.stdout.splitlines() if line.startswith("JSON "))
    result = json.loads(line[5:])
    result["rps"] = result["requests"] / result["seconds"]
    result["errors"] = sum(result[name] for name in ("connect", "read", "write", "status", "timeout"))
    return result


def main(scale):
    """Warm each path once, load the bare view and then the mix, and print both.

    The bare view goes first: requests of the mix still queued when its clients stop would
    otherwise be served during the bare view's run.
    """
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make bench` installs Debian's wrk (apt-get install wrk)")
    setup()
    slug = city_slug(scale)
    paths = [url for _name, url in page_urls(scale)]
    paths += [f"/api/v1/{name}/?municipality={slug}" for name in API_LISTS]
    server = start_gunicorn()
    try:
        for path in paths:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=300)
        bare = wrk(["/bench/bare/"])
        mix = wrk(paths)
    finally:
        server.terminate()
        server.wait()
    print(f"\n(b) load: {CLIENTS} clients for {SECONDS} s, gunicorn 2 workers, production settings, city {slug}")
    print(f"    mix of {len(paths) - len(API_LISTS)} public pages and {len(API_LISTS)} API lists, requested in turn")
    print(f"{'':22}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}{'requests':>10}")
    for label, row in (("mix", mix), ("bare view", bare)):
        print(
            f"{label:22}{row['rps']:>9.1f}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}{row['p99_ms']:>9.1f}"
            f"{row['errors']:>8}{row['requests']:>10}"
        )
    print(f"{'mix ÷ bare (req/s)':22}{mix['rps'] / bare['rps']:>9.3f}")
    return {"mix": mix, "bare": bare}


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_LOAD_SCALE", "10")))
