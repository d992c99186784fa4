from django import forms
from django.utils.translation import gettext_lazy as _


class AccountDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data are erased for good."),
        error_messages={"required": _("Tick the box to confirm.")},
    )
