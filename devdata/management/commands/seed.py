import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from devdata.seeding import DEMO_SIZES, Seeder, Sizes
from jobs.models import Job


class Command(BaseCommand):
    help = (
        "Load realistic data with COPY: deterministic for a given --seed, every constraint respected. "
        "`seed --demo` loads the small demo set with the demo logins; "
        "`seed --jobs 100000 --applications 1000000` is the benchmark scale. "
        "Every seeded account gets one random password, printed once. Refused when DEBUG is off "
        "unless --force-in-production (and then no demo account is staff)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="The small demo data set, with the demo accounts.")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if there are jobs already.")
        parser.add_argument("--companies", type=int, default=5000)
        parser.add_argument(
            "--jobs", type=int, default=100_000, help="Published jobs; 15%% more drafts, closed and archived."
        )
        parser.add_argument("--candidates", type=int, default=50_000)
        parser.add_argument("--applications", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=42, help="Same seed, same rows.")
        parser.add_argument(
            "--password",
            default="",
            help="The seeded accounts' password (load tests sign in with it); random when not given.",
        )
        parser.add_argument(
            "--force-in-production",
            action="store_true",
            help="Seed although DEBUG is off: accounts anyone could sign in to, on a real site.",
        )

    def handle(
        self,
        *args,
        demo,
        if_empty,
        seed,
        verbosity,
        companies,
        jobs,
        candidates,
        applications,
        password,
        force_in_production,
        **options,
    ):
        if not settings.DEBUG and not force_in_production:
            raise CommandError(
                "DEBUG is off: this looks like production, and seeding makes accounts anyone who reads the "
                "output can sign in to. Run it with DEBUG=1 on a development database, or add "
                "--force-in-production if you really mean it (no account will be staff)."
            )
        if if_empty and Job.objects.exists():
            self.stdout.write("The database already has jobs: nothing seeded.")
            return
        sizes = DEMO_SIZES if demo else Sizes(companies, jobs, candidates, applications)
        if min(sizes.companies, sizes.jobs, sizes.candidates) < 1 or sizes.applications < 0:
            raise CommandError("--companies, --jobs and --candidates must be at least 1.")

        def progress(label, total):
            return tqdm(total=total, desc=f"{label:>24}", unit=" rows", disable=verbosity < 1)

        seeder = Seeder(
            sizes=sizes,
            seed=seed,
            progress_factory=progress,
            demo_accounts=demo,
            demo_staff=settings.DEBUG,
            **({"password": password} if password else {}),
        )
        started = time.perf_counter()
        with transaction.atomic():
            counts = seeder.run()
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{n:,} {label}" for label, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Seeded in {elapsed:.1f} s: {summary}."))
        self.stdout.write(
            f"Every seeded account's password: {seeder.password} (printed this once and stored nowhere; "
            "`manage.py demo_logins` gives the demo accounts a new one)."
        )
