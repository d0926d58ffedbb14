"""Filters of the public lists (GET forms). Saved searches store the same GET parameters, and
an alert fires when the list filtered by them would show the new item — the list and its
alerts can never disagree."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from directory.models import Commune

from .models import Premises, ServiceOffer
from .vocabularies import OfferFamily, OfferTarget, OfferType, PremisesType, Status, Usage


def _blank(choices):
    return [("", _("Tous")), *choices]


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class _FilterForm(forms.Form):
    q = forms.CharField(label=_("Mots-clés"), required=False, max_length=100)
    commune = CommuneChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.none(),  # the served communes, listed in __init__
        to_field_name="insee_code",
        required=False,
        empty_label=_("Toutes"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = (
            Commune.objects.served().only("insee_code", "name", "departement_code").order_by("name")
        )

    def filters(self) -> dict:
        """The non-empty filters, as JSON-friendly values (what a saved search stores)."""
        data = {}
        for name, value in self.cleaned_data.items():
            if value in (None, "", False, []):
                continue
            if isinstance(value, Commune):
                value = value.insee_code
            data[name] = value if isinstance(value, (str, bool, int)) else str(value)
        return data


class OfferFilterForm(_FilterForm):
    family = forms.ChoiceField(
        label=_("Famille"), choices=_blank(OfferFamily.choices), required=False
    )
    offer_type = forms.ChoiceField(
        label=_("Type d'offre"), choices=_blank(OfferType.choices), required=False
    )
    target = forms.ChoiceField(
        label=_("Pour qui"), choices=_blank(OfferTarget.choices), required=False
    )
    free = forms.BooleanField(label=_("Gratuites seulement"), required=False)

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("q"):
            vector = SearchVector("title", "description", config="french")
            queryset = queryset.annotate(search=vector).filter(
                Q(search=SearchQuery(data["q"], config="french")) | Q(title__icontains=data["q"])
            )
        if data.get("commune"):
            commune = data["commune"]
            queryset = queryset.filter(
                Q(coverage_communes__contains=[commune.insee_code])
                | Q(coverage_communes=[], coverage_departement=commune.departement_code)
            )
        if data.get("family"):
            queryset = queryset.filter(family=data["family"])
        if data.get("offer_type"):
            queryset = queryset.filter(offer_type=data["offer_type"])
        if data.get("target"):
            queryset = queryset.filter(targets__contains=[data["target"]])
        if data.get("free"):
            queryset = queryset.filter(pricing_model="gratuit")
        return queryset


class PremisesFilterForm(_FilterForm):
    premises_type = forms.ChoiceField(
        label=_("Type de local"), choices=_blank(PremisesType.choices), required=False
    )
    usage = forms.ChoiceField(label=_("Usage"), choices=_blank(Usage.choices), required=False)
    surface_min = forms.IntegerField(
        label=_("Surface minimale (m²)"), required=False, min_value=1, max_value=100_000
    )
    rent_max = forms.IntegerField(
        label=_("Loyer mensuel maximal, charges comprises (€)"),
        required=False,
        min_value=0,
        max_value=10_000_000,
    )
    pmr = forms.BooleanField(label=_("Accessible PMR"), required=False)
    free = forms.BooleanField(label=_("Mis à disposition gratuitement"), required=False)

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.filter(
                Q(title__icontains=data["q"]) | Q(description__icontains=data["q"])
            )
        if data.get("commune"):
            queryset = queryset.filter(commune=data["commune"])
        if data.get("premises_type"):
            queryset = queryset.filter(premises_type=data["premises_type"])
        if data.get("usage"):
            queryset = queryset.filter(allowed_usages__contains=[data["usage"]])
        if data.get("surface_min"):
            queryset = queryset.filter(total_surface__gte=data["surface_min"])
        if data.get("rent_max") is not None:
            zero = Value(Decimal(0))
            queryset = queryset.annotate(
                cost=Coalesce(F("rent"), zero) + Coalesce(F("charges"), zero)
            ).filter(Q(free_of_charge=True) | Q(cost__lte=data["rent_max"]))
        if data.get("pmr"):
            queryset = queryset.filter(pmr_accessible=True)
        if data.get("free"):
            queryset = queryset.filter(free_of_charge=True)
        return queryset


def _predicate(form_class, model, item):
    def satisfies(filters: dict) -> bool:
        form = form_class(filters)
        if not form.is_valid():
            return False
        return form.apply(model.objects.filter(pk=item.pk, status=Status.PUBLISHED)).exists()

    return satisfies


def premises_predicate(premises):
    """Whether the premises list filtered by a saved search's filters shows `premises`."""
    return _predicate(PremisesFilterForm, Premises, premises)


def offer_predicate(offer):
    return _predicate(OfferFilterForm, ServiceOffer, offer)
