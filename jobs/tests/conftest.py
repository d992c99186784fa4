"""Fixtures of the jobs app's tests: an employer's client and colleagues."""

import pytest

from accounts.models import Role
from accounts.tests.factories import UserFactory
from jobs.models import MemberRole
from jobs.tests.factories import MembershipFactory


@pytest.fixture
def owner_client(client, employer):
    client.force_login(employer.user)
    return client


@pytest.fixture
def recruiter(employer):
    return MembershipFactory(company=employer.company, role=MemberRole.RECRUITER)


@pytest.fixture
def newcomer(db):
    """An employer who belongs to no company yet."""
    return UserFactory(role=Role.EMPLOYER, email="newcomer@example.com")
