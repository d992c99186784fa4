from typing import TYPE_CHECKING

from django import forms
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import NotificationType, Role, User
from candidates.services import profile_for_user
from intowork.time_zones import time_zone_names
from privacy import services as privacy_services

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class SignupForm(forms.Form):
    """Extra sign-up fields (ACCOUNT_SIGNUP_FORM_CLASS): allauth's web form and its headless
    ``/_allauth/app/v1/auth/signup`` both inherit them, so the role is chosen the same way."""

    role = forms.ChoiceField(
        label=_("I am"),
        choices=[(Role.CANDIDATE, _("Looking for a job")), (Role.EMPLOYER, _("Hiring"))],
        initial=Role.CANDIDATE,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=User._meta.get_field("full_name").max_length,
        help_text=_("As you write it, e.g. on a CV: employers see it on your applications."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    # The role first: it is the first thing a visitor decides.
    field_order = ["role", "full_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Asked only once staff have published a policy (privacy.models.PolicyDocument).
        self.policies = privacy_services.policies_current()
        if self.policies:
            self.fields["accept_policies"] = forms.BooleanField(
                label=format_html(
                    gettext('I accept the <a href="{}">terms of use</a> and the <a href="{}">privacy policy</a>.'),
                    reverse("privacy:terms"),
                    reverse("privacy:privacy_policy"),
                ),
                error_messages={"required": _("Accept the terms and the privacy policy to sign up.")},
            )

    def signup(self, request, user):
        if self.policies:
            privacy_services.policies_accept(user=user, document_ids=self.policies)
        user.role = self.cleaned_data["role"]
        user.full_name = self.cleaned_data["full_name"]
        # The language the visitor signed up in (browser or switcher): their notifications' too.
        user.language = translation.get_language()
        user.save(update_fields=["role", "full_name", "language"])
        if user.role == Role.CANDIDATE:
            profile_for_user(user=user)


class NotificationSettingsForm(forms.Form):
    """Which kinds of notification are also emailed; every kind stays in the app."""

    emailed = forms.MultipleChoiceField(
        label=_("Email me about"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Unticked kinds are still listed under Notifications, without an email."),
    )

    def __init__(self, *args, user, **kwargs):
        self.kinds = NotificationType.for_role(user.role)
        kwargs.setdefault("initial", {"emailed": [kind.value for kind in self.kinds if user.wants_email(kind)]})
        super().__init__(*args, **kwargs)
        emailed = self.fields["emailed"]
        assert isinstance(emailed, forms.MultipleChoiceField)  # noqa: S101 (declared above)
        emailed.choices = [(kind.value, kind.label) for kind in self.kinds]

    def emails(self) -> dict[str, bool]:
        """{kind: emailed?} for every kind the form listed."""
        chosen = set(self.cleaned_data["emailed"])
        return {kind.value: kind.value in chosen for kind in self.kinds}


def time_zone_choices() -> list[tuple[str, "StrOrPromise"]]:
    """ "Automatic" first, then every zone by region (Africa/Abidjan ... Pacific/Wallis)."""
    zones = sorted(name for name in time_zone_names() if "/" in name and not name.startswith(("Etc/", "SystemV/")))
    return [("", _("Automatic (from your browser)")), *((name, name.replace("_", " ")) for name in zones)]


class PreferencesForm(forms.ModelForm):
    """A signed-in user's name, language and time zone (accounts.services.preferences_update)."""

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        help_text=_("Dates and times on the site and in your emails are shown in this time zone."),
    )

    class Meta:
        model = User
        fields = ["full_name", "preferred_name", "language", "time_zone"]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Optional in the row (accounts from before names were asked), required once given here.
        self.fields["full_name"].required = True
        self.fields["time_zone"].choices = time_zone_choices()  # type: ignore[attr-defined]


class VerificationResendForm(forms.Form):
    """ "Send the link again": an address (a malformed one, or one with a NUL byte, which
    PostgreSQL refuses, is answered like any other: no one learns anything)."""

    email = forms.EmailField()
