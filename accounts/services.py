"""Notifications: in-app rows written with the action, emails sent after commit."""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import USER_CONSTRAINT_MESSAGES, Notification, NotificationType, User
from accounts.tasks import send_notification_email
from intowork.constraints import save_or_refuse
from intowork.exceptions import ServiceError
from intowork.time_zones import is_time_zone

NOTIFICATION_TITLE_MAX_LENGTH = Notification._meta.get_field("title").max_length or 200


def truncated(text: str, max_length: int) -> str:
    """``text`` in at most ``max_length`` code points (what PostgreSQL's varchar counts), ending
    in an ellipsis when cut. Django's Truncator does not count combining marks, so its result
    can overflow a column."""
    return text if len(text) <= max_length else text[: max_length - 1] + "…"


if TYPE_CHECKING:  # jobs depends on accounts, not the other way: for the annotations only
    from django_stubs_ext import StrOrPromise

    from jobs.models import Application, Job


def notify(
    *,
    users: Iterable[User],
    type: NotificationType,
    title: "StrOrPromise",
    message: "StrOrPromise" = "",
    params: dict[str, Any] | None = None,
    job: "Job | None" = None,
    application: "Application | None" = None,
) -> list[Notification]:
    """Create one notification per user (one INSERT) and email each of them once committed.

    ``title`` and ``message`` are lazy translations with ``%(name)s`` placeholders filled from
    ``params``: each is written in its recipient's language, not in the language of whoever
    acted. The in-app notification is written in the caller's transaction, so it exists
    exactly when the action does; a failed email never takes it away. Whoever turned off the
    emails of this kind gets the in-app notification only (``User.email_opt_outs``, read from
    the rows already in hand: no query).
    """
    params = params or {}
    rows = []
    for user in users:
        with translation.override(user.language):
            rows.append(
                Notification(
                    user=user,
                    type=type,
                    # Made from what people wrote (a 200-character job title and a prefix): cut
                    # to the column, with an ellipsis, rather than refused by the database.
                    title=truncated(str(title) % params, NOTIFICATION_TITLE_MAX_LENGTH),
                    message=str(message) % params,
                    job=job,
                    application=application,
                )
            )
    notifications = Notification.objects.bulk_create(rows)
    ids = [notification.pk for notification in notifications if notification.user.wants_email(type)]
    if ids:
        # robust: if enqueuing fails (database gone right after the commit) the action still
        # answers as committed; the failure is logged and the in-app notification stays.
        transaction.on_commit(lambda: [send_notification_email.enqueue(notification_id=pk) for pk in ids], robust=True)
    return notifications


def notification_mark_read(*, notification: Notification) -> None:
    Notification.objects.filter(pk=notification.pk, is_read=False).update(is_read=True)
    notification.is_read = True


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.for_user(user).unread().update(is_read=True)


def account_update(*, user: User, **fields: Any) -> User:
    """Change the user's own fields (name, language)."""
    for name, value in fields.items():
        setattr(user, name, value)
    if fields:
        save_or_refuse(user, USER_CONSTRAINT_MESSAGES, update_fields=list(fields))
    return user


@transaction.atomic
def notification_emails_set(*, user: User, emails: Mapping[str, bool]) -> User:
    """Turn the emails of some kinds of notification on (True) or off (False) for ``user``;
    the other kinds stay as they were. In-app notifications are never turned off.

    The row is locked: a one-click unsubscribe arriving while the settings page is saved
    loses neither change.
    """
    unknown = sorted(set(emails) - set(NotificationType.values))
    if unknown:
        raise ServiceError(
            "unknown_notification_type",
            _("No such kind of notification: %(types)s.") % {"types": ", ".join(unknown)},
            field="type",
        )
    locked = User.objects.select_for_update().only("email_opt_outs").get(pk=user.pk)
    off = set(locked.email_opt_outs)
    for kind, wanted in emails.items():
        if wanted:
            off.discard(kind)
        else:
            off.add(kind)
    # In the order of the choices, so that the stored value does not depend on the clicks' order.
    opt_outs = [kind for kind in NotificationType.values if kind in off]
    if opt_outs != locked.email_opt_outs:
        User.objects.filter(pk=user.pk).update(email_opt_outs=opt_outs)
    user.email_opt_outs = opt_outs
    return user


def preferences_update(*, user: User, full_name: str, preferred_name: str, language: str, time_zone: str) -> User:
    """Save the user's name, the language of their emails and notifications and the time zone
    of their times ("" : the browser's, set by the page's script). An unknown zone is refused."""
    if time_zone and not is_time_zone(time_zone):
        raise ServiceError("invalid_time_zone", _("Choose a time zone from the list."), field="time_zone")
    return account_update(
        user=user, full_name=full_name, preferred_name=preferred_name, language=language, time_zone=time_zone
    )


def time_zone_detected(*, user: User, time_zone: str) -> bool:
    """The zone the user's browser reports, saved if they have none yet (a zone they chose is
    never overwritten). Whether it was saved."""
    if not is_time_zone(time_zone):
        return False
    return bool(User.objects.filter(pk=user.pk, time_zone="").update(time_zone=time_zone))
