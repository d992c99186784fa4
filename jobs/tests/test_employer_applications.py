"""A job's applications as its company sees them (jobs/views/employer_applications.py): lists,
one by one with htmx, in bulk; another company's are a 404."""

import pytest
from django.urls import reverse

from jobs.models import Application, ApplicationStatus, ApplicationStatusChange
from jobs.tests.factories import ApplicationFactory, JobFactory, MembershipFactory

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
    with django_assert_max_num_queries(9):
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
    client.force_login(MembershipFactory().user)
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


# --- Moving several applications at once ------------------------------------------------------

HTMX = {"HX-Request": "true"}


def _statuses(applications):
    return [Application.objects.get(pk=application.pk).status for application in applications]


def test_application_list_query_count_does_not_grow_with_rows(client, employer, django_assert_max_num_queries):
    job = JobFactory(company=employer.company)
    ApplicationFactory.create_batch(2, job=job)
    client.force_login(employer.user)
    url = reverse("employer:application_list", args=[job.pk])
    # Session, user, the job, the page's count and rows (with candidates), the unread badge; the
    # last undoable bulk move and the company's message templates.
    with django_assert_max_num_queries(8):
        client.get(url)
    ApplicationFactory.create_batch(6, job=job, status=ApplicationStatus.SHORTLISTED)
    with django_assert_max_num_queries(8):
        html = client.get(url).content.decode()
    assert html.count('name="applications"') == 8
    assert html.count('hx-post="/employer/applications/') == 8  # every row has its own move


def test_bulk_move_moves_what_it_can_and_names_the_rest(client, employer, pipeline):
    job, (fresh, viewed, accepted) = pipeline
    Application.objects.filter(pk=viewed.pk).update(status=ApplicationStatus.VIEWED)
    Application.objects.filter(pk=accepted.pk).update(status=ApplicationStatus.ACCEPTED)
    accepted.candidate.user.full_name = "Ada Byron"
    accepted.candidate.user.save()
    client.force_login(employer.user)
    response = client.post(
        reverse("employer:application_bulk_move", args=[job.pk]) + "?status=&page=1",
        {"applications": [fresh.pk, viewed.pk, accepted.pk], "status": "interview", "note": "Call on Monday"},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("employer:application_list", args=[job.pk]) + "?status=&page=1", 302)]
    html = response.content.decode()
    assert "2 applications moved to Interview." in html
    assert "Ada Byron was not moved: An application that is Accepted cannot move to Interview." in html
    assert _statuses([fresh, viewed, accepted]) == ["interview", "interview", "accepted"]
    assert Application.objects.get(pk=fresh.pk).status_changes.get().note == "Call on Monday"


@pytest.mark.parametrize(
    ("selection", "data", "error"),
    [
        ("none", {"status": "interview"}, "Select at least one application."),
        ("all", {"status": ""}, "This field is required."),  # no stage is preselected
        ("all", {"status": "withdrawn"}, "Select a valid choice."),  # the candidate's move, not the employer's
        ("all", {"status": "nonsense"}, "Select a valid choice."),
        ("all", {"status": "interview", "note": "x" * 2001}, "at most 2000 characters"),
        ("junk", {"status": "interview"}, "is not a valid value"),
    ],
)
def test_an_invalid_bulk_move_changes_nothing_and_says_why(client, employer, pipeline, selection, data, error):
    job, applications = pipeline
    ids = {"none": [], "all": [a.pk for a in applications], "junk": ["abc"]}[selection]
    client.force_login(employer.user)
    response = client.post(reverse("employer:application_bulk_move", args=[job.pk]), {"applications": ids, **data})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert _statuses(applications) == ["applied"] * 3
    assert not ApplicationStatusChange.objects.exists()


def test_bulk_move_refuses_another_companys_applications(client, employer, pipeline):
    job, applications = pipeline
    theirs = ApplicationFactory()
    client.force_login(employer.user)
    response = client.post(
        reverse("employer:application_bulk_move", args=[job.pk]),
        {"applications": [applications[0].pk, theirs.pk], "status": "rejected"},
    )
    assert response.status_code == 400
    assert f"{theirs.pk} is not one of the available choices" in response.content.decode()
    assert _statuses([applications[0], theirs]) == ["applied", "applied"]


def test_bulk_move_denials(client, candidate, pipeline):
    job, applications = pipeline
    url = reverse("employer:application_bulk_move", args=[job.pk])
    data = {"applications": [a.pk for a in applications], "status": "rejected"}
    response = client.post(url, data)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    client.force_login(candidate.user)
    assert client.post(url, data).status_code == 403
    client.force_login(MembershipFactory().user)  # another company's employer
    assert client.post(url, data).status_code == 404
    assert client.get(url).status_code == 405
    assert _statuses(applications) == ["applied"] * 3


# --- Moving one with htmx -----------------------------------------------------------------------


def test_htmx_move_on_the_detail_swaps_the_status_panel(client, employer, pipeline):
    _job, applications = pipeline
    client.force_login(employer.user)
    url = reverse("employer:application_move", args=[applications[0].pk])
    response = client.post(url, {"status": "shortlisted", "note": "Great CV", "origin": "detail"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.templates[0].name == "jobs/employer/_application_status.html"
    assert "<html" not in html and html.lstrip().startswith('<section id="application-status"')
    assert "Moved to Shortlisted." in html and "Great CV" in html
    assert 'value="interview"' in html and 'value="shortlisted"' not in html  # the next moves
    assert Application.objects.get(pk=applications[0].pk).status == ApplicationStatus.SHORTLISTED


def test_htmx_refused_move_shows_the_error_in_the_panel(client, employer, pipeline):
    _job, applications = pipeline
    Application.objects.filter(pk=applications[0].pk).update(status=ApplicationStatus.REJECTED)
    client.force_login(employer.user)
    url = reverse("employer:application_move", args=[applications[0].pk])
    for status, error in [("interview", "cannot move to Interview"), ("nonsense", "Choose one of the proposed")]:
        response = client.post(url, {"status": status, "origin": "detail"}, headers=HTMX)
        assert response.status_code == 200  # htmx swaps 2xx only: the panel carries the error
        assert 'role="alert"' in response.content.decode() and error in response.content.decode()
    assert Application.objects.get(pk=applications[0].pk).status == ApplicationStatus.REJECTED
    assert not ApplicationStatusChange.objects.exists()


def test_htmx_move_from_the_list_swaps_the_row(client, employer, pipeline):
    _job, applications = pipeline
    client.force_login(employer.user)
    url = reverse("employer:application_move", args=[applications[1].pk])
    refused = client.post(url, {"status": "accepted", "origin": "list"}, headers=HTMX).content.decode()
    assert "An application that is Applied cannot move to Accepted." in refused and 'role="alert"' in refused
    html = client.post(url, {"status": "rejected", "origin": "list"}, headers=HTMX).content.decode().strip()
    assert html.startswith(f'<tr id="application-row-{applications[1].pk}">') and html.endswith("</tr>")
    assert "Rejected" in html and "Final" in html and "hx-post" not in html  # nothing left to move to


def test_without_htmx_a_move_from_the_list_goes_back_to_the_list(client, employer, pipeline):
    job, applications = pipeline
    client.force_login(employer.user)
    url = reverse("employer:application_move", args=[applications[1].pk])
    response = client.post(url, {"status": "rejected", "origin": "list"})
    assert response.url == reverse("employer:application_list", args=[job.pk])
    assert Application.objects.get(pk=applications[1].pk).status == ApplicationStatus.REJECTED


def test_htmx_move_by_another_company_is_a_404(client, pipeline):
    _job, applications = pipeline
    client.force_login(MembershipFactory().user)
    url = reverse("employer:application_move", args=[applications[0].pk])
    assert client.post(url, {"status": "rejected", "origin": "list"}, headers=HTMX).status_code == 404
    assert Application.objects.get(pk=applications[0].pk).status == ApplicationStatus.APPLIED


def test_detail_page_query_count(client, employer, pipeline, django_assert_max_num_queries):
    _job, applications = pipeline
    Application.objects.filter(pk=applications[0].pk).update(status=ApplicationStatus.VIEWED)
    client.force_login(employer.user)
    # Session, user, the application with its job, company, candidate and CV, its history, the
    # badge; and the audit trail's one INSERT (who opened it); hiring's panels, each a query
    # whatever its rows: interviews, scorecards and the viewer's seats, notes, messages, templates.
    with django_assert_max_num_queries(12):
        html = client.get(reverse("employer:application_detail", args=[applications[0].pk])).content.decode()
    assert 'id="application-status"' in html and 'hx-target="#application-status"' in html


def test_no_stage_is_preselected_so_a_stray_click_moves_nothing(client, employer, pipeline):
    job, applications = pipeline
    client.force_login(employer.user)
    for url in (
        reverse("employer:application_list", args=[job.pk]),
        reverse("employer:application_detail", args=[applications[0].pk]),
    ):
        html = client.get(url).content.decode()
        assert '<option value="" selected disabled>Choose a stage…</option>' in html
    response = client.post(reverse("employer:application_move", args=[applications[0].pk]), {"status": ""})
    assert response.status_code == 302
    assert Application.objects.get(pk=applications[0].pk).status == "viewed"  # opening it; no move
