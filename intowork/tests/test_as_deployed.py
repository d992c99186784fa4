"""Issue 12: the site works as deployed, not only as tested.

The image once collected its static files with DEBUG on (no manifest) and ran with DEBUG off
(a manifest needed): every page answered 500, and the rest of the suite, which runs with the
test settings, saw nothing. Here a copy of the tree (the files the image's COPY takes) is built
by scripts/build-assets, the image's own build step, and served by gunicorn with
gunicorn.conf.py and the production settings (DEBUG off, a real-looking SECRET_KEY, SMTP to a
catcher in this process, the test database); the worker runs the tasks with them too. Every
main page of every role answers 200, and so does every static file they link to. Then a tree
that was never built, on a database that does not answer: its error pages still render.

Signing in goes through the real login form: the users' passwords are hashed with Argon2 (the
production hasher; the test settings use a fast one) and their addresses verified."""

import contextlib
import email as email_message
import email.policy as email_policy
import os
import re
import shutil
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection

from accounts.tests.factories import StaffFactory, totp_code
from candidates.tests.factories import CandidateProfileFactory, CVFactory, SavedJobFactory
from jobs.tests.factories import ApplicationFactory, JobFactory, MembershipFactory

pytestmark = pytest.mark.deployed

BASE_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # the virtualenv's gunicorn, next to its python
PASSWORD = "a-long-unusual-passphrase-42"
HASHED_STATIC = re.compile(r"""(?:href|src)="(/static/[^"]+\.[0-9a-f]{12}\.[a-z0-9]+)\"""")
ANY_STATIC = re.compile(r"""(?:href|src)="(/static/[^"?#]+)\"""")


# --- The tree, built as the image builds it ------------------------------------------------


def copy_of_the_tree(destination: Path) -> Path:
    """The files the image's COPY takes (what git tracks or would track: .gitignore leaves out
    what .dockerignore does), as they are in the work tree now; nothing built."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=BASE_DIR,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (BASE_DIR / name).is_file():  # a file deleted but not yet committed is listed too
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(BASE_DIR / name, destination / name)
    return destination


@pytest.fixture(scope="module")
def built_tree(tmp_path_factory):
    tree = copy_of_the_tree(tmp_path_factory.mktemp("deployed") / "app")
    assert not (tree / "staticfiles").exists()
    started = time.monotonic()
    build = subprocess.run(
        ["scripts/build-assets"],
        cwd=tree,
        env=production_env(PYTHON=sys.executable),
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    print(f"scripts/build-assets: {time.monotonic() - started:.1f} s")
    return tree


def test_the_build_writes_the_manifest_the_compressed_files_and_the_translations(built_tree):
    static = built_tree / "staticfiles"
    assert (static / "staticfiles.json").stat().st_size > 0
    hashed_css = [path.name for path in (static / "css").glob("intowork.*.css")]
    assert hashed_css, "no hashed copy of intowork.css"
    assert (static / "css" / f"{hashed_css[0]}.br").exists()  # Brotli is a runtime requirement
    assert not (static / "css" / "intowork.css").exists()  # only the hashed names are kept
    assert list((static / "drf_spectacular_sidecar" / "swagger-ui-dist").glob("swagger-ui-bundle.*.js"))
    assert not list((static / "drf_spectacular_sidecar").glob("redoc/**/*.js"))  # Redoc is not served
    assert (built_tree / "locale" / "fr" / "LC_MESSAGES" / "django.mo").stat().st_size > 0


# --- Processes with the production settings --------------------------------------------------


def production_env(**extra) -> dict:
    """A production process's environment: the settings' variables only, none of this test
    run's switches (TESTING, DJANGO_ALLOW_ASYNC_UNSAFE, the caller's DEBUG or REDIS_URL)."""
    kept = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}}
    return (
        kept
        | {
            "DEBUG": "0",
            "SECRET_KEY": "as-deployed-test-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH",
            "ALLOWED_HOSTS": "127.0.0.1",
            # Plain HTTP on the loopback: what settings allow to be turned off for it, and no more.
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": "9",  # nothing listens; tests that send mail give their catcher's port
            "SMTP_USE_TLS": "0",
            "WEB_CONCURRENCY": "2",
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        | extra
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def the_test_database_url() -> str:
    """The test database, which this test's rows are committed to (transactional test)."""
    settings = connection.settings_dict
    user = urllib.parse.quote(settings["USER"] or "postgres")
    password = f":{urllib.parse.quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def gunicorn_log(tree: Path, url: str) -> Path:
    """Where gunicorn serving ``tree`` at ``url`` writes its output (access log included)."""
    return tree.parent / f"gunicorn-{url.rsplit(':', 1)[1]}.log"


@contextlib.contextmanager
def gunicorn(tree: Path, env: dict):
    """gunicorn with the project's gunicorn.conf.py on a free loopback port; yields its URL."""
    port = free_port()
    log_path = gunicorn_log(tree, f"http://127.0.0.1:{port}")
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "intowork.wsgi:application", "--config", "gunicorn.conf.py"],
            cwd=tree,
            env=env | {"GUNICORN_BIND": f"127.0.0.1:{port}", "SITE_URL": f"http://127.0.0.1:{port}"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, "gunicorn stopped:\n" + log_path.read_text()
            assert time.monotonic() < deadline, "gunicorn did not answer in 30 s:\n" + log_path.read_text()
            with contextlib.suppress(OSError):
                if Client(url).get("/healthz").status == 200:
                    break
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


class Response:
    def __init__(self, status, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer of its own: a 302 to the login page is not a 200


class Client:
    """A visitor with a cookie jar, following no redirect."""

    def __init__(self, base_url: str):
        assert base_url.startswith("http://127.0.0.1:")
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirects)

    def request(self, path, data=None, headers=None) -> Response:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, body, headers or {})  # noqa: S310 (http URL checked)
        try:
            with self.opener.open(request, timeout=30) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def get(self, path, **headers) -> Response:
        return self.request(path, headers=headers)

    def post_form(self, path, fields: dict) -> Response:
        """The form at ``path``, sent with ``fields`` and the CSRF token it carries."""
        form = self.get(path)
        assert form.status == 200, f"{path} answered {form.status}"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        return self.request(path, {"csrfmiddlewaretoken": token, **fields})

    def sign_in(self, email):
        response = self.post_form("/accounts/login/", {"login": email, "password": PASSWORD})
        assert response.status == 302, f"signing in as {email} answered {response.status}:\n{response.text[:2000]}"
        if response.headers["Location"] == "/accounts/2fa/authenticate/":  # staff: the authenticator's code
            response = self.post_form("/accounts/2fa/authenticate/", {"code": totp_code()})
            assert response.status == 302, f"the code of {email} answered {response.status}:\n{response.text[:2000]}"
        return self


# --- The main pages -----------------------------------------------------------------------------


def account(user):
    """``user`` able to sign in under production settings: an Argon2 hash and a verified address."""
    hasher = Argon2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def site(transactional_db):
    employer = MembershipFactory(company__name="Acme Bakery")
    job = JobFactory(company=employer.company, title="Pastry chef", location="Lyon")
    candidate = CandidateProfileFactory(headline="Pastry chef")
    application = ApplicationFactory(job=job, candidate=candidate, cv=CVFactory(candidate=candidate))
    SavedJobFactory(candidate=candidate, job=job)
    account(employer.user)
    account(candidate.user)
    return {"job": job, "application": application, "employer": employer, "candidate": candidate}


def pages(site) -> dict:
    job, application = site["job"], site["application"]
    return {
        "anonymous": [
            "/jobs/",
            "/jobs/?q=pastry",
            job.get_absolute_url(),
            job.company.get_absolute_url(),
            f"{job.get_absolute_url()}report/",
            "/accounts/login/",
            "/accounts/signup/",
            "/sitemap.xml",
            "/jobs/feed/",
            "/api/docs/",
            "/api/docs/?script=",  # Swagger UI's initialiser
            "/api/schema/",
            "/api/v1/jobs/",
            "/api/v1/jobs/suggestions/?q=pas",
            "/accounts/confirm-email/",  # verify your email, with the resend
            "/favicon.ico",
            "/readyz",
        ],
        "candidate": [
            "/dashboard/",
            "/profile/",
            "/applications/",
            f"/applications/{application.pk}/",
            f"/applications/{application.pk}/withdraw/",
            "/saved-jobs/",
            "/cvs/",
            "/notifications/",
            "/notifications/settings/",
            "/account/preferences/",
        ],
        "employer": [
            "/employer/",
            "/employer/jobs/",
            "/employer/company/",
            f"/employer/jobs/{job.pk}/applications/",
            f"/employer/applications/{application.pk}/",
            "/employer/activity/",
        ],
        "staff": [
            "/admin/",
            "/admin/db-monitoring/",
            "/accounts/2fa/",
            "/admin/jobs/job/",
            "/admin/jobs/application/",
            "/admin/moderation/jobreport/",
            "/admin/moderation/jobforreview/",
            "/admin/audit/auditevent/",
        ],
    }


@pytest.mark.django_db(transaction=True)
def test_every_main_page_and_its_static_files_answer_200_under_gunicorn(built_tree, site):
    staff = account(StaffFactory())
    users = {"candidate": site["candidate"].user, "employer": site["employer"].user, "staff": staff}
    with gunicorn(built_tree, production_env(DATABASE_URL=the_test_database_url())) as url:
        failures, static_files = [], set()
        for role, paths in pages(site).items():
            client = Client(url).sign_in(users[role].email) if role in users else Client(url)
            for path in paths:
                response = client.get(path)
                if response.status != 200:
                    failures.append(f"{role} {path}: {response.status}\n{response.text[:500]}")
                elif response.headers.get_content_type() == "text/html":
                    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
                    linked = set(ANY_STATIC.findall(response.text))
                    # {% static %} gives the manifest's hashed names: the production storage is in use.
                    unhashed = linked - set(HASHED_STATIC.findall(response.text))
                    if unhashed:
                        failures.append(f"{role} {path} links to unhashed static files: {sorted(unhashed)}")
                    static_files |= linked
        assert not failures, "\n".join(failures)

        # Served by WhiteNoise from the build: compressed, and cached for good (hashed names).
        assert any("drf_spectacular_sidecar/swagger-ui-dist" in path for path in static_files)
        for path in sorted(static_files):
            response = Client(url).get(path, **{"Accept-Encoding": "br, gzip"})
            assert response.status == 200, f"{path}: {response.status}"
            assert "immutable" in response.headers["Cache-Control"], path
            if path.endswith((".css", ".js")):
                assert response.headers["Content-Encoding"] == "br", path

        # The error pages, and the stylesheet they link to.
        not_found = Client(url).get("/no-such-page/")
        assert not_found.status == 404 and "Page not found" in not_found.text
        assert Client(url).get("/errors.css").status == 200
        bad_host = Client(url).get("/jobs/", Host="evil.example")
        assert bad_host.status == 400 and "This request could not be read" in bad_host.text
        french = Client(url).get("/no-such-page/", **{"Accept-Language": "fr"})
        assert "Page introuvable" in french.text  # the compiled catalogue is in use


@pytest.mark.django_db(transaction=True)
def test_the_logs_under_gunicorn_never_show_an_invitation_token_or_a_reset_key(built_tree):
    """Issue 12, point 9: gunicorn's access log (path, query, Referer) and the application's log."""
    token, key = "Xk9q2mVb7TnLw3RzPa5sE1uYhD8cFj0o4GiK6lNx", "3-cq8h1s-5f2b9d3e0a7c6e4f8b1d2a3c"
    with gunicorn(built_tree, production_env(DATABASE_URL=the_test_database_url())) as url:
        client = Client(url)
        invitation = client.get(f"/employer/invitations/{token}/", Referer=f"{url}/accounts/password/reset/key/{key}/")
        assert invitation.status == 302  # to the login page, the link in its ?next=
        assert client.get(invitation.headers["Location"]).status == 200
        assert client.get(f"/accounts/password/reset/key/{key}/?token={token}").status in {200, 302}
    log = gunicorn_log(built_tree, url).read_text()
    assert log.count("[redacted]") >= 4, log
    assert token not in log and key not in log, log


# --- The worker ------------------------------------------------------------------------------------


class SmtpCatcher(socketserver.ThreadingTCPServer):
    """Just enough SMTP to take Django's mail: every message received, as (recipients, text)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        self.messages: list[tuple[list[str], str]] = []
        super().__init__(("127.0.0.1", 0), _SmtpSession)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return self.server_address[1]


class _SmtpSession(socketserver.StreamRequestHandler):
    def reply(self, line: str):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 catcher ESMTP")
        recipients = []
        for raw in self.rfile:
            command = raw.decode().strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self.reply("250 catcher")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                for data_line in self.rfile:
                    if data_line == b".\r\n":
                        break
                    lines.append(data_line.decode())
                self.server.messages.append((recipients, "".join(lines)))
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:  # RSET, NOOP
                self.reply("250 OK")


@pytest.mark.django_db(transaction=True)
def test_a_sign_up_under_gunicorn_gets_its_email_from_the_worker(built_tree):
    catcher = SmtpCatcher()
    env = production_env(DATABASE_URL=the_test_database_url(), SMTP_PORT=str(catcher.port))
    try:
        with gunicorn(built_tree, env) as url:
            visitor = Client(url)
            email = "new.candidate@example.com"
            fields = {
                "role": "candidate",
                "full_name": "Ada Lovelace",
                "email": email,
                "password1": PASSWORD,
                "password2": PASSWORD,
            }
            signed_up = visitor.post_form("/accounts/signup/", fields)
            assert signed_up.status == 302, signed_up.text[:2000]
            assert catcher.messages == []  # queued, not sent during the request (the database backend)

            worker = subprocess.run(
                [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
                cwd=built_tree,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert worker.returncode == 0, worker.stdout + worker.stderr

            ((recipients, message),) = catcher.messages
            assert recipients == [email]
            body = email_message.message_from_string(message, policy=email_policy.default)
            text = body.get_body(preferencelist=("plain",)).get_content()
            link = re.search(r"https?://127\.0\.0\.1:\d+(/accounts/confirm-email/[^/\s]+/)", text)
            assert link, text
            assert visitor.get(link.group(1)).status == 200  # the link the email carries opens
    finally:
        catcher.shutdown()
        catcher.server_close()


# --- Without a database and without a build ------------------------------------------------------


def test_a_tree_never_built_on_a_database_that_does_not_answer_still_serves_its_error_pages(tmp_path):
    """No static file collected (no manifest), PostgreSQL unreachable: the site says so with its
    503 page instead of failing, and its 404 and 400 pages render; /readyz says not ready."""
    tree = copy_of_the_tree(tmp_path / "app")
    nowhere = f"postgres://postgres@127.0.0.1:{free_port()}/intowork"  # a port nothing listens on
    env = production_env(DATABASE_URL=nowhere, DB_POOL_TIMEOUT_S="2", DB_CONNECT_TIMEOUT_S="2")
    with gunicorn(tree, env) as url:
        unavailable = Client(url).get("/jobs/")
        assert unavailable.status == 503, unavailable.text[:2000]
        assert "Back in a moment" in unavailable.text
        assert unavailable.headers["Retry-After"] == "30"

        not_found = Client(url).get("/no-such-page/", Cookie="sessionid=a-session-no-database-can-confirm")
        assert not_found.status == 404 and "Page not found" in not_found.text

        bad_host = Client(url).get("/jobs/", Host="evil.example")
        assert bad_host.status == 400 and "This request could not be read" in bad_host.text

        # Their stylesheet and icon are in the tree: served before any build.
        assert Client(url).get("/errors.css").status == 200
        assert Client(url).get("/favicon.ico").status == 200

        assert Client(url).get("/readyz").status == 503
