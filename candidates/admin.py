from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from candidates.models import CV, CandidateProfile, Education, Experience, SavedJob, Skill
from candidates.services import cv_validate
from intowork.admin_mixins import LargeTableAdminMixin
from intowork.exceptions import ServiceError


class CVAdminForm(forms.ModelForm):
    """A CV uploaded by staff passes the candidates' own checks (cv_validate: size, and a PDF or
    DOCX by its content), and its type and size are read from the file, as on the site."""

    class Meta:
        model = CV
        fields = ["candidate", "title", "file", "is_default"]

    def clean_file(self):
        file = self.cleaned_data["file"]
        if "file" in self.changed_data and file:
            try:
                self.instance.content_type = cv_validate(file=file)
            except ServiceError as error:
                raise ValidationError(error.message, code=error.code) from error
            self.instance.size = file.size
        return file


class CVInline(admin.TabularInline):
    model = CV
    form = CVAdminForm
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
    form = CVAdminForm
    readonly_fields = ["content_type", "size", "uploaded_at"]
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
