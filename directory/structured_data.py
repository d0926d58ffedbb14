"""schema.org JSON-LD of the directory's sheets: an organisation (Organization and the Place
where it receives) and a service (Service with its provider). Plain dicts, written by
`{% json_ld %}` (core/templatetags/seo.py); empty values are dropped there.

Hours: the OSM `opening_hours` string becomes `OpeningHoursSpecification`s. Weekly hours the
editor wrote (`directory.hours_field.decompress`) give one specification per time range and
group of days, closed public holidays `PublicHolidays` 00:00–00:00 (schema.org's way to say
closed), dated periods with `validFrom`/`validThrough`; any other valid expression (seasons,
week numbers, comments) is written day by day for the next DATED_DAYS days, which stays true
whatever its rules; an invalid one gives nothing."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from core.phones import phone_e164
from core.places import departement_name
from core.structured_data import absolute, compact, property_value

from .hours_field import END_OF_DAY, decompress, format_minutes
from .label_translations import vocabulary_label
from .models import Organisation, OrganisationKind, Service
from .opening import PARIS, State, parse, to_paris
from .places import zone_names
from .vocabularies import Category

# The schema.org type that fits each kind of organisation. ESS actors (associations,
# cooperatives, mutuals, foundations) are non-governmental organisations; a landlord or a
# project holder is a plain Organization.
KIND_TYPES = {
    OrganisationKind.PUBLIC_BODY: "GovernmentOrganization",
    OrganisationKind.MEDICO_SOCIAL: "MedicalOrganization",
    OrganisationKind.ESS: "NGO",
}
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SCHEMA = "https://schema.org/"
# Irregular hours are written as dated specifications for this many days from today.
DATED_DAYS = 14
FREE = "gratuit"
PAYING = "payant"


# --- Hours ---------------------------------------------------------------------------------------
def _time(minutes: int) -> str:
    # schema.org Time has no 24:00: the end of the day is its last minute.
    return format_minutes(min(minutes, END_OF_DAY - 1))


def _closed(**extra) -> dict:
    return {"@type": "OpeningHoursSpecification", "opens": "00:00", "closes": "00:00", **extra}


def _ranges_specs(ranges, weekdays, **extra) -> list[dict]:
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [SCHEMA + DAY_NAMES[day] for day in weekdays],
            "opens": _time(start),
            "closes": _time(end),
            **extra,
        }
        for start, end in ranges
    ]


def _weekly_specs(grid) -> list[dict]:
    groups: dict[tuple, list[int]] = {}
    for weekday, ranges in enumerate(grid.days):
        if ranges:
            groups.setdefault(ranges, []).append(weekday)
    specs = []
    for ranges, weekdays in groups.items():
        specs.extend(_ranges_specs(ranges, weekdays))
    holidays = SCHEMA + "PublicHolidays"
    if grid.holiday_hours:
        specs.extend(
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": holidays,
                "opens": _time(start),
                "closes": _time(end),
            }
            for start, end in grid.holiday_hours
        )
    elif grid.holidays_closed:
        specs.append(_closed(dayOfWeek=holidays))
    for period in sorted(grid.periods, key=lambda period: period.start):
        dates = {"validFrom": period.start, "validThrough": period.end}
        if period.is_closed:
            specs.append(_closed(**dates))
        else:
            specs.extend(_ranges_specs(period.ranges, period.weekdays or range(7), **dates))
    return specs


def _dated_specs(hours, today: date) -> list[dict]:
    start = datetime.combine(today, datetime.min.time(), PARIS)
    end = start + timedelta(days=DATED_DAYS)
    specs = []
    for begin, finish, state, _comment in hours.intervals(start, end):
        if state != State.OPEN:
            continue
        begin, finish = to_paris(begin), to_paris(finish)
        while begin < finish:  # one specification per day
            midnight = datetime.combine(begin.date() + timedelta(days=1), datetime.min.time())
            stop = min(finish, midnight.replace(tzinfo=PARIS))
            minutes = END_OF_DAY if stop.date() > begin.date() else stop.hour * 60 + stop.minute
            specs.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "validFrom": begin.date(),
                    "validThrough": begin.date(),
                    "opens": format_minutes(begin.hour * 60 + begin.minute),
                    "closes": _time(minutes),
                }
            )
            begin = stop
    return specs


def opening_hours_specification(expression: str, today: date | None = None) -> list[dict]:
    """The OSM hours as schema.org OpeningHoursSpecification dicts ([] if none or invalid)."""
    expression = (expression or "").strip()
    hours = parse(expression)
    if hours is None:
        return []
    grid = decompress(expression)
    if grid is not None:
        return _weekly_specs(grid)
    return _dated_specs(hours, today or timezone.localdate())


def closure_specification(closures) -> list[dict]:
    """Temporary closures with both dates as closed special hours."""
    return [
        _closed(validFrom=start, validThrough=end)
        for start, end, _message in closures
        if start is not None and end is not None
    ]


# --- Places and parties --------------------------------------------------------------------------
def postal_address(street: str, complement: str, postcode: str, commune) -> dict:
    return {
        "@type": "PostalAddress",
        "streetAddress": ", ".join(part for part in (street, complement) if part),
        "postalCode": postcode,
        "addressLocality": commune.name if commune else "",
        "addressRegion": departement_name(commune.departement_code) if commune else "",
        "addressCountry": "FR",
    }


def geo(latitude, longitude) -> dict | None:
    if latitude is None or longitude is None:
        return None
    return {"@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude}


def organisation_type(organisation: Organisation) -> str:
    return KIND_TYPES.get(organisation.kind, "Organization")


def organisation_id(request, organisation: Organisation) -> str:
    return absolute(request, organisation.get_absolute_url()) + "#organisation"


def organisation_reference(request, organisation: Organisation) -> dict:
    """The organisation as a short node other data point to (a service's provider, an event's
    organizer)."""
    return {
        "@type": organisation_type(organisation),
        "@id": organisation_id(request, organisation),
        "name": organisation.name,
        "url": absolute(request, organisation.get_absolute_url()),
    }


def organisation_data(request, organisation: Organisation) -> dict:
    """The organisation's sheet: who, how to reach it, where and when it receives."""
    commune = organisation.commune
    address = postal_address(
        organisation.address, organisation.address_complement, organisation.postcode, commune
    )
    page = absolute(request, organisation.get_absolute_url())
    place = {
        "@type": "Place",
        "name": organisation.name,
        "address": address,
        "geo": geo(organisation.latitude, organisation.longitude),
        "openingHoursSpecification": opening_hours_specification(organisation.opening_hours),
        "specialOpeningHoursSpecification": closure_specification(organisation.closures),
    }
    if organisation.accessibility:
        place["amenityFeature"] = {
            "@type": "LocationFeatureSpecification",
            "name": str(Organisation._meta.get_field("accessibility").verbose_name),
            "value": organisation.accessibility,
        }
    return {
        **organisation_reference(request, organisation),
        "url": organisation.website or page,
        "mainEntityOfPage": page,
        "description": organisation.description,
        "telephone": phone_e164(organisation.phone),
        "email": organisation.email,
        "address": address,
        "location": place if address["streetAddress"] or place["geo"] else None,
        "identifier": [
            property_value("SIRET", organisation.siret),
            property_value("FINESS", organisation.finess),
        ],
    }


def _area(code: str, name: str = "") -> dict:
    return {
        "@type": "AdministrativeArea",
        "name": name or departement_name(code),
        "identifier": code,
    }


def service_data(request, service: Service, contact_visible: bool = True) -> dict:
    """The service's sheet: what, by whom, for whom, where, when, at what cost. The contact is
    left out when the sheet shows it to professionals only (`contact_visible`)."""
    organisation = service.organisation
    commune = service.effective_commune
    page = absolute(request, service.get_absolute_url())
    codes = service.eligibility_zone
    if codes:
        area = [_area(code, name) for code, name in zip(codes, zone_names(codes), strict=True)]
    else:  # an empty zone: the organisation's whole département (Service.covers)
        home = organisation.commune
        area = _area(home.departement_code) if home else None
    location = None
    if not service.is_at_home:
        location = {
            "@type": "Place",
            "address": postal_address(
                service.effective_address,
                service.address_complement if service.address else organisation.address_complement,
                service.effective_postcode,
                commune,
            ),
            "geo": geo(
                service.latitude if service.latitude is not None else organisation.latitude,
                service.longitude if service.longitude is not None else organisation.longitude,
            ),
        }
    channel = {
        "@type": "ServiceChannel",
        "serviceUrl": service.mobilisation_link,
        "servicePhone": (
            {"@type": "ContactPoint", "telephone": phone_e164(service.effective_phone)}
            if contact_visible and service.effective_phone
            else None
        ),
        "serviceLocation": location,
    }
    offer = None
    if service.fees == FREE:
        offer = {"@type": "Offer", "price": "0", "priceCurrency": "EUR"}
    elif service.fees == PAYING:
        offer = {
            "@type": "Offer",
            "description": service.fees_details or vocabulary_label("frais", service.fees),
        }
    return {
        "@type": "Service",
        "@id": page + "#service",
        "name": service.name,
        "url": page,
        "description": service.description,
        "provider": organisation_reference(request, organisation),
        "serviceType": [vocabulary_label("types", kind) for kind in service.types],
        "category": [
            str(Category(code).label) for code in service.categories if code in Category.values
        ],
        "areaServed": area,
        "audience": [
            {"@type": "Audience", "audienceType": vocabulary_label("publics", public)}
            for public in service.effective_publics
        ],
        "hoursAvailable": opening_hours_specification(service.effective_opening_hours),
        "availableChannel": channel if compact(channel) != {"@type": "ServiceChannel"} else None,
        "offers": offer,
        "termsOfService": service.access_conditions,
    }
