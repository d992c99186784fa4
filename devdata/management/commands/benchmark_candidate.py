from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.test import Client

from candidates.models import CandidateProfile
from devdata.benchmarking import percentile, timed_get

PAGES = ["/dashboard/", "/applications/", "/applications/?status=interview", "/saved-jobs/", "/notifications/"]


class Command(BaseCommand):
    help = "Time the candidate's pages for the busiest seeded candidates (run it after `seed`)."

    def add_arguments(self, parser):
        parser.add_argument("--candidates", type=int, default=10, help="How many candidates (the most active).")

    def handle(self, *args, candidates, **options):
        profiles = list(
            CandidateProfile.objects.annotate(n=Count("applications"))
            .filter(n__gt=0)
            .select_related("user")
            .order_by("-n")[:candidates]
        )
        if not profiles:
            raise CommandError("No candidate with applications here: run `manage.py seed` first.")
        client = Client(HTTP_HOST="localhost")  # a host ALLOWED_HOSTS accepts in development
        fewest, most = profiles[len(profiles) - 1].n, profiles[0].n  # type: ignore[attr-defined]  # annotated
        self.stdout.write(f"{len(profiles)} candidates, {most} to {fewest} applications each")
        self.stdout.write(f"{'page':<36} {'queries':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for url in PAGES:
            timings, query_counts = [], []
            for profile in profiles:
                client.force_login(profile.user)
                elapsed, queries = timed_get(client, url)
                timings.append(elapsed)
                query_counts.append(queries)
            self.stdout.write(
                f"{url:<36} {max(query_counts):>8} {percentile(timings, 50):>8.1f} "
                f"{percentile(timings, 95):>8.1f} {max(timings):>8.1f}"
            )
