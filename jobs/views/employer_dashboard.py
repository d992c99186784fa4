"""The employer's home: the company's figures, applications per day as a chart, and each
published job's hiring funnel."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from hiring.models import Interview
from jobs import dashboards
from jobs.models import Company, MemberRole, Membership
from jobs.views.membership import company_required

# The chart's geometry, in SVG user units (the drawing scales to its container).
CHART_WIDTH, CHART_HEIGHT = 800, 200
CHART_LEFT, CHART_RIGHT = 40, 780  # the plot area; room on the right for the last date
CHART_TOP, CHART_BOTTOM = 12, 172  # and below it for the dates
CHART_LABEL_EVERY = 7  # one date under every seventh bar, counted back from today
# How many of the next interviews the dashboard lists.
UPCOMING_INTERVIEWS = 5


def applications_chart(series: list[dict]) -> dict:
    """Bars for an inline SVG of applications per day. Whole numbers only: the template
    prints them into attributes, where a localised decimal comma would break the drawing."""
    top = max([day["applications"] for day in series] + [1])
    slot = (CHART_RIGHT - CHART_LEFT) // len(series)
    plot_height = CHART_BOTTOM - CHART_TOP
    bars = []
    for index, day in enumerate(series):
        height = round(day["applications"] * plot_height / top)
        bars.append(
            {
                "date": day["date"],
                "count": day["applications"],
                "x": CHART_LEFT + index * slot + 2,
                "y": CHART_BOTTOM - height,
                "width": slot - 4,
                "height": height,
                "label_x": CHART_LEFT + index * slot + slot // 2,
                "labelled": (len(series) - 1 - index) % CHART_LABEL_EVERY == 0,
            }
        )
    return {
        "bars": bars,
        "top": top,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_RIGHT,
        "plot_top": CHART_TOP,
        "plot_bottom": CHART_BOTTOM,
        "date_y": CHART_BOTTOM + 18,
        "total": sum(bar["count"] for bar in bars),
    }


def onboarding_steps(membership: Membership, figures: dict) -> list[dict]:
    """A new employer's first steps, each done or not: the company page (created, then given
    a description and a logo), a first job published, colleagues invited."""
    company = membership.company
    return [
        {
            "done": True,
            "title": _("Create your company"),
            "text": _("Done: candidates see its page with each of its jobs."),
            "url": None,
        },
        {
            "done": bool(company.description and company.logo),
            "title": _("Present your company"),
            "text": _("A description and a logo make candidates trust your offers."),
            "url": reverse("employer:company_edit") if membership.role == MemberRole.OWNER else None,
            "action": _("Edit the company page"),
        },
        {
            "done": figures["active_jobs"] > 0,
            "title": _("Publish your first job"),
            "text": _("Write it, preview it as candidates will see it, then publish it."),
            "url": reverse("employer:job_create"),
            "action": _("Post a job"),
        },
        {
            "done": company.memberships.count() > 1 or company.invitations.exists(),
            "title": _("Invite your colleagues"),
            "text": _("Hire as a team: they read the applications and move them through the pipeline."),
            "url": reverse("employer:company") if membership.role == MemberRole.OWNER else None,
            "action": _("Invite a colleague"),
        },
    ]


@company_required
def home(request):
    """The employer's dashboard: figures, applications per day, and each published job's funnel."""
    user = request.user
    figures = dashboards.employer_dashboard(user=user)
    rate = figures["response_rate"]
    context = {
        "companies": Company.objects.for_member(user).order_by("name").only("id", "name", "slug"),
        "figures": figures,
        "cards": [
            (_("Active jobs"), figures["active_jobs"]),
            (_("Applications"), figures["applications"]),
            (_("New, not opened yet"), figures["new"]),
            (_("Interviews"), figures["interviews"]),
            (_("Response rate"), "—" if rate is None else _("%(percent)d%%") % {"percent": round(rate * 100)}),
        ],
        "chart": applications_chart(figures["applications_per_day"]),
        "funnels": dashboards.employer_funnels(user=user),
        "withdrawal_reasons": dashboards.employer_withdrawal_reasons(user=user) if figures["applications"] else [],
        "onboarding": onboarding_steps(request.membership, figures) if not figures["applications"] else None,
        "interviews": Interview.objects.visible_to(user).upcoming().for_listing()[:UPCOMING_INTERVIEWS],
    }
    return render(request, "jobs/employer/dashboard.html", context)
