"""IntoWork settings.

Everything that differs between machines comes from the environment. Defaults are
safe for development; with ``DEBUG`` off (production) the settings refuse to start
without a real ``SECRET_KEY`` and turn on every HTTPS protection, so that
``manage.py check --deploy`` is clean.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


DEBUG = env_bool("DEBUG", False)
# pytest sets this so the test settings never depend on the caller's shell.
TESTING = "pytest" in sys.modules or env_bool("TESTING", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "django-insecure-development-only-key-never-used-in-production-0123456789"  # noqa: S105 (dev and tests only)
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Django's admin, whose every page asks staff for a second factor (intowork/admin_site.py).
    "intowork.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.github",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.headless",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    # Swagger UI's and Redoc's files, served from the site: the CSP allows no CDN.
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks_db",
    "scheduling",
    "accounts",
    "audit",
    "candidates",
    "jobs",
    "hiring",
    "moderation",
    "alerts",
    "privacy",
    "devdata",
]

MIDDLEWARE = [
    "intowork.middleware.RequestIdMiddleware",
    "intowork.db_routers.PrimaryPinningMiddleware",
    "intowork.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "intowork.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "privacy.middleware.PolicyConsentMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "intowork.urls"
WSGI_APPLICATION = "intowork.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.notifications",
                "accounts.context_processors.contact",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# A web request must never hold a worker for long: a few seconds for a statement and
# less for a lock. Management commands (migrations on big tables, seeding, maintenance)
# get long limits. The limits are libpq startup options, not a session-level SET, so
# every connection in the pool carries the same limits and nothing leaks between users.
RUNNING_MANAGEMENT_COMMAND = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] not in (
    ["runserver"],
    ["runserver_plus"],
)
if RUNNING_MANAGEMENT_COMMAND:
    STATEMENT_TIMEOUT_MS = env_int("DB_COMMAND_STATEMENT_TIMEOUT_MS", 60 * 60 * 1000)
    LOCK_TIMEOUT_MS = env_int("DB_COMMAND_LOCK_TIMEOUT_MS", 60 * 1000)
else:
    STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 5000)
    LOCK_TIMEOUT_MS = env_int("DB_LOCK_TIMEOUT_MS", 2000)

DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/intowork")
DATABASES: dict[str, dict[str, Any]] = {"default": dict(dj_database_url.parse(DATABASE_URL))}
DATABASES["default"].setdefault("OPTIONS", {}).update(
    {
        "connect_timeout": env_int("DB_CONNECT_TIMEOUT_S", 5),
        "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c lock_timeout={LOCK_TIMEOUT_MS}"
        " -c idle_in_transaction_session_timeout=60000",
    }
)
if env_bool("DB_POOL", True):
    # psycopg's pool keeps connections open across requests; CONN_MAX_AGE must be 0.
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": env_int("DB_POOL_MIN_SIZE", 2),
        "max_size": env_int("DB_POOL_MAX_SIZE", 10),
        "timeout": env_int("DB_POOL_TIMEOUT_S", 10),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # Behind PgBouncer in transaction mode: no client-side pool, no server-side cursors.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 0)
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}

# Read replicas: one alias per URL; intowork.db_routers sends reads there, writes (and the
# reads of a request that wrote) to the primary.
DATABASE_REPLICAS = []
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    alias = f"replica_{number}"
    DATABASES[alias] = dict(dj_database_url.parse(url)) | {
        key: value
        for key, value in DATABASES["default"].items()
        if key not in {"NAME", "USER", "PASSWORD", "HOST", "PORT"}
    }
    DATABASES[alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(alias)
DATABASE_ROUTERS = ["intowork.db_routers.PrimaryReplicaRouter"] if DATABASE_REPLICAS else []
# After a write, the client's requests read from the primary for this long (a cookie): longer
# than the replicas' lag, so the page after a form shows what it saved (docs/operations.md).
DATABASE_PRIMARY_AFTER_WRITE_S = env_int("DB_PRIMARY_AFTER_WRITE_S", 5)
# A replica that failed a request is left out of this process's reads for this long.
DATABASE_REPLICA_RETRY_S = env_int("DB_REPLICA_RETRY_S", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "intowork.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            "KEY_PREFIX": "intowork",
            "TIMEOUT": 300,
        }
    }
    # Sessions read from Redis, written through to the database: fast and durable.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # One process only: rate limits (allauth, DRF) are per process without Redis.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if TESTING:
    # Argon2 costs ~150 ms a hash; tests hash thousands of passwords.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/dashboard/"
SITE_ID = 1

# django-allauth: email is the login, verified before use.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# allauth's rate limits stay at their defaults (on); they live in the cache, and key on the
# client's address as the API's throttles read it (NUM_PROXIES, below).
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CHANGE_EMAIL = True
# Security notices (password changed, email changed or removed) go to the account's address.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[IntoWork] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG or TESTING else "https"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_PROVIDERS = {
    "google": {"SCOPE": ["profile", "email"], "EMAIL_AUTHENTICATION": True},
    "github": {"SCOPE": ["user:email"]},
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "linkedin",
                "name": "LinkedIn",
                "client_id": os.environ.get("LINKEDIN_CLIENT_ID", ""),
                "secret": os.environ.get("LINKEDIN_CLIENT_SECRET", ""),
                "settings": {"server_url": "https://www.linkedin.com/oauth"},
            }
        ]
        if os.environ.get("LINKEDIN_CLIENT_ID")
        else [],
    },
}
# The role (candidate or employer) is chosen at sign-up, on the site and in the apps alike.
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# A new social account goes through the sign-up form once, to choose its role; an existing
# account with the same verified email is linked instead (EMAIL_AUTHENTICATION above).
SOCIALACCOUNT_AUTO_SIGNUP = False
# Multi-factor sign-in (allauth.mfa): an authenticator app (TOTP) with recovery codes, or a security
# key / passkey (WebAuthn, through fido2). Anyone may turn it on; staff must before the admin opens
# (intowork/admin_site.py), and then sign in with it.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "IntoWork"
# A phone's clock a little off still works: the codes of the neighbouring 30-second steps count.
MFA_TOTP_TOLERANCE = 1
# WebAuthn needs HTTPS except on localhost, where browsers allow it for development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG or TESTING
HEADLESS_ONLY = False
HEADLESS_CLIENTS = ("app", "browser")
HEADLESS_FRONTEND_URLS = {
    "account_confirm_email": f"{SITE_URL}/accounts/confirm-email/{{key}}/",
    "account_reset_password_from_key": f"{SITE_URL}/accounts/password/reset/key/{{key}}/",
    "account_signup": f"{SITE_URL}/accounts/signup/",
}

# --- Client addresses -------------------------------------------------------------
# The client's address for rate limits (allauth's sign-in, sign-up and reset limits, the API's
# throttles, the search page's): REMOTE_ADDR unless NUM_PROXIES trusted proxies put it in
# X-Forwarded-For (set 1 behind one load balancer); otherwise a caller could forge it.
NUM_PROXIES = env_int("NUM_PROXIES", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = NUM_PROXIES

# --- REST API -------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "intowork.authentication.SessionTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Secure by default: public endpoints opt out explicitly.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "intowork.paginators.ApiCursorPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "intowork.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "600/min"),
        "user": os.environ.get("API_USER_RATE", "1200/min"),
        # CV uploads (ScopedRateThrottle, scope "uploads"): disk and virus scanning are not free.
        "uploads": os.environ.get("API_UPLOAD_RATE", "30/hour"),
        # The search page (/jobs/), per visitor's address or account: people read results,
        # scrapers page through them.
        "search_page": os.environ.get("SEARCH_PAGE_RATE", "120/min"),
        # Search-as-you-type (GET /api/v1/jobs/suggestions/): a request per keystroke pause.
        "suggestions": os.environ.get("API_SUGGESTIONS_RATE", "120/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IntoWork API",
    "DESCRIPTION": "The recruitment platform's API for the mobile apps.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "jobs.models.ApplicationStatus",
        "EmployerSettableStatusEnum": "jobs.api.applications.EMPLOYER_STATUS_CHOICES",
        "JobStatusEnum": "jobs.models.JobStatus",
        "WithdrawalReasonEnum": "jobs.models.WithdrawalReason",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "intowork.schema.document_errors",
    ],
    # /api/docs/ works offline and under the CSP: its files come from drf-spectacular-sidecar
    # (collected with the other static files), its initialiser from a URL of its own
    # (SpectacularSwaggerSplitView, in urls.py), never an inline script.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # validatorUrl: Swagger UI would otherwise send the schema to validator.swagger.io for a badge.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

# --- Tasks and email --------------------------------------------------------------
# Emails and notification fan-out run off the request path. Development and tests run
# tasks immediately; production uses the durable database backend and a worker.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if DEBUG or TESTING
            else "django_tasks_db.DatabaseBackend",
        )
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "IntoWork <no-reply@intowork.example>")
# The address people write to for help: shown where a page says "contact us".
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "help@intowork.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["SMTP_HOST"],
                "port": env_int("SMTP_PORT", 587),
                "username": os.environ.get("SMTP_USER", ""),
                "password": os.environ.get("SMTP_PASSWORD", ""),
                "use_tls": env_bool("SMTP_USE_TLS", True),
                "timeout": env_int("SMTP_TIMEOUT_S", 10),
            },
        }
    }
elif DEBUG or TESTING:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    # Sign-up needs a verified address: without mail, nobody could join.
    raise ImproperlyConfigured("SMTP_HOST must be set when DEBUG is off (see README, Configuration).")

# --- Trust: audit trail, moderation ----------------------------------------------------------
# How long the audit trail keeps its events (manage.py purge_audit_events deletes older ones).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 730)
# Whether a new company's jobs wait for staff approval before they are public: its first
# published job, and its published jobs when edited while it is new (moderation app).
MODERATION_APPROVAL = env_bool("MODERATION_APPROVAL", True)
# How long a company counts as new (from its creation), unless staff trust it.
MODERATION_NEW_COMPANY_DAYS = env_int("MODERATION_NEW_COMPANY_DAYS", 30)
# --- Periodic tasks ---------------------------------------------------------------------------
# What `manage.py run_scheduler` enqueues for the worker, and how often (scheduling app). Every
# task here is idempotent: a run enqueued twice, or late, does no harm.
PERIODIC_TASKS: dict[str, dict[str, Any]] = {
    "purge_audit_events": {"task": "audit.tasks.purge_audit_events", "every": timedelta(days=1)},
    # Alert digests: each run sends those due (immediate alerts every few minutes, daily, weekly).
    "send_alert_digests": {"task": "alerts.tasks.send_alert_digests", "every": timedelta(minutes=5)},
    # Exports can be downloaded for 24 hours; their files are deleted afterwards.
    "purge_expired_data_exports": {"task": "privacy.tasks.purge_expired_data_exports", "every": timedelta(hours=1)},
    # Each company's retention of rejected and withdrawn applications (Company.retention_months).
    "anonymise_expired_applications": {
        "task": "privacy.tasks.anonymise_expired_applications",
        "every": timedelta(days=1),
    },
}
# Job alerts: how many one email address may have (members and guests alike), and how many
# jobs one digest lists at most (it links to the full search for the rest).
ALERTS_PER_ADDRESS = env_int("ALERTS_PER_ADDRESS", 20)
ALERT_DIGEST_MAX_JOBS = 20
# The apps' sections of the staff's monitoring page (/admin/db-monitoring/), after the database's.
MONITORING_SECTIONS = ["alerts.admin.monitoring_sections"]

# Reports of jobs one person (or, for guests, one address) may send per hour.
MODERATION_REPORTS_PER_HOUR = env_int("MODERATION_REPORTS_PER_HOUR", 5)

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en"
# Portuguese is European Portuguese (pt-PT spelling and usage: the Portuguese-speaking community in
# France comes mostly from Portugal); a Brazilian browser (pt-BR) gets it too. Arabic is written
# right to left: base.html sets dir="rtl" and serves Bootstrap's RTL build.
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("pt", _("Portuguese")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Source maps are read by developer tools only: served as they are, not compressed at build time
# (the build spends most of its time compressing, and the maps are the largest files).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    *("jpg", "jpeg", "png", "gif", "webp", "ico", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("swf", "flv", "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4", "mpeg", "mpg", "webm", "wmv"),
    "map",
]
# Only the hashed names are kept (and compressed): {% static %} never gives another, and the build
# compresses half as much. The error pages' stylesheet is served from WHITENOISE_ROOT instead.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
# Files served at the site's root by WhiteNoise, as they are and with no build: favicon.ico (for
# browsers and feed readers that ask for it without reading the page's <link rel="icon">) and the
# error pages' errors.css.
WHITENOISE_ROOT = BASE_DIR / "public"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    # CVs are private: they are served by a view that checks permissions, never by URL.
    "default": {"BACKEND": os.environ.get("MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
# The largest file the site accepts (a CV): beyond it an upload's bytes are dropped as they
# arrive, never stored, and the form says it is too large (intowork.uploads).
FILE_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "intowork.uploads.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Security -------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Its page renders without the request's context, like the other error pages (intowork/errors.py).
CSRF_FAILURE_VIEW = "intowork.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Overridable only for plain-HTTP load tests on localhost (check --deploy warns when off).
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    # The load balancer probes these over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# --- Logging --------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "filters": {
        "request_id": {"()": "intowork.middleware.RequestIdLogFilter"},
        # Invitation, password-reset, confirmation and unsubscribe keys never reach the logs.
        "redact_secrets": {"()": "intowork.log_redaction.RedactSecretsFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain" if DEBUG else "json",
            "filters": ["request_id", "redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO", "propagate": True}},
}

# --- Development tools ------------------------------------------------------------
if DEBUG and not TESTING:
    try:
        import debug_toolbar  # noqa: F401  (dev dependency only)
    except ImportError:
        pass
    else:
        INSTALLED_APPS.append("debug_toolbar")
        MIDDLEWARE.insert(0, "debug_toolbar.middleware.DebugToolbarMiddleware")
        INTERNAL_IPS = ["127.0.0.1"]

# Email uniqueness is enforced case-insensitively by accounts_user_email_ci_uniq, which
# Django's check for a unique USERNAME_FIELD cannot see.
SILENCED_SYSTEM_CHECKS = ["auth.W004"]
