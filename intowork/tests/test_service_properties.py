"""Issue 12, point 6, property-based (Hypothesis): the services take any text the forms and the
API let through (up to the field's length, no NUL byte: those refuse it, test_text_limits.py)
made of emoji sequences, right-to-left scripts, combining marks, quotes, percent signs and
control characters. Each action either succeeds or says why (ServiceError): never a database
error. What the services derive from such texts (slugs, notification titles, the emails) fits
its column."""

import re
import uuid
from contextlib import contextmanager

import pytest
from django.core import mail
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Notification, NotificationType, Role
from accounts.services import notify
from accounts.tasks import send_notification_email
from accounts.tests.factories import UserFactory
from candidates import services as candidate_services
from candidates.tests.factories import CandidateProfileFactory, CVFactory
from intowork.exceptions import ServiceError
from jobs import services as job_services
from jobs.models import ApplicationStatus, Company, Job
from jobs.tests.factories import ApplicationFactory, JobFactory, MembershipFactory
from moderation import services as moderation_services

pytestmark = pytest.mark.django_db

# What breaks naive code, mixed with any other character (but surrogates, which UTF-8 cannot
# carry and the API refuses, and NUL, which the forms and the API refuse).
HARD = st.sampled_from(
    [
        "👩\u200d💻",
        "\u0301",
        "\u200f",
        "\u202e",
        "שלום",
        "مرحبا",
        "🇫🇷",
        "漢",
        "e",
        " ",
        "\t",
        "\n",
        "'",
        '"',
        "<",
        "%",
        "%(job)s",
        "\\",
    ]
)
ANY = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")


def texts(max_size: int, min_size: int = 0) -> st.SearchStrategy[str]:
    """Up to ``max_size`` code points (what PostgreSQL's varchar counts)."""
    return (
        st.lists(st.one_of(HARD, ANY), min_size=min_size, max_size=max_size)
        .map(lambda parts: "".join(parts)[:max_size])
        .filter(lambda text: len(text) >= min_size)
    )


def names(max_size: int) -> st.SearchStrategy[str]:
    """A required name: something left once the form strips it."""
    return texts(max_size, min_size=1).filter(lambda text: text.strip())


EXAMPLES = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLUG = re.compile(r"^[-a-z0-9_]+$")


@contextmanager
def rolled_back():
    """One example's rows, gone before the next example."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@EXAMPLES
@given(title=names(200), full_name=names(150), preferred_name=texts(80), letter=texts(3000))
def test_applying_notifies_and_emails_whatever_the_texts(title, full_name, preferred_name, letter):
    with rolled_back():
        owner = MembershipFactory()
        job = JobFactory(company=owner.company, title=title)
        candidate = CandidateProfileFactory(user=UserFactory(full_name=full_name, preferred_name=preferred_name))
        cv = CVFactory(candidate=candidate, is_default=True)
        mail.outbox.clear()
        job_services.application_submit(candidate=candidate, job=job, cv=cv, cover_letter=letter)
        (notification,) = Notification.objects.filter(user=owner.user)
        assert len(notification.title) <= 200
        assert send_notification_email.call(notification_id=notification.pk) is True
        (message,) = mail.outbox
        assert "\n" not in message.subject


@EXAMPLES
@given(note=texts(5000), withdrawal=texts(1000))
def test_moves_and_withdrawals_take_any_note(note, withdrawal):
    with rolled_back():
        owner = MembershipFactory()
        application = ApplicationFactory(job=JobFactory(company=owner.company, title="é" * 200))
        job_services.application_change_status(
            application=application, to=ApplicationStatus.VIEWED, by=owner.user, note=note
        )
        job_services.application_withdraw(
            application=application, by=application.candidate.user, reason="other", note=withdrawal
        )
        assert all(len(n.title) <= 200 for n in Notification.objects.all())


@EXAMPLES
@given(name=names(200), description=texts(3000))
def test_a_company_of_any_name_gets_a_slug(name, description):
    with rolled_back():
        first = job_services.company_create(owner=UserFactory(role=Role.EMPLOYER), name=name, description=description)
        second = job_services.company_create(owner=UserFactory(role=Role.EMPLOYER), name=name)
        for company in (first, second):
            assert SLUG.match(company.slug) and len(company.slug) <= Company._meta.get_field("slug").max_length
        assert first.slug != second.slug


@EXAMPLES
@given(title=names(200), description=texts(3000), location=texts(120))
def test_a_job_of_any_title_gets_a_slug_and_a_search_vector(title, description, location):
    with rolled_back():
        owner = MembershipFactory()
        job = job_services.job_create(
            company=owner.company, author=owner.user, title=title, description=description, location=location
        )
        job.refresh_from_db()
        assert SLUG.match(job.slug) and len(job.slug) <= Job._meta.get_field("slug").max_length
        assert job.search_vector is not None


@EXAMPLES
@given(skill=texts(60), headline=texts(200), bio=texts(3000))
def test_a_candidates_texts_are_saved_or_refused_with_a_reason(skill, headline, bio):
    with rolled_back():
        candidate = CandidateProfileFactory()
        candidate_services.profile_update(candidate=candidate, headline=headline, bio=bio)
        try:
            candidate_services.skill_add(candidate=candidate, name=skill)
            candidate_services.skill_add(candidate=candidate, name=skill.upper())
        except ServiceError as refusal:
            assert refusal.code in {"skill_blank", "skill_duplicate"}


@EXAMPLES
@given(note=texts(2000))
def test_a_report_takes_any_note(note):
    with rolled_back():
        job = JobFactory()
        # A guest of its own per example: the reports' rate limit counts in the cache, not in rows.
        guest = f"address:{uuid.uuid4()}"
        moderation_services.report_submit(job=job, reporter=None, reason="other", note=note, client_key=guest)


@EXAMPLES
@given(job_title=texts(200), name=texts(300))
def test_a_notification_title_fits_its_column_whatever_fills_it(job_title, name):
    with rolled_back():
        user = UserFactory()
        (notification,) = notify(
            users=[user],
            type=NotificationType.APPLICATION_RECEIVED,
            title="%(name)s applied to %(job)s",
            params={"name": name, "job": job_title},
        )
        notification.refresh_from_db()
        assert len(notification.title) <= 200
