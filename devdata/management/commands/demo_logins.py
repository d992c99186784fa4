import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from devdata.seeding import DEMO_ACCOUNTS


class Command(BaseCommand):
    help = (
        "Give the demo accounts that `seed --demo` created a new random password and print it with "
        "their addresses (the password is printed this once and stored nowhere)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force-in-production",
            action="store_true",
            help="Reset the demo accounts' password although DEBUG is off.",
        )

    def handle(self, *args, force_in_production, **options):
        if not settings.DEBUG and not force_in_production:
            raise CommandError("DEBUG is off: add --force-in-production to reset and print the demo logins.")
        accounts = {user.email: user for user in User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS])}
        if not accounts:
            self.stdout.write("No demo accounts here: run `manage.py seed --demo` first.")
            return
        password = secrets.token_urlsafe(12)
        for user in accounts.values():
            user.set_password(password)
        User.objects.bulk_update(accounts.values(), ["password"])
        site = settings.SITE_URL
        self.stdout.write(self.style.SUCCESS(f"Demo logins for {site}/accounts/login/ (password: {password})"))
        for account in DEMO_ACCOUNTS:
            if account.email in accounts:
                self.stdout.write(f"  {account.label:<40} {account.email}")
        if any(user.is_staff for user in accounts.values()):
            self.stdout.write(f"Admin: {site}/admin/")
