"""Front-office forms of partners. Organisation and residence choices are limited to what the
user manages: a forged POST naming another organisation fails validation."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.honeypot import HoneypotMixin
from core.uploads import check_content_matches_extension
from directory.form_fields import InseeCodesField
from directory.models import Commune, Organisation, OrganisationKind, Residence
from directory.validators import normalize_phone

from .models import (
    Agreement,
    AgreementDocument,
    ContactRequest,
    Premises,
    PremisesLot,
    ProjectNeed,
    ServiceCall,
    ServiceCallAnswer,
    ServiceOffer,
)
from .outcomes import allowed_next, check_transition
from .photos import validate_photo
from .vocabularies import ContactRequestStatus, Outcome


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CommuneField(forms.ModelChoiceField):
    """A commune picked from the served ones (listed when the form is built, so the setting
    MAILLAGE_DEPARTEMENTS is read then), shown by its name."""

    def label_from_instance(self, obj) -> str:
        return obj.name


def _communes():
    return Commune.objects.served().only("insee_code", "name").order_by("name")


class OwnedForm(forms.ModelForm):
    """A form whose owner organisation must be one the user manages (of the right kind)."""

    owner_field = "organisation"
    owner_kinds: tuple[str, ...] = ()

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields[self.owner_field]
        queryset = organisations if organisations is not None else Organisation.objects.none()
        if self.owner_kinds:
            queryset = queryset.filter(kind__in=self.owner_kinds)
        field.queryset = queryset
        field.empty_label = None
        for other in self.fields.values():
            if isinstance(other, (CommuneField, InseeCodesField)):
                other.queryset = _communes()


class ServiceOfferForm(OwnedForm):
    owner_field = "provider"
    owner_kinds = (OrganisationKind.ESS,)
    coverage_communes = InseeCodesField(
        label=_("Communes couvertes"),
        queryset=Commune.objects.none(),
        to_field_name="insee_code",
        required=False,
        help_text=_("Aucune : tout le département."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = ServiceOffer
        fields = [
            "provider",
            "title",
            "family",
            "offer_type",
            "description",
            "targets",
            "coverage_communes",
            "pricing_model",
            "price_amount",
            "capacity",
            "tags",
        ]


class PremisesForm(OwnedForm):
    owner_field = "landlord"
    owner_kinds = (OrganisationKind.LANDLORD,)
    commune = CommuneField(label=_("Commune"), queryset=Commune.objects.none())

    class Meta:
        model = Premises
        fields = [
            "landlord",
            "title",
            "premises_type",
            "description",
            "residence",
            "address",
            "commune",
            "total_surface",
            "free_of_charge",
            "rent",
            "charges",
            "occupation_type",
            "is_erp",
            "pmr_accessible",
            "has_lift",
            "allowed_usages",
            "available_from",
            "available_until",
            "auto_close_on",
            "tags",
        ]
        widgets = {
            "available_from": DateInput(),
            "available_until": DateInput(),
            "auto_close_on": DateInput(),
        }

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, organisations=organisations, **kwargs)
        self.fields["residence"].queryset = Residence.objects.filter(
            landlord__in=self.fields["landlord"].queryset
        ).select_related("commune")


class PremisesLotForm(forms.ModelForm):
    class Meta:
        model = PremisesLot
        fields = ["label", "surface", "floor", "available_from"]
        widgets = {"available_from": DateInput()}


PremisesLotFormSet = forms.inlineformset_factory(
    Premises, PremisesLot, form=PremisesLotForm, extra=2, max_num=30, can_delete=True
)


class ProjectNeedForm(OwnedForm):
    zone_communes = InseeCodesField(
        label=_("Communes recherchées"),
        queryset=Commune.objects.none(),
        to_field_name="insee_code",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    center_commune = CommuneField(
        label=_("Ou autour de la commune"), queryset=Commune.objects.none(), required=False
    )

    class Meta:
        model = ProjectNeed
        fields = [
            "organisation",
            "title",
            "project_type",
            "description",
            "usages",
            "surface_min",
            "surface_max",
            "budget_max",
            "zone_communes",
            "center_commune",
            "radius_km",
            "accessibility_required",
            "start_date",
            "duration_months",
            "audiences",
        ]
        widgets = {"start_date": DateInput()}


class PhotoForm(forms.Form):
    image = forms.ImageField(
        label=_("Photo"),
        help_text=_("JPEG, PNG, GIF ou WebP, 5 Mo au plus."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )
    alt_text = forms.CharField(
        label=_("Ce que montre la photo"),
        max_length=250,
        help_text=_("Pour les personnes qui ne voient pas l'image."),
    )

    def clean_image(self):
        image = self.cleaned_data["image"]
        validate_photo(image)
        return image


class ContactRequestForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = ContactRequest
        fields = [
            "requester_organisation",
            "residence",
            "desired_start",
            "requester_phone",
            "message",
        ]
        widgets = {"desired_start": DateInput()}
        labels = {"requester_phone": _("Votre téléphone (facultatif)")}
        help_texts = {
            "requester_phone": _(
                "L'association reçoit votre nom, votre adresse e-mail et ce numéro pour vous "
                "répondre."
            )
        }

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = organisations if organisations is not None else Organisation.objects.none()
        self.fields["requester_organisation"].queryset = organisations
        self.fields["requester_organisation"].empty_label = None
        self.fields["residence"].queryset = Residence.objects.filter(
            landlord__in=organisations
        ).select_related("commune")

    def clean(self):
        cleaned = super().clean()
        residence = cleaned.get("residence")
        organisation = cleaned.get("requester_organisation")
        if residence and organisation and residence.landlord_id != organisation.pk:
            raise ValidationError(
                {"residence": _("Choisissez une résidence de l'organisation demandeuse.")}
            )
        return cleaned

    def clean_requester_phone(self) -> str:
        return normalize_phone(self.cleaned_data["requester_phone"])


class ContactAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Votre réponse"),
        choices=[
            (ContactRequestStatus.ACCEPTED, _("Accepter")),
            (ContactRequestStatus.DATE_PROPOSED, _("Proposer une date")),
            (ContactRequestStatus.DECLINED, _("Décliner")),
        ],
        widget=forms.RadioSelect,
    )
    proposed_date = forms.DateField(label=_("Date proposée"), required=False, widget=DateInput())
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == ContactRequestStatus.DATE_PROPOSED and not cleaned.get(
            "proposed_date"
        ):
            self.add_error("proposed_date", _("Indiquez la date que vous proposez."))
        return cleaned


class MatchMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Votre message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OutcomeForm(forms.Form):
    """The next step of a match or a contact request; only the allowed moves are offered and
    `offers.outcomes.check_transition` has the last word."""

    outcome = forms.ChoiceField(label=_("Suite donnée"))
    visit_date = forms.DateField(label=_("Date de la visite"), required=False, widget=DateInput())
    reason = forms.CharField(
        label=_("Motif (si sans suite)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        self.fields["outcome"].choices = [(v, Outcome(v).label) for v in allowed_next(current)]

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("outcome")
        if target:
            try:
                check_transition(
                    self.current,
                    target,
                    visit_date=cleaned.get("visit_date"),
                    reason=cleaned.get("reason") or "",
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class AgreementForm(forms.ModelForm):
    """An agreement of the register; the user must manage one of the two parties."""

    class Meta:
        model = Agreement
        fields = [
            "landlord",
            "association",
            "residences",
            "kind",
            "scope",
            "start_date",
            "end_date",
            "free_of_charge",
            "rent",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, managed_ids=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.managed_ids = set(managed_ids)
        self.fields["landlord"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.LANDLORD
        ).order_by("name")
        self.fields["association"].queryset = Organisation.objects.exclude(
            kind=OrganisationKind.LANDLORD
        ).order_by("name")
        self.fields["residences"].queryset = Residence.objects.select_related("commune").order_by(
            "name"
        )
        self.fields["residences"].required = False

    def clean(self):
        cleaned = super().clean()
        landlord, association = cleaned.get("landlord"), cleaned.get("association")
        if landlord and association and not {landlord.pk, association.pk} & self.managed_ids:
            raise ValidationError(
                _("Votre organisation doit être l'une des deux parties de la convention.")
            )
        residences = cleaned.get("residences")
        if landlord and residences:
            foreign = [r for r in residences if r.landlord_id != landlord.pk]
            if foreign:
                self.add_error(
                    "residences", _("Choisissez des résidences de ce bailleur uniquement.")
                )
        return cleaned


class AgreementDocumentForm(forms.ModelForm):
    class Meta:
        model = AgreementDocument
        fields = ["title", "file"]
        help_texts = {"file": _("PDF, ODT, DOCX, JPEG ou PNG.")}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_content_matches_extension(upload)
        return upload


class ServiceCallForm(OwnedForm):
    """A landlord's call: residences limited to those of the landlords the user manages."""

    owner_field = "landlord"
    owner_kinds = (OrganisationKind.LANDLORD,)
    communes = InseeCodesField(
        label=_("Communes concernées"),
        queryset=Commune.objects.none(),
        to_field_name="insee_code",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = ServiceCall
        fields = [
            "landlord",
            "title",
            "description",
            "family",
            "audience",
            "residences",
            "communes",
            "period_start",
            "period_end",
            "budget_min",
            "budget_max",
            "closes_on",
        ]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "closes_on": DateInput(),
        }

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, organisations=organisations, **kwargs)
        self.fields["residences"].queryset = Residence.objects.filter(
            landlord__in=self.fields["landlord"].queryset
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        landlord = cleaned.get("landlord")
        residences = cleaned.get("residences") or []
        if landlord and any(r.landlord_id != landlord.pk for r in residences):
            self.add_error("residences", _("Choisissez des résidences de ce bailleur."))
        return cleaned


class ServiceCallAnswerForm(forms.ModelForm):
    """A provider's short answer; the provider is one of the user's ESS organisations."""

    provider = forms.ModelChoiceField(
        label=_("Structure qui répond"), queryset=Organisation.objects.none(), empty_label=None
    )

    class Meta:
        model = ServiceCallAnswer
        fields = ["provider", "message", "proposed_price", "terms"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = (
            providers if providers is not None else Organisation.objects.none()
        )
