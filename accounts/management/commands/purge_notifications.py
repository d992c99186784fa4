import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import Notification


class Command(BaseCommand):
    help = "Delete read notifications older than --days (90). Unread ones are kept. Safe to run any time."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90)

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - datetime.timedelta(days=days)
        # Served by the partial index accounts_notif_read_idx (created_at WHERE is_read).
        deleted, _by_model = Notification.objects.filter(is_read=True, created_at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} read notification(s) older than {days} days.")
