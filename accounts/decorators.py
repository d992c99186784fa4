"""Who may open a page, by role: the one place the site checks a role (the API's twin is
``accounts.permissions``). What a role's pages then need (a candidate's profile, an employer's
company) is added by each app's own decorator on top of these."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

from accounts.models import Role

View = Callable[..., HttpResponse]


def role_required(role: Role, refusal: str | Promise) -> Callable[[View], View]:
    """Signed in with ``role``: a visitor goes to the login page, another role gets a 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                if request.htmx:  # the login page must replace the page, not the button
                    return HttpResponseClientRedirect(redirect_to_login(request.htmx.current_url_abs_path).url)
                return redirect_to_login(request.get_full_path())
            if request.user.role != role:
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


candidate_required = role_required(Role.CANDIDATE, _("This page is for candidates."))
employer_required = role_required(Role.EMPLOYER, _("This page is for employers."))
