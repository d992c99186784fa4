"""Issue 17's apply flow: the default CV chosen, a CV uploaded from the application without
losing the letter (htmx, or a full post without JavaScript), the confirmation page, and
withdrawing only after a confirmation, with an optional reason."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import CV
from candidates.tests.factories import PDF_BYTES, CVFactory
from jobs.models import Application
from jobs.tests.factories import ApplicationFactory, ApplicationStatusChangeFactory, JobFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}


def apply_url(job):
    return reverse("candidates:job_apply", args=[job.pk, job.slug])


def pdf(name="my-cv.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def test_the_default_cv_is_chosen_and_sending_none_comes_last(client, candidate):
    CVFactory(candidate=candidate, title="Old", is_default=False)
    default = CVFactory(candidate=candidate, title="Current", is_default=True)
    client.force_login(candidate.user)
    html = client.get(apply_url(JobFactory())).text
    assert re.search(rf'value="{default.pk}" class="form-check-input" id="id_cv_\d" checked', html)
    assert html.index("Current (your default CV)") < html.index("Old") < html.index("Apply without a CV")


def test_an_upload_with_htmx_swaps_the_cv_choice_with_the_new_cv_chosen(client, candidate):
    job = JobFactory()
    client.force_login(candidate.user)
    response = client.post(
        apply_url(job),
        {"action": "upload", "upload-file": pdf(), "upload-title": "CV 2026", "cover_letter": "Dear team"},
        **HTMX,
    )
    assert response.status_code == 200
    cv = CV.objects.get(candidate=candidate)
    assert cv.title == "CV 2026" and cv.is_default  # the first CV is the default
    html = response.text
    assert html.lstrip().startswith('<div id="cv-choice"')  # the choice alone: the letter stays in the page
    assert re.search(rf'value="{cv.pk}" class="form-check-input" id="id_cv_\d" checked', html)
    assert "is uploaded and chosen for this application" in html
    assert not Application.objects.exists()


def test_an_upload_without_javascript_brings_the_letter_back(client, candidate):
    client.force_login(candidate.user)
    response = client.post(
        apply_url(JobFactory()), {"action": "upload", "upload-file": pdf(), "cover_letter": "Dear team, I bake."}
    )
    assert response.status_code == 200
    assert ">\nDear team, I bake.</textarea>" in response.text
    assert CV.objects.filter(candidate=candidate).count() == 1


def test_a_refused_upload_says_why_and_keeps_the_choice(client, candidate):
    client.force_login(candidate.user)
    bad = SimpleUploadedFile("cv.pdf", b"not a pdf", content_type="application/pdf")
    response = client.post(apply_url(JobFactory()), {"action": "upload", "upload-file": bad}, **HTMX)
    assert response.status_code == 200  # htmx swaps 200s: the errors come back in one
    assert "invalid-feedback" in response.text and "<details" in response.text and " open>" in response.text
    assert not CV.objects.exists()


def test_a_file_chosen_but_not_uploaded_is_the_cv_sent(client, candidate):
    job = JobFactory()
    client.force_login(candidate.user)
    response = client.post(apply_url(job), {"cv": "", "cover_letter": "Hi", "upload-file": pdf("late.pdf")})
    application = Application.objects.get(candidate=candidate, job=job)
    assert response.url == reverse("candidates:application_detail", args=[application.pk])
    assert application.cv.title == "late.pdf"


def test_the_confirmation_page_shows_what_was_sent(client, candidate, django_assert_max_num_queries):
    cv = CVFactory(candidate=candidate, title="CV 2026")
    application = ApplicationFactory(candidate=candidate, cv=cv, cover_letter="I love bread.")
    ApplicationStatusChangeFactory(application=application)
    ApplicationStatusChangeFactory(application=application, from_status="applied", to_status="viewed")
    client.force_login(candidate.user)
    with django_assert_max_num_queries(
        8
    ):  # session, user, profile, application, history, unread count; interviews, messages
        html = client.get(reverse("candidates:application_detail", args=[application.pk])).text
    assert "CV 2026" in html and "I love bread." in html and "Withdraw my application" in html
    assert html.count("<time ") == 2


def test_someone_elses_application_is_404(client, candidate):
    client.force_login(candidate.user)
    theirs = ApplicationFactory()
    assert client.get(reverse("candidates:application_detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("candidates:application_withdraw", args=[theirs.pk])).status_code == 404
    assert Application.objects.get(pk=theirs.pk).status == "applied"


def test_withdrawing_asks_first_then_keeps_the_reason(client, candidate):
    application = ApplicationFactory(candidate=candidate)
    url = reverse("candidates:application_withdraw", args=[application.pk])
    client.force_login(candidate.user)
    page = client.get(url)
    assert page.status_code == 200 and "Withdraw your application to" in page.text
    assert Application.objects.get(pk=application.pk).status == "applied"  # asking changes nothing
    response = client.post(url, {"reason": "process", "note": "Too many rounds.", "next": "/applications/"})
    assert response.status_code == 302 and response.url == "/applications/"
    application.refresh_from_db()
    assert (application.status, application.withdrawal_reason) == ("withdrawn", "process")
    assert application.status_changes.last().note == "Too many rounds."
    assert client.get(url).status_code == 302  # nothing left to withdraw


def test_an_unknown_reason_is_a_form_error(client, candidate):
    application = ApplicationFactory(candidate=candidate)
    client.force_login(candidate.user)
    response = client.post(reverse("candidates:application_withdraw", args=[application.pk]), {"reason": "bored"})
    assert response.status_code == 400
    assert Application.objects.get(pk=application.pk).status == "applied"


def test_my_applications_link_each_to_its_page_and_to_the_confirmation_of_withdrawing(client, candidate):
    application = ApplicationFactory(candidate=candidate)
    client.force_login(candidate.user)
    html = client.get(reverse("candidates:application_list")).text
    assert f'href="/applications/{application.pk}/"' in html
    assert f'href="/applications/{application.pk}/withdraw/?next=' in html
    assert "pill-bar" in html
