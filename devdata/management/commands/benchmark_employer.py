from django.core.management.base import BaseCommand, CommandError
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from devdata.benchmarking import percentile, timed_get
from jobs.models import Application, ApplicationStatus, Job, Membership


def employer_pages(membership: Membership) -> dict[str, str]:
    """The employer's pages, with their busiest job and one application already looked at (an
    unopened one would be marked viewed: a write, not a read)."""
    job = Job.objects.filter(company_id=membership.company_id).order_by("-application_count").first()
    if job is None:
        raise CommandError(f"{membership.company} has no job: run `manage.py seed` first.")
    application = Application.objects.filter(job=job).exclude(status=ApplicationStatus.APPLIED).order_by("-id").first()
    pages = {
        "/employer/ (dashboard)": reverse("employer:home"),
        "/employer/jobs/": reverse("employer:job_list"),
        "/employer/jobs/[busiest]/applications/": reverse("employer:application_list", args=[job.pk]),
        "  ?status=applied": reverse("employer:application_list", args=[job.pk]) + "?status=applied",
        "/employer/company/": reverse("employer:company"),
        "/api/v1/applications/?status=applied": "/api/v1/applications/?status=applied",
    }
    if application is not None:
        pages["/employer/applications/[id]/"] = reverse("employer:application_detail", args=[application.pk])
    return pages


class Command(BaseCommand):
    help = (
        "Time the employer's pages for the members of the busiest seeded companies (run it after `seed`): "
        "each company's first visit (its rows not yet in PostgreSQL's cache) and the visits after."
    )

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=10, help="How many companies (the most applied to).")
        parser.add_argument("--repeat", type=int, default=3, help="Visits after the first, per page and company.")

    def handle(self, *args, companies, repeat, **options):
        busiest = list(
            Membership.objects.values("company_id")
            .annotate(n=Sum("company__jobs__application_count"))
            .filter(n__gt=0)
            .order_by("-n")[:companies]
        )
        if not busiest:
            raise CommandError("No company with applications here: run `manage.py seed` first.")
        members = [
            Membership.objects.select_related("user").filter(company_id=row["company_id"]).first() for row in busiest
        ]
        client = Client(HTTP_HOST="localhost")  # a host ALLOWED_HOSTS accepts in development
        self.stdout.write(f"{len(members)} companies, {busiest[0]['n']} to {busiest[-1]['n']} applications each")
        self.stdout.write(
            f"{'page':<40} {'queries':>7} {'first p50':>10} {'first max':>10} {'again p50':>10} {'again p95':>10}"
        )
        first: dict[str, list[float]] = {}
        again: dict[str, list[float]] = {}
        queries: dict[str, int] = {}
        for membership in filter(None, members):
            client.force_login(membership.user)
            for label, url in employer_pages(membership).items():
                runs = [timed_get(client, url) for _ in range(1 + repeat)]
                first.setdefault(label, []).append(runs[0][0])
                again.setdefault(label, []).extend(elapsed for elapsed, _count in runs[1:])
                queries[label] = max(queries.get(label, 0), *(count for _elapsed, count in runs))
        for label, timings in first.items():
            self.stdout.write(
                f"{label:<40} {queries[label]:>7} {percentile(timings, 50):>10.1f} {max(timings):>10.1f} "
                f"{percentile(again[label], 50):>10.1f} {percentile(again[label], 95):>10.1f}"
            )
