"""Steps the browser tests share (Playwright driving Debian's Chromium; the fixtures are in
conftest.py): the screenshots under artifacts/, signing up and in through the real forms, and
watching the console for errors and Content Security Policy violations."""

import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
PASSWORD = "a-long-unusual-passphrase-42"

# Run in every document before its own scripts: a CSP violation (an inline style or script, a
# file from another origin) becomes a console error, so that watch_console sees it even where
# the browser would not log it.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} refused ${event.blockedURI || "inline code"}`
    + ` (${event.sourceFile || document.location.href}:${event.lineNumber})`);
});
"""


class ConsoleWatch:
    """Every console error, uncaught exception and CSP violation of a tab, each with the address
    it happened at. A page whose own status is an error (a form sent back with its errors as a
    400, say) makes Chrome log "Failed to load resource" too: the test asserts that status
    itself, so that line is left out; a failed script, stylesheet, image or htmx request is not."""

    def __init__(self, page):
        self.messages: list[tuple[str, str]] = []  # (the address it concerns, the text)
        self.failed_pages: set[str] = set()
        page.add_init_script(REPORT_CSP_VIOLATIONS)
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.messages.append((page.url, f"uncaught {error.name}: {error.message}")))
        page.on("response", self._response)

    def _console(self, page, message):
        if message.type == "error":
            self.messages.append((message.location.get("url") or page.url, message.text))

    def _response(self, response):
        if response.request.is_navigation_request() and response.status >= 400:
            self.failed_pages.add(response.url)

    @property
    def problems(self) -> list[str]:
        return [
            f"{url}: {text}"
            for url, text in self.messages
            if not (text.startswith("Failed to load resource") and url in self.failed_pages)
        ]

    def assert_clean(self) -> None:
        problems = self.problems
        assert not problems, f"{len(problems)} console error(s) or CSP violation(s):\n" + "\n".join(problems)


def watch_console(page) -> ConsoleWatch:
    """Watch ``page`` from now on (call it before its first ``goto``); ``.assert_clean()`` at the end."""
    return ConsoleWatch(page)


def use_language(page, base_url: str, language: str) -> None:
    """Read the site in ``language`` from now on, as the footer's switcher would leave it (its
    cookie outranks the browser's Accept-Language)."""
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}])


def screenshot(page, name: str) -> None:
    """The whole page as artifacts/<name>.png, for a human to look at after the run."""
    path = ARTIFACTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=True)


def sign_up_and_verify(page, email: str, role_label: str, *, screenshot_name: str | None = None) -> None:
    """Sign up as ``role_label`` ("Looking for a job" or "Hiring"), follow the link of the
    verification email (read from the test outbox: the live server runs in this process),
    confirm, and sign in: the page ends on the role's first signed-in page."""
    page.goto("/accounts/signup/")
    page.get_by_label(role_label).check()
    page.get_by_label("Full name").fill(email.split("@")[0].title())
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
