"""KPI actuals become public only when the unit's head approves them, in bulk per unit and period; approved ones are corrected."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from kpis.imports import measurement_import_template
from kpis.models import Indicator, Measurement
from kpis.services import measurement_approve, measurement_save, measurements_import
from plans.models import OrgUnit
from portal import roles
from portal.corrections import Correction
from portal.periods import Period, PeriodKind
from portal.review import version_token
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)
SMART = "nyj-smart-intersections-2026"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def people(seeded):
    smart = OrgUnit.objects.get(municipality__slug="namyangju", name="스마트도시과")
    other = OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과")
    return {
        "staff": staff_user(smart),
        "head": staff_user(smart, role=roles.MANAGER),
        "other_staff": staff_user(other),
        "other_head": staff_user(other, role=roles.MANAGER),
    }


@pytest.fixture
def indicator(seeded):
    return Indicator.objects.get(key=SMART)


def enter(user, indicator, value, year=2026):
    values = {"indicator": indicator, "period": "year", "year": year, "label": str(year), "value": Decimal(value)}
    return measurement_save(user=user, values=values)


def public_text(client, indicator):
    client.logout()
    return client.get(indicator.get_absolute_url()).content.decode()


def test_every_seeded_actual_is_approved_so_it_stays_public(seeded):
    assert Measurement.objects.exists()
    assert not Measurement.objects.exclude(state="approved").exists()


def test_an_entered_actual_is_hidden_from_page_api_and_report_until_approved(client, people, indicator):
    measurement = enter(people["staff"], indicator, "4")
    assert measurement.state == "submitted"
    api = client.get(reverse("api:indicator-detail", args=[indicator.pk])).json()
    assert all(row["year"] != 2026 or row["value"] != "4.00" for row in api["measurements"])
    assert not Indicator.objects.with_series().get(pk=indicator.pk).measurements.filter(pk=measurement.pk).exists()
    assert measurement not in list(Indicator.objects.with_series().get(pk=indicator.pk).measurements.all())
    measurement_approve(user=people["head"], measurement=measurement)
    shown = list(Indicator.objects.with_series().get(pk=indicator.pk).measurements.all())
    assert measurement in shown


def test_bulk_approval_shows_each_value_then_approves_only_what_the_head_may(client, people, indicator):
    own = enter(people["staff"], indicator, "4")
    foreign_indicator = (
        Indicator.objects.filter(responsible_unit__name="정책기획과").first()
        or Indicator.objects.exclude(responsible_unit=indicator.responsible_unit).first()
    )
    foreign = measurement_save(
        user=staff_user(foreign_indicator.responsible_unit),
        values={"indicator": foreign_indicator, "period": "year", "year": 2026, "label": "2026", "value": Decimal(9)},
    )
    url = reverse("admin:kpis_measurement_changelist")
    client.force_login(people["head"])
    selection = {"action": "approve_selected", "_selected_action": [own.pk, foreign.pk]}
    page = client.post(url, selection)
    assert page.status_code == 200
    text = page.content.decode()
    assert "실적 일괄 승인" in text and f"4.00 {indicator.unit}" in text
    assert f'name="version_{own.pk}"' in text and f'name="version_{foreign.pk}"' not in text
    own.refresh_from_db()
    assert own.state == "submitted"  # nothing approved before confirmation
    response = client.post(
        url, {**selection, "confirm": "yes", f"version_{own.pk}": version_token(own), f"version_{foreign.pk}": "1"}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    foreign.refresh_from_db()
    assert (own.state, own.reviewed_by) == ("approved", people["head"])
    assert foreign.state == "submitted"


def test_bulk_approval_refuses_a_value_changed_after_the_confirmation_page(client, people, indicator):
    measurement = enter(people["staff"], indicator, "4")
    shown = version_token(measurement)
    measurement_save(user=people["staff"], measurement=measurement, values={"value": Decimal(7)})
    client.force_login(people["head"])
    response = client.post(
        reverse("admin:kpis_measurement_changelist"),
        {
            "action": "approve_selected",
            "_selected_action": [measurement.pk],
            "confirm": "yes",
            f"version_{measurement.pk}": shown,
        },
        follow=True,
    )
    assert "다른 사람이 먼저 고쳐서 저장하지 않았습니다" in response.content.decode()
    measurement.refresh_from_db()
    assert measurement.state == "submitted"


def test_plain_staff_get_no_approval_action_and_cannot_approve_their_own(client, people, indicator):
    measurement = enter(people["staff"], indicator, "4")
    client.force_login(people["staff"])
    response = client.get(reverse("admin:kpis_measurement_changelist"))
    action_form = response.context["action_form"]
    assert action_form is None or "approve_selected" not in dict(action_form.fields["action"].choices)
    client.post(
        reverse("admin:kpis_measurement_changelist"),
        {"action": "approve_selected", "_selected_action": [measurement.pk], "confirm": "yes"},
    )
    measurement.refresh_from_db()
    assert measurement.state == "submitted"


def test_an_approved_actual_is_immutable_through_admin_and_import_and_is_corrected_instead(client, people, indicator):
    measurement = enter(people["staff"], indicator, "4")
    measurement_approve(user=people["head"], measurement=measurement)
    client.force_login(people["staff"])
    change_url = reverse("admin:kpis_measurement_change", args=[measurement.pk])
    client.post(change_url, {"indicator": indicator.pk, "period": "year", "year": 2026, "label": "2026", "value": "99"})
    measurement.refresh_from_db()
    assert measurement.value == Decimal(4)

    workbook = io.BytesIO()
    measurement_import_template(user=people["staff"], period=Period(PeriodKind.YEAR, 2026), target=workbook)
    book = openpyxl.load_workbook(io.BytesIO(workbook.getvalue()))
    for row in book.active.iter_rows(min_row=4):
        if row[0].value == SMART and row[4].value == 2026:
            row[8].value = 6
    upload = io.BytesIO()
    book.save(upload)
    measurements_import(user=people["staff"], uploaded=io.BytesIO(upload.getvalue()))
    measurement.refresh_from_db()
    assert (measurement.value, measurement.state) == (Decimal(4), "approved")
    correction = Correction.objects.of(measurement).get()
    assert (correction.state, correction.changes["value"]) == ("submitted", "6")
    assert "정정됨" not in public_text(client, indicator)

    client.force_login(people["other_head"])
    client.post(reverse("admin:kpis_measurement_approve", args=[measurement.pk]))
    measurement.refresh_from_db()
    assert measurement.value == Decimal(4)  # another unit's head cannot reach it

    client.force_login(people["head"])
    client.post(
        reverse("admin:kpis_measurement_approve", args=[measurement.pk]), {"opened_version": version_token(measurement)}
    )
    measurement.refresh_from_db()
    assert measurement.value == Decimal(6) and measurement.corrected_at is not None
    assert "정정됨 2026. 11. 23." in public_text(client, indicator)


def test_every_write_is_in_history_with_who(people, indicator):
    measurement = enter(people["staff"], indicator, "4")
    measurement_approve(user=people["head"], measurement=measurement)
    rows = list(measurement.history.order_by("version").values_list("state", "history_user"))
    assert rows == [("submitted", people["staff"].pk), ("approved", people["head"].pk)]
