from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from audit.models import AuditAction
from audit.services import audit_record
from intowork.admin_mixins import LargeTableAdminMixin
from intowork.exceptions import ServiceError
from jobs import services
from jobs.forms import LogoChecksMixin
from jobs.models import (
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    Company,
    CompanyInvitation,
    Job,
    JobStatus,
    MemberRole,
    Membership,
)

LAST_OWNER_MESSAGE = _("A company needs an owner: make another member an owner first.")


def is_last_owner(membership: Membership) -> bool:
    return membership.role == MemberRole.OWNER and not (
        Membership.objects.owners().filter(company_id=membership.company_id).exclude(pk=membership.pk).exists()
    )


class MembershipsFormSet(forms.BaseInlineFormSet):
    """A company edited in the admin keeps an owner (the database's trigger would refuse it at
    commit; this says why on the form instead)."""

    def clean(self):
        super().clean()
        if self.instance.pk is None:
            return  # a new company gets its owner from the site (company_create), or here later
        roles = [
            form.cleaned_data.get("role")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("user")
        ]
        if self.instance.memberships.owners().exists() and MemberRole.OWNER not in roles:
            raise ValidationError(LAST_OWNER_MESSAGE)


class EmployerInline(admin.TabularInline):
    model = Membership
    formset = MembershipsFormSet
    extra = 0
    autocomplete_fields = ["user"]


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "company", "role", "job_title"]

    def clean(self):
        cleaned = super().clean() or {}
        # self.instance still holds the saved role here (the form's values are put on it later).
        if self.instance.pk and cleaned.get("role") != MemberRole.OWNER and is_last_owner(self.instance):
            raise ValidationError(LAST_OWNER_MESSAGE)
        return cleaned


class CompanyAdminForm(LogoChecksMixin, forms.ModelForm):
    class Meta:
        model = Company
        fields = ["name", "slug", "description", "website", "industry", "size", "location", "logo", "is_trusted"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    form = CompanyAdminForm
    list_display = ["name", "slug", "industry", "size", "location", "created_at"]
    list_filter = ["size", "industry"]
    search_fields = ["name", "slug", "industry"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "created_at"
    inlines = [EmployerInline]


@admin.register(Membership)
class EmployerAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    form = MembershipAdminForm

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # one at a time: the last owner cannot be deleted
        return actions

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not is_last_owner(obj))

    list_display = ["user", "company", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "company__name"]
    list_select_related = ["user", "company"]
    autocomplete_fields = ["user", "company"]


@admin.register(CompanyInvitation)
class CompanyInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "company", "invited_by", "created_at", "accepted_at"]
    search_fields = ["email", "company__name"]
    list_select_related = ["company", "invited_by"]
    autocomplete_fields = ["company", "invited_by"]
    readonly_fields = ["token"]


def _run_service(modeladmin, request, objects, action, done_message):
    """Apply a service action to each object; report successes and refusals."""
    done = 0
    for obj in objects:
        try:
            action(obj)
            done += 1
        except ServiceError as error:
            modeladmin.message_user(request, f"{obj}: {error.message}", messages.WARNING)
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)


@admin.register(Job)
class JobAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "company",
        "status",
        "job_type",
        "location_type",
        "posted_at",
        "expires_at",
        "application_count",
        "view_count",
    ]
    list_filter = ["status", "job_type", "location_type", "is_featured", "posted_at"]
    search_fields = ["title", "company__name"]
    list_select_related = ["company"]
    autocomplete_fields = ["company", "author"]
    # The status moves only through the actions below (the site's transitions and rules: pay
    # shown, approval of a new company's jobs); moderation through its own queue.
    readonly_fields = [
        "status",
        "posted_at",
        "moderation",
        "moderation_note",
        "view_count",
        "application_count",
        "created_at",
        "updated_at",
    ]
    actions = ["publish", "close", "archive", "delete_drafts"]

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # only drafts may go: delete_drafts
        return actions

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.status == JobStatus.DRAFT)

    def save_model(self, request, obj, form, change):
        """A new job is a draft (job_create); an edit goes through job_update, which holds a
        new company's changed job for approval again, as on the site."""
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            form.instance = services.job_update(job=Job.objects.get(pk=obj.pk), by=request.user, **fields)
        else:
            fields = {name: value for name, value in form.cleaned_data.items() if name not in {"company", "author"}}
            form.instance = services.job_create(company=obj.company, author=obj.author, **fields)
        obj.pk = form.instance.pk

    def delete_model(self, request, obj):
        services.job_delete(job=obj, by=request.user)

    @admin.action(description=_("Delete selected drafts"), permissions=["delete"])
    def delete_drafts(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            lambda job: services.job_delete(job=job, by=request.user),
            lambda n: ngettext("%d draft deleted.", "%d drafts deleted.", n) % n,
        )

    @admin.action(description=_("Publish selected jobs"))
    def publish(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            lambda job: services.job_publish(job=job, by=request.user),
            lambda n: ngettext("%d job published.", "%d jobs published.", n) % n,
        )

    @admin.action(description=_("Close selected jobs"))
    def close(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            lambda job: services.job_close(job=job, by=request.user),
            lambda n: ngettext("%d job closed.", "%d jobs closed.", n) % n,
        )

    @admin.action(description=_("Archive selected jobs"))
    def archive(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            lambda job: services.job_archive(job=job, by=request.user),
            lambda n: ngettext("%d job archived.", "%d jobs archived.", n) % n,
        )


class StatusChangeInline(admin.TabularInline):
    model = ApplicationStatusChange
    extra = 0
    can_delete = False
    fields = readonly_fields = ("created_at", "from_status", "to_status", "changed_by", "note")

    def has_add_permission(self, request, obj=None):
        return False  # history is written by the status actions only


def _status_action(status: ApplicationStatus):
    def action(modeladmin, request, queryset):
        moved, failed = services.applications_bulk_change_status(
            applications=queryset, to=status, by=request.user, note=gettext("Changed from the admin.")
        )
        for application, error in failed:
            modeladmin.message_user(request, f"{application}: {error.message}", messages.WARNING)
        if moved:
            modeladmin.message_user(
                request,
                ngettext("%(n)d application moved to %(s)s.", "%(n)d applications moved to %(s)s.", moved)
                % {"n": moved, "s": status.label},
                messages.SUCCESS,
            )

    action.__name__ = f"move_to_{status.value}"
    # format_lazy, not %: formatting now would freeze the description in the language of import time.
    return admin.action(description=format_lazy(_("Move selected applications to “{status}”"), status=status.label))(
        action
    )


@admin.register(Application)
class ApplicationAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "job", "status", "applied_at", "updated_at"]
    list_filter = ["status", "applied_at"]
    search_fields = ["candidate__user__email", "job__title"]
    list_select_related = ["job", "candidate__user"]
    autocomplete_fields = ["job", "candidate", "cv"]
    readonly_fields = ["status", "applied_at", "updated_at"]
    inlines = [StatusChangeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("job")  # the audit row's company

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and request.method == "GET":  # staff opened someone's application
            audit_record(
                action=AuditAction.APPLICATION_VIEWED,
                actor=request.user,
                company_id=obj.job.company_id,
                application_id=obj.pk,
            )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    actions = [
        _status_action(ApplicationStatus.SHORTLISTED),
        _status_action(ApplicationStatus.INTERVIEW),
        _status_action(ApplicationStatus.ACCEPTED),
        _status_action(ApplicationStatus.REJECTED),
    ]


@admin.register(ApplicationStatusChange)
class ApplicationStatusChangeAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = ["application", "from_status", "to_status", "changed_by", "created_at"]
    list_filter = ["to_status", "created_at"]
    list_select_related = ["application__job", "application__candidate__user", "changed_by"]
    search_fields = ["application__job__title", "application__candidate__user__email"]

    def has_change_permission(self, request, obj=None):
        return False  # append-only

    def has_add_permission(self, request):
        return False
