"""The one honeypot: a field people never see nor fill (visually hidden, out of the tab order,
not autocompleted); robots filling every input get a form error and nothing happens.

Forms inherit `HoneypotMixin`; a template that writes its inputs by hand names the input
`HONEYPOT_FIELD`. A form may say what went wrong in its own words with `honeypot_message`."""

from django import forms
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "site_web"


def honeypot_filled(data) -> bool:
    """Did the submitted `data` (a QueryDict or dict) fill the honeypot?"""
    return bool(str(data.get(HONEYPOT_FIELD) or "").strip())


class HoneypotField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Laissez ce champ vide"))
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
        )
        super().__init__(required=False, **kwargs)


class HoneypotMixin(forms.Form):
    honeypot_message = _("Ce formulaire n'a pas pu être envoyé.")

    site_web = HoneypotField()

    def clean_site_web(self) -> str:
        if honeypot_filled(self.cleaned_data):
            # A form-level error: the field itself is hidden, so its own error would be too.
            self.add_error(None, self.honeypot_message)
        return ""
