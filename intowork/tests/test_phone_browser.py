"""Issue 17 on a phone (412 x 915, a common Android size), in a real browser: the search puts
its results first and its filters in a side panel that counts those on, suggests as one types
(an ARIA combobox); applying uploads a CV on the spot without losing the letter; withdrawing
asks first; the folded menu's button shows the unread count; in Arabic the search is mirrored,
right to left. Screenshots: artifacts/phone-*.png.
Along the way the browser logs no error and the Content Security Policy refuses nothing."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.tests.factories import NotificationFactory
from candidates.tests.factories import PDF_BYTES, CandidateProfileFactory
from intowork.tests.browser import screenshot, use_language, watch_console
from jobs.models import Application, ApplicationStatus
from jobs.search import refresh_search_words
from jobs.tests.factories import ApplicationFactory, JobFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 412, "height": 915}


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def test_search_shows_results_first_and_filters_in_a_panel(phone):
    console = watch_console(phone)
    JobFactory(title="Pastry chef", job_type="full_time", location="Lyon")
    JobFactory(title="Night pastry cook", job_type="part_time", location="Lyon")
    JobFactory(title="Welder", job_type="contract", skills=["Welding"])
    refresh_search_words()
    phone.goto("/jobs/")

    # The results come first: the first card starts within the screen, above the fold.
    cards = phone.locator("#results .job-card")
    expect(cards).to_have_count(3)
    assert cards.first.bounding_box()["y"] < PHONE["height"] / 2
    # The filters are folded away; the placeholder fits its box, whole.
    expect(phone.locator("#id_job_type")).to_be_hidden()
    search = phone.locator("#q")
    assert search.evaluate(
        """box => {
            const style = getComputedStyle(box);
            const context = document.createElement("canvas").getContext("2d");
            context.font = `${style.fontSize} ${style.fontFamily}`;
            const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            return context.measureText(box.placeholder).width <= room;
        }"""
    ), "the search box's placeholder is cut"
    screenshot(phone, "phone-search")

    # Suggestions as one types, chosen with the keyboard (ARIA 1.2 combobox).
    search.fill("past")
    listbox = phone.get_by_role("listbox", name="Suggestions")
    expect(listbox.get_by_role("option")).to_have_count(2)
    expect(search).to_have_attribute("aria-expanded", "true")
    search.press("ArrowDown")
    expect(search).to_have_attribute("aria-activedescendant", "q-suggestions-0")
    screenshot(phone, "phone-search-suggestions")
    first = listbox.get_by_role("option").first.get_attribute("data-value")
    search.press("Enter")
    expect(phone).to_have_url(re.compile(r"[?&]q=" + re.escape(first.split()[0])))
    expect(listbox).to_be_hidden()

    # The filters open in the panel; choosing one narrows the results and the button counts it.
    phone.goto("/jobs/?q=pastry")
    expect(cards).to_have_count(2)
    phone.get_by_role("button", name="Filters").click()
    panel = phone.get_by_role("dialog", name="Filters")
    expect(panel).to_be_visible()
    panel.get_by_label("Contract").select_option("part_time")
    expect(cards).to_have_count(1)
    expect(cards).to_contain_text("Night pastry cook")
    screenshot(phone, "phone-search-filters")
    panel.get_by_role("button", name="Show the results").click()
    expect(panel).to_be_hidden()
    expect(phone.get_by_role("button", name="Filters 1 filter on")).to_be_visible()
    expect(phone).to_have_url(re.compile(r"job_type=part_time"))
    console.assert_clean()


def test_apply_with_a_cv_uploaded_on_the_spot_keeps_the_letter(phone, login_page):
    candidate = CandidateProfileFactory()
    job = JobFactory(title="Pastry chef")
    tab = login_page(candidate.user)
    console = watch_console(tab)
    tab.goto(f"{job.get_absolute_url()}apply/")

    # The letter first, then the CV: uploading it does not lose the letter.
    tab.get_by_label("Cover letter").fill("I bake at dawn, and I love it.")
    expect(tab.get_by_label("Apply without a CV")).to_be_checked()  # no CV yet
    tab.get_by_label("File").set_input_files({"name": "cv.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES})
    tab.get_by_label("Title").fill("CV 2026")
    tab.get_by_role("button", name="Upload this CV").click()
    expect(tab.get_by_text("“CV 2026” is uploaded and chosen for this application.")).to_be_visible()
    expect(tab.get_by_label("CV 2026 (your default CV)")).to_be_checked()
    expect(tab.get_by_label("Cover letter")).to_have_value("I bake at dawn, and I love it.")
    screenshot(tab, "phone-apply-uploaded")

    tab.get_by_role("button", name="Send my application").click()
    tab.get_by_role("heading", name="Your application to Pastry chef").wait_for()
    expect(tab.get_by_text("Your application to Pastry chef is sent.")).to_be_visible()
    expect(tab.get_by_role("link", name="CV 2026")).to_be_visible()
    screenshot(tab, "phone-application-sent")
    application = Application.objects.get(candidate=candidate, job=job)
    assert (application.cv.title, application.cover_letter) == ("CV 2026", "I bake at dawn, and I love it.")
    [receipt] = [message for message in mail.outbox if message.to == [candidate.user.email]]
    assert "I bake at dawn" in receipt.body and f"/applications/{application.pk}/" in receipt.body
    console.assert_clean()


def test_withdrawing_asks_for_a_confirmation_and_a_reason(phone, login_page):
    candidate = CandidateProfileFactory()
    application = ApplicationFactory(candidate=candidate, job=JobFactory(title="Pastry chef"))
    tab = login_page(candidate.user)
    console = watch_console(tab)
    tab.goto("/applications/")
    screenshot(tab, "phone-applications")
    tab.get_by_role("link", name="Withdraw Pastry chef").click()

    tab.get_by_role("heading", name=re.compile("Withdraw your application to Pastry chef")).wait_for()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.APPLIED  # asking changes nothing
    tab.get_by_label("I accepted another offer").check()
    tab.get_by_label("A word for the employer (optional)").fill("Thank you for your time.")
    screenshot(tab, "phone-withdraw")
    tab.get_by_role("button", name="Withdraw my application").click()

    expect(tab.get_by_text("Your application is withdrawn.")).to_be_visible()
    expect(tab).to_have_url(re.compile(r"/applications/$"))
    application.refresh_from_db()
    assert (application.status, application.withdrawal_reason) == ("withdrawn", "other_offer")
    assert application.status_changes.last().note == "Thank you for your time."
    console.assert_clean()


def test_the_menu_button_shows_the_unread_count(phone, login_page):
    candidate = CandidateProfileFactory()
    NotificationFactory.create_batch(2, user=candidate.user)
    tab = login_page(candidate.user)
    console = watch_console(tab)
    tab.goto("/dashboard/")
    toggler = tab.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    expect(tab.locator("#notification-badge")).to_be_hidden()  # inside the folded menu
    expect(toggler).to_have_accessible_name(re.compile(r"Toggle navigation\s*2 unread notifications"))
    screenshot(tab, "phone-menu-badge")

    # Read on the notifications page: the button's count follows.
    tab.goto("/notifications/")
    tab.get_by_role("button", name="Mark all as read").click()
    expect(toggler.locator(".badge")).to_have_count(0)
    console.assert_clean()


def test_in_arabic_the_search_reads_right_to_left(phone, live_server):
    """The same search in Arabic: the page is mirrored (Bootstrap's RTL build), so the filter panel
    slides in from the right, the reading side; nothing reaches past the screen's edge."""
    console = watch_console(phone)
    JobFactory(title="Pastry chef", job_type="full_time", location="Lyon", salary_min=30_000, salary_max=40_000)
    JobFactory(title="Night pastry cook", job_type="part_time", location="Lyon")
    use_language(phone, live_server.url, "ar")
    phone.goto("/jobs/?q=pastry")

    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    cards = phone.locator("#results .job-card")
    expect(cards).to_have_count(2)
    # The salary range in words: a dash between two numbers would read backwards.
    expect(cards.filter(has_text="Pastry chef")).to_contain_text("من 30000 إلى 40000 EUR سنويًا")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The title starts at the right edge of its card.
    title = cards.first.get_by_role("link").first.bounding_box()
    card = cards.first.bounding_box()
    assert card["x"] + card["width"] - (title["x"] + title["width"]) < card["width"] / 3

    phone.get_by_role("button", name="عوامل التصفية").click()
    panel = phone.get_by_role("dialog", name="عوامل التصفية")
    expect(panel).to_be_visible()
    expect(panel).to_have_class(re.compile(r"(^|\s)show(\s|$)"))  # slid in: Bootstrap's class once the move ends
    box = panel.bounding_box()
    assert abs(box["x"] + box["width"] - PHONE["width"]) < 1, box  # against the right edge
    panel.get_by_label("العقد").select_option("part_time")
    expect(cards).to_have_count(1)
    screenshot(phone, "phone-search-filters-ar")
    panel.get_by_role("button", name="عرض النتائج").click()
    expect(panel).to_be_hidden()
    expect(phone.get_by_role("button", name=re.compile("عوامل التصفية 1"))).to_be_visible()
    console.assert_clean()
