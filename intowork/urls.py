from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as account_views
from intowork import views
from jobs.sitemaps import SITEMAPS, sitemap_index, sitemap_section

# The admin signs in through allauth's login: rate-limited, no account enumeration, one place.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

# The name of Django's own sitemap view, which the index reverses to link each section.
SITEMAP_SECTION = "django.contrib.sitemaps.views.sitemap"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("admin/db-monitoring/", admin.site.admin_view(views.db_monitoring), name="db_monitoring"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("_allauth/", include("allauth.headless.urls")),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("sitemap.xml", sitemap_index, {"sitemaps": SITEMAPS}, name="sitemap_index"),
    path("sitemap-<section>.xml", sitemap_section, {"sitemaps": SITEMAPS}, name=SITEMAP_SECTION),
    path("", include("jobs.urls")),
    path("", include("moderation.urls")),
    path("employer/activity/", include("audit.urls")),
    path("employer/hiring/", include("hiring.employer_urls")),
    path("employer/", include("jobs.employer_urls")),
    path("interviews/", include("hiring.urls")),
    path("", include("candidates.urls")),
    path("", include("accounts.urls")),
    path("", include("alerts.urls")),
    path("", include("privacy.urls")),
    path("api/v1/", include("intowork.api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's initialiser as a script of its own (/api/docs/?script):
    # the CSP allows scripts from the site, never inline ones without a nonce.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

# Error pages that render with the database down and without the static manifest.
handler400 = "intowork.errors.bad_request"
handler403 = "intowork.errors.permission_denied"
handler404 = "intowork.errors.page_not_found"
# allauth's rate limits (sign-in, sign-up, reset) answer with this page.
handler429 = "intowork.errors.too_many_requests"

if settings.DEBUG and "debug_toolbar" in settings.INSTALLED_APPS:
    urlpatterns.append(path("__debug__/", include("debug_toolbar.urls")))
