"""Admin login is throttled: repeated failures lock the account name for that address."""

import pytest
from django.test import Client, override_settings
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


PROXY = {"REMOTE_ADDR": "127.0.0.1"}  # nginx on the same machine (deploy/nginx.conf)


def _login(client, username, password, client_address, peer=PROXY):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, HTTP_X_REAL_IP=client_address, **peer
    )


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_nginx_one_attacker_cannot_lock_an_office_out(client):
    """Failures are counted per user name and client address, the address taken from nginx's X-Real-IP."""
    victim = UserFactory(username="office-staff")
    victim.set_password("right-password-123")
    victim.save()
    colleague = UserFactory(username="office-colleague")
    colleague.set_password("right-password-456")
    colleague.save()
    for _ in range(3):
        _login(client, "office-staff", "wrong", "203.0.113.9")
    assert _login(client, "office-staff", "right-password-123", "203.0.113.9").status_code == 429
    # The office (another address, all through the same nginx) still gets in, the victim included.
    assert _login(Client(), "office-staff", "right-password-123", "198.51.100.7").status_code == 302
    assert _login(Client(), "office-colleague", "right-password-456", "203.0.113.9").status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, TRUSTED_PROXIES=["127.0.0.1"])
def test_a_forged_address_header_from_outside_the_proxy_is_ignored(client):
    """Sent straight to gunicorn, X-Real-IP is not believed: varying it does not reset the count."""
    user = UserFactory(username="direct-user")
    user.set_password("right-password-123")
    user.save()
    outside = {"REMOTE_ADDR": "192.0.2.50"}
    for index in range(3):
        _login(client, "direct-user", "wrong", f"10.0.0.{index}", peer=outside)
    assert _login(client, "direct-user", "right-password-123", "10.0.0.99", peer=outside).status_code == 429
