import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import is_mfa_enabled
from django.core.cache import cache
from django.urls import reverse

from accounts.tests.factories import STAFF_TOTP_SECRET, StaffFactory, totp_code
from accounts.tests.mfa import sign_in_with_mfa

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


# --- A second factor before the admin opens (issue 12, point 8) --------------------------------


def sign_in_with_password(client, user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return client.post("/accounts/login/", {"login": user.email, "password": "correct-horse-battery"})


def test_staff_sign_in_asks_for_the_authenticator_code_before_the_admin_opens(client, staff):
    response = sign_in_with_password(client, staff)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # the password alone signs nobody in

    refused = client.post(reverse("mfa_authenticate"), {"code": "000000" if totp_code() != "000000" else "111111"})
    assert refused.status_code == 200 and "Incorrect code" in refused.text
    assert client.get("/admin/").status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    admin_index = client.get("/admin/")
    assert admin_index.status_code == 200 and "Site administration" in admin_index.text
    assert client.get("/admin/db-monitoring/").status_code == 200


def test_a_recovery_code_also_opens_the_admin_once(client, staff):
    code = RecoveryCodes.activate(staff).get_unused_codes()[0]
    sign_in_with_password(client, staff)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.get("/admin/").status_code == 200

    client.logout()
    client.post("/accounts/login/", {"login": staff.email, "password": "correct-horse-battery"})
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert "Incorrect code" in response.text
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("path", ["/admin/", "/admin/jobs/job/", "/admin/db-monitoring/"])
def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, path):
    staff = StaffFactory(totp=False)
    sign_in_with_password(client, staff)
    assert client.session["_auth_user_id"] == str(staff.pk)  # signed in, by password only

    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_index")
    setup = client.get(response["Location"])
    assert "Set up two-factor authentication to open the administration." in setup.text


def test_setting_up_the_authenticator_app_then_opens_the_admin(client):
    staff = StaffFactory(totp=False)
    sign_in_with_password(client, staff)
    # allauth asks for the password again before adding a factor (a borrowed session cannot).
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(response["Location"], {"password": "correct-horse-battery"})

    page = client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]  # what the QR code holds
    assert page.status_code == 200 and secret in page.text
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert is_mfa_enabled(staff)

    # Proving the new factor once more opens the admin, recorded for the session.
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    client.post(response["Location"], {"code": totp_code(secret)})
    assert client.get("/admin/").status_code == 200


def test_a_session_without_the_second_factor_confirms_a_code_first(client, staff):
    """Signed in before MFA was required, or by a password reset: the admin asks for a code."""
    client.force_login(staff)
    response = client.get("/admin/jobs/job/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next=/admin/jobs/job/"

    client.post(response["Location"], {"code": totp_code()})
    assert client.get("/admin/jobs/job/").status_code == 200


def test_a_second_factor_does_not_make_a_non_staff_account_staff(client, employer):
    TOTP.activate(employer.user, STAFF_TOTP_SECRET)
    sign_in_with_mfa(client, employer.user)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/login/").status_code == 403
