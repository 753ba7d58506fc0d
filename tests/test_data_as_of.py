"""Every public figure says what it speaks for: its source documents and the day of its newest approval."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from budgets.models import BudgetLine
from kpis.models import EvaluationMilestone, Indicator, Measurement
from pledges.models import Pledge, PledgeCard
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SEOUL_DOCUMENT = (
    "서울 미래 혁신성장 프로젝트 추진계획</a> (서울특별시 경제진흥본부 경제기획관 경제정책과, 2018. 2. 24.)"
)


def as_of(html):
    """The text of the page's "자료 기준" note."""
    found = re.search(r'<p class="as-of data-as-of">(.*?)</p>', html, re.S)
    assert found, "the page has no data-as-of note"
    return re.sub(r"<(?!/?a\b)[^>]+>", "", found.group(1))


def seoul_time(*args):
    return timezone.make_aware(datetime.datetime(*args), timezone.get_default_timezone())


def test_indicator_list_names_its_documents_and_the_newest_approval_in_seoul_days(client, seeded):
    page = reverse("kpis:indicators", kwargs={"slug": "seoul"})
    assert "승인분까지" not in as_of(client.get(page).content.decode())
    assert SEOUL_DOCUMENT in as_of(client.get(page).content.decode())
    indicator = Indicator.objects.filter(municipality__slug="seoul").first()
    # 00:30 on 5 March in Seoul is still 4 March in UTC: the page counts Seoul's day.
    approved = dict(state="approved", period="year", label="2019", value=Decimal(1))
    Measurement.objects.create(indicator=indicator, year=2019, reviewed_at=seoul_time(2026, 3, 5, 0, 30), **approved)
    Measurement.objects.create(
        indicator=indicator, year=2020, reviewed_at=seoul_time(2026, 6, 1), **approved | {"state": "submitted"}
    )
    note = as_of(client.get(page).content.decode())
    assert "2026. 3. 5. 승인분까지" in note  # the submitted figure of June is not public, so not counted


def test_indicator_page_dates_its_own_actuals_only(client, seeded):
    first, second = Indicator.objects.filter(municipality__slug="seoul")[:2]
    Measurement.objects.create(
        indicator=second,
        period="year",
        year=2019,
        label="2019",
        value=1,
        state="approved",
        reviewed_at=seoul_time(2026, 4, 2),
    )
    assert "승인분까지" not in as_of(client.get(first.get_absolute_url()).content.decode())
    assert "2026. 4. 2. 승인분까지" in as_of(client.get(second.get_absolute_url()).content.decode())


def test_calendar_counts_staff_changes_not_the_seed_load(client, seeded):
    page = reverse("kpis:calendar", kwargs={"slug": "namyangju"}) + "?year=2026"
    note = as_of(client.get(page).content.decode())
    assert "2026년 기획조정실 업무계획" in note and "변경분까지" not in note
    milestone = EvaluationMilestone.objects.filter(municipality__slug="namyangju", year=2026).first()
    milestone._history_user = UserFactory()
    milestone.title += " (일정 조정)"
    milestone.save()
    today = timezone.localdate()
    assert f"{today:%Y. %-m. %-d.} 변경분까지" in as_of(client.get(page).content.decode())


def test_tracker_counts_are_dated_by_the_newest_card_approval_or_status_change(client, seeded):
    page = reverse("pledges:tracker", kwargs={"slug": "goyang"})
    pledge = Pledge.objects.get(term__municipality__slug="goyang")
    Pledge.objects.filter(pk=pledge.pk).update(status_changed_on=datetime.date(2022, 1, 10))
    assert "2022. 1. 10. 기준" in client.get(page).content.decode()
    card = PledgeCard.objects.filter(pledge=pledge).first()
    PledgeCard.objects.filter(pk=card.pk).update(state=PledgeCard.State.APPROVED, reviewed_at=seoul_time(2022, 2, 3))
    assert "2022. 2. 3. 기준" in client.get(page).content.decode()


def test_budget_page_dates_its_newest_correction(client, seeded):
    page = reverse("budgets:municipality", kwargs={"slug": "seoul"})
    assert "data-as-of" not in client.get(page).content.decode()  # no correction yet: the documents' dates stand
    line = BudgetLine.objects.published().filter(municipality__slug="seoul").first()
    BudgetLine.objects.filter(pk=line.pk).update(corrected_at=seoul_time(2026, 5, 20, 23, 50))
    assert "2026. 5. 20. 승인분까지" in as_of(client.get(page).content.decode())


@pytest.mark.parametrize("view", ["kpis:indicators", "kpis:calendar", "pledges:tracker", "budgets:municipality"])
def test_the_note_costs_the_same_queries_however_many_records(client, seeded, view, django_assert_max_num_queries):
    slug = {"pledges:tracker": "goyang", "budgets:municipality": "seoul"}.get(view, "namyangju")
    counts = []
    for _ in range(2):
        with django_assert_max_num_queries(40) as captured:
            assert client.get(reverse(view, kwargs={"slug": slug})).status_code == 200
        counts.append(len(captured))
        indicator = Indicator.objects.filter(municipality__slug=slug).first()
        if indicator:
            Measurement.objects.bulk_create(
                Measurement(
                    indicator=indicator,
                    period="year",
                    year=2000 + n,
                    label=str(2000 + n),
                    value=n,
                    state="approved",
                    reviewed_at=seoul_time(2026, 1, 1 + n % 28),
                )
                for n in range(30)
            )
    assert counts[0] == counts[1]
