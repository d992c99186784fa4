"""A realistic mix for IntoWork under load (locust).

Anonymous visitors search and read jobs (most of the traffic); signed-in candidates open
their dashboard and apply; employers move applications through their pipeline; the mobile
app searches over the API. Accounts are the seeded ones (`manage.py seed`, password from
`manage.py demo_logins`), so run it against a seeded database:

  scripts/loadtest            # 100 users, 5 minutes, headless; prints the figures

Pages another part of the product has not built yet answer 404 and are reported per
endpoint rather than stopping the run.
"""

import os
import random
import re

from locust import HttpUser, between, task

WORDS = ["engineer", "manager", "developer", "nurse", "analyst", "designer", "python", "sales", "chef", "remote"]
TYPOS = ["pyhton", "enginer", "managr", "devloper"]
PASSWORD = os.environ.get("LOADTEST_PASSWORD", "intowork-demo")
JOB_LINK = re.compile(r'href="(/jobs/\d+-[\w-]+/)"')


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

    def log_in(self, email):
        page = self.client.get("/accounts/login/", name="/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        self.client.post(
            "/accounts/login/",
            {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token[1] if token else ""},
            headers={"Referer": self.host + "/accounts/login/"},
            name="/accounts/login/ (POST)",
        )


class Candidate(SignedIn):
    weight = 2
    wait_time = between(2, 6)

    def on_start(self):
        self.log_in(os.environ.get("LOADTEST_CANDIDATE_EMAIL", "candidate@demo.intowork.test"))

    @task(3)
    def dashboard(self):
        self.client.get("/dashboard/", name="/dashboard/")

    @task(2)
    def my_applications(self):
        self.client.get("/applications/", name="/applications/")

    @task(1)
    def open_apply_page(self):
        page = self.client.get(f"/jobs/?q={random.choice(WORDS)}", name="/jobs/?q=[word]")
        paths = JOB_LINK.findall(page.text)
        if paths:
            self.client.get(random.choice(paths) + "apply/", name="/jobs/[id]-[slug]/apply/")


class Employer(SignedIn):
    weight = 1
    wait_time = between(2, 6)

    def on_start(self):
        self.log_in(os.environ.get("LOADTEST_EMPLOYER_EMAIL", "employer@demo.intowork.test"))

    @task(2)
    def dashboard(self):
        self.client.get("/employer/", name="/employer/")

    @task(1)
    def jobs(self):
        self.client.get("/employer/jobs/", name="/employer/jobs/")
