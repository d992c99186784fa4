"""jobs_applicationcount is kept by the database: after every kind of write to applications or
their history (services, bulk updates and deletes, raw SQL, concurrent moves), its rows equal
a GROUP BY over the applications, computed here in Python from the rows themselves."""

import threading
from collections import Counter

import pytest
from django.db import IntegrityError, connection, transaction

from candidates.tests.factories import CandidateProfileFactory
from jobs import services
from jobs.models import (
    FUNNEL_STAGES,
    Application,
    ApplicationCount,
    ApplicationStatus,
    ApplicationStatusChange,
    WithdrawalReason,
)
from jobs.tests.factories import ApplicationFactory, JobFactory, MembershipFactory

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def stage(status: str) -> int:
    return FUNNEL_STAGES.index(status) if status in FUNNEL_STAGES else 0


def expected_counts() -> Counter:
    """What the rows must say: per (job, status, furthest stage reached by status or history,
    withdrawal reason), how many applications."""
    history: dict[int, int] = {}
    for application_id, to_status in ApplicationStatusChange.objects.values_list("application_id", "to_status"):
        history[application_id] = max(history.get(application_id, 0), stage(to_status))
    rows = Application.objects.values_list("pk", "job_id", "status", "withdrawal_reason")
    return Counter(
        (job_id, status, max(stage(status), history.get(pk, 0)), reason) for pk, job_id, status, reason in rows
    )


def kept_counts() -> Counter:
    rows = ApplicationCount.objects.filter(n__gt=0).values_list(
        "job_id", "status", "furthest_stage", "withdrawal_reason", "n"
    )
    return Counter({(job, status, furthest, reason): n for job, status, furthest, reason, n in rows})


def assert_counts_exact():
    assert kept_counts() == expected_counts()


@pytest.fixture
def member():
    return MembershipFactory().user


@pytest.fixture
def job(member):
    return JobFactory(company=member.memberships.get().company)


def submit(job, n=1):
    return [services.application_submit(candidate=CandidateProfileFactory(), job=job) for _ in range(n)]


def test_the_sql_stages_are_the_funnel_stages():
    with connection.cursor() as cursor:
        cursor.execute("SELECT s, jobs_application_funnel_stage(s) FROM unnest(%s::text[]) AS s", [S.values])
        assert dict(cursor.fetchall()) == {status: stage(status) for status in S.values}


def test_applying_moving_and_withdrawing_through_the_services(job, member):
    first, second, third = submit(job, 3)
    assert_counts_exact()
    assert ApplicationCount.objects.filter(job=job).by_status() == {S.APPLIED: 3}
    services.application_change_status(application=first, to=S.INTERVIEW, by=member)
    services.application_change_status(application=first, to=S.REJECTED, by=member)
    services.application_mark_viewed(application=second, by=member)
    services.application_withdraw(application=third, by=third.candidate.user, reason=WithdrawalReason.SALARY)
    assert_counts_exact()
    # Rejected after an interview: still counted as having reached the interview stage.
    assert ApplicationCount.objects.get(job=job, status=S.REJECTED).furthest_stage == stage(S.INTERVIEW)
    assert ApplicationCount.objects.get(job=job, status=S.WITHDRAWN, n=1).withdrawal_reason == WithdrawalReason.SALARY


def test_bulk_moves_updates_and_deletes(job, member):
    applications = submit(job, 4) + submit(JobFactory(company=job.company), 2)
    services.applications_bulk_change_status(applications=applications[:3], to=S.SHORTLISTED, by=member)
    assert_counts_exact()
    Application.objects.filter(job=job).update(status=S.ACCEPTED)  # a bulk UPDATE, no history
    assert_counts_exact()
    Application.objects.filter(pk=applications[0].pk).update(job=applications[-1].job)  # moved to another job
    assert_counts_exact()
    Application.objects.filter(pk__in=[a.pk for a in applications[:2]]).delete()  # history first, then the rows
    assert_counts_exact()
    ApplicationStatusChange.objects.filter(application=applications[2]).delete()  # history alone
    assert_counts_exact()
    Application.objects.all().delete()
    assert kept_counts() == Counter()


def test_rows_created_without_services_and_history_written_apart(job):
    rows = Application.objects.bulk_create(
        [Application(job=job, candidate=CandidateProfileFactory(), status=status) for status in (S.APPLIED, S.VIEWED)]
    )
    assert_counts_exact()
    ApplicationStatusChange.objects.bulk_create(
        [
            ApplicationStatusChange(application=rows[0], from_status="", to_status=S.APPLIED),
            ApplicationStatusChange(application=rows[0], from_status=S.APPLIED, to_status=S.INTERVIEW),
            ApplicationStatusChange(application=rows[1], from_status=S.APPLIED, to_status=S.SHORTLISTED),
        ]
    )
    assert_counts_exact()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE jobs_application SET status = 'rejected' WHERE id = %s", [rows[1].pk])
    assert_counts_exact()
    ApplicationFactory(job=job, status=S.ACCEPTED)
    assert_counts_exact()


def test_truncating_the_history_recounts():
    ApplicationFactory(status=S.INTERVIEW)
    ApplicationStatusChange.objects.create(
        application=Application.objects.get(), from_status=S.APPLIED, to_status=S.INTERVIEW
    )
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred check left pending
        cursor.execute("TRUNCATE jobs_applicationstatuschange CASCADE")  # hiring_bulkmoveitem points at it
    assert_counts_exact()


def test_one_row_per_key():
    ApplicationFactory()
    row = ApplicationCount.objects.get()
    with pytest.raises(IntegrityError, match="jobs_applicationcount_key_uniq"), transaction.atomic():
        ApplicationCount.objects.create(
            job_id=row.job_id, status=row.status, furthest_stage=row.furthest_stage, withdrawal_reason="", n=1
        )


def test_a_count_never_goes_below_zero():
    """A drift (a row edited by hand, then its applications deleted) fails loudly."""
    application = ApplicationFactory()
    ApplicationCount.objects.update(n=0)
    with pytest.raises(IntegrityError, match="jobs_applicationcount_n_check"), transaction.atomic():
        application.delete()


@pytest.mark.django_db(transaction=True)
def test_exact_under_concurrent_moves_and_applications():
    member = MembershipFactory().user
    job = JobFactory(company=member.memberships.get().company)
    applications = submit(job, 6)
    errors = []
    barrier = threading.Barrier(len(applications))

    def move(application, to):
        try:
            barrier.wait()
            services.application_change_status(application=application, to=to, by=member)
            submit(job)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    targets = [S.SHORTLISTED, S.INTERVIEW, S.REJECTED] * 2
    threads = [threading.Thread(target=move, args=pair) for pair in zip(applications, targets, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert_counts_exact()
    assert sum(ApplicationCount.objects.filter(job=job).by_status().values()) == 12


def test_a_bulk_statement_recounts_everything(job):
    """Past 10,000 rows a statement recounts from scratch (set-based) instead of a delta."""
    candidates = [CandidateProfileFactory() for _ in range(101)]
    jobs = [job, *(JobFactory(company=job.company) for _ in range(99))]
    Application.objects.bulk_create(
        [Application(job=each_job, candidate=candidate) for candidate in candidates for each_job in jobs]
    )
    assert_counts_exact()
    assert sum(ApplicationCount.objects.by_status().values()) == 10_100
    Application.objects.filter(candidate__in=candidates[:60]).update(status=S.VIEWED)  # 6,000 rows: a delta
    Application.objects.update(status=S.SHORTLISTED)  # 10,100 rows: a recount
    assert_counts_exact()
    Application.objects.all().delete()
    assert kept_counts() == Counter()
