"""Job alerts' rules: saving a search as an alert (members at once, guests after confirming
their address), managing it, and the digest run that finds each alert's new jobs.

The run matches each distinct search once (alerts share popular searches: one query per
search, not per alert), then writes each alert's digest and its sent-log rows in the same
transaction as the alert's new watermark; the emails go after commit (``alerts.tasks``)."""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Min
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from alerts import tasks
from alerts.models import Alert, AlertDigest, AlertFrequency, AlertSentJob
from intowork.exceptions import ConflictError, ServiceError
from jobs.filters import JobFilter, search_params
from jobs.models import Job
from jobs.search import search_matching

# A job committed a little after its posted_at (a slow transaction) must not fall between two
# runs: each run looks this far behind the alert's watermark; the sent-log drops repeats.
WATERMARK_OVERLAP = datetime.timedelta(minutes=10)
# The newest matches read per search per run: far more than a digest lists.
MATCHES_PER_SEARCH = 500
# A digest still unsent this long after it was written lost its email to a crash: sent again.
RESEND_UNSENT_AFTER = datetime.timedelta(minutes=15)


# --- The search an alert keeps -----------------------------------------------------------------


def alert_params(params: QueryDict) -> dict[str, str]:
    """The search's own parameters (``q`` and the filters of /jobs/, nothing else), validated
    by the same filters, without empty ones. Refuses what the search page would reject."""
    kept = search_params(params)
    job_filter = JobFilter(kept, queryset=Job.objects.none())
    if not job_filter.is_valid():
        name, messages = next(iter(job_filter.errors.items()))
        raise ServiceError("invalid_search", messages[0], field=name)
    found = {name: (kept.get(name) or "").strip() for name in kept}
    return {name: value for name, value in sorted(found.items()) if value}


def params_query_dict(params: dict[str, str]) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update(params)
    return query


def query_key(params: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()


def alert_default_name(params: dict[str, str]) -> str:
    parts = [params[name] for name in ("q", "location", "company") if name in params]
    return " · ".join(parts)[:120] or _("All jobs")


# Confirmation emails one address may receive per hour: saving searches as a guest must not
# become a way to flood someone's inbox.
CONFIRMATIONS_PER_HOUR = 3
CONFIRMATION_WINDOW_S = 3600


class TooManyConfirmations(ServiceError):
    status_code = 429


def _send_confirmation(alert: Alert) -> None:
    """Queue the double opt-in email after commit, within the address's hourly allowance."""
    key = f"alerts:confirmations:{hashlib.sha256(alert.email.lower().encode()).hexdigest()[:32]}"
    cache.add(key, 0, CONFIRMATION_WINDOW_S)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, CONFIRMATION_WINDOW_S)
        count = 1
    if count > CONFIRMATIONS_PER_HOUR:
        raise TooManyConfirmations(
            "too_many_confirmations",
            _("We have sent several confirmation emails to this address already: try again in an hour."),
        )
    transaction.on_commit(lambda: tasks.send_alert_confirmation.enqueue(alert_id=alert.pk))


def _lock_address(address: str) -> None:
    """Serialise the alerts of one address (the limit per address is a count)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"alerts:{address.lower()}"])


# --- Members' and guests' actions ----------------------------------------------------------------


@transaction.atomic
def alert_create(
    *,
    params: QueryDict,
    user: User | None = None,
    email: str = "",
    name: str = "",
    frequency: str = AlertFrequency.DAILY,
    language: str = "en",
) -> Alert:
    """Save a search as an alert. A member's alert is live at once; a guest's waits for its
    address to be confirmed (an email with a link; nothing else is sent before). A guest who
    saves the same search again gets the confirmation again, and learns nothing of others'."""
    search = alert_params(params)
    address = user.email if user is not None else email.strip()
    if not address:
        raise ServiceError("email_required", _("Enter your email address."), field="email")
    if frequency not in AlertFrequency.values:
        raise ServiceError("invalid_frequency", _("Choose how often to receive it."), field="frequency")
    _lock_address(address)
    key = query_key(search)
    same = Alert.objects.owned_by(user) if user is not None else Alert.objects.filter(user=None, email__iexact=address)
    existing = same.filter(query_key=key).first()
    if existing is not None:
        if user is not None:
            raise ConflictError("alert_exists", _("You already have an alert for this search."))
        if existing.confirmed_at is None:
            _send_confirmation(existing)
        return existing
    if Alert.objects.for_address(address).count() >= settings.ALERTS_PER_ADDRESS:
        raise ServiceError(
            "alert_limit",
            _("An address may have %(limit)d alerts: delete one first.") % {"limit": settings.ALERTS_PER_ADDRESS},
        )
    now = timezone.now()
    alert = Alert.objects.create(
        user=user,
        email="" if user is not None else address,
        name=name.strip()[:120] or alert_default_name(search),
        params=search,
        query_key=key,
        frequency=frequency,
        language=user.language if user is not None else language,
        confirmed_at=now if user is not None else None,
        checked_until=now,
        next_run_at=now + AlertFrequency(frequency).interval,
    )
    if user is None:
        _send_confirmation(alert)
    return alert


@transaction.atomic
def alert_confirm(*, alert: Alert) -> Alert:
    """A guest confirmed their address (the emailed link): the alert starts with the jobs
    published from now on. Idempotent. When the address has an account, the alert joins it."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.confirmed_at is None:
        now = timezone.now()
        alert.confirmed_at, alert.checked_until = now, now
        alert.next_run_at = now + AlertFrequency(alert.frequency).interval
        alert.save(update_fields=["confirmed_at", "checked_until", "next_run_at"])
    owner = (
        User.objects.filter(email__iexact=alert.email, emailaddress__verified=True).first() if alert.email else None
    )
    if owner is not None:
        alerts_claim(user=owner)
        alert.refresh_from_db()
    return alert


@transaction.atomic
def alerts_claim(*, user: User) -> int:
    """A member verified their address: the guests' confirmed alerts of that address become
    theirs (those repeating one of their searches are dropped). How many joined."""
    _lock_address(user.email)
    guests = Alert.objects.filter(user=None, email__iexact=user.email, confirmed_at__isnull=False)
    theirs = Alert.objects.owned_by(user).values("query_key")
    guests.filter(query_key__in=theirs).delete()
    return guests.update(user=user, email="")


@transaction.atomic
def alert_update(
    *, alert: Alert, name: str | None = None, frequency: str | None = None, is_paused: bool | None = None
) -> Alert:
    """Rename, change the frequency, pause or resume. Resuming starts from now: a paused
    alert's jobs are not sent in a burst."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    now = timezone.now()
    if name is not None:
        if not name.strip():
            raise ServiceError("name_required", _("Give the alert a name."), field="name")
        alert.name = name.strip()[:120]
    if frequency is not None:
        if frequency not in AlertFrequency.values:
            raise ServiceError("invalid_frequency", _("Choose how often to receive it."), field="frequency")
        alert.frequency = frequency
        alert.next_run_at = (alert.checked_until or now) + AlertFrequency(frequency).interval
    if is_paused is not None and is_paused != alert.is_paused:
        alert.is_paused = is_paused
        if not is_paused:
            alert.checked_until, alert.next_run_at = now, now + AlertFrequency(alert.frequency).interval
    alert.save()
    return alert


@transaction.atomic
def alert_delete(*, alert: Alert) -> None:
    alert.delete()


# --- The digest run --------------------------------------------------------------------------------


@dataclass
class DigestRun:
    """What one run did: alerts due, distinct searches matched, digests written, jobs in them,
    and digests sent again after a crash."""

    alerts: int = 0
    searches: int = 0
    digests: int = 0
    jobs: int = 0
    resent: int = 0


def alert_digests_run(*, now: datetime.datetime | None = None, batch_size: int = 500) -> DigestRun:
    """Write the digests of every due alert and enqueue their emails. Safe to run twice at once
    (each batch of alerts is locked FOR UPDATE SKIP LOCKED and checked due again) and after a
    crash (a batch commits whole: digests, sent-log and watermarks together; the sent-log's
    unique (alert, job) refuses a job twice)."""
    now = now or timezone.now()
    run = DigestRun()
    for digest_id in (
        AlertDigest.objects.unsent().filter(created_at__lt=now - RESEND_UNSENT_AFTER).values_list("pk", flat=True)
    ):
        tasks.send_alert_digest.enqueue(digest_id=digest_id)
        run.resent += 1
    searches = Alert.objects.due(now).order_by().values("query_key").annotate(since=Min("checked_until"))
    for search in searches.iterator(chunk_size=2000):
        run.searches += 1
        params = Alert.objects.filter(query_key=search["query_key"]).values_list("params", flat=True).first()
        if params is None:
            continue
        since = (search["since"] or now) - WATERMARK_OVERLAP
        matches = list(
            search_matching(params_query_dict(params))
            .filter(posted_at__gt=since, posted_at__lte=now)
            .order_by("-posted_at", "-pk")
            .values_list("pk", "posted_at")[:MATCHES_PER_SEARCH]
        )
        while _digest_batch(search["query_key"], matches, now=now, batch_size=batch_size, run=run):
            pass
    return run


@transaction.atomic
def _digest_batch(
    key: str,
    matches: list[tuple[int, datetime.datetime | None]],
    *,
    now: datetime.datetime,
    batch_size: int,
    run: DigestRun,
) -> bool:
    """One batch of the due alerts of one search; whether there may be more. A short batch is
    the last: the rows it did not get are locked by another worker, which sends them."""
    alerts = list(
        Alert.objects.due(now)
        .filter(query_key=key)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("pk")[:batch_size]
    )
    if not alerts:
        return False
    run.alerts += len(alerts)
    job_ids = [pk for pk, _posted in matches]
    already = set(
        AlertSentJob.objects.filter(alert__in=alerts, job__in=job_ids).values_list("alert_id", "job_id")
        if job_ids
        else []
    )
    most = settings.ALERT_DIGEST_MAX_JOBS
    found: list[tuple[Alert, list[int], int]] = []
    for alert in alerts:
        since = (alert.checked_until or alert.created_at) - WATERMARK_OVERLAP
        # (posted is never None: the matches were filtered on posted_at.)
        new = [pk for pk, posted in matches if posted and posted > since and (alert.pk, pk) not in already]
        if new:
            found.append((alert, new[:most], max(0, len(new) - most)))
        alert.checked_until = now
        alert.next_run_at = now + AlertFrequency(alert.frequency).interval
    Alert.objects.bulk_update(alerts, ["checked_until", "next_run_at"])
    digests = AlertDigest.objects.bulk_create(
        [AlertDigest(alert=alert, job_count=len(new), more_count=more) for alert, new, more in found]
    )
    AlertSentJob.objects.bulk_create(
        [
            AlertSentJob(alert=alert, job_id=job_id, digest=digest)
            for digest, (alert, new, _more) in zip(digests, found, strict=True)
            for job_id in new
        ]
    )
    run.digests += len(digests)
    run.jobs += sum(len(new) for _alert, new, _more in found)
    if digests:
        digest_ids = [digest.pk for digest in digests]
        transaction.on_commit(lambda: tasks.send_alert_digests_batch.enqueue(digest_ids=digest_ids))
    return len(alerts) == batch_size


@transaction.atomic
def alert_unsubscribe(*, alert: Alert) -> Alert:
    """The one-click unsubscribe of a digest (RFC 8058): the alert is paused (its page can
    resume or delete it)."""
    return alert_update(alert=alert, is_paused=True)
