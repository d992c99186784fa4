from django.core.management.base import BaseCommand

from jobs.services import jobs_close_expired


class Command(BaseCommand):
    help = "Close published jobs whose expiry date has passed. Safe to run any time."

    def handle(self, *args, **options):
        closed = jobs_close_expired()
        self.stdout.write(f"Closed {closed} expired job(s).")
