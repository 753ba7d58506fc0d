"""Writing a generated city: one service that replaces a municipality's data with the generator's."""

import time

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from citygen import budgets, kpis, pledge_plans, pledges, procedures, self_evaluations
from citygen import plans as plan_parts
from citygen.city import City
from plans.models import Municipality
from portal.roles import roles_sync

# Bump when the generator's rows change, so that caches of generated cities (the bench's) are rebuilt.
GENERATOR_VERSION = 4

# The apps whose tables the generator writes.
GENERATED = ("plans", "pledges", "budgets", "kpis")

# Later parts refer to the rows of earlier ones; deletion runs in the reverse order.
STEPS = [
    ("organisation", plan_parts.generate_organisation),
    ("staff", plan_parts.generate_staff),
    ("plans", plan_parts.generate_plans),
    ("reports", plan_parts.generate_reports),
    ("pledges", pledges.generate_pledges),
    ("cards", pledges.generate_cards),
    ("pledge plans", pledge_plans.generate_pledge_plans),
    ("self-evaluations", self_evaluations.generate_self_evaluations),
    ("procedures", procedures.generate_procedures),
    ("budget", budgets.generate_budget),
    ("indicators", kpis.generate_indicators),
    ("milestones", kpis.generate_milestones),
]
# The budget's document key is "gen-<slug>" in 20 characters.
MAX_SLUG = 16
DELETERS = [
    kpis.delete_rows,
    budgets.delete_rows,
    self_evaluations.delete_rows,
    procedures.delete_rows,
    pledge_plans.delete_rows,
    pledges.delete_rows,
    plan_parts.delete_rows,
]


@transaction.atomic
def city_generate(*, slug: str, scale: float, seed: int = 1, name: str = "") -> dict[str, float]:
    """Create or replace the municipality `slug` with a generated city `scale` times the seed documents.

    The same slug, scale and seed always give the same rows. Returns the seconds each step took.
    """
    if scale <= 0:
        raise ValidationError(_("배수(scale)는 0보다 커야 합니다."))
    if len(slug) > MAX_SLUG:
        raise ValidationError(_("주소 이름은 %(max)d자 이하여야 합니다: %(slug)s") % {"max": MAX_SLUG, "slug": slug})
    roles_sync()
    municipality = Municipality.objects.filter(slug=slug).first()
    timings = {}
    started = time.perf_counter()
    if municipality is not None:
        for delete in DELETERS:
            delete(municipality)
        timings["delete"] = time.perf_counter() - started
    else:
        municipality = Municipality(slug=slug)
    municipality.name = name or municipality.name or f"가상시 {slug}"
    municipality.name_en = slug
    municipality.full_clean()
    municipality.save()
    city = City(municipality=municipality, scale=scale, seed=seed)
    for step, generate in STEPS:
        started = time.perf_counter()
        generate(city)
        timings[step] = time.perf_counter() - started
    started = time.perf_counter()
    _analyze()
    timings["analyze"] = time.perf_counter() - started
    return timings


def _analyze():
    """Refresh Postgres's statistics of every table written, so that plans fit the new row counts at once.

    Autovacuum would get there later; until then the planner takes a 50,000-row table for an
    empty one and chooses nested loops that cost a second per list.
    """
    if connection.vendor != "postgresql":
        return
    tables = [
        model._meta.db_table
        for config in apps.get_app_configs()
        if config.name in GENERATED
        for model in config.get_models()
    ]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))
