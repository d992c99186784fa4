from django.contrib import admin

from hiring.models import Interview, Interviewer


class InterviewerInline(admin.TabularInline):
    model = Interviewer
    extra = 0
    fields = ("user", "is_booked")
    readonly_fields = fields
    can_delete = False


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    """Read-only: interviews change through the services, which keep the panel's copies in step."""

    list_display = ["id", "candidate", "application", "during", "status"]
    list_filter = ["status"]
    list_select_related = ["candidate__user", "application__job", "application__candidate__user"]
    readonly_fields = (
        "application",
        "candidate",
        "during",
        "time_zone",
        "location",
        "video_url",
        "status",
        "response_note",
        "uid",
        "sequence",
        "scheduled_by",
        "created_at",
    )
    fields = readonly_fields
    inlines = [InterviewerInline]

    def has_add_permission(self, request):
        return False
