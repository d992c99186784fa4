import pytest

from candidates.tests.factories import CandidateProfileFactory, CVFactory
from jobs.models import Application, ApplicationStatus
from jobs.tests.factories import ApplicationFactory, JobFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def apply(client, **body):
    return client.post("/api/v1/applications/", body, content_type="application/json")


def test_apply_to_a_closed_job_is_a_400_and_to_a_draft_does_not_exist(client, candidate):
    client.force_login(candidate.user)
    closed = JobFactory(status="closed")
    response = apply(client, job=closed.pk)
    assert response.status_code == 400 and "job" in response.json()["error"]["fields"]
    assert apply(client, job=JobFactory(draft=True).pk).status_code == 400
    assert not Application.objects.exists()


def test_another_candidates_cv_cannot_be_sent(client, candidate):
    client.force_login(candidate.user)
    response = apply(client, job=JobFactory().pk, cv=CVFactory().pk)
    assert response.status_code == 400 and "cv" in response.json()["error"]["fields"]
    assert not Application.objects.exists()


def test_reapplying_after_a_withdrawal_is_allowed(client, candidate):
    client.force_login(candidate.user)
    job = JobFactory()
    first = apply(client, job=job.pk).json()
    assert client.post(f"/api/v1/applications/{first['id']}/withdraw/").json()["status"] == "withdrawn"
    assert client.post(f"/api/v1/applications/{first['id']}/withdraw/").status_code == 400
    assert apply(client, job=job.pk).status_code == 201
    assert Application.objects.filter(job=job).count() == 2


def test_candidate_sees_no_private_notes_and_employer_does(client, candidate, employer):
    application = ApplicationFactory(candidate=candidate, job=JobFactory(company=employer.company))
    client.force_login(employer.user)
    client.post(
        f"/api/v1/applications/{application.pk}/status/",
        {"status": "shortlisted", "note": "Call back Monday"},
        content_type="application/json",
    )
    assert client.get(f"/api/v1/applications/{application.pk}/").json()["history"][-1]["note"] == "Call back Monday"
    client.force_login(candidate.user)
    data = client.get(f"/api/v1/applications/{application.pk}/").json()
    assert data["employer_notes"] is None and data["history"][-1]["note"] == ""
    assert data["next_statuses"] == ["withdrawn"]


def test_employers_cannot_set_withdrawn(client, employer):
    application = ApplicationFactory(job=JobFactory(company=employer.company))
    client.force_login(employer.user)
    response = client.post(
        f"/api/v1/applications/{application.pk}/status/", {"status": "withdrawn"}, content_type="application/json"
    )
    assert response.status_code == 400 and "status" in response.json()["error"]["fields"]
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.APPLIED


def test_lists_are_scoped_and_filtered(client, candidate, employer):
    mine = ApplicationFactory(candidate=candidate, job=JobFactory(company=employer.company))
    ApplicationFactory(candidate=candidate, status="rejected")
    ApplicationFactory()  # someone else's, elsewhere
    client.force_login(candidate.user)
    assert len(client.get("/api/v1/applications/").json()["results"]) == 2
    assert [a["id"] for a in client.get("/api/v1/applications/?status=applied").json()["results"]] == [mine.pk]
    client.force_login(employer.user)
    assert [a["id"] for a in client.get("/api/v1/applications/").json()["results"]] == [mine.pk]


def test_employer_list_costs_a_fixed_number_of_queries(client, employer, django_assert_num_queries):
    job = JobFactory(company=employer.company)
    for _ in range(3):
        ApplicationFactory(job=job, candidate=CandidateProfileFactory(), cv=CVFactory())
    client.force_login(employer.user)
    with django_assert_num_queries(3):  # session, user, the page with its joins
        page = client.get(f"/api/v1/applications/?job={job.pk}&page_size=2").json()
    assert len(page["results"]) == 2 and page["results"][0]["candidate"]["email"]


def test_detail_costs_a_fixed_number_of_queries(client, candidate, django_assert_num_queries):
    application = ApplicationFactory(candidate=candidate, cv=CVFactory(candidate=candidate))
    application.status_changes.create(from_status="", to_status="applied")
    application.status_changes.create(from_status="applied", to_status="withdrawn")
    client.force_login(candidate.user)
    # session, user, the row with its joins, its history, the is-member check
    with django_assert_num_queries(5):
        data = client.get(f"/api/v1/applications/{application.pk}/").json()
    assert len(data["history"]) == 2


def test_a_live_duplicate_under_a_race_is_a_409_not_a_500(client, candidate, monkeypatch):
    """The service's pre-check passes for both racers; the constraint decides (see the service)."""
    job = JobFactory()
    ApplicationFactory(candidate=candidate, job=job)
    monkeypatch.setattr("jobs.models.ApplicationQuerySet.live", lambda qs: qs.none())
    client.force_login(candidate.user)
    response = apply(client, job=job.pk)
    assert response.status_code == 409 and response.json()["error"]["code"] == "already_applied"
    assert Application.objects.filter(job=job).count() == 1


def test_other_companies_employer_cannot_see_or_move(client, employer):
    application = ApplicationFactory()
    client.force_login(MembershipFactory().user)
    response = client.get(f"/api/v1/applications/{application.pk}/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert client.get(f"/api/v1/applications/?job={application.job_id}").json()["results"] == []
