"""The company's activity log (/employer/activity/): what its members and our staff did with
the data it holds, for its owners only."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.models import AuditAction, AuditEvent
from jobs.models import ApplicationStatus, MemberRole
from jobs.views.membership import company_required

PER_PAGE = 50


@dataclass
class Move:
    from_label: str
    to_label: str


def status_label(value: str) -> str:
    return str(ApplicationStatus(value).label) if value in ApplicationStatus.values else value


def move_of(event: AuditEvent) -> Move | None:
    if event.action != AuditAction.APPLICATION_MOVED:
        return None
    return Move(status_label(event.detail.get("from", "")), status_label(event.detail.get("to", "")))


@company_required
@require_http_methods(["GET", "HEAD"])
def activity(request):
    membership = request.membership
    if membership.role != MemberRole.OWNER:
        raise PermissionDenied(_("Only the company's owners can read its activity log."))
    action = request.GET.get("action", "")
    events = AuditEvent.objects.for_company(membership.company_id).for_listing()
    if action in AuditAction.values:
        events = events.filter(action=action)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(event, move_of(event)) for event in page]
    context = {
        "company": membership.company,
        "page": page,
        "rows": rows,
        "action": action,
        "actions": AuditAction.choices,
    }
    return render(request, "audit/activity.html", context)
