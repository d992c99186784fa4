"""The staff's review queue: reports to handle, jobs waiting for approval or hidden. Every
decision goes through moderation.services, with a note (required to hide: the company reads it)."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from intowork.admin_mixins import LargeTableAdminMixin
from intowork.exceptions import ServiceError
from jobs.models import JobModeration
from moderation import services
from moderation.forms import DecisionNoteForm
from moderation.models import JobDecision, JobForReview, JobReport, ReportStatus


def with_note(request, queryset, *, action: str, title: str, apply, done, note_required: bool = False):
    """An admin action that asks for a note first (an intermediate page, like Django's delete
    confirmation), then applies ``apply(obj, note)`` to each selected row and reports."""
    form = DecisionNoteForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        note = form.cleaned_data["note"]
        if note_required and not note.strip():
            form.add_error("note", _("Say why: the company is told."))
        else:
            count = 0
            for obj in queryset:
                try:
                    apply(obj, note)
                    count += 1
                except ServiceError as error:
                    messages.warning(request, f"{obj}: {error.message}")
            if count:
                messages.success(request, done(count))
            return None
    context = {
        **admin.site.each_context(request),
        "title": title,
        "objects": list(queryset),
        "form": form,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "opts": queryset.model._meta,
    }
    return TemplateResponse(request, "admin/moderation/decision_note.html", context)


class JobDecisionInline(admin.TabularInline):
    model = JobDecision
    fk_name = "job"
    extra = 0
    can_delete = False
    fields = readonly_fields = ("created_at", "decision", "note", "decided_by")

    def has_add_permission(self, request, obj=None):
        return False


class JobReportInline(admin.TabularInline):
    model = JobReport
    fk_name = "job"
    extra = 0
    can_delete = False
    fields = readonly_fields = ("created_at", "reason", "note", "reporter", "status", "resolution_note")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(JobForReview)
class JobForReviewAdmin(admin.ModelAdmin):
    """Jobs our staff must look at: waiting for approval, hidden, or reported."""

    list_display = ["title", "company", "status", "moderation", "open_reports", "posted_at", "updated_at"]
    list_filter = ["moderation", "status"]
    search_fields = ["title", "company__name"]
    list_select_related = ["company"]
    fields = readonly_fields = (
        "title",
        "company",
        "status",
        "moderation",
        "moderation_note",
        "description",
        "requirements",
        "skills",
    )
    inlines = [JobReportInline, JobDecisionInline]
    actions = ["approve", "hide", "restore"]

    def get_queryset(self, request):
        open_reports = Count("reports", filter=Q(reports__status=ReportStatus.OPEN))
        jobs = super().get_queryset(request).annotate(open_reports=open_reports)
        if request.resolver_match and request.resolver_match.url_name.endswith("_changelist"):
            # The queue; any job's own page still opens (a link from a report, from the history).
            queued = Q(moderation__in=[JobModeration.PENDING, JobModeration.HIDDEN]) | Q(open_reports__gt=0)
            jobs = jobs.filter(queued).order_by("-open_reports", "updated_at")
        return jobs

    @admin.display(description=gettext_lazy("open reports"), ordering="open_reports")
    def open_reports(self, job):
        return job.open_reports

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("Approve the selected jobs (they become public)"))
    def approve(self, request, queryset):
        return with_note(
            request,
            queryset,
            action="approve",
            title=_("Approve these jobs"),
            apply=lambda job, note: services.job_approve(job=job, by=request.user, note=note),
            done=lambda n: ngettext("%d job approved.", "%d jobs approved.", n) % n,
        )

    @admin.action(description=gettext_lazy("Hide the selected jobs (with a note to their company)"))
    def hide(self, request, queryset):
        return with_note(
            request,
            queryset,
            action="hide",
            title=_("Hide these jobs"),
            apply=lambda job, note: services.job_hide(job=job, by=request.user, note=note),
            done=lambda n: ngettext("%d job hidden.", "%d jobs hidden.", n) % n,
            note_required=True,
        )

    @admin.action(description=gettext_lazy("Restore the selected hidden jobs"))
    def restore(self, request, queryset):
        return with_note(
            request,
            queryset,
            action="restore",
            title=_("Restore these jobs"),
            apply=lambda job, note: services.job_restore(job=job, by=request.user, note=note),
            done=lambda n: ngettext("%d job restored.", "%d jobs restored.", n) % n,
        )


@admin.register(JobReport)
class JobReportAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    """Reports from the job pages and the API; the open ones are the queue."""

    list_display = ["created_at", "job", "reason", "reporter", "status"]
    list_filter = ["status", "reason", "created_at"]
    search_fields = ["job__title", "job__company__name", "note"]
    list_select_related = ["job__company", "reporter"]
    fields = readonly_fields = (
        "job",
        "reporter",
        "reason",
        "note",
        "status",
        "created_at",
        "resolved_at",
        "resolved_by",
        "resolution_note",
    )
    actions = ["dismiss", "hide_jobs"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("Dismiss the selected reports (the jobs stay)"))
    def dismiss(self, request, queryset):
        def apply(report, note):
            if not services.reports_dismiss(reports=[report], by=request.user, note=note):
                raise ServiceError("not_open", _("This report was already handled."))

        return with_note(
            request,
            queryset,
            action="dismiss",
            title=_("Dismiss these reports"),
            apply=apply,
            done=lambda n: ngettext("%d report dismissed.", "%d reports dismissed.", n) % n,
        )

    @admin.action(description=gettext_lazy("Hide the reported jobs (with a note to their company)"))
    def hide_jobs(self, request, queryset):
        hidden: set[int] = set()

        def apply(report, note):
            if report.job_id not in hidden:  # several reports of one job: hidden once, all upheld
                services.job_hide(job=report.job, by=request.user, note=note)
                hidden.add(report.job_id)

        return with_note(
            request,
            queryset.select_related("job"),
            action="hide_jobs",
            title=_("Hide the reported jobs"),
            apply=apply,
            done=lambda n: ngettext("%d report handled.", "%d reports handled.", n) % n,
            note_required=True,
        )


@admin.register(JobDecision)
class JobDecisionAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "job", "decision", "decided_by"]
    list_filter = ["decision", "created_at"]
    list_select_related = ["job", "decided_by"]
    search_fields = ["job__title", "note"]
    fields = readonly_fields = ("job", "decision", "note", "decided_by", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
