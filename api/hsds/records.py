"""Maillage records as HSDS 3.0 objects (README « HSDS 3.0 mapping »).

HSDS types are strict (a string is never null): a field Maillage does not know is left out,
never sent empty or null. Contacts reserved to professionals are never published here, as in
the data·inclusion export."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from core.phones import phone_e164
from core.places import departement_name
from directory.models import Commune
from directory.opening import (
    OpeningState,
    hours_in_words,
    regular_week,
    temporary_closure_status,
    temporary_notices,
)
from directory.vocabularies import (
    FRAIS_CHOICES,
    MODE_MOBILISATION_LABELS,
    PERSONNE_MOBILISATRICE_LABELS,
    PUBLIC_LABELS,
    thematiques_for,
)

from ..schemas import absolute
from .ids import Kind, nested_id, object_id
from .taxonomy import term_record, terms_by_code

FRAIS_LABELS = dict(FRAIS_CHOICES)
COUNTRY = "FR"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MINUTES_PER_DAY = 24 * 60
LANGUAGE = {"name": "Français", "code": "fr"}


# --- Identifiers -----------------------------------------------------------------------------
def organization_id(organisation) -> str:
    return object_id(Kind.ORGANIZATION, organisation.pk)


def service_id(service) -> str:
    return object_id(Kind.SERVICE, service.pk)


def service_at_location_id(service) -> str:
    return object_id(Kind.SERVICE_AT_LOCATION, service.pk)


def has_own_place(service) -> bool:
    return bool(service.address or service.commune_id)


def has_place(organisation) -> bool:
    return bool(organisation.address or organisation.commune_id)


def service_location_id(service) -> str | None:
    """Where the service is met: its own place, else its organisation's; None without one."""
    if has_own_place(service):
        return object_id(Kind.SERVICE_LOCATION, service.pk)
    if has_place(service.organisation):
        return object_id(Kind.ORGANIZATION_LOCATION, service.organisation.pk)
    return None


# --- Small pieces ------------------------------------------------------------------------------
def _text(*parts: str) -> str:
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _drop_empty(record: dict) -> dict:
    """Leave out what Maillage does not know (HSDS strings and numbers are never null)."""
    return {key: value for key, value in record.items() if value not in (None, "")}


def _time(minutes: int) -> str:
    hour, minute = divmod(minutes, 60)
    return f"{hour:02d}:{minute:02d}"


def phones(number: str, owner_field: str, owner_id: str) -> list[dict]:
    e164 = phone_e164(number)
    if not e164:
        return []
    return [
        {
            "id": nested_id(owner_id, "phone", 0),
            owner_field: owner_id,
            "number": e164,
            "type": "voice",
            "languages": [],
        }
    ]


def schedules(expression: str, owner_field: str, owner_id: str) -> list[dict]:
    """Weekly schedules (RFC 5545 style: `freq` WEEKLY, `byday`, `opens_at`, `closes_at`) from
    the OSM hours as opening-hours-py evaluates them; days with the same ranges share one
    schedule per range. The hours in words go in `description`, the OSM string as it is in
    `notes`. Hours without a single weekly rhythm (or invalid) give one schedule with the
    words and the OSM string only."""
    expression = (expression or "").strip()
    if not expression:
        return []
    common = {
        owner_field: owner_id,
        "description": hours_in_words(expression),
        "notes": expression,
    }
    week = regular_week(expression)
    if week is None:
        return [{"id": nested_id(owner_id, "schedule", "irregular"), **common}]
    by_ranges: dict[tuple, list[str]] = {}
    for weekday, ranges in zip(WEEKDAYS, week, strict=True):
        for start, end, _comment in ranges:
            by_ranges.setdefault((start, end), []).append(weekday)
    result = []
    for (start, end), days in sorted(by_ranges.items(), key=lambda item: (item[1][0], item[0])):
        byday = ",".join(sorted(days, key=WEEKDAYS.index))
        result.append(
            {
                "id": nested_id(owner_id, "schedule", byday, start, end),
                **common,
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": byday,
                "opens_at": _time(start),
                "closes_at": _time(end) if end < MINUTES_PER_DAY else "24:00",
            }
        )
    return result


def status_of(entry) -> str:
    """« temporarily closed » during a temporary closure (the service's or its
    organisation's), else « active » (only published entries are listed)."""
    for closed_from, closed_until, message in entry.closures:
        status = temporary_closure_status(timezone.localdate(), closed_from, closed_until, message)
        if status and status.state == OpeningState.TEMPORARILY_CLOSED:
            return "temporarily closed"
    return "active"


def alert_of(entry, expression: str) -> str:
    """The closure in force (with its message) and the temporary notices, one per line."""
    lines = []
    for closed_from, closed_until, message in entry.closures:
        status = temporary_closure_status(timezone.localdate(), closed_from, closed_until, message)
        if status:
            lines.append(status.label + (f" : {message}" if message else ""))
    lines.extend(temporary_notices(expression, entry.closures))
    return "\n".join(lines)


# --- Areas ---------------------------------------------------------------------------------------
@dataclass
class Areas:
    """Names of the communes, EPCI and départements the services of a page cover."""

    communes: dict[str, str] = field(default_factory=dict)
    epcis: dict[str, str] = field(default_factory=dict)

    @classmethod
    def for_services(cls, services) -> Areas:
        return cls.for_codes({code for service in services for code in service.eligibility_zone})

    @classmethod
    def for_codes(cls, codes) -> Areas:
        communes = dict(
            Commune.objects.filter(insee_code__in=[c for c in codes if len(c) == 5]).values_list(
                "insee_code", "name"
            )
        )
        epcis = dict(
            Commune.objects.filter(epci_code__in=[c for c in codes if len(c) == 9])
            .values_list("epci_code", "epci_name")
            .distinct()
        )
        return cls(communes, epcis)

    def area(self, code: str) -> tuple[str, str]:
        """(name, description) of a zone code."""
        if len(code) == 5:
            return self.communes.get(code, code), f"Commune (code INSEE {code})"
        if len(code) == 9:
            return self.epcis.get(code) or code, f"Intercommunalité (SIREN {code})"
        return departement_name(code), f"Département ({code})"


def service_areas(service, areas: Areas, owner_id: str) -> list[dict]:
    """The eligibility zone's communes, EPCI and départements; empty zone: the département
    of the organisation (what `Service.covers` means by it)."""
    codes = list(service.eligibility_zone)
    home = service.organisation.commune
    if not codes and home is not None:
        codes = [home.departement_code]
    result = []
    for code in codes:
        name, description = areas.area(code)
        result.append(
            {
                "id": nested_id(owner_id, "service_area", code),
                "service_id": owner_id,
                "name": name,
                "description": description,
            }
        )
    return result


# --- Organizations -----------------------------------------------------------------------------
def organization_identifiers(organisation, owner_id: str) -> list[dict]:
    result = []
    if organisation.siret:
        result.append(
            {
                "id": nested_id(owner_id, "identifier", "siret"),
                "organization_id": owner_id,
                "identifier_scheme": "FR-INSEE",
                "identifier_type": "SIRET",
                "identifier": organisation.siret,
            }
        )
    if organisation.finess:
        result.append(
            {
                "id": nested_id(owner_id, "identifier", "finess"),
                "organization_id": owner_id,
                "identifier_type": "FINESS",
                "identifier": organisation.finess,
            }
        )
    return result


def organization_list_record(organisation) -> dict:
    return _drop_empty(
        {
            "id": organization_id(organisation),
            "name": organisation.name,
            "description": organisation.description or organisation.get_kind_display(),
            "email": organisation.email,
            "website": organisation.website,
            "uri": absolute(organisation.get_absolute_url()),
        }
    )


def organization_record(organisation, services, full_service: bool, areas: Areas) -> dict:
    """The fully nested organization: identifiers, phones, its place, its services (one-to-one
    fields, or fully nested with `full_service`)."""
    record = organization_list_record(organisation)
    owner = record["id"]
    record["organization_identifiers"] = organization_identifiers(organisation, owner)
    record["phones"] = phones(organisation.phone, "organization_id", owner)
    record["locations"] = [organization_location(organisation)] if has_place(organisation) else []
    record["services"] = [
        service_record(service, areas) if full_service else service_list_record(service)
        for service in services
    ]
    return record


# --- Locations ---------------------------------------------------------------------------------
def _address(place, commune, owner_id: str) -> list[dict]:
    postcode = place.postcode or (commune.postcodes[0] if commune and commune.postcodes else "")
    if not (place.address and commune and postcode):
        return []
    return [
        _drop_empty(
            {
                "id": nested_id(owner_id, "address", 0),
                "location_id": owner_id,
                "address_1": place.address,
                "address_2": place.address_complement,
                "city": commune.name,
                "state_province": departement_name(commune.departement_code),
                "postal_code": postcode,
                "country": COUNTRY,
                "address_type": "physical",
            }
        )
    ]


def _coordinates(place) -> dict:
    if place.latitude is not None and place.longitude is not None:
        return {"latitude": place.latitude, "longitude": place.longitude}
    return {}


def organization_location(organisation) -> dict:
    owner = object_id(Kind.ORGANIZATION_LOCATION, organisation.pk)
    record = {
        "id": owner,
        "location_type": "physical",
        "organization_id": organization_id(organisation),
        "name": organisation.name,
        **_coordinates(organisation),
        "addresses": _address(organisation, organisation.commune, owner),
        "phones": phones(organisation.phone, "location_id", owner),
        "schedules": schedules(organisation.opening_hours, "location_id", owner),
        "languages": [],
        "accessibility": [],
    }
    if organisation.accessibility:
        record["accessibility"] = [
            {
                "id": nested_id(owner, "accessibility", 0),
                "location_id": owner,
                "description": organisation.accessibility,
            }
        ]
    return record


def service_location(service) -> dict:
    """A service's own place (an address or a commune of its own)."""
    owner = object_id(Kind.SERVICE_LOCATION, service.pk)
    commune = service.effective_commune
    return {
        "id": owner,
        "location_type": "physical",
        "organization_id": organization_id(service.organisation),
        "name": service.name,
        **_coordinates(service),
        "addresses": _address(service, commune, owner),
        "schedules": schedules(service.effective_opening_hours, "location_id", owner),
        "languages": [],
    }


def location_of(service) -> dict | None:
    if has_own_place(service):
        return service_location(service)
    if has_place(service.organisation):
        return organization_location(service.organisation)
    return None


# --- Services ------------------------------------------------------------------------------------
def _labels(values, labels) -> str:
    return ", ".join(str(labels.get(value, value)) for value in values)


def application_process(service) -> str:
    modes = _labels(service.mobilisation_modes, MODE_MOBILISATION_LABELS)
    by = _labels(service.mobilised_by, PERSONNE_MOBILISATRICE_LABELS)
    return _text(
        f"Comment mobiliser le service : {modes}." if modes else "",
        f"Qui peut le mobiliser : {by}." if by else "",
        f"Lien : {service.mobilisation_link}" if service.mobilisation_link else "",
        service.mobilisation_details,
    )


def fees_description(service) -> str:
    return _text(
        str(FRAIS_LABELS.get(service.fees, "")) if service.fees else "", service.fees_details
    )


def eligibility_description(service) -> str:
    publics = _labels(service.effective_publics, PUBLIC_LABELS)
    return _text(
        f"Publics : {publics}." if publics else "",
        service.publics_details,
        service.access_conditions,
    )


def service_list_record(service) -> dict:
    """The one-to-one fields of a service."""
    hidden = service.contact_is_professional_only
    return _drop_empty(
        {
            "id": service_id(service),
            "organization_id": organization_id(service.organisation),
            "name": service.name,
            "description": service.description,
            "url": absolute(service.get_absolute_url()),
            "email": "" if hidden else service.effective_email,
            "status": status_of(service),
            "application_process": application_process(service),
            "fees_description": fees_description(service),
            "eligibility_description": eligibility_description(service),
            "assured_date": service.verified_on.isoformat() if service.verified_on else "",
            "alert": alert_of(service, service.effective_opening_hours),
            "last_modified": service.updated_at.isoformat(),
        }
    )


def taxonomy_attributes(service, owner_id: str) -> list[dict]:
    """The service's data·inclusion thematiques (its own and its categories') as HSDS
    attributes linking the service to taxonomy terms."""
    result = []
    for code in thematiques_for(service.categories, service.thematiques):
        term = terms_by_code().get(code)
        if term is None:
            continue
        result.append(
            {
                "id": nested_id(owner_id, "attribute", code),
                "link_id": owner_id,
                "link_type": "service",
                "link_entity": "service",
                "taxonomy_term_id": term.id,
                "value": code,
                "taxonomy_term": term_record(term, with_taxonomy=False),
            }
        )
    return result


def service_at_location_list_record(service) -> dict:
    return {
        "id": service_at_location_id(service),
        "service_id": service_id(service),
        "location_id": service_location_id(service),
    }


def service_at_location_record(service, areas: Areas) -> dict:
    """Fully nested: the place, its hours for this service, and the service."""
    record = service_at_location_list_record(service)
    owner = record["id"]
    hidden = service.contact_is_professional_only
    record["phones"] = (
        [] if hidden else phones(service.effective_phone, "service_at_location_id", owner)
    )
    record["schedules"] = schedules(
        service.effective_opening_hours, "service_at_location_id", owner
    )
    record["location"] = location_of(service)
    record["service"] = service_record(service, areas, with_locations=False)
    return record


def service_record(service, areas: Areas, with_locations: bool = True) -> dict:
    """The fully nested service."""
    record = service_list_record(service)
    owner = record["id"]
    hidden = service.contact_is_professional_only
    record["organization"] = organization_list_record(service.organisation)
    record["phones"] = [] if hidden else phones(service.effective_phone, "service_id", owner)
    record["schedules"] = schedules(service.effective_opening_hours, "service_id", owner)
    record["service_areas"] = service_areas(service, areas, owner)
    record["languages"] = [{"id": nested_id(owner, "language", 0), "service_id": owner, **LANGUAGE}]
    record["attributes"] = taxonomy_attributes(service, owner)
    if with_locations and service_location_id(service):
        record["service_at_locations"] = [
            {**service_at_location_list_record(service), "location": location_of(service)}
        ]
    else:
        record["service_at_locations"] = []
    return record
