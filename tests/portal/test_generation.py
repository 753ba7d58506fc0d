"""The data generation counts one bump per committed transaction that changes public data."""

import pytest
from django.db import transaction

from kpis.models import EvaluationMilestone
from portal.models import DataGeneration

pytestmark = pytest.mark.django_db


def generation_value():
    return DataGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def rename(milestone, title):
    milestone.title = title
    milestone.save(update_fields=["title"])


@pytest.fixture
def milestone(seeded):
    return EvaluationMilestone.objects.order_by("pk").first()


def test_many_changes_in_one_transaction_bump_once(milestone, django_capture_on_commit_callbacks):
    before = generation_value()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            rename(milestone, f"일정 {number}")
    assert generation_value() == before + 1


def test_changes_in_released_savepoints_bump_once(milestone, django_capture_on_commit_callbacks):
    before = generation_value()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            rename(milestone, "첫 저장")
        with transaction.atomic():
            rename(milestone, "둘째 저장")
        rename(milestone, "셋째 저장")
    assert generation_value() == before + 1


def test_a_change_rolled_back_with_its_savepoint_bumps_nothing(milestone, django_capture_on_commit_callbacks):
    before = generation_value()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                rename(milestone, "취소될 저장")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert generation_value() == before


def test_a_change_after_a_rolled_back_savepoint_still_bumps(milestone, django_capture_on_commit_callbacks):
    before = generation_value()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                rename(milestone, "취소될 저장")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        rename(milestone, "남는 저장")
    assert generation_value() == before + 1
