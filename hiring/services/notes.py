"""Private notes on an application, on their own (not only with a move), and @mentions that
notify a teammate."""

import re

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import NotificationType, User
from accounts.services import notify
from hiring.models import ApplicationNote
from intowork.exceptions import ServiceError
from jobs.models import Application

# @grace, @grace.hopper or @grace@acme.example: a teammate's first name, the part of their
# address before the @, or their whole address.
MENTION = re.compile(r"(?<![\w@])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)")
MAX_NOTE_LENGTH = 5000


def mentionable_members(*, application: Application) -> QuerySet[User]:
    return User.objects.filter(memberships__company_id=application.job.company_id, is_active=True)


def first_word(member: User) -> list[str]:
    """The first word of the name they go by ("@ana" for Ana María López García)."""
    return (member.preferred_name or member.full_name).lower().split()[:1]


def mentioned_in(body: str, members: list[User]) -> list[User]:
    """The members ``body`` mentions. A handle that fits several teammates (two Graces)
    mentions none of them: the author writes the address instead."""
    found: dict[int, User] = {}
    for handle in {match.lower() for match in MENTION.findall(body)}:
        fits = [
            member
            for member in members
            if handle in {member.email.lower(), member.email.lower().partition("@")[0], *first_word(member)}
        ]
        if len(fits) == 1:
            found[fits[0].pk] = fits[0]
    return list(found.values())


@transaction.atomic
def note_add(*, application: Application, by: User, body: str) -> ApplicationNote:
    """A company member writes a private note; each teammate it @mentions is notified."""
    body = body.strip()
    if not body:
        raise ServiceError("empty_note", _("Write the note first."), field="body")
    if len(body) > MAX_NOTE_LENGTH:
        raise ServiceError("note_too_long", _("A note has at most 5,000 characters."), field="body")
    note = ApplicationNote.objects.create(application=application, author=by, body=body)
    mentioned = [user for user in mentioned_in(body, list(mentionable_members(application=application))) if user != by]
    if mentioned:
        note.mentioned.set(mentioned)
        notify(
            users=mentioned,
            type=NotificationType.MENTION,
            title=gettext_lazy("%(name)s mentioned you about %(candidate)s"),
            message=body.replace("%", "%%"),  # notify fills %(…)s placeholders
            params={"name": by.display_name, "candidate": application.candidate_name},
            job=application.job,
            application=application,
        )
    return note
