"""Forms of the accounts app: allauth forms with a honeypot, and membership forms."""

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _

from core.honeypot import HoneypotMixin

from .models import Membership, MembershipRole


class LoginForm(HoneypotMixin, allauth_forms.LoginForm):
    pass


class SignupForm(HoneypotMixin, allauth_forms.SignupForm):
    pass


class ResetPasswordForm(HoneypotMixin, allauth_forms.ResetPasswordForm):
    pass


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail de la personne invitée"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("Elle recevra un lien valable 14 jours, utilisable une seule fois."),
    )
    role = forms.ChoiceField(
        label=_("Rôle dans l'organisation"),
        choices=MembershipRole.choices,
        initial=MembershipRole.MEMBER,
        help_text=_(
            "Les administrateurs invitent et retirent des membres ; les membres gèrent les "
            "fiches de l'organisation ; les gardiens consultent l'annuaire professionnel."
        ),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=MembershipRole.choices)


class LeaveForm(forms.Form):
    """Leaving an organisation. The last admin must name a successor among the members."""

    successor = forms.ModelChoiceField(
        label=_("Nouvel administrateur"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("— choisir un membre —"),
        help_text=_("Cette personne deviendra administratrice de l'organisation."),
    )

    def __init__(self, *args, membership: Membership, successor_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.successor_required = successor_required
        if successor_required:
            self.fields["successor"].required = True
            self.fields["successor"].queryset = (
                Membership.objects.filter(organisation=membership.organisation)
                .exclude(pk=membership.pk)
                .select_related("user")
                .order_by("user__email")
            )
            self.fields["successor"].label_from_instance = lambda m: f"{m.user} ({m.user.email})"
        else:
            del self.fields["successor"]


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
