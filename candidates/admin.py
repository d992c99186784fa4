from django.contrib import admin

from candidates.models import CV, CandidateProfile, Education, Experience, SavedJob, Skill
from intowork.admin_mixins import LargeTableAdminMixin


class CVInline(admin.TabularInline):
    model = CV
    extra = 0
    fields = ["title", "file", "content_type", "size", "is_default", "uploaded_at"]
    readonly_fields = ["content_type", "size", "uploaded_at"]


class ExperienceInline(admin.StackedInline):
    model = Experience
    extra = 0


class EducationInline(admin.StackedInline):
    model = Education
    extra = 0


class SkillInline(admin.TabularInline):
    model = Skill
    extra = 0


@admin.register(CandidateProfile)
class CandidateProfileAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = ["user", "headline", "location", "availability", "updated_at"]
    list_filter = ["availability", "created_at"]
    search_fields = ["user__email", "headline", "location"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    inlines = [CVInline, ExperienceInline, EducationInline, SkillInline]


@admin.register(CV)
class CVAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = ["title", "candidate", "content_type", "size", "is_default", "uploaded_at"]
    list_filter = ["content_type", "is_default"]
    search_fields = ["title", "candidate__user__email"]
    list_select_related = ["candidate__user"]
    autocomplete_fields = ["candidate"]


@admin.register(Skill)
class SkillAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = ["name", "level", "candidate"]
    list_filter = ["level"]
    search_fields = ["name", "candidate__user__email"]
    list_select_related = ["candidate__user"]
    autocomplete_fields = ["candidate"]


@admin.register(SavedJob)
class SavedJobAdmin(LargeTableAdminMixin, admin.ModelAdmin):
    list_display = ["candidate", "job", "created_at"]
    search_fields = ["candidate__user__email", "job__title"]
    list_select_related = ["candidate__user", "job"]
    autocomplete_fields = ["candidate", "job"]
