import re

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import User
from candidates.models import CV
from devdata.seeding import DEMO_ACCOUNTS, Seeder, Sizes
from jobs.models import Application, ApplicationStatusChange, Job, JobStatus

pytestmark = pytest.mark.django_db


def seed(seed=7):
    return Seeder(sizes=Sizes(companies=4, jobs=30, candidates=12, applications=90), seed=seed).run()


def test_seed_loads_the_sizes_asked_for_and_keeps_every_rule():
    counts = seed()
    assert counts["jobs"] == Job.objects.count() == 30 + round(30 * 0.15)
    assert Job.objects.published().count() == 30
    assert counts["applications"] == Application.objects.count() == 90
    # Every application starts its history with "applied" and the history ends at its status.
    assert ApplicationStatusChange.objects.filter(from_status="").count() == 90
    last = {c.application_id: c.to_status for c in ApplicationStatusChange.objects.order_by("created_at", "id")}
    assert last == dict(Application.objects.values_list("id", "status"))
    # Counters agree with the rows; every candidate has exactly one default CV.
    for job in Job.objects.all():
        assert job.application_count == job.applications.count()
    assert CV.objects.filter(is_default=True).count() == 12
    # The database trigger filled the search vector of every job.
    assert not Job.objects.filter(search_vector__isnull=True).exists()
    # Everyone can sign in: a verified primary address per account.
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == User.objects.count()


def test_the_same_seed_gives_the_same_rows():
    seed(seed=3)
    first = list(Job.objects.order_by("id").values_list("title", "company__name", "salary_min"))
    connection.check_constraints()  # TRUNCATE refuses pending deferred FK checks
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE jobs_company, accounts_user RESTART IDENTITY CASCADE")
    seed(seed=3)
    assert list(Job.objects.order_by("id").values_list("title", "company__name", "salary_min")) == first


def test_seeding_twice_appends_without_clashing():
    seed()
    seed(seed=8)
    assert Job.objects.count() == 2 * (30 + round(30 * 0.15))
    assert Application.objects.count() == 180


def test_demo_seed_creates_the_demo_logins_once(capsys, settings):
    settings.DEBUG = True
    call_command("seed", demo=True, if_empty=True, verbosity=0)
    call_command("seed", demo=True, if_empty=True, verbosity=0)
    assert set(User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS]).values_list("role", flat=True)) == {
        "candidate",
        "employer",
        "staff",
    }
    assert Job.objects.filter(status=JobStatus.PUBLISHED).count() == 80
    capsys.readouterr()
    call_command("demo_logins")
    out = capsys.readouterr().out
    assert "employer@demo.intowork.test" in out
    # The password printed works, and only the last one printed does.
    password = re.search(r"password: (\S+)\)", out)[1]
    assert User.objects.get(email="employer@demo.intowork.test").check_password(password)
    call_command("demo_logins")
    assert not User.objects.get(email="employer@demo.intowork.test").check_password(password)


def test_seed_passwords_are_random_and_printed_once(capsys, settings):
    settings.DEBUG = True
    call_command("seed", demo=True, verbosity=0)
    out = capsys.readouterr().out
    password = re.search(r"password: (\S+) \(printed this once", out)[1]
    assert password != "intowork-demo" and len(password) >= 16
    assert out.count(password) == 1
    candidate = User.objects.get(email="candidate@demo.intowork.test")
    assert candidate.check_password(password)
    assert not candidate.check_password("intowork-demo")
    # Another seed, another password.
    call_command("seed", companies=1, jobs=1, candidates=1, applications=0, verbosity=0)
    second = re.search(r"password: (\S+) \(printed this once", capsys.readouterr().out)[1]
    assert second != password


def test_seed_refuses_in_production_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force-in-production"):
        call_command("seed", demo=True, verbosity=0)
    assert not User.objects.exists()
    with pytest.raises(CommandError, match="--force-in-production"):
        call_command("demo_logins")


def test_a_forced_production_seed_makes_no_staff(capsys, settings):
    settings.DEBUG = False
    call_command("seed", demo=True, force_in_production=True, verbosity=0)
    assert User.objects.filter(email="candidate@demo.intowork.test").exists()
    assert not User.objects.filter(is_staff=True).exists()
    assert not User.objects.filter(is_superuser=True).exists()
    call_command("demo_logins", force_in_production=True)
    assert "/admin/" not in capsys.readouterr().out


def test_seed_takes_a_chosen_password_for_load_tests(settings):
    settings.DEBUG = True
    call_command("seed", companies=1, jobs=1, candidates=1, applications=0, password="load-test-pass", verbosity=0)
    assert all(user.check_password("load-test-pass") for user in User.objects.all())
