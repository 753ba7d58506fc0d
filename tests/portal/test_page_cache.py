"""Whole-page cache of public pages: fresh after every publishing change, bypassed by staff, 304 on revalidation."""

import datetime
import io

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from kpis.models import EvaluationMilestone
from kpis.services import measurements_import
from plans.models import OrgUnit, Plan, ProgressReport, Task
from plans.services import progress_report_approve, progress_report_save, progress_report_submit
from portal import generation, roles
from portal.models import DataGeneration
from portal.page_cache import page_key
from tests.factories import staff_user
from tests.kpis.test_imports import GOOD, filled

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)
PLAN = "namyangju-2026-planning-office"


@pytest.fixture(autouse=True)
def page_cache_on():
    """The cache switched on and empty, at a fixed time (the progress workflow depends on the day)."""
    cache.clear()
    with override_settings(PUBLIC_PAGE_CACHE=True), time_machine.travel(TODAY, tick=False):
        yield
    cache.clear()


def task_url():
    return Task.objects.get(strategy__plan__slug=PLAN, code="1-1").get_absolute_url()


def generation_value():
    return DataGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def test_an_anonymous_page_is_public_revalidatable_and_sets_no_cookie(client, seeded):
    response = client.get(reverse("plans:plan_list", kwargs={"slug": "namyangju"}))
    assert response.status_code == 200
    assert response["ETag"].startswith('"g')
    assert response["Last-Modified"]
    assert "public" in response["Cache-Control"] and "must-revalidate" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert not response.cookies


def test_a_cached_hit_costs_no_query(client, seeded, django_assert_num_queries):
    url = reverse("plans:plan", kwargs={"slug": "namyangju", "plan_slug": PLAN})
    first = client.get(url).content
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first


def test_query_strings_and_languages_are_cached_apart(client, seeded):
    url = reverse("plans:plan", kwargs={"slug": "namyangju", "plan_slug": PLAN})
    korean = client.get(url).content.decode()
    english = client.get("/en" + url).content.decode()
    assert 'lang="ko"' in korean and 'lang="en"' in english
    unit = Task.objects.get(strategy__plan__slug=PLAN, code="1-1").lead_unit
    filtered = client.get(url, {"unit": unit.pk}).content.decode()
    assert "조건에 맞는" in filtered and "조건에 맞는" not in korean


def test_revalidation_with_the_etag_or_date_answers_304_without_a_query(client, seeded, django_assert_num_queries):
    url = reverse("kpis:calendar", kwargs={"slug": "namyangju"})
    first = client.get(url)
    with django_assert_num_queries(0):
        by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert by_etag["ETag"] == first["ETag"]


def test_approving_a_report_shows_it_on_the_next_anonymous_request(client, seeded, django_capture_on_commit_callbacks):
    policy = OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과")
    staff, manager = staff_user(policy), staff_user(policy, role=roles.MANAGER)
    task = Task.objects.get(strategy__plan__slug=PLAN, code="1-1")
    before = client.get(task_url())
    assert "정책현장투어 7회 실시" not in before.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # each service call commits on its own
        report = progress_report_save(
            user=staff, task=task, year=2026, quarter=4, status=ProgressReport.Status.ON_TRACK, progress=65,
            narrative="정책현장투어 7회 실시",
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        report = progress_report_submit(user=staff, report=report)
    assert "정책현장투어 7회 실시" not in client.get(task_url()).content.decode()  # submitted is not published
    with django_capture_on_commit_callbacks(execute=True):
        progress_report_approve(user=manager, report=report)
    after = client.get(task_url())
    assert "정책현장투어 7회 실시" in after.content.decode()
    assert after["ETag"] != before["ETag"]
    assert client.get(task_url(), HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_an_admin_save_of_a_public_record_bumps_the_generation(client, seeded, django_capture_on_commit_callbacks):
    office = OrgUnit.objects.get(municipality__slug="namyangju", name="기획조정실")
    client.force_login(staff_user(office, role=roles.COORDINATOR))
    milestone = EvaluationMilestone.objects.filter(municipality__slug="namyangju").first()
    data = {key: ("" if value is None else value) for key, value in model_to_dict(milestone).items()}
    calendar = reverse("kpis:calendar", kwargs={"slug": "namyangju"}) + f"?year={milestone.year}"
    client.logout()
    assert "새 평가 일정" not in client.get(calendar).content.decode()  # cached before the change
    client.force_login(staff_user(office, role=roles.COORDINATOR))
    before = generation_value()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:kpis_evaluationmilestone_change", args=[milestone.pk]), {**data, "title": "새 평가 일정"}
        )
    assert response.status_code == 302
    assert generation_value() == before + 1  # one bump for the save and its history row
    client.logout()
    assert "새 평가 일정" in client.get(calendar).content.decode()


def test_an_admin_delete_of_a_public_record_bumps_the_generation(client, seeded, django_capture_on_commit_callbacks):
    office = OrgUnit.objects.get(municipality__slug="namyangju", name="기획조정실")
    client.force_login(staff_user(office, role=roles.COORDINATOR))
    milestone = EvaluationMilestone.objects.filter(municipality__slug="namyangju").first()
    before = generation_value()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:kpis_evaluationmilestone_delete", args=[milestone.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not EvaluationMilestone.objects.filter(pk=milestone.pk).exists()
    assert generation_value() == before + 1


def test_a_seed_load_that_changes_data_bumps_the_generation(seeded, django_capture_on_commit_callbacks):
    Plan.objects.filter(slug=PLAN).update(title="손댄 제목")  # update() sends no signal
    before = generation_value()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seed", verbosity=0)
    assert Plan.objects.get(slug=PLAN).title != "손댄 제목"
    assert generation_value() == before + 1  # the whole load is one transaction, one bump


def test_an_import_bumps_the_generation(seeded, roles_synced, django_capture_on_commit_callbacks):
    staff = staff_user(OrgUnit.objects.get(municipality__slug="namyangju", name="스마트도시과"))
    data = filled(staff, GOOD)
    before = generation_value()
    with django_capture_on_commit_callbacks(execute=True):
        measurements_import(user=staff, uploaded=io.BytesIO(data))
    assert generation_value() == before + 1


def test_a_bump_reaches_the_database_and_the_cache_copy(seeded, django_assert_num_queries):
    before = generation_value()
    generation.bump()
    assert generation_value() == before + 1
    with django_assert_num_queries(0):
        assert generation.current()[0] == before + 1


def test_many_changes_in_one_transaction_bump_once(seeded, django_capture_on_commit_callbacks):
    before = generation_value()
    with django_capture_on_commit_callbacks(execute=True):
        for task in Task.objects.filter(strategy__plan__slug=PLAN)[:5]:
            task.save()
    assert generation_value() == before + 1


def test_logged_in_staff_bypass_the_cache_and_get_a_private_page(client, seeded):
    url = reverse("plans:plan_list", kwargs={"slug": "namyangju"})
    client.get(url)
    Plan.objects.filter(slug=PLAN).update(title="바뀐 제목")  # no bump: only a bypass can show it
    assert "바뀐 제목" not in client.get(url).content.decode()
    client.force_login(staff_user(OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과")))
    response = client.get(url)
    assert "바뀐 제목" in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response
    assert "Cookie" in response["Vary"]


def test_pages_still_answer_when_the_cache_is_unreachable(client, seeded, caplog):
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(CACHES=unreachable):
        for _ in range(2):
            response = client.get(reverse("plans:plan_list", kwargs={"slug": "namyangju"}))
            assert response.status_code == 200
            assert "남양주시 업무계획" in response.content.decode()
    assert "unreachable" in caplog.text


def test_admin_api_and_report_screens_are_never_stored(client, seeded):
    def stored(path):
        value, _changed_at = generation.current()
        return cache.get(page_key(RequestFactory().get(path), value, timezone.localdate())) is not None

    for path in ["/admin/login/", "/api/v1/tasks/", "/reports/", reverse("plans:home")]:
        client.get(path)
    assert not stored("/admin/login/") and not stored("/api/v1/tasks/") and not stored("/reports/")
    assert stored(reverse("plans:home"))
