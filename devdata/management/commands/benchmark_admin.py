import uuid

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib import admin
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.mfa import sign_in_with_mfa
from devdata.benchmarking import percentile, timed_get


class Command(BaseCommand):
    help = "Time the admin change lists of the big tables on the current database (run it after `seed`)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=10)

    def handle(self, *args, repeat, **options):
        # A superuser with a second factor, as the admin requires, made for the run and rolled
        # back after it: the test client's requests share this connection and see it.
        with transaction.atomic():
            self._time_change_lists(Client(), repeat)
            transaction.set_rollback(True)

    def _time_change_lists(self, client, repeat):
        staff = User.objects.create_superuser(email=f"benchmark-{uuid.uuid4().hex}@example.com", password=None)
        TOTP.activate(staff, generate_totp_secret())
        sign_in_with_mfa(client, staff)
        self.stdout.write(f"{'change list':<45} {'rows':>10} {'queries':>8} {'p50 ms':>8} {'max ms':>8}")
        for model in admin.site._registry:
            if model._meta.app_label not in {"accounts", "candidates", "jobs"}:
                continue
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            visits = [timed_get(client, url) for _ in range(repeat)]
            timings, query_counts = [visit.ms for visit in visits], [visit.queries for visit in visits]
            self.stdout.write(
                f"{url:<45} {model._default_manager.count():>10} {max(query_counts):>8} "
                f"{percentile(timings, 50):>8.1f} {max(timings):>8.1f}"
            )
