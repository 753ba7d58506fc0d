"""The public pledge page with many approved self-evaluations: paged, newest first, queries independent of the count."""

import datetime

import pytest

from pledges.models import SelfEvaluationContribution
from tests.factories import OrgUnitFactory
from tests.pledges.evaluation_data import approved_evaluation

pytestmark = pytest.mark.django_db


def grow(pledge, quarters):
    batch = quarters[0][0] * 10 + quarters[0][1]
    units = [OrgUnitFactory(municipality=pledge.term.municipality, name=f"협조{index}과{batch}") for index in range(2)]
    evaluations = []
    for year, number in quarters:
        evaluation = approved_evaluation(pledge, year, number, summary=f"{year}년 {number}분기 공개 추진상황")
        for unit in units:
            SelfEvaluationContribution.objects.create(evaluation=evaluation, unit=unit, content=f"{unit.name} 협조")
        evaluations.append(evaluation)
    return evaluations


QUARTERS = [(year, number) for year in (2019, 2020, 2021) for number in (1, 2, 3, 4)]


def test_query_count_is_the_same_for_two_and_twelve_evaluations(client, pledge, django_assert_max_num_queries):
    counts = []
    for quarters in (QUARTERS[:2], QUARTERS[2:]):
        grow(pledge, quarters)
        with django_assert_max_num_queries(25) as captured:
            assert client.get(pledge.get_absolute_url()).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_evaluations_are_newest_first_and_paged_and_drafts_stay_hidden(client, pledge):
    grow(pledge, QUARTERS)
    draft = approved_evaluation(pledge, 2022, 1, summary="작성중인 초안")
    draft.state = "draft"
    draft.save()
    page = client.get(pledge.get_absolute_url()).content.decode()
    assert page.index("2021년 4분기 공개 추진상황") < page.index("2021년 3분기 공개 추진상황")
    assert "2019년 4분기 공개 추진상황" not in page and "작성중인 초안" not in page
    assert "협조0과20191 협조" in page and "승인일 2021. 12. 31." in page
    second = client.get(pledge.get_absolute_url(), {"evaluations": 2}).content.decode()
    assert "2019년 4분기 공개 추진상황" in second and "2021년 4분기 공개 추진상황" not in second


def test_evaluation_text_is_escaped(client, pledge):
    approved_evaluation(pledge, 2021, 1, summary="<script>alert(1)</script>", reviewed_on=datetime.date(2021, 4, 20))
    page = client.get(pledge.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
