"""What an employer's membership opens: fetch-and-authorise in one step. Everything is read
through the user's memberships, so another company's job or application is a 404, never a
403 that would confirm it exists."""

from collections.abc import Callable
from functools import wraps

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.decorators import employer_required
from accounts.models import User
from intowork.http import HtmxRequest
from jobs.models import Application, ApplicationStatusChange, CompanyInvitation, Job, Membership


class MemberRequest(HtmxRequest):
    """A request that ``company_required`` admitted."""

    user: User
    membership: Membership


def company_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """An employer with a company: ``request.membership`` is theirs (their first, if they
    belong to several). One without is shown how to get one (create it, or accept an
    invitation) instead of empty pages."""

    @wraps(view)
    @employer_required
    def wrapper(request: MemberRequest, *args, **kwargs) -> HttpResponse:
        membership = Membership.objects.of_user(request.user).first()
        if membership is None:
            invitations = CompanyInvitation.objects.open_for(request.user).order_by("-created_at")
            return render(request, "jobs/employer/company_missing.html", {"invitations": invitations})
        request.membership = membership
        return view(request, *args, **kwargs)

    return wrapper


def member_job(user: User, pk: int) -> Job:
    """One of the jobs of ``user``'s companies, or a 404."""
    return get_object_or_404(Job.objects.for_company_member(user).select_related("company"), pk=pk)


def member_application(user: User, pk: int) -> Application:
    """One of the applications to ``user``'s companies, with its history, or a 404."""
    return get_object_or_404(
        Application.objects.for_company_member(user)
        .select_related("job", "job__company", "candidate__user", "cv")
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=ApplicationStatusChange.objects.select_related("changed_by").order_by("created_at", "id"),
            )
        ),
        pk=pk,
    )
