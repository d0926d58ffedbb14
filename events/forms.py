"""Visitor forms: the agenda filters (GET) and the registration form (POST)."""

from datetime import datetime, time, timedelta

import phonenumbers
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.honeypot import HoneypotMixin
from directory.models import Commune

from .models import MAX_SEATS_PER_REGISTRATION, Accessibility, AccessNeed, Audience, EventType
from .registrations import Applicant

PRICE_CHOICES = [("", _("Tous")), ("free", _("Gratuit")), ("paying", _("Payant"))]


class EventFilterForm(forms.Form):
    """Every field optional; invalid values are reported, never a 500."""

    type = forms.ChoiceField(
        label=_("Type d'action"), choices=[("", _("Tous")), *EventType.choices], required=False
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.none(),  # the served communes, listed in __init__
        to_field_name="slug",
        empty_label=_("Toutes"),
        required=False,
    )
    audience = forms.ChoiceField(
        label=_("Public"), choices=[("", _("Tous")), *Audience.choices], required=False
    )
    date_from = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    price = forms.ChoiceField(label=_("Tarif"), choices=PRICE_CHOICES, required=False)
    accessible = forms.ChoiceField(
        label=_("Accessibilité"),
        choices=[("", _("Indifférent")), *Accessibility.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.served().only("slug", "name")
        # Commune names, not "Name (INSEE)": the select shows what people know.
        self.fields["commune"].label_from_instance = lambda commune: commune.name

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("La date de fin précède la date de début."))
        return data

    def apply(self, occurrences):
        """Narrow an occurrence queryset with the valid filters."""
        if not self.is_valid():
            return occurrences
        data = self.cleaned_data
        if data["type"]:
            occurrences = occurrences.filter(event__event_type=data["type"])
        if data["commune"]:
            occurrences = occurrences.filter(event__commune=data["commune"])
        if data["audience"]:
            occurrences = occurrences.filter(event__audiences__contains=[data["audience"]])
        if data["accessible"]:
            occurrences = occurrences.filter(event__accessibility__contains=[data["accessible"]])
        if data["price"] == "free":
            occurrences = occurrences.filter(event__is_free=True)
        elif data["price"] == "paying":
            occurrences = occurrences.filter(event__is_free=False)
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            occurrences = occurrences.filter(
                end__gte=datetime.combine(data["date_from"], time.min, tzinfo=tz)
            )
        if data["date_to"]:
            limit = datetime.combine(data["date_to"] + timedelta(days=1), time.min, tzinfo=tz)
            occurrences = occurrences.filter(start__lt=limit)
        return occurrences


def normalise_phone(value: str) -> str:
    """A French (or international) phone number in E.164, or ValidationError."""
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException as error:
        raise forms.ValidationError(_("Ce numéro de téléphone n'est pas lisible.")) from error
    if not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(_("Ce numéro de téléphone n'existe pas."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class RegistrationForm(HoneypotMixin, forms.Form):
    honeypot_message = _("Votre inscription n'a pas pu être enregistrée.")
    field_order = ["name", "email", "phone", "seats", "access_needs"]  # the honeypot last

    name = forms.CharField(label=_("Nom et prénom"), max_length=150)
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        required=False,
        help_text=_("Pour recevoir la confirmation et un rappel la veille."),
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        required=False,
        max_length=30,
        help_text=_("Si vous n'avez pas d'e-mail : l'organisateur pourra vous appeler."),
    )
    seats = forms.TypedChoiceField(
        label=_("Nombre de places"),
        choices=[(n, str(n)) for n in range(1, MAX_SEATS_PER_REGISTRATION + 1)],
        coerce=int,
        initial=1,
    )
    access_needs = forms.MultipleChoiceField(
        label=_("Besoins pour venir (facultatif)"),
        choices=AccessNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Pour que l'organisateur prévoie l'accueil. N'indiquez rien sur votre santé."),
    )

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return normalise_phone(value) if value else ""

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone") and "phone" not in self.errors:
            raise forms.ValidationError(
                _("Indiquez une adresse e-mail ou un numéro de téléphone pour vous joindre.")
            )
        return data

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            name=data["name"].strip(),
            email=data["email"].lower(),
            phone=data["phone"],
            seats=data["seats"],
            access_needs=list(data["access_needs"]),
        )
