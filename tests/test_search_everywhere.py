"""Search everywhere: plans, tasks, pledges, units, indicators, milestones and approved report text, grouped and paged."""

import re

import pytest
from django.urls import reverse

from plans.models import Plan
from tests.factories import ProgressReportFactory, TaskFactory

pytestmark = pytest.mark.django_db

GROUPS = ("업무계획", "과제", "공약", "조직", "성과지표", "성과관리 일정", "승인된 분기 추진실적")


def counts(client, query):
    """{group heading: count} of the result page for `query`."""
    html = client.get(reverse("plans:search"), {"q": query}).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return {name: int(re.search(rf"{name} \((\d+)건\)", text).group(1)) for name in GROUPS}


def test_a_pledge_a_unit_and_a_word_of_an_approved_report_are_found(client, seeded):
    assert counts(client, "남북경제")["공약"] == 1  # pledge-goyang-1-2-4.yaml
    assert counts(client, "정책기획과")["조직"] >= 1  # organisation.yaml
    task = Plan.objects.get(slug="namyangju-2026-planning-office").strategies.first().tasks.first()
    ProgressReportFactory(task=task, narrative="시민 원탁회의를 세 차례 열었습니다", approved=True)
    ProgressReportFactory(task=task, quarter=2, narrative="초안에만 있는 원탁회의")
    assert counts(client, "원탁회의")["승인된 분기 추진실적"] == 1  # the draft is not public


def test_two_syllable_korean_queries_work(client, seeded):
    found = counts(client, "정책")
    assert found["업무계획"] + found["과제"] + found["조직"] > 0


def test_the_query_count_stays_constant_when_matches_grow_tenfold(client, seeded, django_assert_max_num_queries):
    plan = Plan.objects.get(slug="namyangju-2026-planning-office")
    strategy = plan.strategies.first()
    measured = []
    for size in (3, 30):
        for index in range(size):
            task = TaskFactory(strategy=strategy, title=f"원탁 과제 {size}-{index}", order=100 + size + index)
            ProgressReportFactory(task=task, narrative=f"원탁 실적 {index}", approved=True)
        with django_assert_max_num_queries(40) as captured:
            assert client.get(reverse("plans:search"), {"q": "원탁"}).status_code == 200
        measured.append(len(captured))
    assert measured[0] == measured[1]
