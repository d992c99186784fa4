from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.models import User
from devdata.seeding import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo accounts that `seed --demo` created, with their password."

    def handle(self, *args, **options):
        existing = set(User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS]).values_list("email", flat=True))
        if not existing:
            self.stdout.write("No demo accounts here: run `manage.py seed --demo` first.")
            return
        site = getattr(settings, "SITE_URL", "http://127.0.0.1:8000")
        self.stdout.write(self.style.SUCCESS(f"Demo logins for {site}/accounts/login/ (password: {DEMO_PASSWORD})"))
        for account in DEMO_ACCOUNTS:
            if account.email in existing:
                self.stdout.write(f"  {account.label:<40} {account.email}")
        self.stdout.write(f"Every other seeded account uses the same password. Admin: {site}/admin/")
