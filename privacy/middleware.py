"""Re-asking consent: a signed-in person who has not accepted the policy versions in force is
sent to accept them before any other page."""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import reverse

from privacy import services

# The versions this session's user is known to have accepted: no query on most pages.
ACCEPTED_SESSION_KEY = "privacy_accepted_policies"
# What stays reachable before accepting: the documents themselves, signing out, the admin
# (staff publish the versions there), the API and allauth's endpoints (apps are not pages).
EXEMPT_PREFIXES = (
    "/policies/",
    "/privacy/",
    "/terms/",
    "/accounts/logout/",
    "/admin/",
    "/api/",
    "/_allauth/",
    "/static/",
    "/media/",
    "/i18n/",
    "/healthz",
    "/readyz",
)


class PolicyConsentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Here, not in __call__: only for a page that exists, so that a 404 or 400 never reads
        # the session or the database (the error pages render with PostgreSQL down).
        if self._must_accept(request):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('privacy:policies_accept')}?{query}")
        return None

    def _must_accept(self, request) -> bool:
        # Pages only: a form being posted or an htmx swap is never interrupted.
        if request.method != "GET" or request.headers.get("HX-Request") or request.path.startswith(EXEMPT_PREFIXES):
            return False
        if not request.user.is_authenticated:
            return False
        current = services.policies_current()
        if not current or set(current) <= set(request.session.get(ACCEPTED_SESSION_KEY, [])):
            return False
        if services.policies_unaccepted(user=request.user, document_ids=current):
            return True
        request.session[ACCEPTED_SESSION_KEY] = current
        return False
