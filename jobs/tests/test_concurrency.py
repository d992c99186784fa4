"""Counters and the one-live-application rule hold when requests race (real threads, real commits)."""

import threading

import pytest
from django.db import connection

from candidates.tests.factories import CandidateProfileFactory
from intowork.exceptions import ConflictError
from jobs import services
from jobs.models import Application, Job
from jobs.tests.factories import JobFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def race(target, args_list):
    """Run ``target(*args)`` for each args in parallel threads; return results and errors."""
    barrier = threading.Barrier(len(args_list))
    results, errors = [], []

    def run(*args):
        try:
            barrier.wait()
            results.append(target(*args))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=args) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_view_counter_is_exact_under_concurrent_views():
    job = JobFactory()

    def view_ten_times():
        for _ in range(10):
            services.job_record_view(job=job)

    _results, errors = race(view_ten_times, [()] * 6)
    assert errors == []
    assert Job.objects.get(pk=job.pk).view_count == 60


def test_application_counter_is_exact_under_concurrent_applications():
    job = JobFactory(company=MembershipFactory().company)  # members are notified too
    candidates = CandidateProfileFactory.create_batch(6)

    _results, errors = race(lambda c: services.application_submit(candidate=c, job=job), [(c,) for c in candidates])
    assert errors == []
    assert Job.objects.get(pk=job.pk).application_count == 6
    assert Application.objects.filter(job=job).count() == 6


def test_a_double_click_makes_one_application_and_one_conflict():
    job = JobFactory()
    candidate = CandidateProfileFactory()

    results, errors = race(lambda: services.application_submit(candidate=candidate, job=job), [()] * 4)
    assert len(results) == 1
    assert len(errors) == 3
    assert all(isinstance(e, ConflictError) and e.code == "already_applied" for e in errors)
    assert Job.objects.get(pk=job.pk).application_count == 1
