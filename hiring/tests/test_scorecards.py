"""Scorecards: defaults and edits of what a job rates, one evaluation per interviewer after the
interview, the database's checks, and the blind rule on the page and over the API."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from hiring import services
from hiring.models import Rating, Scorecard, ScorecardAttribute
from hiring.tests.factories import InterviewerFactory, InterviewFactory, slot
from intowork.exceptions import ConflictError, ServiceError
from jobs.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(employer, application):
    """A past interview of ``application`` with ``employer`` and a colleague on its panel."""
    interview = InterviewFactory(application=application, during=slot(days=-1))
    colleague = MembershipFactory(company=employer.company).user
    InterviewerFactory(interview=interview, user=employer.user)
    InterviewerFactory(interview=interview, user=colleague)
    return interview, employer.user, colleague


def submit(interview, user, score=4, recommendation="yes", notes=""):
    attributes = services.scorecard_attributes_for(job=interview.application.job)
    return services.scorecard_submit(
        interview=interview,
        by=user,
        ratings={attribute.pk: score for attribute in attributes},
        recommendation=recommendation,
        notes=notes,
    )


def test_a_job_gets_default_attributes_once_then_its_own(application, employer):
    job = application.job
    first = services.scorecard_attributes_for(job=job)
    assert [a.name for a in first][:2] == ["Skills for the job", "Experience"]
    assert services.scorecard_attributes_for(job=job) == first
    kept = services.scorecard_attributes_set(job=job, names=["Pastry", " Hygiene ", "Pastry", ""], by=employer.user)
    assert [(a.name, a.position) for a in kept] == [("Pastry", 0), ("Hygiene", 1)]
    with pytest.raises(ServiceError, match="at least one"):
        services.scorecard_attributes_set(job=job, names=[" "], by=employer.user)


def test_a_rated_attribute_cannot_be_removed(panel, employer):
    interview, interviewer, _colleague = panel
    submit(interview, interviewer)
    with pytest.raises(ServiceError, match="Already rated, so kept: Experience"):
        services.scorecard_attributes_set(
            job=interview.application.job,
            names=["Skills for the job", "Communication", "Problem solving", "Motivation"],
            by=employer.user,
        )
    assert ScorecardAttribute.objects.filter(name="Experience").exists()


def test_submit_once_per_interviewer_with_every_point_rated(panel):
    interview, interviewer, _colleague = panel
    with pytest.raises(ServiceError, match="Rate each point"):
        services.scorecard_submit(interview=interview, by=interviewer, ratings={}, recommendation="yes")
    with pytest.raises(ServiceError, match="from 1 to 5"):
        submit(interview, interviewer, score=6)
    scorecard = submit(interview, interviewer, notes="Sharp")
    assert scorecard.ratings.count() == 5
    with pytest.raises(ConflictError, match="already submitted"):
        submit(interview, interviewer)
    assert Scorecard.objects.count() == 1


def test_only_the_panel_and_only_after_the_interview(panel, application):
    interview, _interviewer, _colleague = panel
    with pytest.raises(ServiceError, match="Only the interview's interviewers"):
        submit(interview, MembershipFactory(company=application.job.company).user)
    ahead = InterviewFactory(application=application, during=slot(days=3))
    seat = InterviewerFactory(interview=ahead)
    with pytest.raises(ServiceError, match="after the interview"):
        submit(ahead, seat.user)


def test_database_checks(panel):
    interview, interviewer, colleague = panel
    scorecard = submit(interview, interviewer)
    with pytest.raises(IntegrityError, match="hiring_rating_score_range_check"), transaction.atomic():
        Rating.objects.filter(scorecard=scorecard).update(score=0)
    with pytest.raises(IntegrityError, match="hiring_rating_once_per_attribute_uniq"), transaction.atomic():
        rating = scorecard.ratings.first()
        Rating.objects.create(scorecard=scorecard, attribute=rating.attribute, score=3)
    with pytest.raises(IntegrityError, match="hiring_scorecard_recommendation_check"), transaction.atomic():
        Scorecard.objects.create(interview=interview, interviewer=colleague, recommendation="maybe")
    with pytest.raises(IntegrityError, match="hiring_scorecard_one_per_interviewer_uniq"), transaction.atomic():
        Scorecard.objects.create(interview=interview, interviewer=interviewer, recommendation="no")
    with pytest.raises(IntegrityError, match="hiring_scorecardattribute_name_per_job_uniq"), transaction.atomic():
        ScorecardAttribute.objects.create(job=interview.application.job, name="Experience")


def test_blind_until_ones_own_is_in(client, panel, application):
    interview, interviewer, colleague = panel
    submit(interview, colleague, score=2, recommendation="no", notes="Hesitant on lamination")
    page = reverse("employer:application_detail", args=[application.pk])

    client.force_login(interviewer)
    html = client.get(page).content.decode()
    assert 'id="scorecards-hidden"' in html
    assert "Hesitant on lamination" not in html and 'id="scorecard-summary"' not in html
    api = client.get(f"/api/v1/interviews/{interview.pk}/scorecards/").json()
    assert api == {"visible": False, "scorecards": []}

    form = client.get(reverse("employer_hiring:scorecard_submit", args=[interview.pk]))
    fields = {name: 4 for name in form.context["form"].fields if name.startswith("rating_")}
    response = client.post(
        reverse("employer_hiring:scorecard_submit", args=[interview.pk]), {**fields, "recommendation": "strong_yes"}
    )
    assert response.status_code == 302
    html = client.get(page).content.decode()
    assert "Hesitant on lamination" in html and 'id="scorecard-summary"' in html
    assert "<td>Experience</td><td>3.0</td><td>2</td>" in html
    api = client.get(f"/api/v1/interviews/{interview.pk}/scorecards/").json()
    assert api["visible"] is True and len(api["scorecards"]) == 2

    # A member who interviews the candidate in none of the interviews reads them all.
    client.force_login(MembershipFactory(company=application.job.company).user)
    assert "Hesitant on lamination" in client.get(page).content.decode()


def test_submit_and_edit_over_the_api(client, panel, application):
    interview, interviewer, _colleague = panel
    client.force_login(interviewer)
    url = f"/api/v1/employer/jobs/{application.job_id}/scorecard-attributes/"
    attributes = client.put(url, {"names": ["Pastry", "Hygiene"]}, content_type="application/json").json()
    assert [a["name"] for a in attributes] == ["Pastry", "Hygiene"]
    ratings = [{"attribute": a["id"], "score": 5} for a in attributes]
    response = client.post(
        f"/api/v1/interviews/{interview.pk}/scorecards/",
        {"ratings": ratings, "recommendation": "strong_yes"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert [r["attribute_name"] for r in response.json()["ratings"]] == ["Pastry", "Hygiene"]
    again = client.post(
        f"/api/v1/interviews/{interview.pk}/scorecards/",
        {"ratings": ratings, "recommendation": "no"},
        content_type="application/json",
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_submitted"


@pytest.mark.parametrize("rows", [2, 5])
def test_the_application_page_with_scorecards_does_not_grow(
    client, employer, application, rows, django_assert_num_queries
):
    interview = InterviewFactory(application=application, during=slot(days=-1))
    InterviewerFactory(interview=interview, user=employer.user)
    submit(interview, employer.user)
    for _ in range(rows):
        submit(interview, InterviewerFactory(interview=interview).user)
    client.force_login(employer.user)
    client.get(reverse("employer:application_detail", args=[application.pk]))
    with django_assert_num_queries(14):
        client.get(reverse("employer:application_detail", args=[application.pk]))
