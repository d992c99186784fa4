"""Each rule the database enforces, hit directly: the write must fail in PostgreSQL itself."""

import datetime

import pytest
from django.db import connection
from django.db.models import ProtectedError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from candidates.tests.factories import CandidateProfileFactory, CVFactory
from intowork.tests.helpers import violates
from jobs.models import Application, ApplicationStatus, ApplicationStatusChange, Company, Job, JobStatus, Membership
from jobs.tests.factories import (
    ApplicationFactory,
    ApplicationStatusChangeFactory,
    CompanyFactory,
    JobFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


class TestApplicationRules:
    def test_second_live_application_to_the_same_job_is_refused(self):
        first = ApplicationFactory()
        with violates("jobs_application_one_live_per_candidate_job_uniq"):
            ApplicationFactory(job=first.job, candidate=first.candidate)

    @pytest.mark.parametrize("ended", [ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN])
    def test_reapplying_after_an_ended_application_is_allowed(self, ended):
        first = ApplicationFactory(status=ended)
        again = ApplicationFactory(job=first.job, candidate=first.candidate)
        assert Application.objects.filter(job=first.job, candidate=first.candidate).count() == 2
        assert again.status == ApplicationStatus.APPLIED

    def test_reviving_an_ended_application_beside_a_live_one_is_refused(self):
        ended = ApplicationFactory(status=ApplicationStatus.REJECTED)
        ApplicationFactory(job=ended.job, candidate=ended.candidate)
        with violates("jobs_application_one_live_per_candidate_job_uniq"):
            Application.objects.filter(pk=ended.pk).update(status=ApplicationStatus.APPLIED)

    def test_unknown_status_is_refused(self):
        with violates("jobs_application_status_valid_check"):
            ApplicationFactory(status="hired")


class TestStatusHistory:
    def test_history_is_append_only(self):
        change = ApplicationStatusChangeFactory()
        with violates("append-only"):
            ApplicationStatusChange.objects.filter(pk=change.pk).update(note="rewritten")
        change.refresh_from_db()
        assert change.note == ""

    def test_a_change_must_move(self):
        with violates("jobs_statuschange_moves_check"):
            ApplicationStatusChangeFactory(from_status="viewed", to_status="viewed")

    def test_unknown_target_status_is_refused(self):
        with violates("jobs_statuschange_to_valid_check"):
            ApplicationStatusChangeFactory(to_status="hired")


class TestJobRules:
    def test_slug_is_unique_per_company(self):
        job = JobFactory()
        JobFactory(slug=job.slug)  # another company may reuse it
        with violates("jobs_job_company_slug_uniq"):
            JobFactory(company=job.company, slug=job.slug)

    def test_salary_min_cannot_exceed_max(self):
        with violates("jobs_job_salary_min_lte_max_check"):
            JobFactory(salary_min=80_000, salary_max=60_000)

    def test_salary_cannot_be_negative(self):
        job = JobFactory()
        with violates("jobs_job_salary_min_check"):  # PositiveIntegerField's own check
            Job.objects.filter(pk=job.pk).update(salary_min=-1)

    def test_expiry_cannot_precede_posting(self):
        now = timezone.now()
        with violates("jobs_job_posted_lte_expires_check"):
            JobFactory(posted_at=now, expires_at=now - datetime.timedelta(days=1))

    @pytest.mark.parametrize(
        "missing", [{"salary_min": None}, {"salary_max": None}, {"posted_at": None, "expires_at": None}]
    )
    def test_published_job_needs_a_date_and_a_salary(self, missing):
        with violates("jobs_job_published_has_date_and_salary_check"):
            JobFactory(**missing)

    def test_draft_may_have_no_salary_yet(self):
        assert JobFactory(draft=True).status == JobStatus.DRAFT

    @pytest.mark.parametrize(
        ("field", "constraint"),
        [
            ("status", "jobs_job_status_valid_check"),
            ("job_type", "jobs_job_job_type_valid_check"),
            ("location_type", "jobs_job_location_type_valid_check"),
        ],
    )
    def test_enumerations_are_checked(self, field, constraint):
        with violates(constraint):
            JobFactory(**{field: "nonsense"})


class TestSearchVectorTriggers:
    def weights(self, job):
        with connection.cursor() as cursor:
            cursor.execute("SELECT search_vector::text FROM jobs_job WHERE id = %s", [job.pk])
            return cursor.fetchone()[0]

    def test_title_company_and_description_are_weighted(self):
        job = JobFactory(
            title="Kotlin engineer",
            company=CompanyFactory(name="Acme"),
            skills=["Gradle"],
            description="Mobile banking app",
            requirements="",
        )
        vector = self.weights(job)
        assert "'kotlin':1A" in vector
        assert "'acm':3B" in vector  # English stemming
        assert "'gradl':4B" in vector
        assert "'bank':6C" in vector

    def test_vector_follows_edits_and_company_renames(self):
        job = JobFactory(title="Kotlin engineer")
        job.title = "Rust engineer"
        job.save()
        job.company.name = "Zebracorp"
        job.company.save()
        vector = self.weights(job)
        assert "'rust':1A" in vector
        assert "kotlin" not in vector
        assert "'zebracorp'" in vector

    def test_search_finds_the_job_by_stemmed_word(self):
        job = JobFactory(title="Senior developer")
        found = Job.objects.extra(where=["search_vector @@ websearch_to_tsquery('english', 'developers')"])
        assert list(found) == [job]


class TestCompanyRules:
    def test_slug_is_unique(self):
        CompanyFactory(slug="acme")
        with violates("jobs_company_slug_uniq"):
            CompanyFactory(slug="acme")

    def test_size_is_checked(self):
        with violates("jobs_company_size_valid_check"):
            CompanyFactory(size="huge")

    def test_a_user_is_a_member_once(self):
        membership = MembershipFactory()
        with violates("jobs_employer_user_company_uniq"):
            MembershipFactory(user=membership.user, company=membership.company)

    def test_member_role_is_checked(self):
        with violates("jobs_employer_role_valid_check"):
            MembershipFactory(role="boss")

    def test_one_open_invitation_per_address_ignoring_case(self):
        company = CompanyFactory()
        company.invitations.create(email="ann@example.com", token="a")
        with violates("jobs_invitation_open_company_email_uniq"):
            company.invitations.create(email="ANN@example.com", token="b")
        company.invitations.update(accepted_at=timezone.now())
        company.invitations.create(email="ann@example.com", token="c")  # a new one once accepted
        assert company.invitations.count() == 2


class TestDeletion:
    """Deleting never orphans rows nor silently destroys hiring records."""

    def test_company_with_jobs_is_protected(self):
        job = JobFactory()
        with pytest.raises(ProtectedError):
            job.company.delete()
        assert Job.objects.filter(pk=job.pk).exists()

    def test_company_without_jobs_takes_its_memberships(self):
        membership = MembershipFactory()
        membership.company.delete()
        assert not Membership.objects.filter(pk=membership.pk).exists()
        membership.user.refresh_from_db()  # the person stays

    def test_job_with_applications_is_protected(self):
        application = ApplicationFactory()
        with pytest.raises(ProtectedError):
            application.job.delete()

    def test_candidate_with_applications_is_protected(self):
        application = ApplicationFactory()
        with pytest.raises(ProtectedError):
            application.candidate.user.delete()
        assert Application.objects.filter(pk=application.pk).exists()

    def test_deleting_a_cv_keeps_the_application(self):
        cv = CVFactory()
        application = ApplicationFactory(candidate=cv.candidate, cv=cv)
        cv.delete()
        application.refresh_from_db()
        assert application.cv is None

    def test_deleting_the_author_keeps_the_job(self):
        author = UserFactory(role="employer")
        job = JobFactory(author=author)
        author.delete()
        job.refresh_from_db()
        assert job.author is None

    def test_deleting_the_person_who_moved_an_application_keeps_the_history(self):
        mover = UserFactory()
        change = ApplicationStatusChangeFactory(changed_by=mover)
        mover.delete()
        change.refresh_from_db()
        assert change.changed_by is None
        assert change.to_status == ApplicationStatus.VIEWED

    def test_history_cannot_be_reassigned_to_someone_else(self):
        change = ApplicationStatusChangeFactory(changed_by=UserFactory())
        with violates("append-only"):
            ApplicationStatusChange.objects.filter(pk=change.pk).update(changed_by=UserFactory())

    def test_deleting_a_job_without_applications_removes_bookmarks(self):
        from candidates.models import SavedJob

        job = JobFactory()
        SavedJob.objects.create(candidate=CandidateProfileFactory(), job=job)
        job.delete()
        assert SavedJob.objects.count() == 0
        assert Company.objects.filter(pk=job.company_id).exists()
