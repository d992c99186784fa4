"""Issue 12, point 8, with a security key: a staff member adds one (WebAuthn) in a real Chromium,
whose virtual authenticator (DevTools protocol) stands in for the key, and then opens the admin
with it. The TOTP path is tested without a browser (test_admin_login.py)."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from accounts.tests.factories import StaffFactory

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"  # the factories' password


def test_a_security_key_added_in_the_browser_opens_the_admin(page, live_server):
    staff = StaffFactory(totp=False, email="keyholder@example.com")
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )

    page.goto("/accounts/login/?next=/admin/")
    page.locator("#id_login").fill(staff.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    # No second factor yet: the admin sends them to set one up.
    expect(page.get_by_text("Set up two-factor authentication to open the administration.")).to_be_visible()

    page.goto("/accounts/2fa/webauthn/add/")
    if "/reauthenticate/" in page.url:  # allauth asks for the password again before adding a factor
        page.locator("#id_password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Name").fill("Desk key")
    page.locator("#mfa_webauthn_add").click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.WEBAUTHN).exists()

    # This session has not used the key yet: the admin asks to confirm with it.
    page.goto("/admin/")
    assert "/accounts/2fa/webauthn/reauthenticate/" in page.url
    page.get_by_role("button", name="Use a security key").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
