"""Steps the browser tests share (Playwright driving Debian's Chromium; the fixtures are in
conftest.py): the screenshots under artifacts/, and signing up and in through the real forms."""

import re
from pathlib import Path
from urllib.parse import urlsplit

from django.core import mail

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
PASSWORD = "a-long-unusual-passphrase-42"


def screenshot(page, name: str) -> None:
    """The whole page as artifacts/<name>.png, for a human to look at after the run."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def sign_up_and_verify(page, email: str, role_label: str, *, screenshot_name: str | None = None) -> None:
    """Sign up as ``role_label`` ("Looking for a job" or "Hiring"), follow the link of the
    verification email (read from the test outbox: the live server runs in this process),
    confirm, and sign in: the page ends on the role's first signed-in page."""
    page.goto("/accounts/signup/")
    page.get_by_label(role_label).check()
    page.get_by_label("Email").fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    if screenshot_name:
        screenshot(page, screenshot_name)
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()

    (body,) = [message.body for message in mail.outbox if message.to == [email]]
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", body).group(0)
    page.goto(urlsplit(link).path)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/login/")  # verified; allauth asks to sign in
    _fill_login_form(page, email)


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    _fill_login_form(page, email)


def _fill_login_form(page, email: str) -> None:
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def sign_out(page, email: str) -> None:
    """Log out from the account menu, as a person would before handing over the computer."""
    page.get_by_role("button", name=f"Account of {email}").click()
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").wait_for()
