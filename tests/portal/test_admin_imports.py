"""Confirming an import twice: the second is told "already applied", with a link; never a 500."""

import datetime
import io
import threading

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from plans.models import OrgUnit, ProgressReport
from portal.models import ImportConfirmation
from tests.factories import staff_user
from tests.plans.test_imports import GOOD, filled

TODAY = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)
URL = "admin:plans_progressreport_import"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=True):
        yield


def previewed(client, user):
    """Log in, upload a good file; the preview's token."""
    client.force_login(user)
    upload = io.BytesIO(filled(user, GOOD))
    upload.name = "progress.xlsx"
    return client.post(reverse(URL), {"file": upload}).context["token"]


@pytest.mark.django_db
def test_a_second_confirmation_answers_already_applied_with_a_link(client, seeded, roles_synced):
    user = staff_user(OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과"))
    token = previewed(client, user)
    first = client.post(reverse(URL), {"confirm": "1", "token": token})
    second = client.post(reverse(URL), {"confirm": "1", "token": token}, follow=True)
    changelist = reverse("admin:plans_progressreport_changelist")
    assert first.status_code == 302 and first.url == changelist
    assert second.status_code == 200
    notes = [str(message) for message in get_messages(second.wsgi_request)]
    assert any("이미 반영되었습니다" in note and f'href="{changelist}"' in note for note in notes), notes
    assert ProgressReport.objects.count() == 2
    assert ImportConfirmation.objects.get(token=token).counts["create"] == 2


def confirm(client, token, barrier, results):
    """Confirm `token` once both threads are ready; record the status and the messages shown."""
    barrier.wait()
    response = client.post(reverse(URL), {"confirm": "1", "token": token}, follow=True)
    notes = [str(message) for message in get_messages(response.wsgi_request)]
    results.append((response.status_code, notes))
    connection.close()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_confirmations_apply_once_and_never_answer_500(postgres_only, seeded, roles_synced):
    user = staff_user(OrgUnit.objects.get(municipality__slug="namyangju", name="정책기획과"))
    rounds, answers = 5, []
    for _ in range(rounds):
        ProgressReport.objects.all().delete()
        first = Client()
        token = previewed(first, user)
        second = Client()
        second.cookies = first.cookies
        barrier, results = threading.Barrier(2), []
        threads = [threading.Thread(target=confirm, args=(c, token, barrier, results)) for c in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        answers.append(results)
        assert sorted(status for status, _ in results) == [200, 200], results
        texts = [" ".join(notes) for _, notes in results]
        assert sum("가져오기를 마쳤습니다" in text for text in texts) == 1, texts
        assert sum("이미 반영되었습니다" in text for text in texts) == 1, texts
        assert ProgressReport.objects.count() == 2
    print(f"\n{rounds} rounds of two simultaneous confirmations: {answers}")
