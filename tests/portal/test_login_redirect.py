"""A login whose next= is unsafe (another host) lands on the admin index, never on a 404."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""])
def test_login_with_an_unsafe_next_ends_on_the_admin_index(client, unsafe):
    user = UserFactory(username="redirect-user", is_staff=True)
    user.set_password("right-password-123")
    user.save()
    url = reverse("admin:login") + (f"?next={unsafe}" if unsafe else "")
    response = client.post(
        url, {"username": "redirect-user", "password": "right-password-123", "next": unsafe}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert response.status_code == 200


def test_login_with_a_safe_next_goes_there(client):
    user = UserFactory(username="redirect-user2", is_staff=True)
    user.set_password("right-password-123")
    user.save()
    target = reverse("admin:plans_task_changelist")
    response = client.post(
        reverse("admin:login"), {"username": "redirect-user2", "password": "right-password-123", "next": target}
    )
    assert response.url == target
