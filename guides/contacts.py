"""Live contacts of a guide: the directory entries its contact blocks show for one commune.

A `ContactResolver` is made per rendering (web page, PDF, poster) for the reader's commune.
It resolves each contact block once (rendering and the PDF cache key read the same answer)
and remembers every directory entry it showed, with its `updated_at`, so that a PDF built
from it can be thrown away as soon as one of them changes (see `exports.py`).

Guides are public: a contact marked "professionals only" is never shown by them.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

from django.db.models import F, FloatField, Q, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch

from core.phones import phone_display, phone_e164
from directory.models import Commune, Organisation, Service
from directory.opening import hours_in_words
from directory.vocabularies import Category, FreshnessStage

from .events_feed import upcoming_occurrences


class ContactMode:
    """How a contact block picks its entries (the value stored in the block)."""

    CHOSEN = "chosen"
    NEAREST = "nearest"


EARTH_RADIUS_KM = 6371.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class ContactEntry:
    """What a guide prints about one directory entry, as a reader reads it: `phone` in
    national format (`01 43 56 22 42`), `opening_hours` in words (« du lundi au jeudi de
    8 h 30 à 12 h 30 »)."""

    name: str
    organisation: str
    phone: str
    email: str
    address: str
    postcode: str
    commune: str
    opening_hours: str
    url: str
    at_home: bool = False
    distance_km: float | None = None
    closure_message: str = ""
    # What a `tel:` link dials (E.164).
    phone_e164: str = ""

    @property
    def phone_href(self) -> str:
        return f"tel:{self.phone_e164}" if self.phone_e164 else ""


@dataclass
class ContactResolver:
    """Resolves contact blocks for `commune` (None: no commune chosen yet)."""

    commune: Commune | None = None
    # (model label, pk) → version (updated_at…) of every entry shown, for the PDF cache key.
    sources: dict[tuple[str, int], str] = field(default_factory=dict)
    _answers: dict[tuple, list[ContactEntry]] = field(default_factory=dict)
    _services: dict[int, Service] = field(default_factory=dict)
    _organisations: dict[int, Organisation] = field(default_factory=dict)

    # --- Preparing a whole stream in a few queries ------------------------------------------
    def prepare(self, stream) -> ContactResolver:
        """Load at once the chosen entries of every contact block of a StreamField value, then
        resolve each block (one query per "nearest" block)."""
        contact_values = [child.value for child in stream if child.block_type == "contact"]
        service_ids = {_pk(v.get("service")) for v in contact_values} - {None}
        organisation_ids = {_pk(v.get("organisation")) for v in contact_values} - {None}
        if service_ids:
            self._services.update((s.pk, s) for s in _service_queryset().filter(pk__in=service_ids))
        if organisation_ids:
            self._organisations.update(
                (o.pk, o)
                for o in Organisation.objects.published()
                .filter(freshness_stage__lt=FreshnessStage.HIDDEN)
                .select_related("commune")
                .filter(pk__in=organisation_ids)
            )
        for value in contact_values:
            self.resolve(value)
        for child in stream:
            if child.block_type == "event_list":
                self.events(child.value)
            elif child.block_type == "glossary_term" and child.value.get("glossary_term"):
                term = child.value["glossary_term"]
                # Glossary terms carry no modification date: their text is their version.
                text = f"{term.acronym}|{term.term}|{term.definition}"
                self.sources[(term._meta.label, term.pk)] = hashlib.sha256(
                    text.encode()
                ).hexdigest()[:16]
        return self

    def resolve(self, value) -> list[ContactEntry]:
        """The entries one contact block shows, nearest first."""
        key = _block_key(value)
        if key not in self._answers:
            if key[0] == ContactMode.CHOSEN:
                self._answers[key] = self._chosen(key[1], key[2])
            else:
                self._answers[key] = self._nearest(key[3], key[4])
        return self._answers[key]

    def events(self, value) -> list:
        """The upcoming sessions an event list block shows (remembered like contacts)."""
        key = (
            "events",
            value.get("event_type") or "",
            bool(value.get("reader_commune_only")),
            value.get("limit") or 3,
        )
        if key not in self._answers:
            occurrences = upcoming_occurrences(
                event_type=key[1], commune=self.commune if key[2] else None, limit=key[3]
            )
            for occurrence in occurrences:
                published = occurrence.event.last_published_at or occurrence.start
                self.sources[(occurrence._meta.label, occurrence.pk)] = published.isoformat()
            self._answers[key] = occurrences
        return self._answers[key]

    # --- Resolution ------------------------------------------------------------------------
    def _chosen(self, service_id: int | None, organisation_id: int | None) -> list[ContactEntry]:
        if service_id is not None:
            service = self._services.get(service_id)
            if service is None:
                service = _service_queryset().filter(pk=service_id).first()
            if service is not None:
                return [self._service_entry(service)]
            return []
        if organisation_id is not None:
            organisation = self._organisations.get(organisation_id)
            if organisation is None:
                organisation = (
                    Organisation.objects.published()
                    .filter(freshness_stage__lt=FreshnessStage.HIDDEN)
                    .select_related("commune")
                    .filter(pk=organisation_id)
                    .first()
                )
            if organisation is not None:
                return [self._organisation_entry(organisation)]
        return []

    def _nearest(self, category: str, limit: int) -> list[ContactEntry]:
        if not category:
            return []
        services = nearest_services(category, self.commune, limit)
        return [self._service_entry(service) for service in services]

    def _service_entry(self, service: Service) -> ContactEntry:
        organisation = service.organisation
        self._remember(service)
        self._remember(organisation)
        commune = service.effective_commune
        lat = service.latitude if service.latitude is not None else organisation.latitude
        lon = service.longitude if service.longitude is not None else organisation.longitude
        if lat is None and commune is not None:
            lat, lon = commune.latitude, commune.longitude
        distance = None
        if self.commune is not None and lat is not None:
            distance = round(
                distance_km(self.commune.latitude, self.commune.longitude, lat, lon), 1
            )
        public_contact = not service.contact_is_professional_only
        return ContactEntry(
            name=service.name,
            organisation=organisation.name,
            phone=phone_display(service.effective_phone) if public_contact else "",
            phone_e164=phone_e164(service.effective_phone) if public_contact else "",
            email=service.effective_email if public_contact else "",
            address=service.effective_address,
            postcode=service.effective_postcode,
            commune=commune.name if commune else "",
            opening_hours=hours_in_words(service.effective_opening_hours),
            url=_url(service),
            at_home=service.is_at_home,
            distance_km=distance,
            closure_message=organisation.closure_message
            if organisation.is_temporarily_closed()
            else "",
        )

    def _organisation_entry(self, organisation: Organisation) -> ContactEntry:
        self._remember(organisation)
        return ContactEntry(
            name=organisation.name,
            organisation="",
            phone=phone_display(organisation.phone),
            phone_e164=phone_e164(organisation.phone),
            email=organisation.email,
            address=organisation.address,
            postcode=organisation.postcode,
            commune=organisation.commune.name if organisation.commune_id else "",
            opening_hours=hours_in_words(organisation.opening_hours),
            url=_url(organisation),
            closure_message=organisation.closure_message
            if organisation.is_temporarily_closed()
            else "",
        )

    def _remember(self, obj) -> None:
        self.sources[(obj._meta.label, obj.pk)] = obj.updated_at.isoformat()

    def source_fingerprint(self) -> list[str]:
        """Every entry shown, as sorted `label:pk:updated_at` strings (for cache keys)."""
        return sorted(f"{label}:{pk}:{version}" for (label, pk), version in self.sources.items())


def _url(obj) -> str:
    """The entry's directory page, when the directory app publishes one."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


def _pk(value) -> int | None:
    if value is None:
        return None
    return getattr(value, "pk", value)


def _block_key(value) -> tuple:
    mode = value.get("mode") or ContactMode.NEAREST
    return (
        mode,
        _pk(value.get("service")),
        _pk(value.get("organisation")),
        value.get("category") or "",
        value.get("limit") or 1,
    )


def _service_queryset():
    # Posters and contact blocks leave out what the freshness ladder hid from orientation.
    return Service.objects.orientable().select_related(
        "organisation", "organisation__commune", "commune"
    )


def covering(queryset, commune: Commune):
    """Services whose eligibility zone includes `commune`; an empty zone means the whole
    département of the service's place (or of its organisation), as `Service.covers` says."""
    departement = commune.departement_code
    empty_zone_in_departement = Q(eligibility_zone=[]) & (
        Q(commune__departement_code=departement)
        | Q(commune__isnull=True, organisation__commune__departement_code=departement)
        | Q(commune__isnull=True, organisation__commune__isnull=True)
    )
    return queryset.filter(
        Q(eligibility_zone__overlap=commune.zone_codes) | empty_zone_in_departement
    )


def nearest_services(category: str, commune: Commune | None, limit: int) -> list[Service]:
    """Published services of `category` open to people of `commune`, nearest first.

    Without a commune there is no "nearest": nothing (the reader is asked for a commune)."""
    if commune is None:
        return []
    queryset = _service_queryset().filter(
        categories__contains=[category], contact_is_professional_only=False
    )
    queryset = covering(queryset, commune)
    latitude = Coalesce(
        "latitude",
        "organisation__latitude",
        "commune__latitude",
        "organisation__commune__latitude",
        output_field=FloatField(),
    )
    longitude = Coalesce(
        "longitude",
        "organisation__longitude",
        "commune__longitude",
        "organisation__commune__longitude",
        output_field=FloatField(),
    )
    # An equirectangular distance ranks places as the true distance does at this scale.
    scale = Value(math.cos(math.radians(commune.latitude)), output_field=FloatField())
    queryset = queryset.annotate(
        dx=(longitude - Value(commune.longitude)) * scale,
        dy=latitude - Value(commune.latitude),
    ).annotate(rank=F("dx") * F("dx") + F("dy") * F("dy"))
    return list(queryset.order_by(F("rank").asc(nulls_last=True), "name", "pk")[:limit])


def category_label(category: str) -> str:
    try:
        return str(Category(category).label)
    except ValueError:
        return ""


def resolver_from_context(context) -> ContactResolver:
    """The resolver of the page being rendered, or a commune-less one (block previews)."""
    if context:
        resolver = context.get("contact_resolver")
        if resolver is not None:
            return resolver
    return ContactResolver()
