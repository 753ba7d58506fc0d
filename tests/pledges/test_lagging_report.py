"""The 부진공약 workbook: the rule's rows on a generated city, a head's scope, constant queries, the download."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from citygen.services import city_generate
from plans.models import Municipality, OrgUnit
from pledges.lagging import lagging_pledges, rule_text
from pledges.lagging_report import lagging_day, lagging_report
from portal import roles
from portal.excel import write_report
from portal.reports import resolve_filters

pytestmark = pytest.mark.django_db

User = get_user_model()
QUARTER_END = datetime.date(2026, 3, 31)


def sheet_of(filters):
    stream = io.BytesIO()
    write_report(lagging_report(filters), stream)
    stream.seek(0)
    return openpyxl.load_workbook(stream)["부진공약 현황"]


def listed(ws):
    """(city, code, reason) of every data row: the rows under the header whose second cell is a pledge code."""
    rows = list(ws.iter_rows(values_only=True))
    header = next(index for index, row in enumerate(rows) if row[:2] == ("지방자치단체", "공약번호"))
    return [(row[0], row[1], row[4]) for row in rows[header + 1 :] if row[1]]


@pytest.fixture
def city(roles_synced):
    city_generate(slug="gen", scale=2, seed=3)
    return Municipality.objects.get(slug="gen")


def test_the_rows_are_the_rules_lagging_pledges_with_the_rule_stated(city):
    filters = resolve_filters(None, municipality=city, year=2026, quarter=1)
    assert lagging_day(filters) == QUARTER_END
    ws = sheet_of(filters)
    expected = [(city.name, row.pledge.code, row.reason) for row in lagging_pledges(city, QUARTER_END)]
    assert expected, "the generator draws lagging pledges"
    assert listed(ws) == expected
    text = "\n".join(str(cell) for row in ws.iter_rows(values_only=True) for cell in row if cell)
    assert all(line in text for line in rule_text())
    assert "자료 기준일: 2026-03-31 (부진 판정일)" in text


def test_a_unit_filter_keeps_only_that_units_lead_pledges(city):
    rows = lagging_pledges(city, QUARTER_END)
    lagging_units = {row.pledge.lead_unit_id for row in rows}
    quiet = OrgUnit.objects.filter(municipality=city, pledges__isnull=False).exclude(pk__in=lagging_units).first()
    assert quiet is not None, "a unit that leads pledges but none lagging, whose filter must list none"
    for unit in [*OrgUnit.objects.filter(pk__in=lagging_units), quiet]:
        ws = sheet_of(resolve_filters(None, unit=unit, year=2026, quarter=1))
        expected = [(city.name, row.pledge.code, row.reason) for row in rows if row.pledge.lead_unit_id == unit.pk]
        assert listed(ws) == expected


def test_a_head_of_unit_gets_only_their_units_lagging_pledges_without_asking(city):
    rows = lagging_pledges(city, QUARTER_END)
    for unit_id in {row.pledge.lead_unit_id for row in rows}:
        head = User.objects.get(unit_id=unit_id, groups__name=roles.MANAGER)
        ws = sheet_of(resolve_filters(head, year=2026, quarter=1))
        assert listed(ws) == [(city.name, r.pledge.code, r.reason) for r in rows if r.pledge.lead_unit_id == unit_id]


def test_no_year_means_today_and_a_future_period_is_capped_at_today(city):
    from portal.periods import seoul_today

    assert lagging_day(resolve_filters(None)) == seoul_today()
    assert lagging_day(resolve_filters(None, year=seoul_today().year + 1)) == seoul_today()
    assert lagging_day(resolve_filters(None, year=2025)) == datetime.date(2025, 12, 31)


def test_queries_stay_constant_as_the_city_grows_tenfold(roles_synced):
    counts, listed_rows = {}, {}
    for slug, scale in (("small", 1), ("large", 10)):
        city_generate(slug=slug, scale=scale, seed=3)
        filters = resolve_filters(None, municipality=Municipality.objects.get(slug=slug), year=2026, quarter=1)
        with CaptureQueriesContext(connection) as queries:
            report = lagging_report(filters)
            listed_rows[slug] = len(list(report.sheets[0].rows))
        counts[slug] = len(queries)
    assert counts["small"] == counts["large"], counts
    assert listed_rows["large"] > listed_rows["small"], listed_rows


def test_the_coordinator_downloads_it_and_staff_cannot(client, goyang):
    url = reverse("reports:download") + "?report=pledge-lagging"
    client.force_login(goyang["coordinator"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(goyang["staff"])
    assert not client.get(url).get("Content-Disposition", "").startswith("attachment")
