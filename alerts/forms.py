from django import forms
from django.utils.translation import gettext_lazy as _

from alerts.models import Alert, AlertFrequency


class AlertCreateForm(forms.Form):
    """Saving the search on the page: the search itself travels as the page's own parameters."""

    email = forms.EmailField(
        label=_("Your email"), required=False, help_text=_("We send a link to confirm it first; nothing before.")
    )
    frequency = forms.ChoiceField(label=_("How often"), choices=AlertFrequency.choices, initial=AlertFrequency.DAILY)

    def __init__(self, *args, guest: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if guest:
            self.fields["email"].required = True
        else:
            del self.fields["email"]
        _bootstrap(self)


class AlertEditForm(forms.ModelForm):
    class Meta:
        model = Alert
        fields = ["name", "frequency", "is_paused"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


def _bootstrap(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs.setdefault("class", "form-check-input")
        else:
            field.widget.attrs.setdefault("class", "form-select" if hasattr(field, "choices") else "form-control")
