import datetime
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.http import QueryDict
from django.utils import timezone

from accounts.tests.factories import UserFactory
from alerts import services
from alerts.models import Alert, AlertDigest, AlertSentJob
from alerts.tests.factories import AlertFactory
from intowork.exceptions import ConflictError, ServiceError
from jobs.models import JobStatus
from jobs.tests.factories import JobFactory

pytestmark = pytest.mark.django_db

LATER = datetime.timedelta(days=1)


def welder_job(**kwargs):
    """A job that a search for "python" does not find (the factory's jobs all ask for Python)."""
    return JobFactory(title="Welder", description="Weld.", requirements="Welding.", skills=["Welding"], **kwargs)


def run(**kwargs):
    return services.alert_digests_run(now=timezone.now() + LATER, **kwargs)


def test_a_search_is_kept_as_the_search_page_reads_it():
    params = QueryDict("q=+python+&location=Lyon&sort=newest&page=3&utm_source=x&job_type=")
    assert services.alert_params(params) == {"location": "Lyon", "q": "python"}


def test_a_search_the_page_would_reject_is_refused():
    with pytest.raises(ServiceError) as error:
        services.alert_params(QueryDict("job_type=astronaut"))
    assert error.value.field == "job_type"


def test_a_guests_alert_sends_nothing_before_its_address_is_confirmed(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        alert = services.alert_create(params=QueryDict("q=python"), email="guest@example.com", language="fr")
    assert alert.confirmed_at is None
    [confirmation] = mailoutbox
    assert confirmation.to == ["guest@example.com"] and "/alerts/confirm/" in confirmation.body
    assert "Confirmez" in confirmation.subject  # the guest's language
    JobFactory(title="Python developer")
    with django_capture_on_commit_callbacks(execute=True):
        assert run().digests == 0
    assert len(mailoutbox) == 1

    services.alert_confirm(alert=alert)
    JobFactory(title="Python engineer")
    with django_capture_on_commit_callbacks(execute=True):
        assert run().digests == 1
    assert len(mailoutbox) == 2


def test_saving_the_same_search_again_as_a_guest_sends_the_confirmation_again(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.alert_create(params=QueryDict("q=python"), email="guest@example.com")
        again = services.alert_create(params=QueryDict("q=python&page=2"), email="GUEST@example.com")
    assert again == first and len(mailoutbox) == 2 and Alert.objects.count() == 1


def test_an_address_gets_a_few_confirmation_emails_an_hour_at_most(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(services.CONFIRMATIONS_PER_HOUR):
            services.alert_create(params=QueryDict("q=python"), email="victim@example.com")
    with pytest.raises(services.TooManyConfirmations), django_capture_on_commit_callbacks(execute=True):
        services.alert_create(params=QueryDict("q=go"), email="victim@example.com")
    assert len(mailoutbox) == services.CONFIRMATIONS_PER_HOUR and Alert.objects.count() == 1


def test_a_member_saving_the_same_search_twice_is_told():
    user = UserFactory()
    services.alert_create(params=QueryDict("q=python"), user=user)
    with pytest.raises(ConflictError):
        services.alert_create(params=QueryDict("q=python&sort=newest"), user=user)


def test_an_address_has_a_limited_number_of_alerts(settings):
    settings.ALERTS_PER_ADDRESS = 2
    user = UserFactory(email="me@example.com")
    services.alert_create(params=QueryDict("q=a"), user=user)
    services.alert_create(params=QueryDict("q=b"), email="ME@example.com")  # a guest's, same address
    with pytest.raises(ServiceError) as error:
        services.alert_create(params=QueryDict("q=c"), user=user)
    assert error.value.code == "alert_limit" and Alert.objects.count() == 2


def test_the_database_keeps_one_alert_per_search_and_owner():
    alert = AlertFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AlertFactory(user=alert.user)
    guest = AlertFactory(user=None, email="g@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        AlertFactory(user=None, email="G@example.com", params=guest.params)


def test_an_alert_belongs_to_a_member_or_to_an_address_never_both_or_neither():
    with pytest.raises(IntegrityError), transaction.atomic():
        AlertFactory(email="both@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        AlertFactory(user=None, email="")


def test_the_sent_log_refuses_a_job_twice_for_one_alert():
    alert, job = AlertFactory(), JobFactory()
    digest = AlertDigest.objects.create(alert=alert, job_count=1)
    AlertSentJob.objects.create(alert=alert, job=job, digest=digest)
    with pytest.raises(IntegrityError), transaction.atomic():
        AlertSentJob.objects.create(alert=alert, job=job, digest=AlertDigest.objects.create(alert=alert, job_count=1))


def test_a_digest_lists_new_matching_jobs_once_across_runs(mailoutbox, django_capture_on_commit_callbacks):
    alert = AlertFactory()
    JobFactory(title="Python developer", posted_at=timezone.now() - datetime.timedelta(hours=2))  # before the alert
    new = JobFactory(title="Python developer")
    welder_job()
    with django_capture_on_commit_callbacks(execute=True):
        first = run()
    assert (first.digests, first.jobs) == (1, 1)
    assert list(AlertSentJob.objects.values_list("job", flat=True)) == [new.pk]
    [email] = mailoutbox
    assert new.title in email.body and "Welder" not in email.body
    Alert.objects.filter(pk=alert.pk).update(next_run_at=timezone.now(), checked_until=new.posted_at)
    with django_capture_on_commit_callbacks(execute=True):
        assert run().digests == 0  # the same job, again in the window: never twice
    assert len(mailoutbox) == 1


def test_closed_hidden_or_expired_jobs_are_never_sent(mailoutbox, django_capture_on_commit_callbacks):
    AlertFactory()
    JobFactory(title="Python closed", status=JobStatus.CLOSED)
    JobFactory(
        title="Python expired",
        posted_at=timezone.now() - datetime.timedelta(minutes=5),
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    kept = JobFactory(title="Python open")
    with django_capture_on_commit_callbacks(execute=True):
        assert run().jobs == 1
    assert "Python open" in mailoutbox[0].body and kept.pk == AlertSentJob.objects.get().job_id


def test_a_job_closed_after_its_digest_was_written_is_not_mailed(mailoutbox, django_capture_on_commit_callbacks):
    AlertFactory()
    job = JobFactory(title="Python developer")
    run()  # the digest is written; its email is not sent yet (the callbacks did not run)
    job.status = JobStatus.CLOSED
    job.save()
    with django_capture_on_commit_callbacks(execute=True):
        run()  # a later run finds nothing new
    from alerts.tasks import send_alert_digest

    send_alert_digest.call(digest_id=AlertDigest.objects.get().pk)
    assert mailoutbox == [] and AlertDigest.objects.get().sent_at is not None


def test_a_digest_is_in_the_recipients_language_with_one_click_unsubscribe_headers(
    mailoutbox, django_capture_on_commit_callbacks
):
    AlertFactory(user=UserFactory(language="fr"))
    JobFactory(title="Python developer")
    with django_capture_on_commit_callbacks(execute=True):
        run()
    [email] = mailoutbox
    assert "nouvelle offre" in email.subject
    assert (
        email.extra_headers["List-Unsubscribe"].startswith("<http")
        and "/alerts/unsubscribe/" in email.extra_headers["List-Unsubscribe"]
    )
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = email.alternatives[0][0]
    assert "Python developer" in html and "Arrêter cette alerte" in html


def test_a_digest_lists_at_most_the_limit_and_links_to_the_rest(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ALERT_DIGEST_MAX_JOBS = 2
    AlertFactory()
    JobFactory.create_batch(3, title="Python developer")
    with django_capture_on_commit_callbacks(execute=True):
        assert run().jobs == 2
    assert AlertDigest.objects.get().more_count == 1 and "/jobs/?q=python" in mailoutbox[0].body


def test_alerts_sharing_a_search_are_matched_with_one_search(django_assert_max_num_queries):
    AlertFactory.create_batch(3)
    AlertFactory.create_batch(2, params={"q": "welder"}, query_key=services.query_key({"q": "welder"}))
    JobFactory(title="Python developer")
    welder_job()
    # 11 per search, whatever its number of alerts: its parameters, its matches, one batch in a
    # savepoint (lock, sent-log, watermarks, digests, sent jobs).
    with django_assert_max_num_queries(22):
        result = run()
    assert (result.alerts, result.searches, result.digests) == (5, 2, 5)


def test_a_paused_alert_sends_nothing_and_resumes_from_now(django_capture_on_commit_callbacks):
    alert = AlertFactory()
    services.alert_update(alert=alert, is_paused=True)
    JobFactory(title="Python developer", posted_at=timezone.now() - datetime.timedelta(hours=1))
    assert run().alerts == 0
    alert = services.alert_update(alert=alert, is_paused=False)
    assert alert.checked_until > timezone.now() - datetime.timedelta(seconds=5)


def test_a_digest_left_unsent_by_a_crash_is_sent_by_a_later_run(mailoutbox, django_capture_on_commit_callbacks):
    AlertFactory()
    JobFactory(title="Python developer")
    run()  # crash: the email task was never enqueued
    AlertDigest.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert run().resent == 1
    assert len(mailoutbox) == 1 and AlertDigest.objects.get().sent_at is not None
    assert run().resent == 0


def test_a_guests_confirmed_alerts_join_the_account_of_their_address():
    user = UserFactory(email="me@example.com")
    AlertFactory(user=user)
    AlertFactory(user=None, email="ME@example.com")  # the same search: dropped
    other = AlertFactory(
        user=None, email="me@example.com", params={"q": "go"}, query_key=services.query_key({"q": "go"})
    )
    assert services.alerts_claim(user=user) == 1
    other.refresh_from_db()
    assert other.user == user and other.email == "" and Alert.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_at_once_never_send_a_job_twice(mailoutbox):
    alerts = AlertFactory.create_batch(30)
    JobFactory.create_batch(3, title="Python developer")
    now = timezone.now() + LATER
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            services.alert_digests_run(now=now, batch_size=4)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AlertDigest.objects.count() == len(alerts)
    assert AlertSentJob.objects.count() == 3 * len(alerts)
    assert len(mailoutbox) == len(alerts)


def test_a_guests_alerts_join_the_account_when_its_address_is_verified():
    from allauth.account.models import EmailAddress
    from allauth.account.signals import email_confirmed

    guest_alert = AlertFactory(user=None, email="new@example.com")
    user = UserFactory(email="new@example.com")
    address = EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    guest_alert.refresh_from_db()
    assert guest_alert.user == user
