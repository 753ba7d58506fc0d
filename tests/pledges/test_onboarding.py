"""A term's pledge list as a workbook: export, onboard into an empty city, re-import changing nothing, 조정 kept."""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from plans.models import Municipality, OrgUnit
from pledges import onboarding
from pledges.models import Pledge, PledgeOfficial, Term
from pledges.onboarding import export_pledges, preview_pledge_import
from pledges.services import pledge_list_import
from portal import roles
from tests.factories import OrgUnitFactory, staff_user

pytestmark = pytest.mark.django_db


def seed_term():
    return Term.objects.get(municipality__slug="goyang", name="민선7기")


def exported(term):
    target = io.BytesIO()
    export_pledges(term, target)
    return target.getvalue()


def edited(data, spec, key, value, row=4):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    ws = workbook[spec.title]
    ws.cell(row, [c.key for c in spec.columns].index(key) + 1).value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def term_records(term):
    return {
        "term": (term.name, term.start, term.end),
        "categories": list(term.categories.order_by("code").values_list("code", "name")),
        "pledges": [
            (
                p.code,
                p.title,
                p.target,
                p.lead_unit.name,
                p.status,
                list(p.officials.order_by("order").values_list("order", "role", "name", "phone")),
                sorted((t.strategy.plan.slug, t.code) for t in p.tasks.all()),
            )
            for p in term.pledges.select_related("lead_unit").order_by("code")
        ],
    }


def history_rows():
    return Pledge.history.count() + PledgeOfficial.objects.count() + Term.objects.count()


def test_the_seed_pledge_list_onboards_into_an_empty_city_as_the_same_records(seeded):
    term = seed_term()
    city = Municipality.objects.create(name="새내기시", slug="saenaegi")
    for unit in {pledge.lead_unit for pledge in term.pledges.all()}:
        OrgUnit.objects.create(municipality=city, name=unit.name, kind=unit.kind)
    preview = pledge_list_import(user=None, uploaded=io.BytesIO(exported(term)), municipality=city)
    copy = Term.objects.get(municipality=city, name=term.name)
    assert term_records(copy) == term_records(term)
    assert preview.counts["create"] == len(preview.rows)


def test_importing_the_lists_own_export_changes_nothing(seeded):
    term = seed_term()
    before, records = history_rows(), term_records(term)
    pledge_list_import(user=None, uploaded=io.BytesIO(exported(term)), municipality=term.municipality)
    assert (history_rows(), term_records(term)) == (before, records)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("title", "바꾼 공약명", "공약 조정으로만"),
        ("target", "바꾼 목표", "공약 조정으로만"),
        ("status", "완료", "사유와 함께 바꾸세요"),
        ("status", "폐기", "사유와 함께 바꾸세요"),
        ("lead_unit", "없는과", "조직 '없는과'이(가) 없습니다"),
        ("tasks", "no-plan:1-1", "과제 'no-plan:1-1'을(를) 찾을 수 없습니다"),
        ("status", "대충추진", "쓸 수 없습니다"),
        ("code", None, "값을 입력하세요"),
    ],
)
def test_a_row_that_would_bypass_a_procedure_or_names_nothing_is_refused_and_nothing_is_written(
    seeded, key, value, message
):
    term = seed_term()
    data = edited(exported(term), onboarding.PLEDGES, key, value)
    before = term_records(term)
    with pytest.raises(ValidationError) as refused:
        pledge_list_import(user=None, uploaded=io.BytesIO(data), municipality=term.municipality)
    assert message in "\n".join(refused.value.messages)
    assert term_records(term) == before


def test_an_official_of_a_pledge_the_sheet_does_not_list_is_refused(seeded):
    data = edited(exported(seed_term()), onboarding.OFFICIALS, "pledge", "9-9-9")
    with pytest.raises(ValidationError, match="공약 번호 '9-9-9'이\\(가\\) 없습니다"):
        preview_pledge_import(io.BytesIO(data), municipality=seed_term().municipality).raise_if_invalid()


def test_a_new_pledge_of_an_existing_term_is_added_with_its_status(seeded):
    term = seed_term()
    workbook = openpyxl.load_workbook(io.BytesIO(exported(term)))
    lead = term.pledges.first().lead_unit.name
    workbook[onboarding.PLEDGES.title].append(["9-9-9", "새 공약", "새 목표", lead, "정상추진", ""])
    out = io.BytesIO()
    workbook.save(out)
    pledge_list_import(user=None, uploaded=io.BytesIO(out.getvalue()), municipality=term.municipality)
    added = Pledge.objects.get(term=term, code="9-9-9")
    assert (added.title, added.status, added.lead_unit.name) == ("새 공약", "on_track", lead)


def test_only_the_coordinating_office_of_the_city_onboards_its_pledges(seeded, roles_synced):
    term = seed_term()
    own = OrgUnitFactory(municipality=term.municipality, is_coordinating=True)
    for user in (staff_user(own), staff_user(OrgUnitFactory(is_coordinating=True), role=roles.COORDINATOR)):
        with pytest.raises(PermissionDenied):
            pledge_list_import(user=user, uploaded=io.BytesIO(exported(term)), municipality=term.municipality)


def test_commands_export_and_dry_run_the_list(seeded, tmp_path, capsys):
    path = tmp_path / "pledges.xlsx"
    call_command("export_pledges", "goyang", "민선7기", str(path))
    call_command("import_pledges", str(path), "--municipality", "goyang", "--dry-run")
    output = capsys.readouterr().out
    assert "[공약] 1-2-4 남북경제교류관련 기업유치 기반조성" in output
    assert "검사만 했습니다: 새로 작성 0행" in output


def test_the_coordinating_office_walks_export_and_import_in_the_admin(client, seeded, roles_synced):
    term = seed_term()
    own = OrgUnitFactory(municipality=term.municipality, is_coordinating=True)
    client.force_login(staff_user(own, role=roles.COORDINATOR))
    changelist = reverse("admin:pledges_term_changelist")
    download = client.post(changelist, {"action": "export_workbook", "_selected_action": [term.pk]})
    data = b"".join(download.streaming_content)
    url = reverse("admin:pledges_term_import")
    preview = client.post(url, {"file": SimpleUploadedFile("pledges.xlsx", data)})
    assert "[공약] 1-2-4" in preview.content.decode()
    assert client.post(url, {"confirm": "1", "token": preview.context["token"]}).status_code == 302
