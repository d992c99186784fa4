"""Alerts' background work: the periodic digest run (settings.PERIODIC_TASKS), each digest's
email, and a guest's confirmation email."""

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from alerts import services
from alerts.models import Alert, AlertDigest
from alerts.tokens import CONFIRM_SALT, UNSUBSCRIBE_SALT, alert_token
from intowork.emails import send_or_retry, templated_email
from jobs.models import Job


@task(queue_name="default")
def send_alert_digests() -> dict[str, int]:
    """The scheduler's entry: write and enqueue every due digest (idempotent)."""
    return vars(services.alert_digests_run())


def search_url(alert: Alert) -> str:
    return settings.SITE_URL + reverse("jobs:job_list") + (f"?{alert.query_string}" if alert.params else "")


@task(queue_name="default")
def send_alert_digests_batch(*, digest_ids: list[int]) -> int:
    """Email the digests of one batch of the run: one queued task per batch, not per email (a
    run of 100,000 alerts queues a few hundred rows); each digest is still sent, retried and
    marked on its own. How many were sent."""
    return sum(send_alert_digest.call(digest_id=digest_id) for digest_id in digest_ids)


@task(queue_name="default")
def send_alert_digest(*, digest_id: int, attempt: int = 1) -> bool:
    """Email one digest, once: its row is locked while the email leaves and marked sent after.
    Jobs closed, hidden or expired since the digest was written are left out (and with none
    left, nothing is sent). A one-click unsubscribe (RFC 8058) pauses the alert."""
    with transaction.atomic():
        digest = (
            AlertDigest.objects.select_for_update(of=("self",))
            .select_related("alert__user")
            .filter(pk=digest_id, sent_at__isnull=True)
            .first()
        )
        if digest is None:
            return False
        alert = digest.alert
        jobs = list(
            Job.objects.published().for_listing().filter(pk__in=digest.sent_jobs.values("job")).order_by("-posted_at")
        )
        still_sending = Alert.objects.sending().filter(pk=alert.pk).exists()
        sent = False
        if jobs and still_sending:
            unsubscribe_url = settings.SITE_URL + reverse(
                "alerts:unsubscribe", args=[alert_token(alert.pk, salt=UNSUBSCRIBE_SALT)]
            )
            message = templated_email(
                "alerts/email/digest",
                to=alert.recipient,
                context={
                    "alert": alert,
                    "jobs": jobs,
                    "more_count": digest.more_count,
                    "search_url": search_url(alert),
                    "unsubscribe_url": unsubscribe_url,
                    "manage_url": settings.SITE_URL + reverse("alerts:alert_list") if alert.user_id else "",
                    "site_url": settings.SITE_URL,
                },
                language=alert.recipient_language,
                time_zone=alert.user.time_zone if alert.user else "",
            )
            message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
            message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
            sent = send_or_retry(
                message, task=send_alert_digest, attempt=attempt, log={"digest_id": digest_id}, digest_id=digest_id
            )
            if not sent:  # retried later (or given up): the retry finds it unsent
                return False
        digest.sent_at = timezone.now()
        digest.save(update_fields=["sent_at"])
        return sent


@task(queue_name="default")
def send_alert_confirmation(*, alert_id: int, attempt: int = 1) -> bool:
    """The double opt-in's email: a guest's alert sends nothing until its link is followed."""
    alert = Alert.objects.filter(pk=alert_id, user=None, confirmed_at=None).first()
    if alert is None:
        return False
    confirm_url = settings.SITE_URL + reverse("alerts:confirm", args=[alert_token(alert.pk, salt=CONFIRM_SALT)])
    message = templated_email(
        "alerts/email/confirm",
        to=alert.email,
        context={"alert": alert, "confirm_url": confirm_url, "search_url": search_url(alert)},
        language=alert.language,
    )
    return send_or_retry(
        message, task=send_alert_confirmation, attempt=attempt, log={"alert_id": alert_id}, alert_id=alert_id
    )
