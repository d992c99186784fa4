import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_repeated_failed_logins_are_rate_limited(client, staff):
    def attempt(password):
        return client.post("/accounts/login/", {"login": staff.email, "password": password})

    for _ in range(5):
        assert b"Too many failed login attempts" not in attempt("wrong-password").content
    assert b"Too many failed login attempts" in attempt("wrong-password").content
    # Even the right password is refused while limited: guessing cannot go on.
    response = attempt("correct-horse-battery")
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_a_signed_in_non_staff_user_is_refused_by_the_admin(client, candidate):
    client.force_login(candidate.user)
    assert client.get("/admin/login/").status_code == 403
