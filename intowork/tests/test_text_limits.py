"""Issue 12, point 6: every text a person can write, at its maximum length and made of what
breaks naive code (emoji sequences, right-to-left scripts, combining marks), goes through every
write endpoint of the API and every form of the site and on into notifications and emails: a
2xx. With a NUL byte (which PostgreSQL refuses in text) it is a clear 400 in the API's error
shape naming the field, or the form's own error, never a 500."""

import itertools
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Notification, Role
from accounts.tests.factories import UserFactory
from candidates.tests.factories import PDF_BYTES, CVFactory, EducationFactory, ExperienceFactory, SkillFactory
from jobs.tests.factories import ApplicationFactory, JobFactory, MembershipFactory

pytestmark = pytest.mark.django_db

# A woman technologist (4 code points joined by ZWJ), Hebrew and Arabic, a combining acute,
# a right-to-left mark, a flag, a CJK character.
HARD_PIECES = ["👩\u200d💻", "שלום", " ", "مرحبا", "e\u0301", "\u200f", "🇫🇷", "漢"]


def hard_text(length: int) -> str:
    """Exactly ``length`` code points (what the database's varchar counts) of HARD_PIECES."""
    text = "".join(itertools.islice(itertools.cycle("".join(HARD_PIECES)), length))
    return "x" + text[1:-1] + "x"  # no leading or trailing space for the forms to strip


def with_nul(text: str) -> str:
    return text[:5] + "\x00" + text[5:]


@dataclass
class Endpoint:
    method: str
    path: str
    texts: dict[str, int]  # field -> max length
    other: dict[str, Any]
    nested: str | None = None  # the texts go in this nested object


@pytest.fixture
def world(client):
    owner = MembershipFactory()
    job = JobFactory(company=owner.company, title=hard_text(200))
    candidate_user = UserFactory(full_name=hard_text(150), preferred_name=hard_text(80))
    from candidates.tests.factories import CandidateProfileFactory

    profile = CandidateProfileFactory(user=candidate_user)
    cv = CVFactory(candidate=profile, is_default=True)
    application = ApplicationFactory(job=job, candidate=profile, cv=cv)
    open_job = JobFactory(company=owner.company, title=hard_text(200))
    return {
        "owner": owner.user,
        "candidate": candidate_user,
        "new_employer": UserFactory(role=Role.EMPLOYER),
        "job": job,
        "open_job": open_job,
        "application": application,
        "cv": cv,
        "experience": ExperienceFactory(candidate=profile),
        "education": EducationFactory(candidate=profile),
        "skill": SkillFactory(candidate=profile, name="Baking"),
    }


def endpoints(world) -> dict[str, tuple[str, Endpoint]]:
    """name -> (who calls it, the endpoint)."""
    job, application = world["job"], world["application"]
    return {
        "apply": (
            "candidate",
            Endpoint("post", "/api/v1/applications/", {"cover_letter": 10000}, {"job": world["open_job"].pk}),
        ),
        "move": (
            "owner",
            Endpoint("post", f"/api/v1/applications/{application.pk}/status/", {"note": 5000}, {"status": "viewed"}),
        ),
        "withdraw": (
            "candidate",
            Endpoint("post", f"/api/v1/applications/{application.pk}/withdraw/", {"note": 1000}, {"reason": "other"}),
        ),
        "company_create": (
            "new_employer",
            Endpoint(
                "post",
                "/api/v1/employer/company/",
                {"name": 200, "description": 5000, "industry": 100, "location": 120},
                {"size": "1-10"},
            ),
        ),
        "company_update": (
            "owner",
            Endpoint("patch", "/api/v1/employer/company/", {"name": 200, "description": 5000, "industry": 100}, {}),
        ),
        "job_create": (
            "owner",
            Endpoint(
                "post",
                "/api/v1/employer/jobs/",
                {"title": 200, "description": 5000, "requirements": 5000, "location": 120},
                {"job_type": "full_time", "location_type": "remote"},
            ),
        ),
        "job_update": (
            "owner",
            Endpoint("patch", f"/api/v1/employer/jobs/{job.pk}/", {"title": 200, "description": 5000}, {}),
        ),
        "report": (
            "candidate",
            Endpoint("post", f"/api/v1/jobs/{job.pk}/report/", {"note": 2000}, {"reason": "other"}),
        ),
        "me": ("candidate", Endpoint("patch", "/api/v1/me/", {"full_name": 150, "preferred_name": 80}, {})),
        "profile": (
            "candidate",
            Endpoint(
                "patch",
                "/api/v1/me/",
                {"headline": 200, "bio": 5000, "location": 120},
                {},
                nested="candidate_profile",
            ),
        ),
        "experience_add": (
            "candidate",
            Endpoint(
                "post",
                "/api/v1/me/experiences/",
                {"title": 200, "company_name": 200, "location": 120, "description": 5000},
                {"start_date": "2020-01-01"},
            ),
        ),
        "experience_update": (
            "candidate",
            Endpoint("patch", f"/api/v1/me/experiences/{world['experience'].pk}/", {"title": 200}, {}),
        ),
        "education_add": (
            "candidate",
            Endpoint(
                "post",
                "/api/v1/me/educations/",
                {"school": 200, "degree": 200, "field_of_study": 200, "description": 5000},
                {"start_date": "2015-09-01"},
            ),
        ),
        "education_update": (
            "candidate",
            Endpoint("patch", f"/api/v1/me/educations/{world['education'].pk}/", {"school": 200}, {}),
        ),
        "skill_add": ("candidate", Endpoint("post", "/api/v1/me/skills/", {"name": 60}, {"level": "expert"})),
        "skill_update": ("candidate", Endpoint("patch", f"/api/v1/me/skills/{world['skill'].pk}/", {"name": 60}, {})),
    }


NAMES = [
    "apply",
    "move",
    "withdraw",
    "company_create",
    "company_update",
    "job_create",
    "job_update",
    "report",
    "me",
    "profile",
    "experience_add",
    "experience_update",
    "education_add",
    "education_update",
    "skill_add",
    "skill_update",
]


def call(client, world, name, make_text):
    who, endpoint = endpoints(world)[name]
    client.force_login(world[who])
    texts = {field: make_text(hard_text(length)) for field, length in endpoint.texts.items()}
    body = {**endpoint.other, **({endpoint.nested: texts} if endpoint.nested else texts)}
    client.raise_request_exception = False
    return getattr(client, endpoint.method)(endpoint.path, json.dumps(body), content_type="application/json"), endpoint


@pytest.mark.parametrize("name", NAMES)
def test_texts_at_their_limits_are_accepted(client, world, name, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response, _endpoint = call(client, world, name, lambda text: text)
    assert 200 <= response.status_code < 300, response.content[:500]


@pytest.mark.parametrize("name", NAMES)
def test_a_nul_byte_is_a_clear_400_naming_the_field(client, world, name):
    response, endpoint = call(client, world, name, with_nul)
    assert response.status_code == 400, response.content[:500]
    error = response.json()["error"]
    fields = error["fields"][endpoint.nested] if endpoint.nested else error["fields"]
    assert set(fields) == set(endpoint.texts), fields
    assert all("Null characters are not allowed." in messages for messages in fields.values())


def test_derived_texts_are_cut_to_their_columns_not_refused(client, world, django_capture_on_commit_callbacks):
    """The issue's 500: a 200-character job title in "X applied to <title>", by someone whose
    name is 300 characters: the notification's title is cut, with an ellipsis, and emailed."""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response, _endpoint = call(client, world, "apply", lambda text: text)
    assert response.status_code == 201
    (notification,) = Notification.objects.filter(user=world["owner"])
    assert len(notification.title) == 200 and notification.title.endswith("…")
    assert any(message.to == [world["owner"].email] for message in mail.outbox)


def test_a_cv_whose_name_has_a_nul_byte_is_refused_or_renamed(client, world):
    client.force_login(world["candidate"])
    client.raise_request_exception = False
    upload = SimpleUploadedFile("cv\x00.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post("/api/v1/me/cvs/", {"file": upload, "title": ""})
    assert response.status_code in (201, 400), response.content[:500]


def test_the_api_download_of_a_cv_whose_file_is_gone_is_a_404(client, world):
    cv = world["cv"]
    cv.file.storage.delete(cv.file.name)
    client.force_login(world["candidate"])
    response = client.get(f"/api/v1/me/cvs/{cv.pk}/download/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    # And for the company it was sent to.
    client.force_login(world["owner"])
    response = client.get(f"/api/v1/applications/{world['application'].pk}/cv/")
    assert response.status_code == 404


@pytest.mark.parametrize("title", [hard_text(120), "line\nbreak", "tab\tand\rreturn", '"quoted"; name=x'])
def test_a_cv_title_of_any_text_downloads(client, world, title):
    """The title becomes the file's name in a header, where a line break is not allowed."""
    cv = world["cv"]
    cv.title = title
    cv.save(update_fields=["title"])
    client.force_login(world["candidate"])
    response = client.get(f"/api/v1/me/cvs/{cv.pk}/download/")
    assert response.status_code == 200
    assert "\n" not in response["Content-Disposition"] and "\r" not in response["Content-Disposition"]
