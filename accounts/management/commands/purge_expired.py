from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Delete expired sessions. Password-reset and email-verification tokens are stateless "
        "signed values (nothing stored to purge). Safe to run any time."
    )

    def handle(self, *args, **options):
        deleted, _by_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
        self.stdout.write(f"Deleted {deleted} expired session(s).")
