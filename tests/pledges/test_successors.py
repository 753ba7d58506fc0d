"""Pledge successors across terms (민선7기 → 민선8기): recorded by staff, shown on both pledge pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pledges.models import Pledge, Term
from portal import roles
from tests.factories import OrgUnitFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def later_term(pledge):
    return Term.objects.create(
        municipality=pledge.term.municipality,
        name="민선8기",
        start=datetime.date(2022, 7, 1),
        end=datetime.date(2026, 6, 30),
    )


@pytest.fixture
def successor(pledge, later_term):
    return Pledge.objects.create(
        term=later_term, code="2-3-1", title="남북경제협력 기업지원 확대", lead_unit=pledge.lead_unit
    )


def form_data(client, pledge, **changes):
    """The pledge's change form as the browser sends it back: its values, its inlines' management forms, changes."""
    response = client.get(reverse("admin:pledges_pledge_change", args=[pledge.pk]))
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = [str(item) for item in value] if isinstance(value, list | tuple) else value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(name): value for name, value in management.initial.items()})
        for row in inline.formset.forms:
            data.update({row.add_prefix(name): row[name].value() or "" for name in row.fields})
    data.update(changes)
    return data


def test_staff_record_a_successor_and_both_pages_link_each_other(client, pledge, successor):
    office = OrgUnitFactory(municipality=pledge.term.municipality, is_coordinating=True)
    coordinator = staff_user(office, role=roles.COORDINATOR)
    client.force_login(coordinator)
    url = reverse("admin:pledges_pledge_change", args=[successor.pk])
    response = client.post(url, form_data(client, successor, succeeds=pledge.pk))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    successor.refresh_from_db()
    assert successor.succeeds == pledge
    assert successor.history.first().succeeds_id == pledge.pk
    assert successor.history.first().history_user == coordinator

    client.logout()
    later_page = client.get(successor.get_absolute_url()).content.decode()
    assert "이전 임기 공약" in later_page and f'href="{pledge.get_absolute_url()}"' in later_page
    earlier_page = client.get(pledge.get_absolute_url()).content.decode()
    assert "다음 임기 공약" in earlier_page and f'href="{successor.get_absolute_url()}"' in earlier_page
    assert "민선8기 공약 2-3-1" in earlier_page


def test_a_pledge_succeeds_only_an_earlier_term_of_its_own_city(pledge, successor, later_term):
    pledge.succeeds = successor
    with pytest.raises(ValidationError) as refused:
        pledge.full_clean()
    assert "앞선 임기" in str(refused.value)
    successor.succeeds = successor
    with pytest.raises(ValidationError):
        successor.full_clean()
    elsewhere = Term.objects.exclude(municipality=pledge.term.municipality).first() or Term.objects.create(
        municipality=OrgUnitFactory().municipality, name="민선7기", start=later_term.start, end=later_term.end
    )
    foreign = Pledge.objects.create(term=elsewhere, code="9-9", title="다른 시 공약", lead_unit=pledge.lead_unit)
    successor.succeeds = foreign
    with pytest.raises(ValidationError):
        successor.full_clean()
    assert Pledge.objects.get(pk=successor.pk).succeeds is None


def test_a_pledge_without_successor_shows_neither_link(client, pledge):
    page = client.get(pledge.get_absolute_url()).content.decode()
    assert "이전 임기 공약" not in page and "다음 임기 공약" not in page


def test_pledge_page_keeps_its_query_count_when_successors_grow_tenfold(
    client, pledge, later_term, django_assert_max_num_queries
):
    counts = []
    for size in (2, 20):
        for index in range(size):
            Pledge.objects.create(
                term=later_term,
                code=f"5-{size}-{index}",
                title="이어받은 공약",
                lead_unit=pledge.lead_unit,
                succeeds=pledge,
            )
        with django_assert_max_num_queries(30) as captured:
            assert client.get(pledge.get_absolute_url()).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_api_names_predecessor_and_successors_both_ways(client, pledge, successor):
    Pledge.objects.filter(pk=successor.pk).update(succeeds=pledge)
    rows = {row["id"]: row for row in client.get("/api/v1/pledges/", {"municipality": "goyang"}).json()["results"]}
    assert rows[pledge.pk]["succeeds"] is None and rows[pledge.pk]["succeeded_by"] == [successor.pk]
    assert rows[successor.pk]["succeeds"] == pledge.pk and rows[successor.pk]["succeeded_by"] == []
    earlier = client.get(f"/api/v1/pledges/{pledge.pk}/").json()
    assert earlier["succeeds"] is None
    assert earlier["succeeded_by"] == [
        {
            "id": successor.pk,
            "municipality": "goyang",
            "term": "민선8기",
            "code": "2-3-1",
            "title": "남북경제협력 기업지원 확대",
            "url": successor.get_absolute_url(),
        }
    ]
    later = client.get(f"/api/v1/pledges/{successor.pk}/").json()
    assert later["succeeds"]["id"] == pledge.pk and later["succeeds"]["term"] == pledge.term.name
    assert later["succeeded_by"] == []


def test_the_pledge_list_api_keeps_its_query_count_when_successors_grow_tenfold(
    client, pledge, later_term, django_assert_max_num_queries
):
    counts = []
    for size in (2, 20):
        Pledge.objects.bulk_create(
            Pledge(
                term=later_term,
                code=f"6-{size}-{n}",
                title="이어받은 공약",
                lead_unit=pledge.lead_unit,
                succeeds=pledge,
            )
            for n in range(size)
        )
        with django_assert_max_num_queries(12) as captured:
            answer = client.get("/api/v1/pledges/", {"municipality": "goyang", "page_size": 100})
        assert answer.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
