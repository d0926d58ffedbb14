"""Orientation forms. They describe a need and a place, never a person: no name, no
identity, no health detail, no free text beyond a street address and a callback request's
short note, checked for anything identifying (tests/orientation/test_privacy.py inspects
every field)."""

from django import forms
from django.contrib.postgres.lookups import Unaccent
from django.db.models import Q, Value
from django.db.models.functions import Lower
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from core.places import served_departements
from directory.models import Commune, Organisation, Residence
from directory.validators import normalize_phone, validate_phone

from .callbacks import sender_organisations
from .models import CallbackStatus, Situation
from .privacy import NOTE_MAX_LENGTH, validate_anonymous_note, validate_anonymous_suggestion
from .ranking import AgeGroup
from .translations import situation_html, situation_text

AGE_GROUP_CHOICES = [
    ("", _("Non précisé")),
    (AgeGroup.UNDER_60.value, _("Moins de 60 ans")),
    (AgeGroup.FROM_60_TO_74.value, _("De 60 à 74 ans")),
    (AgeGroup.FROM_75.value, _("75 ans et plus")),
]


class ListedChoiceIterator(ModelChoiceIterator):
    """Choices from the field's queryset evaluated once per form (Django's iterator runs a
    server-side cursor each time the choices are read: three round trips per rendering)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # cached on the queryset after the first pass
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    """Reads its queryset once per form: validating a choice and rendering the choices
    share the same rows."""

    iterator = ListedChoiceIterator

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = self.to_field_name or "pk"
        if isinstance(value, self.queryset.model):
            value = getattr(value, key)
        for obj in self.queryset:
            if str(getattr(obj, key)) == str(value):
                return obj
        raise forms.ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )


class SituationChoiceField(ListedModelChoiceField):
    def label_from_instance(self, obj):
        # In the reader's language once a translation is published (a select's plain text).
        return situation_text(obj, "label")


class SituationRadioField(SituationChoiceField):
    def label_from_instance(self, obj):
        # A radio's <label> may hold markup: the French text is marked lang="fr".
        return situation_html(obj, "label")


def commune_label(commune) -> str:
    """« Montreuil (93100) »: its name and postcodes, never its INSEE code."""
    return f"{commune.name} ({', '.join(commune.postcodes)})" if commune.postcodes else commune.name


class ResidenceChoiceField(ListedModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.commune.name}"


def residences_for(user):
    """Residences offered as a place: those the user is gardien of, and those of the
    landlords they belong to."""
    if not user.is_authenticated:
        return Residence.objects.none()
    return (
        Residence.objects.filter(Q(gardiens=user) | Q(landlord__memberships__user=user))
        .select_related("commune")
        .distinct()
        .order_by("commune__name", "name")
    )


def find_communes(text: str):
    """Communes matching what was typed: INSEE code, postcode or name (accents and case
    ignored). A name shared with communes of other départements (Saint-Denis in the 93 and
    at La Réunion) means the one of the territory the portal serves."""
    text = " ".join(text.split())
    if text.isdigit() and len(text) == 5:
        return list(Commune.objects.filter(Q(insee_code=text) | Q(postcodes__contains=[text])))
    communes = list(
        Commune.objects.annotate(plain=Unaccent(Lower("name"))).filter(
            plain=Unaccent(Lower(Value(text)))
        )
    )
    served = [c for c in communes if c.departement_code in served_departements()]
    return served or communes


class PlaceMixin:
    """A place given as one of the user's residences or a commune typed by name or postcode,
    resolved to `cleaned_data["place_commune"]` (needs `residence` — unless the user has none
    — and `commune` fields, and `has_residences`)."""

    def clean(self):
        data = super().clean()
        residence = data.get("residence")
        commune_text = (data.get("commune") or "").strip()
        if residence is not None:
            data["place_commune"] = residence.commune
            return data
        if not commune_text:
            message = (
                _("Choisissez une résidence ou indiquez une commune.")
                if self.has_residences
                else _("Indiquez une commune.")
            )
            self.add_error("commune", message)
            return data
        communes = find_communes(commune_text)
        if not communes:
            self.add_error(
                "commune",
                _("Aucune commune ne correspond à « %(text)s ».") % {"text": commune_text},
            )
        elif len(communes) > 1:
            self.add_error(
                "commune",
                _(
                    "Plusieurs communes correspondent : %(names)s. "
                    "Écrivez le nom complet de la commune."
                )
                % {"names": ", ".join(commune_label(c) for c in communes)},
            )
        else:
            data["place_commune"] = communes[0]
        return data


class OrientationForm(PlaceMixin, forms.Form):
    """Situation + place (+ optional age group). Sent with GET: results can be bookmarked."""

    situation = SituationRadioField(
        label=_("Quelle situation avez-vous repérée ?"),
        queryset=Situation.objects.all(),
        to_field_name="slug",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choisissez une situation.")},
    )
    residence = ResidenceChoiceField(
        label=_("Dans ma résidence"),
        queryset=Residence.objects.none(),
        required=False,
        empty_label=_("— Choisir une résidence —"),
    )
    commune = forms.CharField(
        label=_("Ou dans la commune"),
        help_text=_("La commune ou son code postal. Par exemple : Montreuil ou 93100."),
        max_length=80,
        required=False,
    )
    address = forms.CharField(
        label=_("Rue (facultatif, pour classer par distance)"),
        help_text=_("Une rue suffit : n'indiquez ni nom, ni étage, ni numéro d'appartement."),
        max_length=200,
        required=False,
    )
    age_group = forms.ChoiceField(
        label=_("Âge de la personne (facultatif)"),
        choices=AGE_GROUP_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    open_now = forms.BooleanField(label=_("Ouverts maintenant seulement"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        residences = residences_for(user) if user is not None else Residence.objects.none()
        self.fields["residence"].queryset = residences
        # Evaluated here once: the same rows serve the choices (ListedChoiceIterator).
        self.has_residences = bool(self.fields["residence"].queryset)
        if not self.has_residences:
            del self.fields["residence"]
            self.fields["commune"].label = _("Dans quelle commune ?")


class CallbackRequestForm(PlaceMixin, forms.Form):
    """« Demander un rappel » to a service: the situation and the place (a residence or a
    commune, never closer), the resident's agreement, the sender's professional contact and
    an optional short note refused when it could identify the resident
    (`orientation.privacy`)."""

    situation = SituationChoiceField(
        label=_("Situation"),
        # In danger, the emergency numbers: never a callback.
        queryset=Situation.objects.filter(is_danger=False),
        to_field_name="slug",
        empty_label=None,
        error_messages={"required": _("Choisissez une situation.")},
    )
    residence = ResidenceChoiceField(
        label=_("Résidence"),
        queryset=Residence.objects.none(),
        required=False,
        empty_label=_("— Choisir une résidence —"),
    )
    commune = forms.CharField(
        label=_("Ou commune"),
        help_text=_("La commune ou son code postal. Par exemple : Montreuil ou 93100."),
        max_length=80,
        required=False,
    )
    consent = forms.BooleanField(
        label=_("La personne concernée est d'accord pour que je demande ce rappel."),
        error_messages={
            "required": _("Demandez d'abord son accord à la personne, puis cochez la case.")
        },
    )
    sender_organisation = forms.ModelChoiceField(
        label=_("Votre organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— Aucune —"),
    )
    sender_phone = forms.CharField(
        label=_("Votre téléphone professionnel"),
        help_text=_("Le numéro où le service vous rappelle, par exemple 01 43 93 93 93."),
        max_length=20,
        validators=[validate_phone],
    )
    sender_email = forms.EmailField(label=_("Votre e-mail professionnel"), max_length=254)
    note = forms.CharField(
        label=_("Précision utile pour le service (facultatif)"),
        help_text=_(
            "280 caractères au plus, par exemple « de préférence le matin ». Rien qui "
            "permette de reconnaître la personne : ni nom, ni téléphone, ni e-mail, ni "
            "numéro d'appartement, ni date de naissance."
        ),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX_LENGTH}),
        validators=[validate_anonymous_note],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        residences = residences_for(user) if user is not None else Residence.objects.none()
        self.fields["residence"].queryset = residences
        self.has_residences = residences.exists()
        if not self.has_residences:
            del self.fields["residence"]
            self.fields["commune"].label = _("Commune")
        if user is not None and user.is_authenticated:
            self.fields["sender_organisation"].queryset = sender_organisations(user)

    def clean_sender_phone(self):
        return normalize_phone(self.cleaned_data["sender_phone"])


class CallbackAnswerForm(forms.Form):
    """The recipient's answer: « Je rappelle », or « Pas pour nous » with, optionally, a
    service better placed to help."""

    decision = forms.ChoiceField(
        label=_("Votre réponse"),
        choices=[
            (CallbackStatus.ACKNOWLEDGED.value, _("Je rappelle")),
            (CallbackStatus.DECLINED.value, _("Pas pour nous")),
        ],
    )
    suggestion = forms.CharField(
        label=_("Si ce n'est pas pour vous : quel service serait mieux placé ? (facultatif)"),
        help_text=_("Un service ou une structure, avec son numéro si vous l'avez."),
        max_length=200,
        required=False,
        validators=[validate_anonymous_suggestion],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
