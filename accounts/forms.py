from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from candidates.services import profile_for_user


class SignupForm(forms.Form):
    """Extra sign-up fields (ACCOUNT_SIGNUP_FORM_CLASS): allauth's web form and its headless
    ``/_allauth/app/v1/auth/signup`` both inherit them, so the role is chosen the same way."""

    role = forms.ChoiceField(
        label=_("I am"),
        choices=[(Role.CANDIDATE, _("Looking for a job")), (Role.EMPLOYER, _("Hiring"))],
        initial=Role.CANDIDATE,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )

    # The role first: it is the first thing a visitor decides.
    field_order = ["role", "email", "password1", "password2"]

    def signup(self, request, user):
        user.role = self.cleaned_data["role"]
        # The language the visitor signed up in (browser or switcher): their notifications' too.
        user.language = translation.get_language()
        user.save(update_fields=["role", "language"])
        if user.role == Role.CANDIDATE:
            profile_for_user(user=user)
