"""The pledge workbook's three texts and yearly targets: exported, onboarded for review, re-imported changing nothing."""

import io

import openpyxl
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from plans.models import Municipality, OrgUnit
from pledges import plan_onboarding
from pledges.models import PledgeText, PledgeTextKind, Term, YearlyTarget
from pledges.onboarding import export_pledges, preview_pledge_import
from pledges.plan_onboarding import TARGETS, TEXT_SHEETS
from pledges.services import pledge_list_import
from tests.pledges.plan_data import ELECTION, PLAN, approved_text, target

pytestmark = pytest.mark.django_db
ELECTION_SHEET, PLAN_SHEET, CURRENT_SHEET = (TEXT_SHEETS[kind] for kind in PledgeTextKind)


@pytest.fixture
def planned(pledge, goyang):
    """The seed pledge with an approved election text and 실천계획 (one cooperating unit) and two targets."""
    reviewer = goyang["coordinator"]
    approved_text(pledge, PledgeTextKind.ELECTION, reviewer, **ELECTION)
    plan = approved_text(pledge, PledgeTextKind.PLAN, reviewer, lead_unit=pledge.lead_unit, **PLAN)
    plan.cooperating_units.set([OrgUnit.objects.get(municipality=pledge.term.municipality, name="일자리정책과")])
    target(pledge, 2019, "achieved", target_value=3, target_unit="개", plan="3개 유치")
    target(pledge, 2020, plan="지원센터 설치")
    return pledge


def exported(term):
    out = io.BytesIO()
    export_pledges(term, out)
    return out.getvalue()


def edited(data, spec, changes, row=4):
    """The workbook with the cells `changes` ({column key: value}) of one row of `spec`'s sheet replaced."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    ws = workbook[spec.title]
    keys = [column.key for column in spec.columns]
    for key, value in changes.items():
        ws.cell(row, keys.index(key) + 1).value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def database():
    """Every row of every table (history included), to prove an import changed nothing."""
    return {
        model._meta.db_table: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
    }


def text_records(term):
    texts = (
        PledgeText.objects.current()
        .filter(pledge__term=term)
        .select_related("pledge", "lead_unit")
        .prefetch_related("cooperating_units")
    )
    return sorted(
        (
            text.pledge.code,
            text.kind,
            *(getattr(text, name) for name in plan_onboarding.TEXT_FIELDS),
            text.lead_unit.name if text.lead_unit else "",
            tuple(sorted(unit.name for unit in text.cooperating_units.all())),
        )
        for text in texts
    )


def target_records(term):
    return list(
        YearlyTarget.objects.filter(pledge__term=term)
        .order_by("pledge__code", "year")
        .values_list("pledge__code", *plan_onboarding.TARGET_FIELDS)
    )


def empty_city_like(term):
    """A new city with units named as those of `term`'s city, for the pledges and texts to land in."""
    city = Municipality.objects.create(name="새내기시", slug="saenaegi")
    for unit in OrgUnit.objects.filter(municipality=term.municipality):
        OrgUnit.objects.get_or_create(municipality=city, name=unit.name, defaults={"kind": unit.kind})
    return city


def test_the_texts_and_targets_onboard_into_an_empty_city_as_submitted_drafts_nothing_public(planned):
    term = planned.term
    city = empty_city_like(term)
    pledge_list_import(user=None, uploaded=io.BytesIO(exported(term)), municipality=city)
    copy = Term.objects.get(municipality=city, name=term.name)
    assert text_records(copy) == text_records(term)
    assert len(text_records(copy)) == 2
    assert set(PledgeText.objects.filter(pledge__term=copy).values_list("state", flat=True)) == {"submitted"}
    assert not PledgeText.objects.filter(pledge__term=copy).approved().exists()
    assert target_records(copy) == target_records(term)
    assert not YearlyTarget.objects.filter(pledge__term=copy).decided().exists()


def test_importing_the_workbooks_own_export_changes_nothing_and_says_unchanged(planned):
    term = planned.term
    data = exported(term)
    before = database()
    preview = pledge_list_import(user=None, uploaded=io.BytesIO(data), municipality=term.municipality)
    assert database() == before
    plan_rows = [row for spec in plan_onboarding.SHEETS for row in preview.sheets[spec]]
    assert len(plan_rows) == 4
    assert {row.action for row in preview.rows} == {"unchanged"}
    assert preview.counts == {"create": 0, "update": 0, "unchanged": len(preview.rows)}


def test_a_changed_approved_text_becomes_a_submitted_correction_and_the_approved_text_stays_public(planned):
    term = planned.term
    approved = PledgeText.objects.get(pledge=planned, kind=PledgeTextKind.PLAN)
    data = edited(exported(term), PLAN_SHEET, {"goal": "기업 20개 유치", "total_cost": 7_000_000_000})
    preview = preview_pledge_import(io.BytesIO(data), municipality=term.municipality)
    (row,) = preview.sheets[PLAN_SHEET]
    assert (row.action, row.summary) == ("update", "승인된 기록의 정정을 제출 (승인 전까지 지금 내용이 공개)")
    pledge_list_import(user=None, uploaded=io.BytesIO(data), municipality=term.municipality)
    correction = PledgeText.objects.get(corrects=approved)
    assert (correction.state, correction.goal, correction.total_cost) == ("submitted", "기업 20개 유치", 7_000_000_000)
    assert list(correction.cooperating_units.values_list("name", flat=True)) == ["일자리정책과"]
    approved.refresh_from_db()
    assert (approved.state, approved.goal) == ("approved", PLAN["goal"])
    assert PledgeText.objects.approved().get(pledge=planned, kind=PledgeTextKind.PLAN) == approved

    again = edited(exported(term), PLAN_SHEET, {"goal": "기업 30개 유치"})
    before = database()
    with pytest.raises(ValidationError, match="검토를 기다리는 기록은 고칠 수 없습니다"):
        pledge_list_import(user=None, uploaded=io.BytesIO(again), municipality=term.municipality)
    assert database() == before


def test_a_returned_text_is_changed_in_place_and_submitted_again(planned, goyang):
    current = PledgeText.objects.create(pledge=planned, kind=PledgeTextKind.CURRENT, goal="초안", state="returned")
    data = edited(exported(planned.term), CURRENT_SHEET, {"goal": "고친 현재 목표", "lead_unit": "기업지원과"})
    pledge_list_import(user=goyang["coordinator"], uploaded=io.BytesIO(data), municipality=planned.term.municipality)
    current.refresh_from_db()
    assert (current.state, current.goal, current.lead_unit.name) == ("submitted", "고친 현재 목표", "기업지원과")
    assert current.history.first().history_user == goyang["coordinator"]
    assert PledgeText.objects.filter(pledge=planned, kind=PledgeTextKind.CURRENT).count() == 1


def test_an_undecided_target_changes_and_a_new_year_is_added_but_a_decided_target_is_refused(planned):
    term = planned.term
    data = edited(exported(term), TARGETS, {"target": "고친 목표", "target_value": 5}, row=5)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    workbook[TARGETS.title].append(["1-2-4", 2021, "2021년 목표", "2.5", "개", "계획"])
    out = io.BytesIO()
    workbook.save(out)
    preview = pledge_list_import(user=None, uploaded=io.BytesIO(out.getvalue()), municipality=term.municipality)
    assert [row.action for row in preview.sheets[TARGETS]] == ["unchanged", "update", "create"]
    assert target_records(term)[1:] == [
        ("1-2-4", 2020, "고친 목표", 5, "", "지원센터 설치"),
        ("1-2-4", 2021, "2021년 목표", 2.5, "개", "계획"),
    ]
    decided = edited(exported(term), TARGETS, {"target": "판정 뒤 고친 목표"})
    before = database()
    with pytest.raises(ValidationError, match=r"4행 \[연차별 목표 · 목표\] 달성 여부가 판정된 목표는 고칠 수 없습니다"):
        pledge_list_import(user=None, uploaded=io.BytesIO(decided), municipality=term.municipality)
    assert database() == before


@pytest.mark.parametrize(
    ("spec", "changes", "message"),
    [
        (PLAN_SHEET, {"pledge": None}, r"4행 \[실천계획 · 공약 번호\] 값을 입력하세요"),
        (PLAN_SHEET, {"pledge": "9-9-9"}, r"\[실천계획 · 공약 번호\] '공약' 시트에 공약 번호 '9-9-9'"),
        (PLAN_SHEET, {"lead_unit": "없는과"}, r"\[실천계획 · 주관부서\] 조직 '없는과'이\(가\) 없습니다"),
        (PLAN_SHEET, {"cooperating_units": "일자리정책과, 유령과"}, r"\[실천계획 · 협조부서\] 조직 '유령과'"),
        (PLAN_SHEET, {"total_cost": "오십억"}, r"\[실천계획 · 총사업비\(원\)\] 숫자가 아닙니다: '오십억'"),
        (ELECTION_SHEET, {"total_cost": -5}, r"\[선거공약 · 총사업비\(원\)\] 0 이상의 원 단위 금액"),
        (PLAN_SHEET, {"national_funds": "1.5"}, r"\[실천계획 · 국비\(원\)\] 정수가 아닙니다"),
        (PLAN_SHEET, {"period_start": "내년 봄"}, r"\[실천계획 · 기간 시작\(월\)\] 달을 알 수 없습니다"),
        (PLAN_SHEET, {"period_start": "2022-07", "period_end": "2019-01"}, r"기간 끝이 시작보다 앞섭니다"),
        (PLAN_SHEET, {"goal": None, "content": None}, r"\[실천계획 · 목표\] 목표나 주요 내용을 입력하세요"),
        (TARGETS, {"year": "이천이십"}, r"\[연차별 목표 · 연도\] 숫자가 아닙니다"),
        (TARGETS, {"year": 2030}, r"\[연차별 목표 · 연도\] 임기\(2018~2022년\) 안의 연도"),
        (TARGETS, {"target_value": "많이"}, r"\[연차별 목표 · 목표치\] 숫자가 아닙니다"),
        (TARGETS, {"target": None}, r"\[연차별 목표 · 목표\] 값을 입력하세요"),
    ],
)
def test_bad_input_names_the_sheet_row_and_column_and_changes_nothing(planned, spec, changes, message):
    term = planned.term
    data = edited(exported(term), spec, changes)
    before = database()
    with pytest.raises(ValidationError, match=message):
        pledge_list_import(user=None, uploaded=io.BytesIO(data), municipality=term.municipality)
    assert database() == before


def test_a_duplicated_text_or_target_row_is_refused(planned):
    workbook = openpyxl.load_workbook(io.BytesIO(exported(planned.term)))
    workbook[TARGETS.title].append(["1-2-4", 2020, "다시 나온 목표"])
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(ValidationError, match=r"5행과 같은 항목이 다시 나옵니다"):
        pledge_list_import(user=None, uploaded=io.BytesIO(out.getvalue()), municipality=planned.term.municipality)


def test_a_title_change_beside_new_texts_is_refused_whole(planned):
    from pledges.onboarding import PLEDGES

    data = edited(edited(exported(planned.term), PLEDGES, {"title": "바꾼 공약명"}), PLAN_SHEET, {"goal": "새 목표"})
    before = database()
    with pytest.raises(ValidationError, match="공약 조정으로만"):
        pledge_list_import(user=None, uploaded=io.BytesIO(data), municipality=planned.term.municipality)
    assert database() == before


@override_settings(IMPORT_MAX_BYTES=2_000)
def test_an_oversize_workbook_is_refused_and_changes_nothing(planned):
    before = database()
    with pytest.raises(ValidationError, match="파일이 너무 큽니다"):
        pledge_list_import(
            user=None, uploaded=io.BytesIO(exported(planned.term)), municipality=planned.term.municipality
        )
    assert database() == before


def test_a_malformed_workbook_is_refused_and_changes_nothing(planned):
    data = exported(planned.term)
    before = database()
    for broken in (data[: len(data) // 2], b"PK\x03\x04" + b"\x00" * 200, "공약".encode() * 50):
        with pytest.raises(ValidationError):
            pledge_list_import(user=None, uploaded=io.BytesIO(broken), municipality=planned.term.municipality)
    assert database() == before


def test_the_admin_preview_shows_each_text_and_target_row_new_changed_or_unchanged(
    client, planned, goyang, roles_synced
):
    client.force_login(goyang["coordinator"])
    data = edited(exported(planned.term), ELECTION_SHEET, {"goal": "바뀐 선거공약 목표"})
    response = client.post(reverse("admin:pledges_term_import"), {"file": SimpleUploadedFile("p.xlsx", data)})
    rows = {row.label: row.action_label for row in response.context["preview"].rows}
    assert rows["[선거공약] 1-2-4"] == "수정"
    assert rows["[실천계획] 1-2-4"] == "변경 없음"
    assert rows["[연차별 목표] 1-2-4 2019"] == "변경 없음"
    assert "승인된 기록의 정정을 제출" in response.content.decode()
    done = client.post(reverse("admin:pledges_term_import"), {"confirm": "1", "token": response.context["token"]})
    assert done.status_code == 302
    assert PledgeText.objects.filter(pledge=planned, kind="election", state="submitted").get().corrects_id


def test_unit_staff_cannot_propose_texts_through_the_list_import(planned, goyang):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        pledge_list_import(
            user=goyang["manager"], uploaded=io.BytesIO(exported(planned.term)), municipality=planned.term.municipality
        )
    assert not PledgeText.objects.filter(state="submitted").exists()


def test_a_generated_citys_pledge_workbook_onboards_its_texts_and_targets_into_an_empty_city(roles_synced):
    from citygen.services import city_generate
    from pledges.onboarding import PLEDGES

    city_generate(slug="gen", scale=4, seed=3)
    term = Term.objects.get(municipality__slug="gen")
    assert PledgeText.objects.filter(pledge__term=term).count() >= 10
    workbook = openpyxl.load_workbook(io.BytesIO(exported(term)))
    keys = [column.key for column in PLEDGES.columns]
    for row in range(4, workbook[PLEDGES.title].max_row + 1):  # the empty city has no plans to link
        workbook[PLEDGES.title].cell(row, keys.index("tasks") + 1).value = None
        status = workbook[PLEDGES.title].cell(row, keys.index("status") + 1)
        if status.value in ("완료", "이행후 계속추진"):  # completion is decided in the portal, never imported
            status.value = "정상추진"
    out = io.BytesIO()
    workbook.save(out)
    city = empty_city_like(term)

    preview = pledge_list_import(user=None, uploaded=io.BytesIO(out.getvalue()), municipality=city)

    copy = Term.objects.get(municipality=city)
    assert text_records(copy) == text_records(term)
    assert target_records(copy) == target_records(term)
    assert {row.action for spec in plan_onboarding.SHEETS for row in preview.sheets[spec]} == {"create"}
    assert not PledgeText.objects.filter(pledge__term=copy).approved().exists()
    before = database()
    again = pledge_list_import(user=None, uploaded=io.BytesIO(exported(copy)), municipality=city)
    assert {row.action for row in again.rows} == {"unchanged"}
    assert database() == before


def test_the_preview_marks_a_changed_official_or_term_as_changed_and_the_rest_unchanged(planned):
    from pledges.onboarding import OFFICIALS, TERM

    term = planned.term
    data = edited(edited(exported(term), OFFICIALS, {"phone": "8075-0000"}), TERM, {"end": "2022-05"})
    preview = preview_pledge_import(io.BytesIO(data), municipality=term.municipality)
    changed = [(row.label, row.action) for row in preview.rows if row.action != "unchanged"]
    assert changed == [(preview.sheets[sheet][0].label, "update") for sheet in (TERM, OFFICIALS)]
