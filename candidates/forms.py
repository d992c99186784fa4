from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.models import CV


class ApplyForm(forms.Form):
    cover_letter = forms.CharField(
        label=_("Cover letter"),
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control"}),
        required=False,
        max_length=10_000,
        help_text=_("Why this job, and why you. A few paragraphs are plenty."),
    )
    cv = forms.ModelChoiceField(
        label=_("CV"),
        queryset=CV.objects.none(),
        required=False,
        empty_label=_("No CV"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, candidate, **kwargs):
        super().__init__(*args, **kwargs)
        cvs = candidate.cvs.all()
        self.fields["cv"].queryset = cvs
        self.fields["cv"].initial = next((cv for cv in cvs if cv.is_default), None)
