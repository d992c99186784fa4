"""A realistic mix for IntoWork under load (locust).

Anonymous visitors search and read jobs (most of the traffic); signed-in candidates open
their dashboard and applications and apply through the site's form; employers work their
pipeline (the applications of their company, moved to "viewed" or "shortlisted" over the
API); the mobile app searches over the API. Accounts are seeded ones: scripts/loadtest
writes their addresses to LOADTEST_ACCOUNTS (one "role email" per line); the password,
LOADTEST_PASSWORD, is the one the database was seeded with (`manage.py seed --password`).

  scripts/loadtest            # 100 users, 5 minutes, headless; prints the figures
"""

import itertools
import os
import random
import re

from locust import HttpUser, between, task

WORDS = ["engineer", "manager", "developer", "nurse", "analyst", "designer", "python", "sales", "chef", "remote"]
TYPOS = ["pyhton", "enginer", "managr", "devloper"]
PASSWORD = os.environ.get("LOADTEST_PASSWORD", "")
JOB_LINK = re.compile(r'href="(/jobs/\d+-[\w-]+/)"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def seeded_accounts() -> dict[str, list[str]]:
    accounts = {"candidate": [], "employer": []}
    path = os.environ.get("LOADTEST_ACCOUNTS")
    if path:
        with open(path) as lines:
            for line in lines:
                role, email = line.split()
                accounts[role].append(email)
    return accounts


ACCOUNTS = seeded_accounts()
# Each simulated user signs in with an account of its own while there are enough: two users
# sharing one would race each other's moves, which is not what one person does.
NEXT_ACCOUNT = {role: itertools.cycle(random.sample(emails, len(emails))) for role, emails in ACCOUNTS.items()}


class Visitor(HttpUser):
    """Anonymous search and job pages: the bulk of the traffic."""

    weight = 6
    wait_time = between(1, 4)

    def on_start(self):
        self.job_paths = []

    @task(5)
    def search(self):
        q = random.choice(WORDS + TYPOS)
        response = self.client.get(f"/jobs/?q={q}", name="/jobs/?q=[word]")
        self.job_paths = JOB_LINK.findall(response.text)[:20] or self.job_paths

    @task(2)
    def filter_only(self):
        self.client.get("/jobs/?location_type=remote&job_type=contract", name="/jobs/?[filters]")

    @task(4)
    def job_page(self):
        if self.job_paths:
            self.client.get(random.choice(self.job_paths), name="/jobs/[id]-[slug]/")

    @task(1)
    def company_and_feed(self):
        self.client.get("/jobs/feed/", name="/jobs/feed/")


class MobileApp(HttpUser):
    weight = 3
    wait_time = between(1, 3)

    @task
    def api_search(self):
        params = {"q": random.choice(WORDS)} if random.random() < 0.8 else {"location_type": "remote"}
        self.client.get("/api/v1/jobs/", params=params, name="/api/v1/jobs/")


class SignedIn(HttpUser):
    """Log in through allauth once, then use the signed-in pages."""

    abstract = True
    role = ""

    def on_start(self):
        email = next(NEXT_ACCOUNT[self.role], f"{self.role}@demo.intowork.test")
        page = self.client.get("/accounts/login/", name="/accounts/login/")
        token = CSRF_INPUT.search(page.text)
        self.client.post(
            "/accounts/login/",
            {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token[1] if token else ""},
            name="/accounts/login/ (POST)",
        )

    def csrf_headers(self) -> dict:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}


class Candidate(SignedIn):
    weight = 2
    wait_time = between(2, 6)
    role = "candidate"

    @task(3)
    def dashboard(self):
        self.client.get("/dashboard/", name="/dashboard/")

    @task(2)
    def my_applications(self):
        self.client.get("/applications/", name="/applications/")

    @task(2)
    def apply(self):
        page = self.client.get(f"/jobs/?q={random.choice(WORDS)}", name="/jobs/?q=[word]")
        paths = JOB_LINK.findall(page.text)
        if not paths:
            return
        apply_path = random.choice(paths) + "apply/"
        form = self.client.get(apply_path, name="/jobs/[id]-[slug]/apply/")
        token = CSRF_INPUT.search(form.text)
        if token:  # not shown when already applied (redirected to the applications)
            self.client.post(
                apply_path,
                {"cover_letter": "Load test application.", "csrfmiddlewaretoken": token[1]},
                name="/jobs/[id]-[slug]/apply/ (POST)",
            )


class Employer(SignedIn):
    weight = 1
    wait_time = between(2, 6)
    role = "employer"

    @task(2)
    def dashboard(self):
        self.client.get("/dashboard/", name="/dashboard/")

    @task(3)
    def pipeline(self):
        listing = self.client.get("/api/v1/applications/?status=applied", name="/api/v1/applications/?status=")
        try:
            results = listing.json().get("results", []) if listing.ok else []
        except ValueError:  # an error page instead of JSON: already counted as a failure
            results = []
        if results:
            application = random.choice(results)
            self.client.post(
                f"/api/v1/applications/{application['id']}/status/",
                json={"status": random.choice(["viewed", "shortlisted"]), "note": "Load test"},
                headers=self.csrf_headers(),
                name="/api/v1/applications/[id]/status/",
            )
