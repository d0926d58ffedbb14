"""What every import format is parsed into, before anything touches the database.

Parsers are pure functions (bytes in, records and row errors out); `loading.py` applies the
records to the models. Keeping the two apart lets the parsers be tested without Django's
database and keeps one place that knows how a record maps onto our models."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class ServiceRecord:
    """A data·inclusion-like service, attached to its structure by source + id."""

    source: str
    source_id: str
    structure_source_id: str
    name: str
    line: int
    # The producer behind an aggregator's record (dora, soliguide… for data·inclusion).
    upstream_source: str = ""
    description: str = ""
    types: list[str] = field(default_factory=list)
    thematiques: list[str] = field(default_factory=list)
    publics: list[str] = field(default_factory=list)
    publics_details: str = ""
    fees: str = ""
    fees_details: str = ""
    access_conditions: str = ""
    modes_accueil: list[str] = field(default_factory=list)
    eligibility_zone: list[str] = field(default_factory=list)
    mobilisation_modes: list[str] = field(default_factory=list)
    mobilisable_by: list[str] = field(default_factory=list)
    mobilisation_details: str = ""
    mobilisation_link: str = ""
    phone: str = ""
    email: str = ""
    opening_hours: str = ""
    address: str = ""
    address_complement: str = ""
    postcode: str = ""
    insee_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    updated_on: date | None = None
    # data·inclusion's quality score (0 to 1) when the source gives one (its API does).
    quality_score: float | None = None
    # Optional values dropped because malformed: the row is kept, the report says why.
    warnings: list[str] = field(default_factory=list)


@dataclass
class OrganisationRecord:
    """A structure (organisation) as read from a file."""

    source: str
    source_id: str
    name: str
    line: int
    # The producer behind an aggregator's record (dora, soliguide… for data·inclusion).
    upstream_source: str = ""
    kind: str = "medico_social"
    typology: str = ""
    # The source's own category when it maps onto none of our typologies (FINESS label…):
    # kept as a keyword (tag) so that search still finds it.
    category_label: str = ""
    siret: str = ""
    finess: str = ""
    address: str = ""
    address_complement: str = ""
    postcode: str = ""
    insee_code: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    publics: list[str] = field(default_factory=list)
    reseaux_porteurs: list[str] = field(default_factory=list)
    opening_hours: str = ""
    description: str = ""
    latitude: float | None = None
    longitude: float | None = None
    updated_on: date | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class RowError:
    """A record that could not be imported: where it is in the file and why (French)."""

    line: int
    reason: str
    source_id: str = ""
    name: str = ""
    entity: str = "organisation"  # or "service"


@dataclass
class ParsedFile:
    organisations: list[OrganisationRecord] = field(default_factory=list)
    services: list[ServiceRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Closed by their source (a closed FINESS establishment): archived if we list them, never
    # created (see closing.py).
    closed: list[OrganisationRecord] = field(default_factory=list)
    # Records left out on purpose (another département…), not errors.
    skipped: int = 0

    def extend(self, other: ParsedFile) -> None:
        self.organisations.extend(other.organisations)
        self.services.extend(other.services)
        self.errors.extend(other.errors)
        self.closed.extend(other.closed)
        self.skipped += other.skipped

    @property
    def total(self) -> int:
        return len(self.organisations) + len(self.services) + len(self.errors) + len(self.closed)
