from django.contrib import admin
from django.core.management.base import BaseCommand
from django.test import Client
from django.urls import reverse

from accounts.models import User
from devdata.benchmarking import percentile, timed_get


class Command(BaseCommand):
    help = "Time the admin change lists of the big tables on the current database (run it after `seed`)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=10)

    def handle(self, *args, repeat, **options):
        staff = User.objects.filter(is_staff=True, is_superuser=True).first()
        if staff is None:
            self.stderr.write("No superuser here: run `manage.py seed --demo` or createsuperuser first.")
            return
        client = Client()
        client.force_login(staff)
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
