from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.models import CV, CandidateProfile, Education, Experience, Skill
from candidates.services import CV_MAX_BYTES
from jobs.models import ApplicationStatus, WithdrawalReason

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProfileForm(forms.ModelForm):
    class Meta:
        model = CandidateProfile
        fields = [
            "headline",
            "bio",
            "location",
            "phone",
            "salary_expectation_min",
            "salary_expectation_max",
            "salary_currency",
            "availability",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "headline": _("One line that sums you up, e.g. “Backend developer, Python and PostgreSQL”."),
            "salary_expectation_min": _("Gross a year. Employers never see it; it tunes your recommendations."),
            "salary_currency": _("Three letters, e.g. EUR."),
        }


class ExperienceForm(forms.ModelForm):
    class Meta:
        model = Experience
        fields = ["title", "company_name", "location", "start_date", "end_date", "is_current", "description"]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"end_date": _("Leave empty for a current position.")}


class EducationForm(forms.ModelForm):
    class Meta:
        model = Education
        fields = ["school", "degree", "field_of_study", "start_date", "end_date", "description"]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 3})}


class SkillForm(forms.ModelForm):
    class Meta:
        model = Skill
        fields = ["name", "level"]
        labels = {"name": _("Skill")}


class CVUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF or Word (DOCX), at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    title = forms.CharField(label=_("Title"), max_length=120, required=False, help_text=_("e.g. “CV 2026, English”."))
    make_default = forms.BooleanField(label=_("Use it by default"), required=False)

    def clean_file(self):
        file = self.cleaned_data["file"]
        # The early, cheap check; the content itself is checked by the service.
        if file.size > CV_MAX_BYTES:
            raise forms.ValidationError(_("A CV can be at most 5 MB."))
        return file


class CVChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.is_default:
            return _("%(title)s (your default CV)") % {"title": obj.title}
        return obj.title


class ApplyForm(forms.Form):
    cv = CVChoiceField(
        label=_("CV to send"),
        queryset=CV.objects.none(),
        required=False,
        empty_label=_("Apply without a CV"),
        blank=True,  # a radio list drops the empty choice unless told
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    cover_letter = forms.CharField(
        label=_("Cover letter"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Why this job, and why you: a few short paragraphs."),
    )

    def __init__(self, *args, candidate, **kwargs):
        super().__init__(*args, **kwargs)
        # The default CV first and chosen; "without a CV" last (RadioSelect puts the empty
        # choice first: it is moved to the end by the template).
        cvs = candidate.cvs.order_by("-is_default", "-uploaded_at", "-id")
        self.fields["cv"].queryset = cvs  # type: ignore[attr-defined]
        if "cv" not in self.initial:
            first = cvs.first()
            self.initial["cv"] = first.pk if first is not None else ""


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *ApplicationStatus.choices]  # type: ignore[attr-defined]


class WithdrawForm(forms.Form):
    """Withdrawing, with an optional reason that the employer's statistics count."""

    reason = forms.ChoiceField(
        label=_("Why are you withdrawing? (optional)"),
        required=False,
        choices=WithdrawalReason.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text=_("The employer sees the reason, which helps them hire better."),
    )
    note = forms.CharField(
        label=_("A word for the employer (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
