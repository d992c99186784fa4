"""Withdrawing with a reason (issue 17): the reason is kept on the application for the
employer's statistics, the candidate's words in the history; the candidate's receipt email."""

import pytest
from django.core import mail

from intowork.exceptions import ServiceError
from intowork.tests.helpers import violates
from jobs import dashboards
from jobs.models import Application, ApplicationStatus, WithdrawalReason
from jobs.services import application_submit, application_withdraw
from jobs.tests.factories import ApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db


def test_the_reason_and_the_words_are_kept(candidate, employer):
    application = ApplicationFactory(job=JobFactory(company=employer.company), candidate=candidate)
    application_withdraw(
        application=application, by=candidate.user, reason=WithdrawalReason.OTHER_OFFER, note="  Thank you!  "
    )
    application.refresh_from_db()
    assert (application.status, application.withdrawal_reason) == ("withdrawn", "other_offer")
    assert application.status_changes.last().note == "Thank you!"


def test_an_unknown_reason_is_refused_and_nothing_changes(candidate):
    application = ApplicationFactory(candidate=candidate)
    with pytest.raises(ServiceError) as refused:
        application_withdraw(application=application, by=candidate.user, reason="bored")
    assert refused.value.field == "reason"
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.APPLIED


def test_the_database_keeps_a_reason_to_withdrawn_applications():
    application = ApplicationFactory()
    with violates("jobs_application_withdrawal_reason_check"):
        Application.objects.filter(pk=application.pk).update(withdrawal_reason="salary")
    with violates("jobs_application_withdrawal_reason_check"):
        Application.objects.filter(pk=application.pk).update(status="withdrawn", withdrawal_reason="bored")


def test_the_employer_counts_the_reasons(employer):
    job = JobFactory(company=employer.company)
    for reason in ("salary", "salary", "process", ""):
        application = ApplicationFactory(job=job)
        application_withdraw(application=application, by=application.candidate.user, reason=reason)
    ApplicationFactory(job=JobFactory())  # another company's
    rows = dashboards.employer_withdrawal_reasons(user=employer.user)
    assert [(row["reason"], row["count"]) for row in rows] == [("salary", 2), ("process", 1), ("", 1)]


def test_the_candidate_receives_what_was_sent_with_the_link_to_follow_it(
    candidate, django_capture_on_commit_callbacks, settings
):
    from candidates.tests.factories import CVFactory

    cv = CVFactory(candidate=candidate, title="CV 2026")
    job = JobFactory(title="Welder")
    with django_capture_on_commit_callbacks(execute=True):
        application = application_submit(candidate=candidate, job=job, cv=cv, cover_letter="I weld well.")
    [receipt] = [message for message in mail.outbox if message.to == [candidate.user.email]]
    assert receipt.subject == f"[IntoWork] Your application to Welder at {job.company.name} is sent"
    assert "CV 2026" in receipt.body and "I weld well." in receipt.body
    assert f"{settings.SITE_URL}/applications/{application.pk}/" in receipt.body
    html = receipt.alternatives[0][0]
    assert f'href="{settings.SITE_URL}/applications/{application.pk}/"' in html


def test_the_employers_email_links_to_the_application_and_says_who_applied(
    candidate, employer, django_capture_on_commit_callbacks, settings
):
    job = JobFactory(company=employer.company, title="Welder")
    with django_capture_on_commit_callbacks(execute=True):
        application = application_submit(candidate=candidate, job=job)
    [email] = [message for message in mail.outbox if message.to == [employer.user.email]]
    assert email.subject == f"[IntoWork] {candidate.user.display_name} applied to Welder"
    assert f"{settings.SITE_URL}/employer/applications/{application.pk}/" in email.body


def test_the_api_takes_a_reason_and_shows_it(client, candidate):
    application = ApplicationFactory(candidate=candidate)
    client.force_login(candidate.user)
    url = f"/api/v1/applications/{application.pk}/withdraw/"
    refused = client.post(url, {"reason": "bored"}, content_type="application/json")
    assert refused.status_code == 400 and list(refused.json()["error"]["fields"]) == ["reason"]
    assert Application.objects.get(pk=application.pk).status == "applied"
    response = client.post(url, {"reason": "salary", "note": "Too low."}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["withdrawal_reason"] == "salary"
    assert application.status_changes.last().note == "Too low."  # for the employer (notes are theirs to read)
