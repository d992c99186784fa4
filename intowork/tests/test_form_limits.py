"""Issue 12, point 6, the site's side: every form of every page each role opens (the pages of
the console-error test) is sent with its texts at their maximum length in the hardest
characters, then with a NUL byte in each: the answer is a page (2xx, a redirect or the form's
400), never a 500."""

from html.parser import HTMLParser

import pytest

from intowork.tests.test_console_browser import PAGES, site, user_of  # noqa: F401 (site: a fixture)
from intowork.tests.test_text_limits import hard_text, with_nul

pytestmark = pytest.mark.django_db

TEXTAREA_LENGTH = 3000  # textareas carry no maxlength: long enough to pass any short column
# Forms that end the session (the rest of the page's forms would then be sent signed out).
SKIPPED_ACTIONS = ("/accounts/logout/",)


class Forms(HTMLParser):
    """The page's POST forms: their action and fields, each as (name, kind, value, maxlength)."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str, str, int | None]]]] = []
        self.current: list | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self.current = []
            self.forms.append((a.get("action") or "", self.current))
        elif self.current is None or not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            maxlength = int(a["maxlength"]) if a.get("maxlength") else None
            self.current.append((a["name"], kind, a.get("value") or "", maxlength))
        elif tag == "button" and a.get("value"):  # the first of a form's submit buttons
            self.current.append((a["name"], "submit", a["value"], None))
        elif tag == "textarea":
            self.current.append((a["name"], "textarea", "", int(a["maxlength"]) if a.get("maxlength") else None))
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and a.get("value"):
            self.current.append((self.select, "select", a["value"], None))
            self.select = None

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def filled(fields, make_text) -> dict[str, str]:
    data: dict[str, str] = {}
    for name, kind, value, maxlength in fields:
        if kind in {"text", "search", "textarea"}:
            data[name] = make_text(hard_text(maxlength or TEXTAREA_LENGTH))
        elif kind == "email":
            data[name] = make_text("someone@example.com")
        elif kind == "url":
            data[name] = make_text("https://example.com/")
        elif kind == "date":
            data[name] = "2020-01-01"
        elif kind == "number":
            data[name] = value or "1"
        elif kind in {"hidden", "select", "checkbox", "radio", "submit"}:
            data.setdefault(name, value)
        elif kind == "password":
            data[name] = make_text("a long unusual passphrase 42")
    return data


@pytest.mark.parametrize("role", [role for role in PAGES if role != "staff"])  # the admin's forms are Django's
@pytest.mark.parametrize("variant", ["at_the_limit", "with_nul"])
def test_every_form_takes_texts_at_their_limits_without_a_500(client, site, role, variant):  # noqa: F811
    make_text = with_nul if variant == "with_nul" else (lambda text: text)
    client.raise_request_exception = False
    sent = 0
    for path in PAGES[role](site):
        if user_of(site, role):
            client.force_login(user_of(site, role))
        page = client.get(path)
        if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
            continue
        parser = Forms()
        parser.feed(page.text)
        for action, fields in parser.forms:
            if action.startswith(SKIPPED_ACTIONS):
                continue
            response = client.post(action or path, filled(fields, make_text))
            sent += 1
            assert response.status_code < 500, f"{role} {path} -> {action}: {response.status_code}"
    assert sent


def test_a_move_with_a_nul_in_its_note_is_refused_on_the_page(client, site):  # noqa: F811
    client.force_login(site.employer.user)
    client.raise_request_exception = False
    response = client.post(
        f"/employer/applications/{site.application.pk}/move/",
        {"status": "viewed", "note": "fine\x00", "origin": "detail"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "Null characters are not allowed." in response.text
    site.application.refresh_from_db()
    assert site.application.status == "applied"
