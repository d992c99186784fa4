"""The hiring forms: scheduling an interview, answering one."""

import datetime
import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import time_zone_choices
from accounts.models import User
from hiring.models import (
    CANDIDATE_RESPONSES,
    HIGHEST_SCORE,
    LOWEST_SCORE,
    MessageTemplate,
    Recommendation,
    ScorecardAttribute,
)
from hiring.services import LONGEST_INTERVIEW, SHORTEST_INTERVIEW
from intowork.time_zones import is_time_zone


class InterviewForm(forms.Form):
    """When (a local time in a chosen zone), how long, where, with whom. The start is read in
    the chosen zone, whatever the page's zone is."""

    starts_at = forms.DateTimeField(
        label=_("Start"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("The local time in the time zone below."),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=int(SHORTEST_INTERVIEW.total_seconds() // 60),
        max_value=int(LONGEST_INTERVIEW.total_seconds() // 60),
        initial=60,
    )
    location = forms.CharField(
        label=_("Place"), max_length=200, required=False, help_text=_("An address, or leave empty for a video call.")
    )
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    interviewers = forms.ModelMultipleChoiceField(
        label=_("Interviewers"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of your company; each gets the invitation too."),
    )

    def __init__(self, *args, company_id: int, viewer: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()  # type: ignore[attr-defined]
        self.fields["time_zone"].initial = viewer.zone.key
        self.fields["interviewers"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__company_id=company_id, is_active=True
        ).order_by("full_name", "email")
        self.fields["interviewers"].label_from_instance = lambda user: user.display_name  # type: ignore[attr-defined]
        self.fields["interviewers"].initial = [viewer.pk]

    def clean(self):
        cleaned = super().clean() or {}
        starts_at, zone = cleaned.get("starts_at"), cleaned.get("time_zone")
        if starts_at and zone and is_time_zone(zone):
            # Django read the input in the page's zone: read the same wall-clock time in the chosen one.
            wall_clock = timezone.make_naive(starts_at)
            cleaned["starts_at"] = wall_clock.replace(tzinfo=zoneinfo.ZoneInfo(zone))
        return cleaned

    @property
    def duration(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.cleaned_data["duration_minutes"])


class InterviewResponseForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Your answer"), choices=[(status.value, status.label) for status in CANDIDATE_RESPONSES]
    )
    note = forms.CharField(
        label=_("A note to the company"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you ask for another time: say which times suit you."),
    )


SCORES = [(score, str(score)) for score in range(LOWEST_SCORE, HIGHEST_SCORE + 1)]


class ScorecardForm(forms.Form):
    """A score per attribute of the job (fields ``rating_<id>``), a recommendation, notes."""

    recommendation = forms.ChoiceField(label=_("Overall recommendation"), choices=Recommendation.choices)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you saw: the other interviewers read it once they have submitted theirs."),
    )

    def __init__(self, *args, attributes: list[ScorecardAttribute], **kwargs):
        super().__init__(*args, **kwargs)
        self.attributes = attributes
        for attribute in attributes:
            self.fields[f"rating_{attribute.pk}"] = forms.TypedChoiceField(
                label=attribute.name,
                choices=[("", "—"), *SCORES],
                coerce=int,
                help_text=_("1: far below what the job needs; 5: far above."),
            )
        # The ratings first, then the verdict.
        self.order_fields([f"rating_{attribute.pk}" for attribute in attributes])

    @property
    def ratings(self) -> dict[int, int]:
        return {attribute.pk: self.cleaned_data[f"rating_{attribute.pk}"] for attribute in self.attributes}


class ScorecardAttributesForm(forms.Form):
    names = forms.CharField(
        label=_("What the interviewers rate"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line, in the order of the scorecard."),
    )

    @property
    def names_list(self) -> list[str]:
        return self.cleaned_data["names"].splitlines()


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Private note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only your company sees it. Write @ and a teammate’s first name or address to notify them."),
    )


PLACEHOLDER_HELP = _("Placeholders: {candidate_name}, {job_title}, {company}.")


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["name", "kind", "language", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "name": _("For your team, e.g. “Polite rejection”."),
            "language": _("The language the message is written in."),
            "subject": PLACEHOLDER_HELP,
            "body": PLACEHOLDER_HELP,
        }


class SendMessageForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Message template"), queryset=MessageTemplate.objects.none(), empty_label=_("Choose a template…")
    )

    def __init__(self, *args, company_id: int, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["template"]
        field.queryset = MessageTemplate.objects.filter(company_id=company_id)  # type: ignore[attr-defined]
        field.required = required
        if not required:
            field.empty_label = _("No message")  # type: ignore[attr-defined]
