from django import forms
from django.utils.translation import gettext_lazy as _

from core.honeypot import HoneypotMixin

from .models import Frequency, NotificationPreferences, SubscriptionKind


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = NotificationPreferences
        fields = ["inbox_enabled", "email_enabled", "email_frequency"]
        widgets = {"email_frequency": forms.RadioSelect}


class SubscribeForm(HoneypotMixin, forms.Form):
    """Save the search shown on a list page as an alert (honeypot against bots)."""

    kind = forms.ChoiceField(choices=SubscriptionKind.choices, widget=forms.HiddenInput)
    query = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)
    frequency = forms.ChoiceField(
        label=_("Fréquence"), choices=Frequency.choices, initial=Frequency.DAILY
    )
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        required=False,
        help_text=_("Nous vous enverrons un lien pour confirmer l'alerte."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and user.is_authenticated:
            del self.fields["email"]

    def clean(self):
        cleaned = super().clean()
        if "email" in self.fields and not cleaned.get("email"):
            self.add_error("email", _("Indiquez l'adresse où recevoir les alertes."))
        return cleaned
