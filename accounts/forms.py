"""Forms of the accounts app: allauth forms with a honeypot, and membership forms."""

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "site_web"


class HoneypotMixin(forms.Form):
    """A field people never see nor fill (visually hidden, out of the tab order); bots
    filling every input get a form error and nothing happens."""

    site_web = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_site_web(self) -> str:
        if self.cleaned_data.get(HONEYPOT_FIELD):
            # A form-level error: the field itself is hidden, so its own error would be too.
            self.add_error(None, _("Ce formulaire n'a pas pu être envoyé."))
        return ""


class LoginForm(HoneypotMixin, allauth_forms.LoginForm):
    pass


class SignupForm(HoneypotMixin, allauth_forms.SignupForm):
    pass


class ResetPasswordForm(HoneypotMixin, allauth_forms.ResetPasswordForm):
    pass


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Pour confirmer qu'il s'agit bien de vous."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Mot de passe incorrect."))
        return password
