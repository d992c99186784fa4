import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from candidates.tests.factories import CVFactory
from jobs.models import Application, ApplicationStatus
from jobs.services import application_change_status
from jobs.tests.factories import ApplicationFactory, EmployerFactory, JobFactory

pytestmark = pytest.mark.django_db


def apply_url(job):
    return reverse("candidates:job_apply", args=[job.pk, job.slug])


def test_apply_with_a_cover_letter_and_the_default_cv(client, candidate):
    job = JobFactory(company=EmployerFactory().company)
    cv = CVFactory(candidate=candidate, is_default=True)
    client.force_login(candidate.user)
    form = client.get(apply_url(job))
    assert form.status_code == 200
    assert form.context["form"].fields["cv"].initial == cv
    response = client.post(apply_url(job), {"cover_letter": "Hire me", "cv": cv.pk})
    assert response.status_code == 302 and response["Location"] == reverse("candidates:application_list")
    application = Application.objects.get(job=job, candidate=candidate)
    assert (application.cover_letter, application.cv, application.status) == ("Hire me", cv, "applied")


def test_applying_twice_is_a_friendly_message_not_a_second_row(client, candidate):
    job = JobFactory()
    client.force_login(candidate.user)
    client.post(apply_url(job), {"cover_letter": "First"})
    response = client.post(apply_url(job), {"cover_letter": "Second"}, follow=True)
    assert b"already applied" in response.content
    assert Application.objects.filter(job=job, candidate=candidate).count() == 1


def test_someone_elses_cv_cannot_be_used(client, candidate):
    job, other_cv = JobFactory(), CVFactory()
    client.force_login(candidate.user)
    response = client.post(apply_url(job), {"cv": other_cv.pk})
    assert response.status_code == 200 and "cv" in response.context["form"].errors
    assert not Application.objects.exists()


def test_reapplying_after_a_rejection(client, candidate):
    rejected = ApplicationFactory(candidate=candidate, status=ApplicationStatus.REJECTED)
    client.force_login(candidate.user)
    client.post(apply_url(rejected.job), {"cover_letter": "Again"})
    assert Application.objects.filter(job=rejected.job, candidate=candidate).count() == 2


def test_employers_and_visitors_cannot_apply(client):
    job = JobFactory()
    assert client.get(apply_url(job))["Location"].startswith("/accounts/login/")
    client.force_login(EmployerFactory().user)
    assert client.post(apply_url(job), {"cover_letter": "x"}).status_code == 302
    assert not Application.objects.exists()


def test_closed_jobs_cannot_be_applied_to(client, candidate):
    job = JobFactory(status="closed")
    client.force_login(candidate.user)
    assert client.post(apply_url(job), {}).status_code == 404


def test_my_applications_with_timeline_and_filter(client, candidate, django_assert_max_num_queries):
    member = EmployerFactory()
    for _ in range(3):
        application = ApplicationFactory(candidate=candidate, job=JobFactory(company=member.company))
        application_change_status(application=application, to=ApplicationStatus.SHORTLISTED, by=member.user)
    ApplicationFactory()  # someone else's
    client.force_login(candidate.user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("candidates:application_list"))
    html = response.content.decode()
    assert html.count('class="card mb-3 shadow-sm"') == 3
    assert html.count("Shortlisted") >= 3
    filtered = client.get(reverse("candidates:application_list"), {"status": "rejected"})
    assert b"No application with this status." in filtered.content


def test_withdraw_own_application_only(client, candidate):
    mine, theirs = ApplicationFactory(candidate=candidate), ApplicationFactory()
    client.force_login(candidate.user)
    client.post(reverse("candidates:application_withdraw", args=[mine.pk]))
    assert Application.objects.get(pk=mine.pk).status == ApplicationStatus.WITHDRAWN
    assert client.post(reverse("candidates:application_withdraw", args=[theirs.pk])).status_code == 404
    assert Application.objects.get(pk=theirs.pk).status == ApplicationStatus.APPLIED


def test_withdraw_needs_post(client, candidate):
    application = ApplicationFactory(candidate=candidate)
    client.force_login(candidate.user)
    assert client.get(reverse("candidates:application_withdraw", args=[application.pk])).status_code == 405


def test_a_user_without_profile_gets_one_when_applying(client):
    user = UserFactory(role="candidate")
    client.force_login(user)
    client.post(apply_url(JobFactory()), {"cover_letter": "Hi"})
    assert Application.objects.filter(candidate__user=user).count() == 1
