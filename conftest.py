"""Fixtures shared by every app's tests: users in each role, and media kept out of the repo."""

import pytest

from accounts.tests.factories import StaffFactory, UserFactory
from candidates.tests.factories import CandidateProfileFactory
from jobs.tests.factories import EmployerFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def candidate(db):
    """A candidate's profile (``candidate.user`` is the account)."""
    return CandidateProfileFactory()


@pytest.fixture
def employer(db):
    """A company owner's membership (``employer.user``, ``employer.company``)."""
    return EmployerFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def user(db):
    return UserFactory()
