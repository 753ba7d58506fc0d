"""What every bench shares: the bench database and settings, the generated cities, timing helpers.

The benches run on their own Postgres database (BENCH_DATABASE_URL) and Redis database
(BENCH_REDIS_URL) under `bench.settings` (production's, on loopback). The 1×, 10× and 100×
cities are generated once and kept there: a city is reused while its marker names the same
scale, seed and generator version, and generated again otherwise.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
SCALES = (1, 10, 100)
SEED = 1
ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
}


def setup():
    """Point Django at the bench database and settings and start it."""
    os.environ.update(ENVIRONMENT)
    import django

    django.setup()


def create_database():
    """Create the bench database when it does not exist yet (needs a role allowed to)."""
    import psycopg2

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def city_slug(scale):
    """The slug of the generated city at `scale`."""
    return f"bench-{scale}x"


def city_marker(scale):
    """What the generated city at `scale` records about how it was made."""
    from citygen.services import GENERATOR_VERSION

    return f"citygen v{GENERATOR_VERSION} scale {scale} seed {SEED}"


def ensure_cities(scales=SCALES):
    """Generate the cities whose marker is missing or stale; print what was reused and how long generating took."""
    from citygen.services import city_generate
    from plans.models import Municipality

    for scale in scales:
        slug = city_slug(scale)
        if Municipality.objects.filter(slug=slug, name_en=city_marker(scale)).exists():
            print(f"  {slug}: reused ({city_marker(scale)})")
            continue
        started = time.perf_counter()
        city_generate(slug=slug, scale=scale, seed=SEED, name=f"벤치 {scale}배시")
        Municipality.objects.filter(slug=slug).update(name_en=city_marker(scale))
        print(f"  {slug}: generated in {time.perf_counter() - started:.1f} s ({city_marker(scale)})")


def percentile(samples, fraction):
    """The `fraction` percentile of `samples` (nearest rank)."""
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))]


def median(samples):
    """The median of `samples`."""
    return statistics.median(samples)


def run_child(module, *args, timeout):
    """Run `python -m bench.<module> args…` with the bench environment; its last stdout line is JSON.

    Returns the parsed JSON, or None when the child took longer than `timeout` seconds (it is killed).
    """
    command = [sys.executable, "-m", f"bench.{module}", *map(str, args)]
    try:
        done = subprocess.run(
            command, cwd=ROOT, env={**os.environ, **ENVIRONMENT}, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine():
    """One line naming this machine: CPU model, cores, memory, Python and Postgres."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return f"{cpu}, {os.cpu_count()} cores, {memory} GB, Python {platform.python_version()}, Postgres {postgres}"
