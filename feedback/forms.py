"""The public forms (no account needed, honeypot) and the handling form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.honeypot import HoneypotMixin
from directory.models import Commune

from .models import MESSAGE_MAX_LENGTH, ReportStatus, ReportSubject

EMAIL_HELP = _(
    "Facultatif : seulement pour vous répondre. L'adresse est effacée une fois le "
    "signalement traité."
)


def reporter_email_field() -> forms.EmailField:
    """The optional address a visitor leaves for a reply (both public forms)."""
    return forms.EmailField(
        label=_("Votre e-mail pour vous répondre"),
        required=False,
        help_text=EMAIL_HELP,
        error_messages={"invalid": _("Cette adresse e-mail n'est pas valide.")},
    )


class ReportForm(HoneypotMixin, forms.Form):
    subject = forms.ChoiceField(
        label=_("Qu'est-ce qui est faux ?"),
        choices=ReportSubject.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Dites-nous ce qui est faux.")},
    )
    message = forms.CharField(
        label=_("Précisez"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Par exemple : le bon numéro, la nouvelle adresse, les vrais horaires."),
        error_messages={
            "required": _("Décrivez l'erreur en quelques mots."),
            "max_length": _("Votre message est trop long (%(limit_value)d caractères au plus)."),
        },
    )
    reporter_email = reporter_email_field()


class CommuneField(forms.ModelChoiceField):
    """A commune as people know it: « Montreuil (93100) », its name and postcodes, never its
    INSEE code."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({', '.join(obj.postcodes)})" if obj.postcodes else obj.name


SITUATION_MAX_LENGTH = 120  # as orientation's Situation.label


class SuggestionForm(HoneypotMixin, forms.Form):
    name = forms.CharField(
        label=_("Nom du service"),
        max_length=200,
        error_messages={"required": _("Indiquez le nom du service.")},
    )
    organisation_name = forms.CharField(
        label=_("Organisation qui le propose"),
        max_length=200,
        error_messages={"required": _("Indiquez l'organisation qui propose ce service.")},
    )
    commune = CommuneField(
        label=_("Commune"),
        queryset=Commune.objects.none(),
        empty_label=_("Choisissez une commune"),
        error_messages={
            "required": _("Choisissez la commune du service."),
            "invalid_choice": _("Choisissez une commune de la liste."),
        },
    )
    message = forms.CharField(
        label=_("Ce que fait le service"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Décrivez ce que fait le service en quelques mots."),
            "max_length": _("Votre message est trop long (%(limit_value)d caractères au plus)."),
        },
    )
    contact = forms.CharField(
        label=_("Comment le joindre"),
        max_length=300,
        help_text=_("Le contact public du service : téléphone d'accueil, site, adresse."),
        error_messages={"required": _("Indiquez comment joindre le service.")},
    )
    reporter_email = reporter_email_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The communes the portal serves, read per form (the setting may differ per site).
        self.fields["commune"].queryset = Commune.objects.served().order_by("name")

    @classmethod
    def initial_from(cls, params) -> dict:
        """What a link may prefill (the gap map's « Suggérer un service »): `commune`, the
        INSEE code of a served commune, and `situation`, the situation's name, which starts
        the description. Anything else, or an unknown commune, is ignored."""
        initial = {}
        commune = Commune.objects.served().filter(insee_code=params.get("commune", "")).first()
        if commune is not None:
            initial["commune"] = commune
        situation = " ".join(str(params.get("situation", "")).split())[:SITUATION_MAX_LENGTH]
        if situation:
            initial["message"] = _("Pour la situation « %(situation)s » : ") % {
                "situation": situation
            }
        return initial


class HandleForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Suite donnée"),
        choices=[
            (ReportStatus.FIXED.value, ReportStatus.FIXED.label),
            (ReportStatus.DISMISSED.value, ReportStatus.DISMISSED.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez « Corrigé » ou « Sans suite ».")},
    )
    answer = forms.CharField(
        label=_("Réponse"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Envoyée à la personne si elle a laissé son adresse."),
        error_messages={
            "required": _("Écrivez une courte réponse."),
            "max_length": _("La réponse est trop longue (%(limit_value)d caractères au plus)."),
        },
    )
