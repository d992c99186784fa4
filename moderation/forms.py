from django import forms
from django.utils.translation import gettext_lazy as _

from moderation.models import ReportReason


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this job?"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What should our team look at? Do not include personal data you would not want to share."),
    )


class DecisionNoteForm(forms.Form):
    """The note a staff member writes with a decision taken from an admin list."""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 60}))
