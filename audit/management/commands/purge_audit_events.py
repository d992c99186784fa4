import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from audit.services import audit_events_purge


class Command(BaseCommand):
    help = "Delete audit events older than the retention period (AUDIT_RETENTION_DAYS). Safe to run any time."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.AUDIT_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        deleted = audit_events_purge(before=timezone.now() - datetime.timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} audit event(s) older than {days} days.")
