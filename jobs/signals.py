"""Cached searches follow every change to jobs and companies (see jobs.search)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from jobs.caching import invalidate_search_cache
from jobs.models import Company, Job


@receiver([post_save, post_delete], sender=Job)
@receiver([post_save, post_delete], sender=Company)
def job_or_company_changed(sender, **kwargs):
    # After commit: a search run meanwhile must not cache the state before the change.
    transaction.on_commit(invalidate_search_cache)
