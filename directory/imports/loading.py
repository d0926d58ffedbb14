"""Apply parsed records to the directory models.

- Records are matched on (source, source id): importing again updates in place and never
  duplicates; a record identical to what is stored is left alone ("unchanged").
- Records go in batches, each in `transaction.atomic()`; each record in its own savepoint,
  so one bad record (a value the model refuses, a constraint) is reported and the rest of
  the batch kept. Any other database error aborts the batch — nothing of it stays — and
  stops the import: the report says which rows were rolled back.
- Status: set when an entry is created only (moderation decisions survive re-imports).
  Official sources (FINESS, data·inclusion) come in published; the generic CSV asks for it
  explicitly (see `ImportRun.publish`), else entries wait in moderation ("submitted").
- Coordinates given by the source are kept as they are (precision left empty: the source's
  own precision is unknown); without them, the geocoder (directory.geocoding) places the
  address after commit."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from directory.models import Commune, Organisation, Service
from directory.vocabularies import Status

from .records import OrganisationRecord, ParsedFile, RowError, ServiceRecord

BATCH_SIZE = 200


class RecordRefused(Exception):
    """A record we cannot attach (unknown commune, missing organisation…)."""


# Errors that belong to one record; anything else aborts the whole batch.
ROW_ERRORS = (ValidationError, IntegrityError, DataError, RecordRefused)


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class RowReport:
    """One line of the downloadable report."""

    line: int
    entity: str  # "organisation" | "service"
    source_id: str
    name: str
    outcome: str
    message: str = ""

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "entity": self.entity,
            "source_id": self.source_id,
            "name": self.name,
            "outcome": self.outcome,
            "message": self.message,
        }


@dataclass
class LoadResult:
    rows: list[RowReport] = field(default_factory=list)
    organisation_ids: set[int] = field(default_factory=set)
    service_ids: set[int] = field(default_factory=set)
    failure: str = ""

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)


def unique_slug(model, name: str, max_length: int = 200) -> str:
    base = slugify(name)[:max_length].strip("-") or model._meta.model_name
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _explain(error: Exception, model) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        parts = []
        for name, errors in error.message_dict.items():
            try:
                label = str(model._meta.get_field(name).verbose_name)
            except FieldDoesNotExist:  # NON_FIELD_ERRORS
                label = ""
            text = " ".join(errors)
            parts.append(f"{label} : {text}" if label else text)
        return " ; ".join(parts)
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, RecordRefused):
        return str(error)
    return _("Refusé par la base de données : %(error)s") % {"error": str(error).strip()}


def _postcode_for(postcode: str, commune: Commune | None, warnings: list[str]) -> str:
    if postcode and commune is not None and commune.postcodes and postcode not in commune.postcodes:
        warnings.append(
            _("Code postal %(postcode)s hors de %(commune)s (CEDEX ?), ignoré.")
            % {"postcode": postcode, "commune": commune.name}
        )
        return ""
    return postcode


def _assign(instance, values: dict) -> bool:
    """Set changed values; True when anything changed."""
    changed = False
    for name, value in values.items():
        try:
            current = getattr(instance, name)
        except ObjectDoesNotExist:  # a new entry's relation, not set yet
            current = None
        if current != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _new_entry(model, record, status: str):
    now = timezone.now()
    return model(
        source=record.source,
        source_id=record.source_id,
        slug=unique_slug(model, record.name),
        status=status,
        submitted_at=now if status in (Status.SUBMITTED, Status.PUBLISHED) else None,
        published_at=now if status == Status.PUBLISHED else None,
    )


def apply_organisation(
    record: OrganisationRecord, communes: dict[str, Commune], status: str
) -> tuple[str, Organisation, list[str]]:
    warnings = list(record.warnings)
    commune = communes.get(record.insee_code) if record.insee_code else None
    if record.insee_code and commune is None:
        raise RecordRefused(
            _("Commune %(code)s inconnue de l'annuaire.") % {"code": record.insee_code}
        )
    instance = Organisation.objects.filter(source=record.source, source_id=record.source_id).first()
    created = instance is None
    if created:
        instance = _new_entry(Organisation, record, status)
    values = {
        "name": record.name[:200],
        "kind": record.kind,
        "typology": record.typology,
        "siret": record.siret,
        "finess": record.finess,
        "address": record.address[:255],
        "address_complement": record.address_complement[:255],
        "postcode": _postcode_for(record.postcode, commune, warnings),
        "commune": commune,
        "phone": record.phone,
        "email": record.email,
        "website": record.website,
        "opening_hours": record.opening_hours,
        "description": record.description,
    }
    if record.publics:
        values["publics"] = record.publics
    if record.reseaux_porteurs:
        values["reseaux_porteurs"] = record.reseaux_porteurs
    if record.latitude is not None and record.longitude is not None:
        values["latitude"], values["longitude"] = record.latitude, record.longitude
        if created or (instance.latitude, instance.longitude) != (
            record.latitude,
            record.longitude,
        ):
            values["geocoding_precision"] = None
    if record.updated_on is not None:
        values["date_maj"] = record.updated_on
    changed = _assign(instance, values)
    new_tag = record.category_label and not (
        not created and instance.tags.filter(name=record.category_label).exists()
    )
    if not created and not changed and not new_tag:
        return Outcome.UNCHANGED, instance, warnings
    instance.full_clean()
    instance.save()
    if record.category_label:
        instance.tags.add(record.category_label)
    return (Outcome.CREATED if created else Outcome.UPDATED), instance, warnings


def apply_service(
    record: ServiceRecord,
    organisations: dict[tuple[str, str], Organisation],
    communes: dict[str, Commune],
    status: str,
) -> tuple[str, Service, list[str]]:
    warnings = list(record.warnings)
    organisation = organisations.get((record.source, record.structure_source_id))
    if organisation is None:
        raise RecordRefused(
            _("Structure « %(id)s » introuvable (ni dans ce fichier ni déjà importée).")
            % {"id": record.structure_source_id}
        )
    commune = communes.get(record.insee_code) if record.insee_code else None
    instance = Service.objects.filter(source=record.source, source_id=record.source_id).first()
    created = instance is None
    if created:
        instance = _new_entry(Service, record, status)
    values = {
        "organisation": organisation,
        "name": record.name[:200],
        "description": record.description,
        "types": record.types,
        "thematiques": record.thematiques,
        "publics": record.publics,
        "publics_details": record.publics_details,
        "fees": record.fees,
        "fees_details": record.fees_details,
        "access_conditions": record.access_conditions,
        "reception_modes": record.modes_accueil,
        "eligibility_zone": record.eligibility_zone,
        "mobilisation_modes": record.mobilisation_modes,
        "mobilised_by": record.mobilisable_by,
        "mobilisation_link": record.mobilisation_link,
        "mobilisation_details": record.mobilisation_details,
        "phone": record.phone,
        "email": record.email,
        "opening_hours": record.opening_hours,
        "address": record.address[:255],
        "address_complement": record.address_complement[:255],
        "postcode": _postcode_for(record.postcode, commune, warnings),
        "commune": commune,
    }
    if record.latitude is not None and record.longitude is not None:
        values["latitude"], values["longitude"] = record.latitude, record.longitude
    if record.updated_on is not None:
        values["date_maj"] = record.updated_on
    if not _assign(instance, values) and not created:
        return Outcome.UNCHANGED, instance, warnings
    instance.full_clean()
    instance.save()
    return (Outcome.CREATED if created else Outcome.UPDATED), instance, warnings


def _batches(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def load(
    parsed: ParsedFile,
    *,
    status: str,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> LoadResult:
    """Apply `parsed` to the database (see the module docstring); `progress(done)` is called
    after each committed batch with the number of records handled so far (errors included)."""
    result = LoadResult(rows=[_error_row(error) for error in parsed.errors])
    done = len(parsed.errors)
    communes = {commune.insee_code: commune for commune in Commune.objects.all()}

    def run(records, apply, entity: str, ids: set[int]) -> bool:
        nonlocal done
        for batch in _batches(records, batch_size):
            rows: list[RowReport] = []
            touched: list[int] = []
            try:
                with transaction.atomic():
                    for record in batch:
                        rows.append(_apply_one(record, apply, entity, touched))
            except Exception as error:  # any failure must roll the batch back
                message = _("Lot annulé (aucune de ses lignes n'est enregistrée) : %(error)s") % {
                    "error": f"{error.__class__.__name__}: {str(error).strip()}"
                }
                result.rows.extend(
                    RowReport(r.line, entity, r.source_id, r.name, Outcome.ERROR, message)
                    for r in batch
                )
                result.failure = message
                return False
            result.rows.extend(rows)
            ids.update(touched)
            done += len(batch)
            if progress:
                progress(done)
        return True

    def organisation(record):
        return apply_organisation(record, communes, status)

    if not run(parsed.organisations, organisation, "organisation", result.organisation_ids):
        return result
    wanted = {(record.source, record.structure_source_id) for record in parsed.services}
    organisations = {
        (o.source, o.source_id): o
        for o in Organisation.objects.filter(
            source__in={source for source, _ in wanted},
            source_id__in={source_id for _, source_id in wanted},
        )
    }

    def service(record):
        return apply_service(record, organisations, communes, status)

    run(parsed.services, service, "service", result.service_ids)
    return result


def _apply_one(record, apply, entity: str, touched: list[int]) -> RowReport:
    try:
        with transaction.atomic():
            outcome, instance, warnings = apply(record)
    except ROW_ERRORS as error:
        model = Organisation if entity == "organisation" else Service
        return RowReport(
            record.line,
            entity,
            record.source_id,
            record.name,
            Outcome.ERROR,
            _explain(error, model),
        )
    if outcome != Outcome.UNCHANGED:
        touched.append(instance.pk)
    return RowReport(
        record.line, entity, record.source_id, record.name, outcome, " ".join(warnings)
    )


def _error_row(error: RowError) -> RowReport:
    return RowReport(
        error.line, error.entity, error.source_id, error.name, Outcome.ERROR, error.reason
    )
