import functools

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Sum
from django.test import Client

from accounts.models import User
from candidates.models import CandidateProfile
from devdata.benchmarking import Visit, load_average, percentile, timed, timed_get
from jobs.models import Application, ApplicationCount, ApplicationStatus, Job, Membership
from jobs.recommendations import recommended_jobs

# Whole request through Django (middleware, view, template or serializer), p50 per page:
# issue 16's "every page under 20 ms" at 1M applications.
TARGET_MS = 20.0
# Not a page: the recommendations' queries alone (the candidate's skills, then the jobs), timed
# for each candidate; their target is a share of the dashboard's, scaled like --target-ms.
RECOMMENDATIONS = "recommendations (queries only)"
RECOMMENDATIONS_SHARE = 0.5


def anonymous_pages() -> dict[str, str]:
    job = Job.objects.published().order_by("-posted_at", "-id").select_related("company").first()
    if job is None:
        raise CommandError("No published job here: run `manage.py seed` first.")
    return {
        "/jobs/": "/jobs/",
        "/jobs/?q=engineer (cached after the first)": "/jobs/?q=engineer",
        "/jobs/[newest]/": job.get_absolute_url(),
        "/companies/[its company]/": f"/companies/{job.company.slug}/",
        "/jobs/feed/": "/jobs/feed/",
        "/api/v1/jobs/": "/api/v1/jobs/",
        "/api/v1/jobs/?q=engineer": "/api/v1/jobs/?q=engineer",
        "/api/v1/jobs/[newest]/": f"/api/v1/jobs/{job.pk}/",
        "/api/v1/companies/[its company]/": f"/api/v1/companies/{job.company.slug}/",
    }


def candidate_pages(user: User) -> dict[str, str]:
    application = Application.objects.submitted_by(user).order_by("-applied_at", "-id").first()
    pages = {
        "/dashboard/": "/dashboard/",
        "/applications/": "/applications/",
        "/applications/?status=interview": "/applications/?status=interview",
        "/saved-jobs/": "/saved-jobs/",
        "/notifications/": "/notifications/",
        "/profile/": "/profile/",
        "/cvs/": "/cvs/",
        "/api/v1/dashboard/": "/api/v1/dashboard/",
        "/api/v1/applications/": "/api/v1/applications/",
        "/api/v1/saved-jobs/": "/api/v1/saved-jobs/",
        "/api/v1/notifications/": "/api/v1/notifications/",
        "/api/v1/me/": "/api/v1/me/",
    }
    if application is not None:
        pages["/applications/[newest]/"] = f"/applications/{application.pk}/"
        pages["/api/v1/applications/[newest]/"] = f"/api/v1/applications/{application.pk}/"
    return pages


def employer_pages(membership: Membership) -> dict[str, str]:
    """The employer's pages, with their busiest job and one application already looked at (an
    unopened one would be marked viewed: a write, not a read)."""
    job = Job.objects.filter(company_id=membership.company_id).order_by("-application_count").first()
    if job is None:
        raise CommandError(f"{membership.company} has no job: run `manage.py seed` first.")
    application = Application.objects.filter(job=job).exclude(status=ApplicationStatus.APPLIED).order_by("-id").first()
    applications = f"/employer/jobs/{job.pk}/applications/"
    pages = {
        "/employer/ (dashboard)": "/employer/",
        "/employer/jobs/": "/employer/jobs/",
        "/employer/jobs/[busiest]/applications/": applications,
        "  ?status=applied": f"{applications}?status=applied",
        "/employer/company/": "/employer/company/",
        "/employer/activity/": "/employer/activity/",
        "/api/v1/dashboard/ (employer)": "/api/v1/dashboard/",
        "/api/v1/employer/jobs/": "/api/v1/employer/jobs/",
        "/api/v1/applications/?status=applied": "/api/v1/applications/?status=applied",
    }
    if application is not None:
        pages["/employer/applications/[id]/"] = f"/employer/applications/{application.pk}/"
    return pages


def recommended_jobs_list(profile: CandidateProfile) -> list:
    return list(recommended_jobs(candidate=profile))


class Command(BaseCommand):
    help = (
        "Time every page and API endpoint by role on a seeded database (run it after `seed`): anonymous "
        "visitors, the busiest candidates, members of the busiest companies. Prints queries, p50, p95 "
        f"and max per page, and exits non-zero listing the pages whose p50 passes the target ({TARGET_MS:g} ms)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=10, help="Candidates and companies (the busiest).")
        parser.add_argument("--repeat", type=int, default=3, help="Visits per page and user, after a first one.")
        parser.add_argument("--target-ms", type=float, default=TARGET_MS, help="The p50 each page must meet.")
        parser.add_argument("--role", choices=["anonymous", "candidate", "employer"], action="append")

    def handle(self, *args, users, repeat, target_ms, role, **options):
        roles = role or ["anonymous", "candidate", "employer"]
        client = Client(HTTP_HOST="localhost")  # a host ALLOWED_HOSTS accepts in development
        visits: dict[tuple[str, str], list[Visit]] = {}

        def visit(role_name: str, pages: dict[str, str]) -> None:
            for label, url in pages.items():
                visits.setdefault((role_name, label), []).extend(timed_get(client, url) for _ in range(1 + repeat))

        self.stdout.write(load_average())
        if "anonymous" in roles:
            client.logout()
            visit("anonymous", anonymous_pages())
        if "candidate" in roles:
            for profile in self.busiest_candidates(users):
                client.force_login(profile.user)
                visit("candidate", candidate_pages(profile.user))
                visits.setdefault(("candidate", RECOMMENDATIONS), []).extend(
                    timed(functools.partial(recommended_jobs_list, profile))[0] for _ in range(1 + repeat)
                )
        if "employer" in roles:
            for membership in self.busiest_companies(users):
                client.force_login(membership.user)
                visit("employer", employer_pages(membership))
        self.stdout.write(load_average())
        self.stdout.write(self.report(visits, target_ms))

    def report(self, visits: dict[tuple[str, str], list[Visit]], target_ms: float) -> str:
        lines = [
            f"{'role':<10} {'page':<46} {'visits':>6} {'queries':>7} {'p50 ms':>7} {'p95 ms':>7} "
            f"{'max ms':>7} {'cpu p50':>7} {'sql p50':>7}"
        ]
        missed = []
        for (role_name, label), runs in visits.items():
            timings = [run.ms for run in runs]
            p50 = percentile(timings, 50)
            target = target_ms * RECOMMENDATIONS_SHARE if label == RECOMMENDATIONS else target_ms
            flag = "" if p50 <= target else f"  > {target:g} ms"
            if flag:
                missed.append(f"{role_name} {label.strip()}: p50 {p50:.1f} ms")
            lines.append(
                f"{role_name:<10} {label:<46} {len(runs):>6} {max(run.queries for run in runs):>7} {p50:>7.1f} "
                f"{percentile(timings, 95):>7.1f} {max(timings):>7.1f} "
                f"{percentile([run.cpu_ms for run in runs], 50):>7.1f} "
                f"{percentile([run.sql_ms for run in runs], 50):>7.1f}{flag}"
            )
        if missed:
            self.stdout.write("\n".join(lines))
            raise CommandError(f"{len(missed)} pages past the {target_ms:g} ms p50 target:\n  " + "\n  ".join(missed))
        return "\n".join([*lines, self.style.SUCCESS(f"Every page's p50 within {target_ms:g} ms.")])

    def busiest_candidates(self, n: int) -> list[CandidateProfile]:
        profiles = list(
            CandidateProfile.objects.annotate(applied=Count("applications"))
            .filter(applied__gt=0)
            .select_related("user")
            .order_by("-applied", "id")[:n]
        )
        if not profiles:
            raise CommandError("No candidate with applications here: run `manage.py seed` first.")
        most, fewest = profiles[0].applied, profiles[-1].applied  # type: ignore[attr-defined]  # annotated
        self.stdout.write(f"{len(profiles)} candidates, {most} to {fewest} applications")
        return profiles

    def busiest_companies(self, n: int) -> list[Membership]:
        busiest = list(
            ApplicationCount.objects.values("job__company_id")
            .annotate(applied=Sum("n"))
            .filter(applied__gt=0)
            .order_by("-applied", "job__company_id")[:n]
        )
        if not busiest:
            raise CommandError("No company with applications here: run `manage.py seed` first.")
        members = [
            Membership.objects.select_related("user", "company").filter(company_id=row["job__company_id"]).first()
            for row in busiest
        ]
        most, fewest = busiest[0]["applied"], busiest[-1]["applied"]
        self.stdout.write(f"{len(busiest)} companies, {most} to {fewest} applications")
        return [member for member in members if member is not None]
