"""The employer's forms: their company, its invitations, its jobs, and bulk moves of applications."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intowork.constraints import broken_constraints
from jobs.models import EMPLOYER_MOVE_TARGETS, JOB_CONSTRAINT_MESSAGES, JOB_CONTENT_FIELDS, Application, Company, Job

LOGO_MAX_BYTES = 1024 * 1024
LOGO_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]
MAX_SKILLS = 20


class LogoChecksMixin:
    """What an uploaded logo must be, on the employer's form and in the admin alike: an image
    (the model's ImageField), PNG, JPEG or WebP, at most 1 MB."""

    cleaned_data: dict
    changed_data: list[str]

    def clean_logo(self):
        logo = self.cleaned_data["logo"]
        if "logo" in self.changed_data and logo:
            FileExtensionValidator(LOGO_EXTENSIONS)(logo)
            if logo.size > LOGO_MAX_BYTES:
                raise ValidationError(_("A logo can be at most 1 MB."))
        return logo


class CompanyForm(LogoChecksMixin, forms.ModelForm):
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    class Meta:
        model = Company
        fields = ["name", "description", "website", "industry", "size", "location", "logo", "retention_months"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            # Not Django's ClearableFileInput: it links to the file's URL, and logos have none.
            "logo": forms.FileInput(attrs={"accept": ".png,.jpg,.jpeg,.webp"}),
            "retention_months": forms.NumberInput(attrs={"min": 1, "max": 60}),
        }
        help_texts = {
            "name": _("As candidates know it, e.g. “Acme”."),
            "description": _("What the company does and what working there is like."),
            "website": _("The full address, e.g. https://acme.example."),
            "industry": _("e.g. Software, Retail, Healthcare."),
            "location": _("Where the head office is, e.g. Lyon."),
            "logo": _("PNG, JPEG or WebP, at most 1 MB."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.logo:  # nothing to remove
            del self.fields["remove_logo"]
        # Left empty (or not sent): the current period, 12 months for a new company.
        self.fields["retention_months"].required = False

    def clean_retention_months(self):
        months = self.cleaned_data["retention_months"]
        return self.instance.retention_months if months is None else months

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        # Removing happens only without a new upload (a new logo replaces the old one anyway).
        if cleaned.pop("remove_logo", False) and "logo" not in self.changed_data:
            cleaned["logo"] = ""
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "They get an email with a link to join; they sign in (or sign up as an employer) with this address."
        ),
    )


class SkillsField(forms.CharField):
    """A job's skills typed as one comma-separated line, kept as a list: trimmed, without
    empty items or repeats (ignoring case)."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        skills: list[str] = []
        for item in (super().to_python(value) or "").split(","):
            skill = item.strip()
            if skill and skill.casefold() not in {s.casefold() for s in skills}:
                skills.append(skill)
        return skills

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_SKILLS:
            raise ValidationError(_("List at most %(max)d skills.") % {"max": MAX_SKILLS})
        too_long = [skill for skill in value if len(skill) > 60]
        if too_long:
            raise ValidationError(_("A skill is at most 60 characters: %(skill)s") % {"skill": too_long[0]})


class JobForm(forms.ModelForm):
    """A job's content. Its status moves only through the publish/close/archive buttons."""

    skills = SkillsField(
        label=_("Skills"),
        required=False,
        help_text=_("Separated by commas, e.g. Python, Django, PostgreSQL. Candidates find the job by them."),
    )
    # Employers think in days; the job stays open until the end of that day, in the site's time zone.
    expires_at = forms.DateField(
        label=_("Expiry date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "The job closes by itself at the end of this day and leaves the search results. "
            "Leave it empty to keep it open until you close it."
        ),
    )

    class Meta:
        model = Job
        fields = JOB_CONTENT_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            "requirements": forms.Textarea(attrs={"rows": 5}),
            "salary_min": forms.NumberInput(attrs={"min": 0, "step": 500}),
            "salary_max": forms.NumberInput(attrs={"min": 0, "step": 500}),
        }
        labels = {"location_type": _("Remote or on-site"), "job_type": _("Employment type")}
        help_texts = {
            "title": _("What the person will do, e.g. “Backend developer (Python)”."),
            "location": _("City, or region for a remote job."),
            "salary_min": _(
                "Gross a year. Both amounts are required to publish: pay transparency is the law in the EU."
            ),
            "salary_currency": _("Three letters, e.g. EUR."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.expires_at:  # shown as the day it ends
            self.initial["expires_at"] = timezone.localtime(self.instance.expires_at).date()

    def clean_salary_currency(self):
        return self.cleaned_data["salary_currency"].strip().upper()

    def clean_expires_at(self):
        day = self.cleaned_data["expires_at"]
        if day is None:
            return None
        if "expires_at" in self.changed_data and day < timezone.localdate():
            raise ValidationError(_("Choose today or a later day."))
        end_of_day = datetime.datetime.combine(day, datetime.time.max)
        return timezone.make_aware(end_of_day)

    def validate_constraints(self):
        """The job's database constraints, checked on the job as it would be saved (status
        and posting date included), each violation said next to its field."""
        exclude = set(self.errors)  # a field already refused needs no second message
        for refusal in broken_constraints(Job, self.instance, JOB_CONSTRAINT_MESSAGES, exclude=exclude):
            self.add_error(refusal.field if refusal.field in self.fields else None, refusal.message)


PICK_A_STAGE = _("Choose a stage…")


class ApplicationMoveForm(forms.Form):
    """One application's move, from its page or its row: the status is checked by the service
    (its transitions), the note here (its length, no NUL byte, which PostgreSQL refuses)."""

    status = forms.CharField(required=False)
    note = forms.CharField(required=False, max_length=5000)


class BulkMoveForm(forms.Form):
    """Several applications of one job, moved to one status with one private note."""

    applications = forms.ModelMultipleChoiceField(
        queryset=Application.objects.none(),
        error_messages={"required": _("Select at least one application.")},
    )
    status = forms.ChoiceField(label=_("Move the selected applications to"), choices=[])
    note = forms.CharField(
        label=_("Private note"),
        help_text=_("Only your company sees it; it is added to each application's history."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, job: Job, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this job's applications can be chosen: any other id is an invalid choice.
        self.fields["applications"].queryset = job.applications.select_related("candidate__user")  # type: ignore[attr-defined]
        # No stage is preselected: a click on "Apply" without choosing moves nothing.
        stages = [(status.value, status.label) for status in EMPLOYER_MOVE_TARGETS]
        self.fields["status"].choices = [("", PICK_A_STAGE), *stages]  # type: ignore[attr-defined]
