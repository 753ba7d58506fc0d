"""Excel import of indicator actuals: template, preview, messages, idempotence, hostile files."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from kpis.imports import measurement_import_template, preview_measurement_import
from kpis.models import Indicator, Measurement
from kpis.services import measurements_import
from plans.imports import progress_import_template
from plans.models import OrgUnit, ProgressReport
from portal.periods import Period, PeriodKind
from portal.periods import quarter as Quarter
from portal.spreadsheet import UNCHANGED
from tests.factories import staff_user
from tests.plans.hostile_uploads import hostile_params

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)
Q4 = Quarter(2026, 4)
YEAR = Period(PeriodKind.YEAR, 2026)
SMART = "nyj-smart-intersections-2026"
CCTV = "nyj-incident-cctv-2026"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def unit(seeded):
    return OrgUnit.objects.get(municipality__slug="namyangju", name="스마트도시과")


@pytest.fixture
def staff(unit, roles_synced):
    return staff_user(unit)


def template(user, period=YEAR):
    out = io.BytesIO()
    measurement_import_template(user=user, period=period, target=out)
    return out.getvalue()


def sheet_rows(data):
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    return [row for row in ws.iter_rows(min_row=4, values_only=True) if any(row)]


def filled(user, entries, extra_rows=(), period=YEAR):
    """The template for `period` with `entries` {indicator key: (value, text, note)} typed in, plus extra rows."""
    workbook = openpyxl.load_workbook(io.BytesIO(template(user, period)))
    ws = workbook.active
    for row in ws.iter_rows(min_row=4):
        if row[0].value in entries:
            row[8].value, row[9].value, row[10].value = entries[row[0].value]
    for values in extra_rows:
        ws.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def counts():
    return (
        ProgressReport.objects.count(),
        ProgressReport.history.count(),
        Measurement.objects.count(),
        Measurement.history.count(),
    )


def refusal(user, data):
    with pytest.raises(ValidationError) as caught:
        measurements_import(user=user, uploaded=io.BytesIO(data))
    return " ".join(caught.value.messages)


GOOD = {SMART: (3, None, "상반기 3개소"), CCTV: ("1,250.5", None, "")}


def test_template_holds_one_row_per_indicator_and_period_of_the_unit(staff, unit):
    rows = sheet_rows(template(staff))
    assert {row[0] for row in rows} == set(
        Indicator.objects.filter(responsible_unit=unit).values_list("key", flat=True)
    )
    smart = next(row for row in rows if row[0] == SMART)
    assert (smart[3], smart[4], smart[6], smart[7]) == ("연", 2026, "2026", 5)
    assert openpyxl.load_workbook(io.BytesIO(template(staff))).active["A1"].value == "kpi-measurement-import v2"


def test_preview_writes_nothing_and_import_creates_measurements_entered_by_the_user(staff):
    before = counts()
    data = filled(staff, GOOD)
    preview = preview_measurement_import(io.BytesIO(data), user=staff)
    assert [row.action for row in preview.rows] == ["create", "create"]
    assert counts() == before
    measurements_import(user=staff, uploaded=io.BytesIO(data))
    created = Measurement.objects.get(indicator__key=CCTV, year=2026)
    assert (created.value, created.entered_by, created.period, created.label) == (
        Decimal("1250.5"),
        staff,
        "year",
        "2026",
    )
    assert created.history.first().history_user == staff


def test_importing_the_same_file_twice_changes_nothing_the_second_time(staff):
    data = filled(staff, GOOD)
    measurements_import(user=staff, uploaded=io.BytesIO(data))
    after_first = counts()
    preview = measurements_import(user=staff, uploaded=io.BytesIO(data))
    assert {row.action for row in preview.rows} == {UNCHANGED}
    assert counts() == after_first


def test_changed_value_updates_the_stored_measurement(staff):
    measurements_import(user=staff, uploaded=io.BytesIO(filled(staff, GOOD)))
    preview = measurements_import(user=staff, uploaded=io.BytesIO(filled(staff, {**GOOD, SMART: (4, None, "4개소")})))
    assert sorted(row.action for row in preview.rows) == ["unchanged", "update"]
    assert Measurement.objects.get(indicator__key=SMART, year=2026).value == 4
    assert Measurement.objects.filter(indicator__key=SMART, year=2026).count() == 1


@pytest.mark.parametrize(
    ("entries", "extra", "message"),
    [
        ({SMART: ("abc", None, "")}, [], "[실적 값] 숫자가 아닙니다: 'abc'"),
        ({SMART: (None, None, "비고만")}, [], "[실적 값] 실적 값이나 값 원문"),
        ({SMART: (1.234, None, "")}, [], "[실적 값]"),
        ({}, [["nyj-unknown", "x", "개", "연", 2026, None, "2026", None, 1]], "지표 'nyj-unknown'를 찾을 수 없습니다."),
        ({}, [["nyj-bcp-drills", "x", "회", "연", 2026, None, "2026", None, 1]], "소속 부서의 지표가 아닙니다."),
        (
            {SMART: (1, None, "")},
            [[SMART, "x", "개소", "연", 2026, None, "2026", None, 2]],
            "과 같은 항목이 다시 나옵니다 (중복 행)",
        ),
        ({}, [[SMART, "x", "개소", "분기", 2026, 5, "", None, 2]], "[반기·분기·월] 1에서 4 사이여야 합니다."),
        ({}, [[SMART, "x", "개소", "시점", 2026, None, "", None, 2]], "[기준일] 시점 값에는 기준일이 있어야 합니다."),
        (
            {},
            [[SMART, "x", "개소", "시점", 2025, None, "", None, 2, None, None, None, "2026-09-30"]],
            "[연도] 기준일(2026-09-30)의 연도와 다릅니다.",
        ),
        (
            {},
            [[SMART, "x", "개소", "분기", 2026, 3, "", None, 2, None, None, None, "2026-09-30"]],
            "[기준일] 기간 값에는 기준일을 쓰지 않습니다.",
        ),
        (
            {},
            [[SMART, "x", "개소", "시점", 2026, None, "", None, 2, None, None, None, "어제"]],
            "날짜를 알 수 없습니다",
        ),
    ],
    ids=[
        "value-abc",
        "value-missing",
        "too-many-decimals",
        "unknown",
        "other-unit",
        "duplicate",
        "quarter-5",
        "point-without-date",
        "point-other-year",
        "period-with-date",
        "point-bad-date",
    ],
)
def test_bad_row_gets_its_message_and_nothing_is_written(staff, entries, extra, message):
    data = filled(staff, {CCTV: (1, None, ""), **entries}, extra_rows=extra)
    before = counts()
    assert message in " ".join(preview_measurement_import(io.BytesIO(data), user=staff).errors)
    assert message in refusal(staff, data)
    assert counts() == before


@pytest.mark.parametrize(("build", "expected", "overrides"), hostile_params())
def test_hostile_or_malformed_upload_is_refused_and_changes_no_table(staff, settings, build, expected, overrides):
    other = io.BytesIO()
    progress_import_template(user=staff, period=Q4, target=other)
    good = filled(staff, GOOD)
    for name, value in overrides.items():
        setattr(settings, name, value)
    before = counts()
    message = refusal(staff, build(good, other.getvalue()))
    assert any(fragment in message for fragment in expected), message
    assert counts() == before


def test_admin_walks_upload_preview_confirm(client, staff):
    client.force_login(staff)
    url = reverse("admin:kpis_measurement_import")
    assert url in client.get(reverse("admin:kpis_measurement_changelist")).content.decode()
    download = client.get(reverse("admin:kpis_measurement_import_template"), {"year": 2026, "period": "quarter-4"})
    assert SMART in {row[0] for row in sheet_rows(b"".join(download.streaming_content))}
    upload = io.BytesIO(filled(staff, GOOD))
    upload.name = "kpi.xlsx"
    before = Measurement.objects.count()
    preview = client.post(url, {"file": upload})
    assert "가져오기 확정" in preview.content.decode()
    assert Measurement.objects.count() == before
    done = client.post(url, {"confirm": "1", "token": preview.context["token"]})
    assert done.url == reverse("admin:kpis_measurement_changelist")
    assert Measurement.objects.count() == before + 2


def test_template_for_a_chosen_quarter_has_that_quarters_rows_and_its_actuals(staff):
    rows = sheet_rows(template(staff, Quarter(2026, 3)))
    targets = [row for row in rows if Indicator.objects.get(key=row[0]).kind == Indicator.Kind.TARGET]
    assert targets and {(row[3], row[4], row[5], row[6]) for row in targets} == {("분기", 2026, 3, "2026년 3분기")}
    data = filled(staff, {SMART: (2, None, "3분기 2개소")}, period=Quarter(2026, 3))
    measurements_import(user=staff, uploaded=io.BytesIO(data))
    stored = Measurement.objects.get(indicator__key=SMART, period="quarter")
    assert (stored.year, stored.sub, stored.label, stored.value) == (2026, 3, "2026년 3분기", 2)
    again = next(row for row in sheet_rows(template(staff, Quarter(2026, 3))) if row[0] == SMART)
    assert again[8] == 2
    assert next(row for row in sheet_rows(template(staff, Quarter(2026, 4))) if row[0] == SMART)[8] is None


def test_count_indicators_take_a_point_in_time_value_as_of_the_chosen_periods_last_day(seeded, roles_synced):
    count = Indicator.objects.filter(kind=Indicator.Kind.COUNT).select_related("responsible_unit").first()
    staff = staff_user(count.responsible_unit)
    rows = {row[0]: row for row in sheet_rows(template(staff, Quarter(2026, 3)))}
    row = rows[count.key]
    assert (row[3], row[4], row[5], row[6]) == ("시점", 2026, None, "2026. 9. 30. 기준")
    assert row[12].date() == datetime.date(2026, 9, 30)
    before = Measurement.objects.filter(indicator=count).count()
    data = filled(staff, {count.key: (1100, None, "")}, period=Quarter(2026, 3))
    preview = measurements_import(user=staff, uploaded=io.BytesIO(data))
    assert [r.action for r in preview.rows if r.values.get("indicator") == count] == ["create"]
    point = Measurement.objects.get(indicator=count, date=datetime.date(2026, 9, 30))
    assert (point.period, point.year, point.sub, point.value, point.label) == ("point", 2026, None, 1100, row[6])
    assert Measurement.objects.filter(indicator=count).count() == before + 1
    repeat = measurements_import(user=staff, uploaded=io.BytesIO(filled(staff, {}, period=Quarter(2026, 3))))
    assert {r.action for r in repeat.rows if r.values.get("indicator") == count} <= {"unchanged"}
