"""Realistic, deterministic data at scale, loaded with COPY.

The ORM would take an hour for a million applications; COPY takes seconds. Rows are
built in Python from word lists and a pool of Faker text (Faker per row is far too slow),
and every row respects the database's constraints, which stay on while loading: the
seed is also a test that they accept realistic data.
"""

import contextlib
import datetime
import random
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, models
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker
from psycopg.types.json import Jsonb

from accounts.models import Notification, NotificationType, Role, User
from candidates.models import CV, Availability, CandidateProfile, Education, Experience, SavedJob, Skill, SkillLevel
from jobs.models import (
    APPLICATION_TRANSITIONS,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    Company,
    CompanySize,
    Job,
    JobModeration,
    JobStatus,
    JobType,
    LocationType,
    MemberRole,
    Membership,
)


class ProgressBar(Protocol):
    """What a progress bar offers the seeder (tqdm's, or none)."""

    def update(self, n: int) -> object: ...

    def close(self) -> object: ...


SAMPLE_CV_NAME = "cvs/sample/sample-cv.pdf"
SAMPLE_CV_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

SENIORITIES = ["", "", "Junior ", "Senior ", "Lead ", "Principal ", "Staff ", "Head of "]
ROLES = {
    "Engineering": [
        "Python Developer",
        "Backend Engineer",
        "Frontend Engineer",
        "Full Stack Developer",
        "Software Engineer",
        "DevOps Engineer",
        "Site Reliability Engineer",
        "Data Engineer",
        "Machine Learning Engineer",
        "Mobile Developer",
        "QA Engineer",
        "Security Engineer",
        "Embedded Software Engineer",
        "Engineering Manager",
    ],
    "Data": ["Data Scientist", "Data Analyst", "Business Intelligence Analyst", "Analytics Engineer"],
    "Product": ["Product Manager", "Product Designer", "UX Researcher", "UX/UI Designer", "Product Owner"],
    "Sales": ["Account Executive", "Sales Manager", "Business Developer", "Customer Success Manager"],
    "Marketing": ["Marketing Manager", "Content Writer", "SEO Specialist", "Growth Marketer", "Community Manager"],
    "Operations": ["Operations Manager", "Project Manager", "Office Manager", "Supply Chain Analyst"],
    "Finance": ["Accountant", "Financial Controller", "Financial Analyst", "Payroll Specialist"],
    "People": ["HR Business Partner", "Talent Acquisition Specialist", "Recruiter", "People Operations Manager"],
    "Healthcare": ["Nurse", "Pharmacist", "Medical Secretary", "Physiotherapist"],
    "Hospitality": ["Chef de Partie", "Restaurant Manager", "Receptionist", "Barista"],
}
SKILLS = {
    "Engineering": [
        "Python",
        "Django",
        "PostgreSQL",
        "JavaScript",
        "TypeScript",
        "React",
        "Go",
        "Rust",
        "Java",
        "Kotlin",
        "Swift",
        "Docker",
        "Kubernetes",
        "AWS",
        "Terraform",
        "Linux",
        "Redis",
        "GraphQL",
    ],
    "Data": ["SQL", "Python", "pandas", "Spark", "dbt", "Tableau", "Power BI", "statistics", "Airflow"],
    "Product": ["Figma", "user research", "roadmapping", "Jira", "prototyping", "accessibility", "analytics"],
    "Sales": ["Salesforce", "negotiation", "prospecting", "HubSpot", "B2B sales", "CRM"],
    "Marketing": ["SEO", "Google Ads", "copywriting", "social media", "HubSpot", "content strategy"],
    "Operations": ["Excel", "Lean", "SAP", "planning", "logistics", "budgeting"],
    "Finance": ["IFRS", "Excel", "SAP", "consolidation", "audit", "payroll"],
    "People": ["recruiting", "onboarding", "labour law", "Workday", "employer branding"],
    "Healthcare": ["patient care", "first aid", "pharmacology", "scheduling"],
    "Hospitality": ["food safety", "French cuisine", "customer service", "wine", "cash handling"],
}
INDUSTRIES = [
    "Software",
    "Fintech",
    "Healthcare",
    "E-commerce",
    "Energy",
    "Logistics",
    "Media",
    "Education",
    "Hospitality",
    "Manufacturing",
    "Consulting",
    "Public sector",
]
CITIES = [
    "Paris",
    "Lyon",
    "Marseille",
    "Toulouse",
    "Bordeaux",
    "Lille",
    "Nantes",
    "Berlin",
    "Munich",
    "Amsterdam",
    "Brussels",
    "Madrid",
    "Barcelona",
    "Lisbon",
    "Milan",
    "Dublin",
    "London",
    "Zurich",
    "Geneva",
    "Vienna",
]
COMPANY_SUFFIXES = ["", "", " Labs", " Group", " Technologies", " & Co", " Systems", " Solutions", " Studio"]

# Where seeded applications stand (weights): most are fresh, some are far along, some ended.
STATUS_WEIGHTS = {
    ApplicationStatus.APPLIED: 38,
    ApplicationStatus.VIEWED: 20,
    ApplicationStatus.SHORTLISTED: 10,
    ApplicationStatus.INTERVIEW: 8,
    ApplicationStatus.ACCEPTED: 2,
    ApplicationStatus.REJECTED: 19,
    ApplicationStatus.WITHDRAWN: 3,
}
# The path an application took to reach each status (its history rows).
PIPELINE = [
    ApplicationStatus.APPLIED,
    ApplicationStatus.VIEWED,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.ACCEPTED,
]


@dataclass
class Sizes:
    companies: int
    jobs: int  # published jobs; drafts, closed and archived ones come on top (other_jobs_ratio)
    candidates: int
    applications: int
    other_jobs_ratio: float = 0.15

    @property
    def all_jobs(self) -> int:
        return self.jobs + round(self.jobs * self.other_jobs_ratio)


DEMO_SIZES = Sizes(companies=12, jobs=80, candidates=40, applications=300)


@dataclass
class DemoAccount:
    email: str
    role: Role
    label: str


DEMO_ACCOUNTS = [
    DemoAccount("candidate@demo.intowork.test", Role.CANDIDATE, "Candidate"),
    DemoAccount("employer@demo.intowork.test", Role.EMPLOYER, "Employer (owner of the first company)"),
    DemoAccount("admin@demo.intowork.test", Role.STAFF, "Staff (Django admin)"),
]


def columns(model: type[models.Model]) -> list[str]:
    """The columns COPY writes: not the generated ones, which PostgreSQL computes."""
    return [f.column for f in model._meta.concrete_fields if f.column and not f.generated]


def next_id(model: type[models.Model]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{model._meta.db_table}"')  # noqa: S608 (model name)
        return cursor.fetchone()[0]


@contextlib.contextmanager
def indexes_deferred(model: type[models.Model]):
    """Drop the model's plain indexes while loading and build them once after: a GIN index
    maintained row by row makes COPY several times slower than one build at the end.
    Unique constraints stay, so every row is still checked."""
    with connection.schema_editor(atomic=False) as editor:
        for index in model._meta.indexes:
            editor.remove_index(model, index)
    yield
    # Foreign keys are checked at commit by default; CREATE INDEX needs those checks done.
    connection.check_constraints()
    with connection.schema_editor(atomic=False) as editor:
        for index in model._meta.indexes:
            editor.add_index(model, index)


def copy_rows(model: type[models.Model], rows: Iterable[dict], progress: Callable[[int], object]) -> int:
    """COPY ``rows`` (dicts keyed by column) into the model's table; return how many."""
    cols = columns(model)
    table = model._meta.db_table
    count = 0
    with connection.cursor() as cursor:
        sql = f'COPY "{table}" ({", ".join(f'"{c}"' for c in cols)}) FROM STDIN'
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([row.get(c) for c in cols])
                count += 1
                if count % 10_000 == 0:
                    progress(10_000)
        progress(count % 10_000)
        # Explicit ids were written: move the sequence past them.
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608 (model name)
            f'(SELECT coalesce(max(id), 1) FROM "{table}"))'
        )
    return count


@dataclass
class Seeder:
    sizes: Sizes
    seed: int = 42
    now: datetime.datetime = field(default_factory=timezone.now)
    # progress_factory(label, total) returns a progress bar (update(n), close()), e.g. tqdm.
    progress_factory: Callable[[str, int], ProgressBar] | None = None
    demo_accounts: bool = False
    # Every seeded account's password: random unless asked for (`seed` prints it once, stores it nowhere).
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    # Whether the demo staff account is made: never in production (`seed` passes settings.DEBUG).
    demo_staff: bool = True

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self.faker = Faker(["en_GB", "fr_FR"])
        self.faker.seed_instance(self.seed)
        # A pool of real-looking prose, reused: Faker per row would take minutes.
        self.sentences = [self.faker.sentence(nb_words=self.rng.randint(8, 16)) for _ in range(3000)]
        self.first_names = [self.faker.first_name() for _ in range(500)]
        self.last_names = [self.faker.last_name() for _ in range(1000)]
        self.password_hash = make_password(self.password)
        self.counts: dict[str, int] = {}

    # --- helpers -----------------------------------------------------------------------------

    def text(self, sentences: int) -> str:
        return " ".join(self.rng.choice(self.sentences) for _ in range(sentences))

    def ago(self, max_days: float, min_days: float = 0) -> datetime.datetime:
        return self.now - datetime.timedelta(days=self.rng.uniform(min_days, max_days))

    def load(self, model: type[models.Model], total: int, rows: Iterator[dict]) -> None:
        label = str(model._meta.verbose_name_plural)
        bar = self.progress_factory(label, total) if self.progress_factory else None
        loaded = copy_rows(model, rows, bar.update if bar else lambda n: None)
        if bar:
            bar.close()
        self.counts[label] = self.counts.get(label, 0) + loaded

    # --- the data ----------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        if not default_storage.exists(SAMPLE_CV_NAME):  # the one file every seeded CV points to
            default_storage.save(SAMPLE_CV_NAME, ContentFile(SAMPLE_CV_BYTES))
        s = self.sizes
        self.company_ids = self.load_companies(s.companies)
        self.employer_user_ids = self.load_employers()
        self.candidate_ids = self.load_candidates(s.candidates)
        self.load_candidate_details()
        with indexes_deferred(Job):
            self.jobs = self.load_jobs(s.all_jobs)
            with indexes_deferred(Application), indexes_deferred(ApplicationStatusChange):
                self.load_applications(s.applications)
            with connection.cursor() as cursor:
                # Counters as the services would have kept them (before the job indexes exist,
                # so that rewriting 100k rows does not update them row by row).
                cursor.execute(
                    "UPDATE jobs_job j SET application_count = a.n FROM "
                    "(SELECT job_id, count(*) AS n FROM jobs_application GROUP BY job_id) a "
                    "WHERE a.job_id = j.id AND j.id >= %s",
                    [self.first_job_id],
                )
        self.load_saved_jobs()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return self.counts

    def load_companies(self, n: int) -> list[int]:
        first = next_id(Company)
        ids = list(range(first, first + n))

        def rows():
            for pk in ids:
                name = f"{self.faker.last_name()}{self.rng.choice(COMPANY_SUFFIXES)}"
                yield {
                    "id": pk,
                    "name": name,
                    "slug": f"{slugify(name)}-{pk}",
                    "description": self.text(self.rng.randint(3, 8)),
                    "website": f"https://www.{slugify(name)}-{pk}.example.com",
                    "industry": self.rng.choice(INDUSTRIES),
                    "size": self.rng.choice(CompanySize.values),
                    "location": self.rng.choice(CITIES),
                    "logo": "",
                    "is_trusted": False,
                    "retention_months": 12,
                    "created_at": self.ago(1000, 200),
                    "updated_at": self.ago(200),
                }

        self.load(Company, n, rows())
        return ids

    def user_row(self, pk: int, role: Role, email: str | None = None) -> dict:
        first, last = self.rng.choice(self.first_names), self.rng.choice(self.last_names)
        return {
            "id": pk,
            "password": self.password_hash,
            "last_login": None,
            "is_superuser": role == Role.STAFF,
            "full_name": f"{first} {last}",
            "preferred_name": "",
            "is_staff": role == Role.STAFF,
            "is_active": True,
            "date_joined": self.ago(900, 100),
            "email": email or f"{slugify(first)}.{slugify(last)}.{pk}@example.com",
            "role": role,
            "language": settings.LANGUAGE_CODE,
            "time_zone": "",
            "email_opt_outs": [],
        }

    def load_users(self, users: list[dict]) -> None:
        """Users and their verified primary addresses (allauth requires one to sign in)."""
        from allauth.account.models import EmailAddress

        self.load(User, len(users), iter(users))
        first = next_id(EmailAddress)
        self.load(
            EmailAddress,
            len(users),
            (
                {"id": first + i, "user_id": u["id"], "email": u["email"], "verified": True, "primary": True}
                for i, u in enumerate(users)
            ),
        )

    def load_employers(self) -> list[int]:
        """An owner per company and a recruiter for about half of them."""
        first = next_id(User)
        users: list[dict[str, Any]] = []
        memberships: list[tuple[int, int, MemberRole]] = []
        demo = self.demo_accounts
        for company_id in self.company_ids:
            for role in [MemberRole.OWNER] + ([MemberRole.RECRUITER] if self.rng.random() < 0.5 else []):
                pk = first + len(users)
                email = DEMO_ACCOUNTS[1].email if demo and not users else None
                users.append(self.user_row(pk, Role.EMPLOYER, email))
                memberships.append((pk, company_id, role))
        if demo and self.demo_staff:
            users.append(self.user_row(first + len(users), Role.STAFF, DEMO_ACCOUNTS[2].email))
        self.load_users(users)
        first_membership = next_id(Membership)
        self.load(
            Membership,
            len(memberships),
            (
                {
                    "id": first_membership + i,
                    "user_id": user_id,
                    "company_id": company_id,
                    "role": role,
                    "job_title": "Talent lead" if role == MemberRole.RECRUITER else "Founder",
                    "created_at": self.ago(500, 100),
                }
                for i, (user_id, company_id, role) in enumerate(memberships)
            ),
        )
        self.members_by_company: dict[int, list[int]] = {}
        for user_id, company_id, _role in memberships:
            self.members_by_company.setdefault(company_id, []).append(user_id)
        return [m[0] for m in memberships]

    def load_candidates(self, n: int) -> list[int]:
        first_user = next_id(User)
        demo_email = DEMO_ACCOUNTS[0].email if self.demo_accounts else None
        users = [self.user_row(first_user + i, Role.CANDIDATE, demo_email if i == 0 else None) for i in range(n)]
        self.load_users(users)
        first = next_id(CandidateProfile)
        self.candidate_fields = [self.rng.choice(list(ROLES)) for _ in range(n)]

        def rows():
            for i, user in enumerate(users):
                area = self.candidate_fields[i]
                low = self.rng.randrange(25, 90) * 1000
                yield {
                    "id": first + i,
                    "user_id": user["id"],
                    "headline": f"{self.rng.choice(SENIORITIES)}{self.rng.choice(ROLES[area])}".strip(),
                    "bio": self.text(self.rng.randint(2, 6)),
                    "phone": f"+33 6 {self.rng.randrange(10**7, 10**8)}",
                    "location": self.rng.choice(CITIES),
                    "salary_expectation_min": low,
                    "salary_expectation_max": low + self.rng.randrange(0, 30) * 1000,
                    "salary_currency": "EUR",
                    "availability": self.rng.choice(Availability.values),
                    "preferences": Jsonb({"remote": self.rng.choice(LocationType.values)}),
                    "created_at": user["date_joined"],
                    "updated_at": user["date_joined"],
                }

        self.load(CandidateProfile, n, rows())
        self.candidate_user_ids = [u["id"] for u in users]
        return list(range(first, first + n))

    def load_candidate_details(self) -> None:
        n = len(self.candidate_ids)
        first_cv = next_id(CV)
        self.cv_by_candidate = {cand: first_cv + i for i, cand in enumerate(self.candidate_ids)}
        self.load(
            CV,
            n,
            (
                {
                    "id": cv_id,
                    "candidate_id": cand,
                    "title": "CV",
                    "file": SAMPLE_CV_NAME,
                    "content_type": "application/pdf",
                    "size": len(SAMPLE_CV_BYTES),
                    "is_default": True,
                    "uploaded_at": self.ago(300),
                }
                for cand, cv_id in self.cv_by_candidate.items()
            ),
        )

        first_skill = next_id(Skill)  # not inside the generator: it runs during COPY

        def skills():
            pk = first_skill
            for i, cand in enumerate(self.candidate_ids):
                pool = SKILLS[self.candidate_fields[i]]
                for name in self.rng.sample(pool, min(len(pool), self.rng.randint(2, 5))):
                    yield {"id": pk, "candidate_id": cand, "name": name, "level": self.rng.choice(SkillLevel.values)}
                    pk += 1

        self.load(Skill, n * 3, skills())

        first_experience = next_id(Experience)

        def experiences():
            pk = first_experience
            for i, cand in enumerate(self.candidate_ids):
                start = (self.now - datetime.timedelta(days=self.rng.randint(400, 4000))).date()
                for position in range(self.rng.randint(1, 3)):
                    current = position == 0 and self.rng.random() < 0.6
                    end = None if current else start + datetime.timedelta(days=self.rng.randint(90, 1500))
                    yield {
                        "id": pk,
                        "candidate_id": cand,
                        "title": self.rng.choice(ROLES[self.candidate_fields[i]]),
                        "company_name": f"{self.rng.choice(self.last_names)}{self.rng.choice(COMPANY_SUFFIXES)}",
                        "location": self.rng.choice(CITIES),
                        "description": self.text(2),
                        "start_date": start,
                        "end_date": end,
                        "is_current": current,
                    }
                    pk += 1
                    start -= datetime.timedelta(days=self.rng.randint(400, 1500))

        self.load(Experience, n * 2, experiences())

        first_education = next_id(Education)

        def educations():
            pk = first_education
            for cand in self.candidate_ids:
                start = datetime.date(self.rng.randint(1995, 2021), 9, 1)
                yield {
                    "id": pk,
                    "candidate_id": cand,
                    "school": f"Université de {self.rng.choice(CITIES)}",
                    "degree": self.rng.choice(["BSc", "MSc", "BA", "MA", "PhD", "BTS", "Licence", "Master"]),
                    "field_of_study": self.rng.choice(list(ROLES)),
                    "start_date": start,
                    "end_date": start.replace(year=start.year + self.rng.randint(2, 5), month=6, day=30),
                    "description": "",
                }
                pk += 1

        self.load(Education, n, educations())

    def load_jobs(self, n: int) -> list[tuple[int, int, datetime.datetime | None, str]]:
        """Return (id, company_id, posted_at, status) of every job, for the applications."""
        first = self.first_job_id = next_id(Job)
        published = self.sizes.jobs
        other = [JobStatus.CLOSED, JobStatus.DRAFT, JobStatus.ARCHIVED]
        jobs: list[tuple[int, int, datetime.datetime | None, str]] = []

        def rows():
            for i in range(n):
                pk = first + i
                status = JobStatus.PUBLISHED if i < published else self.rng.choice(other)
                area = self.rng.choice(list(ROLES))
                title = f"{self.rng.choice(SENIORITIES)}{self.rng.choice(ROLES[area])}".strip()
                company_id = self.rng.choice(self.company_ids)
                posted = None if status == JobStatus.DRAFT else self.ago(120)
                expires: datetime.datetime | None
                if status == JobStatus.PUBLISHED:  # open: a future expiry, or none for a fifth of them
                    expires = self.now + datetime.timedelta(days=self.rng.randint(1, 90))
                    expires = expires if self.rng.random() < 0.8 else None
                else:
                    expires = posted + datetime.timedelta(days=self.rng.randint(14, 60)) if posted else None
                low = self.rng.randrange(22, 120) * 1000
                has_salary = status != JobStatus.DRAFT or self.rng.random() < 0.5
                jobs.append((pk, company_id, posted, status))
                yield {
                    "id": pk,
                    "company_id": company_id,
                    "author_id": self.rng.choice(self.members_by_company[company_id]),
                    "title": title,
                    "slug": f"{slugify(title)}-{pk}",
                    "description": self.text(self.rng.randint(6, 14)),
                    "requirements": self.text(self.rng.randint(2, 5)),
                    "skills": self.rng.sample(SKILLS[area], min(len(SKILLS[area]), self.rng.randint(2, 5))),
                    "location": self.rng.choice(CITIES),
                    "location_type": self.rng.choices(LocationType.values, weights=[6, 2, 3])[0],
                    "job_type": self.rng.choices(JobType.values, weights=[14, 2, 3, 1, 1])[0],
                    "status": status,
                    "salary_min": low if has_salary else None,
                    "salary_max": low + self.rng.randrange(0, 40) * 1000 if has_salary else None,
                    "salary_currency": "EUR",
                    "posted_at": posted,
                    "expires_at": expires,
                    "is_featured": self.rng.random() < 0.02,
                    "moderation": JobModeration.APPROVED,
                    "moderation_note": "",
                    "view_count": self.rng.randint(0, 5000) if posted else 0,
                    "application_count": 0,
                    "search_vector": None,  # the trigger computes it
                    "created_at": posted or self.ago(30),
                    "updated_at": posted or self.ago(30),
                }

        self.load(Job, n, rows())
        return jobs

    def load_applications(self, n: int) -> None:
        """``n`` applications on posted jobs, at most one live per candidate and job, with history."""
        open_jobs = [j for j in self.jobs if j[3] != JobStatus.DRAFT]
        statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
        per_candidate = n // len(self.candidate_ids)
        extra = n - per_candidate * len(self.candidate_ids)
        first = next_id(Application)
        history: list[tuple[int, str, str, datetime.datetime, int | None]] = []
        notifications: list[dict] = []

        def rows():
            pk = first
            for i, cand in enumerate(self.candidate_ids):
                k = min(per_candidate + (1 if i < extra else 0), len(open_jobs))
                for job_id, company_id, posted, _status in self.rng.sample(open_jobs, k):
                    if posted is None:  # never: drafts are left out above
                        continue
                    status = self.rng.choices(statuses, weights)[0]
                    applied = posted + (self.now - posted) * self.rng.random()
                    updated = applied + (self.now - applied) * self.rng.random()
                    yield {
                        "id": pk,
                        "job_id": job_id,
                        "candidate_id": cand,
                        "cv_id": self.cv_by_candidate[cand],
                        "cover_letter": self.text(self.rng.randint(2, 5)),
                        "status": status,
                        "employer_notes": "",
                        "withdrawal_reason": "",
                        "applied_at": applied,
                        "updated_at": updated,
                    }
                    self.record_history(pk, status, applied, updated, company_id, history)
                    if status != ApplicationStatus.APPLIED and self.rng.random() < 0.1:
                        notifications.append(
                            {
                                "user_id": self.candidate_user_ids[i],
                                "type": NotificationType.APPLICATION_STATUS,
                                "title": f"Your application is now {status.label.lower()}",
                                "message": "",
                                "job_id": job_id,
                                "application_id": pk,
                                "is_read": self.rng.random() < 0.5,
                                "created_at": updated,
                            }
                        )
                    pk += 1

        self.load(Application, n, rows())
        first_change = next_id(ApplicationStatusChange)
        self.load(
            ApplicationStatusChange,
            len(history),
            (
                {
                    "id": first_change + i,
                    "application_id": app_id,
                    "from_status": from_status,
                    "to_status": to_status,
                    "changed_by_id": by,
                    "note": "",
                    "created_at": at,
                }
                for i, (app_id, from_status, to_status, at, by) in enumerate(history)
            ),
        )
        first_notification = next_id(Notification)
        self.load(
            Notification,
            len(notifications),
            ({"id": first_notification + i, **row} for i, row in enumerate(notifications)),
        )

    def record_history(self, app_id, status, applied, updated, company_id, history) -> None:
        """The legal path from nothing to ``status``, dated between applying and the last update."""
        path = [ApplicationStatus.APPLIED]
        if status in PIPELINE[1:]:
            path = PIPELINE[: PIPELINE.index(status) + 1]
        elif status in (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN):
            path = [*PIPELINE[: self.rng.randint(1, 4)], status]
        previous = ""
        member = self.rng.choice(self.members_by_company[company_id])
        for step, to_status in enumerate(path):
            assert not previous or to_status in APPLICATION_TRANSITIONS[ApplicationStatus(previous)]  # noqa: S101 (seed sanity)
            at = applied if step == 0 else applied + (updated - applied) * step / (len(path) - 1)
            by = None if step == 0 or to_status == ApplicationStatus.WITHDRAWN else member
            history.append((app_id, previous, to_status, at, by))
            previous = to_status

    def load_saved_jobs(self) -> None:
        published = [j[0] for j in self.jobs if j[3] == JobStatus.PUBLISHED]
        first = next_id(SavedJob)

        def rows():
            pk = first
            for cand in self.candidate_ids:
                for job_id in self.rng.sample(published, min(len(published), self.rng.randint(0, 4))):
                    yield {"id": pk, "candidate_id": cand, "job_id": job_id, "created_at": self.ago(60)}
                    pk += 1

        self.load(SavedJob, len(self.candidate_ids) * 2, rows())
