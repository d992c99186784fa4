import pytest
from django.urls import reverse

from jobs.models import Application, ApplicationStatus
from jobs.tests.factories import ApplicationFactory, EmployerFactory, JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pipeline(employer):
    job = JobFactory(company=employer.company, title="Baker")
    applications = ApplicationFactory.create_batch(3, job=job)
    return job, applications


def test_job_list_shows_only_the_companys_jobs(client, employer, pipeline, django_assert_max_num_queries):
    JobFactory(title="Someone else's")
    client.force_login(employer.user)
    with django_assert_max_num_queries(6):
        html = client.get(reverse("employer:job_list")).content.decode()
    assert "Baker" in html and "Someone else" not in html


def test_applications_per_job_with_status_filter(client, employer, pipeline, django_assert_max_num_queries):
    job, applications = pipeline
    Application.objects.filter(pk=applications[0].pk).update(status=ApplicationStatus.SHORTLISTED)
    client.force_login(employer.user)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("employer:application_list", args=[job.pk]))
    assert len(response.context["page"].object_list) == 3
    shortlisted = client.get(reverse("employer:application_list", args=[job.pk]), {"status": "shortlisted"})
    assert [a.pk for a in shortlisted.context["page"].object_list] == [applications[0].pk]


def test_opening_an_application_marks_it_viewed_with_history(client, employer, pipeline):
    _job, applications = pipeline
    client.force_login(employer.user)
    response = client.get(reverse("employer:application_detail", args=[applications[0].pk]))
    assert response.status_code == 200
    application = Application.objects.get(pk=applications[0].pk)
    assert application.status == ApplicationStatus.VIEWED
    assert application.status_changes.get().changed_by == employer.user


def test_moving_through_the_pipeline_with_a_private_note(client, employer, pipeline):
    _job, applications = pipeline
    client.force_login(employer.user)
    url = reverse("employer:application_move", args=[applications[0].pk])
    client.post(url, {"status": "interview", "note": "Strong portfolio"})
    application = Application.objects.get(pk=applications[0].pk)
    assert application.status == ApplicationStatus.INTERVIEW
    assert application.status_changes.get().note == "Strong portfolio"
    # An illegal move is refused with a message and changes nothing.
    response = client.post(url, {"status": "applied"}, follow=True)
    assert b"Employers cannot set this status." in response.content
    assert Application.objects.get(pk=applications[0].pk).status == ApplicationStatus.INTERVIEW
    client.post(url, {"status": "nonsense"})
    assert Application.objects.get(pk=applications[0].pk).status == ApplicationStatus.INTERVIEW


def test_another_companys_employer_gets_404_and_changes_nothing(client, pipeline):
    job, applications = pipeline
    client.force_login(EmployerFactory().user)
    assert client.get(reverse("employer:application_list", args=[job.pk])).status_code == 404
    assert client.get(reverse("employer:application_detail", args=[applications[0].pk])).status_code == 404
    assert (
        client.post(
            reverse("employer:application_move", args=[applications[0].pk]), {"status": "rejected"}
        ).status_code
        == 404
    )
    assert Application.objects.get(pk=applications[0].pk).status == ApplicationStatus.APPLIED


def test_candidates_are_refused(client, candidate):
    client.force_login(candidate.user)
    assert client.get(reverse("employer:job_list")).status_code == 403
