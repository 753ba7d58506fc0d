"""The seed files load completely, and loading them twice changes nothing."""

import pytest
from django.core.management import call_command

from plans.models import (
    ActionItem,
    ApprovalStep,
    Headcount,
    HeadlineTarget,
    Municipality,
    OrgUnit,
    Plan,
    PlanDirection,
    PlanSection,
    Strategy,
    Task,
    TaskObjective,
    User,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        model.__name__: (model.objects.count(), model.history.count() if hasattr(model, "history") else None)
        for model in (
            Municipality,
            OrgUnit,
            Headcount,
            User,
            Plan,
            PlanSection,
            HeadlineTarget,
            ApprovalStep,
            PlanDirection,
            Strategy,
            Task,
            TaskObjective,
            ActionItem,
        )
    } | {"co_units": list(Task.co_units.through.objects.order_by("pk").values_list("pk", flat=True))}


def test_second_load_changes_no_row_and_adds_no_history(seeded):
    before = snapshot()
    passwords = dict(User.objects.values_list("username", "password"))
    call_command("load_seed", verbosity=0)
    assert snapshot() == before
    assert dict(User.objects.values_list("username", "password")) == passwords


def test_namyangju_planning_office_has_its_six_divisions_heads_and_teams(seeded):
    office = OrgUnit.objects.get(municipality__name="남양주시", name="기획조정실")
    assert (office.head_title, office.head_name, office.is_coordinating) == ("기획조정실장", "오철수", True)
    divisions = dict(office.children.values_list("name", "head_name"))
    assert divisions == {
        "정책기획과": "김병기",
        "의회법무과": "이봉규",
        "인사과": "이성주",
        "예산과": "안병찬",
        "정보통신과": "표용자",
        "스마트도시과": "백희진",
    }
    teams = OrgUnit.objects.filter(parent__name="정책기획과", kind=OrgUnit.Kind.TEAM)
    assert list(teams.values_list("name", flat=True)) == ["기획팀", "정책팀", "조직관리팀", "성과관리팀", "인구정책팀"]


def test_namyangju_headcount_table_of_2026_01_06(seeded):
    rows = dict(
        (name, (authorized, current))
        for name, authorized, current in Headcount.objects.filter(
            unit__municipality__name="남양주시", as_of="2026-01-06"
        ).values_list("unit__name", "authorized", "current")
    )
    assert rows == {
        "기획조정실": (119, 126),
        "정책기획과": (25, 24),
        "의회법무과": (18, 18),
        "인사과": (20, 28),
        "예산과": (15, 15),
        "정보통신과": (21, 21),
        "스마트도시과": (20, 20),
    }
    divisions = [value for name, value in rows.items() if name != "기획조정실"]
    assert (sum(a for a, _ in divisions), sum(c for _, c in divisions)) == rows["기획조정실"]


def test_goyang_and_seoul_units_named_by_the_seeds(seeded):
    assert OrgUnit.objects.get(municipality__name="고양시", name="기업지원과").head_name == "박인석"
    seoul = set(OrgUnit.objects.filter(municipality__name="서울특별시").values_list("name", flat=True))
    assert {
        "경제진흥본부",
        "경제기획관",
        "경제정책과",
        "문화융합경제과",
        "신성장산업과",
        "동북권사업반",
        "서남권사업과",
        "디지털창업과",
        "캠퍼스타운조성단",
        "교통정보과",
        "해외도시협력담당관",
        "서울산업진흥원",
        "SH공사",
    } <= seoul
    policy = OrgUnit.objects.get(municipality__name="서울특별시", name="경제정책과")
    assert (policy.parent.name, policy.parent.parent.name) == ("경제기획관", "경제진흥본부")


def test_one_demo_account_per_division_on_a_reserved_domain(seeded):
    divisions = OrgUnit.objects.filter(kind=OrgUnit.Kind.DIVISION)
    staffed = set(User.objects.filter(groups__name="부서 담당자").values_list("unit_id", flat=True))
    assert set(divisions.values_list("pk", flat=True)) <= staffed
    assert all(email.endswith("@example.com") for email in User.objects.values_list("email", flat=True))


def test_every_city_has_a_demo_account_for_every_role(seeded):
    """A coordinating office, a head and a staff member in each city, each reaching what its role reaches."""
    from django.conf import settings

    from plans.models import Municipality
    from portal import roles

    for city in Municipality.objects.filter(slug__in=["namyangju", "goyang", "seoul"]):
        accounts = User.objects.filter(unit__municipality=city)
        for role in ("staff", "manager", "coordinator"):
            holders = [user for user in accounts if roles.role_of(user) == role]
            assert holders, (city.name, role)
            assert all(user.is_staff and not user.is_superuser for user in holders)
            assert holders[0].check_password(settings.PORTAL_DEMO_PASSWORD)
        coordinator = next(user for user in accounts if user.is_coordinator)
        assert coordinator.unit.is_coordinating
        assert set(OrgUnit.objects.for_user(coordinator)) == set(OrgUnit.objects.filter(municipality=city))
