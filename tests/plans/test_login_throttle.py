"""Admin login is throttled: repeated failures lock the account name for that address."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_three_wrong_passwords_lock_out_even_the_right_one(client):
    user = UserFactory(username="throttle-user")
    user.set_password("right-password-123")
    user.save()
    url = reverse("admin:login")
    for _ in range(3):
        response = client.post(url, {"username": "throttle-user", "password": "wrong"})
        assert response.status_code in (200, 429)
    response = client.post(url, {"username": "throttle-user", "password": "right-password-123"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_correct_login_before_the_limit_gets_in(client):
    user = UserFactory(username="throttle-user2")
    user.set_password("right-password-123")
    user.save()
    client.post(reverse("admin:login"), {"username": "throttle-user2", "password": "wrong"})
    response = client.post(reverse("admin:login"), {"username": "throttle-user2", "password": "right-password-123"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
