"""Policies in force for tests that need them (by default none is: see conftest.py)."""

import datetime

from django.utils import timezone

from accounts.models import User
from privacy.models import PolicyDocument, PolicyKind
from privacy.services import policies_accept, policy_save


def publish(kind: str, version: int, **fields) -> PolicyDocument:
    document = PolicyDocument(
        kind=kind,
        version=version,
        title=f"{PolicyKind(kind).label} v{version}",
        body=f"The text of version {version}.",
        published_at=timezone.now() - datetime.timedelta(minutes=1),
        **fields,
    )
    return policy_save(document=document)


def policies_in_force(*users: User) -> list[PolicyDocument]:
    """A privacy policy and terms published, and accepted by ``users`` (so that their pages
    stay their pages rather than the request to accept)."""
    documents = [publish("privacy", 1), publish("terms", 1)]
    for user in users:
        policies_accept(user=user, document_ids=[document.pk for document in documents])
    return documents


def terms_changed() -> str:
    """New terms published: everyone is asked to accept them. The page that asks."""
    publish("terms", 2, summary_of_changes="How long we keep rejected applications.")
    return "/policies/accept/"
