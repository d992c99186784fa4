"""Who may open a page, by role: the one place the site checks a role (the API's twin is
``accounts.permissions``). What a role's pages then need (a candidate's profile, an employer's
company) is added by each app's own decorator on top of these."""

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

from accounts.models import Role
from intowork.http import HtmxRequest

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

View = Callable[..., HttpResponse]


def role_required(role: Role, refusal: "StrOrPromise") -> Callable[[View], View]:
    """Signed in with ``role``: a visitor goes to the login page, another role gets a 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HtmxRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                if request.htmx:  # the login page must replace the page, not the button
                    back = request.htmx.current_url_abs_path or request.get_full_path()
                    return HttpResponseClientRedirect(redirect_to_login(back).url)
                return redirect_to_login(request.get_full_path())
            if request.user.role != role:
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


candidate_required = role_required(Role.CANDIDATE, _("This page is for candidates."))
employer_required = role_required(Role.EMPLOYER, _("This page is for employers."))
