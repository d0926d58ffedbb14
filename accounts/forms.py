"""Forms of the accounts app: allauth forms with a honeypot, and membership forms."""

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _

from core.honeypot import HoneypotMixin


class LoginForm(HoneypotMixin, allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # allauth puts « Mot de passe oublié ? » in the password's help text, which comes
        # before the input: the link would be tabbed to before the password. The login page
        # shows it after the password field instead (templates/account/login.html).
        self.fields["password"].help_text = ""


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
