"""Apply parsed records to the directory models.

- Records are matched on (source, source id) through every identifier an entry is known by
  (`SourceIdentifier`): importing again updates in place and never duplicates, and after two
  duplicates were merged (directory.duplicates) a record of either source updates the
  surviving entry; a record identical to what is stored is left alone ("unchanged").
- After a merge, the entry records which source each field's value came from
  (`field_sources`): an import writes only the fields that came from its own source (or that
  no merge assigned), so two sources of one merged entry do not overwrite each other.
- A data·inclusion record keeps its producer (dora, soliguide…) as `upstream_source`, on the
  entry it created and on its identifier.
- Once loaded, the organisations created or changed are checked for duplicates
  (`directory.duplicates.detect`).
- Records go in batches, each in `transaction.atomic()`. The new entries of a batch are
  created together (`_create`: checked and validated one by one, inserted with their
  identifiers, imported values and tags in a few queries, what post_save receivers do done
  for them together); known entries are applied one by one, each in its own savepoint. One
  bad record (a value the model refuses, a constraint) is reported and the rest of the
  batch kept: should a bulk insert fail, its records are applied one by one instead. Any
  other database error aborts the batch — nothing of it stays — and stops the import: the
  report says which rows were rolled back.
- Status: set when an entry is created only (moderation decisions survive re-imports).
  Official sources (FINESS, data·inclusion) come in published; the generic CSV asks for it
  explicitly (see `ImportRun.publish`), else entries wait in moderation ("submitted").
  Publishing new entries at once is kept: an import from the admin only writes inside the
  importer's territory, where that moderator may publish anyway.
- Territory: `load(territory=…)` writes only entries whose commune is in those départements
  (None: everywhere, for site admins and the management commands). A row outside it, or one
  that would update an entry outside it, is not loaded and is reported as refused ("hors de
  votre territoire"); so are the services of a structure refused that way. An entry without
  a commune is outside every moderator's territory (site admins only).
- Edits since the last import: what an import writes into an entry is kept
  (`ImportedValues`). When the entry's imported fields no longer hold those values, someone
  edited it since: the import does not overwrite it and reports a conflict listing each
  field where the file and the entry differ (imported value, current value). Entries still
  as the last import left them are updated. Entries imported before this record existed
  have none: they are updated as before, and recorded from then on. Coordinates are left
  out of the comparison (the geocoder refines them).
- Coordinates given by the source are kept as they are (precision left empty: the source's
  own precision is unknown); without them, the geocoder (directory.geocoding) places the
  address after commit."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import pagecache
from directory import duplicates, freshness
from directory.models import Commune, EntryKind, Organisation, Service, SourceIdentifier
from directory.signals import entries_created
from directory.tasks_geocoding import geocode_on_address_change
from directory.validators import normalize_phone
from directory.vocabularies import Status
from search import indexing

from .models import ImportedValues
from .records import OrganisationRecord, ParsedFile, RowError, ServiceRecord

BATCH_SIZE = 200


class RecordRefused(Exception):
    """A record we cannot attach (unknown commune, missing organisation…)."""


class OutOfTerritory(RecordRefused):
    """A record outside the territory of the import (not an error of the file)."""


class Conflict(Exception):
    """The entry was edited since the last import: left as it is (see the docstring)."""

    def __init__(self, differences: list[dict]):
        super().__init__()
        self.differences = differences


# Errors that belong to one record; anything else aborts the whole batch.
ROW_ERRORS = (ValidationError, IntegrityError, DataError, RecordRefused)


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    REFUSED = "refused"
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
    # Conflicts: [{"field", "label", "imported", "current"}], one per differing field.
    differences: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        row = {
            "line": self.line,
            "entity": self.entity,
            "source_id": self.source_id,
            "name": self.name,
            "outcome": self.outcome,
            "message": self.message,
        }
        if self.differences:
            row["differences"] = self.differences
        return row


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


# Written by an import but not compared with what it wrote last: the geocoder refines them.
UNTRACKED = {
    "latitude",
    "longitude",
    "geocoding_precision",
    "verified_at",
    "freshness_stage",
    "freshness_stage_on",
}


def _verification(instance, record) -> dict:
    """The source's own date counts as a verification (by nobody here), unless the entry was
    verified here since."""
    if record.updated_on is None:
        return {}
    verified_at = freshness.source_verified_at(record.updated_on)
    if instance.verified_at is not None and instance.verified_at >= verified_at:
        return {}
    return {"verified_at": verified_at, **freshness.RESET}


def _plain(value):
    """A value as JSON keeps it (relations by primary key)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _stored(instance, name: str):
    """The entry's value of field `name`, as `_plain` gives it (no query for relations)."""
    model_field = instance._meta.get_field(name)
    if model_field.is_relation:
        return getattr(instance, model_field.attname)
    return _plain(getattr(instance, name))


def _shown(value) -> str:
    """A value as the report prints it."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _imported_values(instance) -> ImportedValues | None:
    if instance.pk is None:
        return None
    try:
        return instance.imported_values
    except ImportedValues.DoesNotExist:
        return None


def _foreign_fields(instance, source: str) -> set[str]:
    """Fields a merge took from another source than `source`: an import of `source` leaves
    them alone."""
    return {name for name, origin in (instance.field_sources or {}).items() if origin != source}


def _own_values(instance, values: dict, source: str) -> dict:
    foreign = _foreign_fields(instance, source)
    return {name: value for name, value in values.items() if name not in foreign}


def _find(model, source: str, source_id: str, related: Sequence[str]):
    """The entry known by (source, source id): through its identifiers (one query), else
    (entries written before identifiers existed, or outside the loader) by its own columns.
    An entry found through its identifier carries the identifier's upstream source as
    `known_upstream` (so that `_identify` need not look it up again)."""
    entity = EntryKind.ORGANISATION if model is Organisation else EntryKind.SERVICE
    entries = model.objects.select_related(*related)
    found = (
        entries.filter(
            source_identifiers__entity=entity,
            source_identifiers__source=source,
            source_identifiers__source_id=source_id,
        )
        .annotate(known_upstream=F("source_identifiers__upstream_source"))
        .first()
    )
    if found is not None:
        return found
    by_columns = entries.filter(source=source, source_id=source_id)
    if model is Organisation:
        by_columns = by_columns.filter(merged_into__isnull=True)
    return by_columns.first()


def _identify(instance, record) -> None:
    """Make sure the entry is known by the record's (source, source id), with its producer."""
    if getattr(instance, "known_upstream", None) == record.upstream_source:
        return
    entity = EntryKind.ORGANISATION if isinstance(instance, Organisation) else EntryKind.SERVICE
    identifier, created = SourceIdentifier.objects.get_or_create(
        entity=entity,
        source=record.source,
        source_id=record.source_id,
        defaults={entity: instance, "upstream_source": record.upstream_source},
    )
    if not created and identifier.upstream_source != record.upstream_source:
        identifier.upstream_source = record.upstream_source
        identifier.save(update_fields=["upstream_source"])
    instance.known_upstream = record.upstream_source


def _upstream(instance, record, created: bool) -> dict:
    """The entry's upstream source follows its own first provenance only."""
    if created or (instance.source, instance.source_id) == (record.source, record.source_id):
        return {"upstream_source": record.upstream_source}
    return {}


def _check_not_edited(instance, values: dict, source: str = "") -> None:
    """Raise Conflict when the entry was edited since the last import and the file would
    change it (see the module docstring)."""
    last = _imported_values(instance)
    if last is None:
        return
    names = {f.name for f in instance._meta.get_fields()} - _foreign_fields(instance, source)
    edited = [
        name
        for name, value in last.values.items()
        if name in names and name not in UNTRACKED and _stored(instance, name) != value
    ]
    if not edited:
        return
    differences = [
        {
            "field": name,
            "label": str(instance._meta.get_field(name).verbose_name),
            "imported": _shown(value),
            "current": _shown(getattr(instance, name)),
        }
        for name, value in values.items()
        if name not in UNTRACKED and _plain(value) != _stored(instance, name)
    ]
    if differences:
        raise Conflict(differences)


def _remember(instance, values: dict, run_id: int | None) -> None:
    """Keep what the import wrote, as the entry stores it (after normalisation)."""
    written = {name: _stored(instance, name) for name in values if name not in UNTRACKED}
    last = _imported_values(instance)
    if last is not None and last.values == written:
        return
    owner = "organisation" if isinstance(instance, Organisation) else "service"
    ImportedValues.objects.update_or_create(
        **{owner: instance}, defaults={"values": written, "run_id": run_id}
    )


def _check_territory(territory: frozenset[str] | None, commune: Commune | None) -> None:
    """Refuse a row whose commune is outside `territory` (None: everywhere)."""
    if territory is None:
        return
    if commune is None:
        raise OutOfTerritory(
            _("Hors de votre territoire : fiche sans commune (réservée aux administrateurs).")
        )
    if commune.departement_code not in territory:
        raise OutOfTerritory(
            _("Hors de votre territoire : %(commune)s est dans le département %(code)s.")
            % {"commune": commune.name, "code": commune.departement_code}
        )


def _new_entry(model, record, status: str, slug: str = ""):
    now = timezone.now()
    return model(
        source=record.source,
        source_id=record.source_id,
        slug=slug or unique_slug(model, record.name),
        status=status,
        submitted_at=now if status in (Status.SUBMITTED, Status.PUBLISHED) else None,
        published_at=now if status == Status.PUBLISHED else None,
    )


def apply_organisation(
    record: OrganisationRecord,
    communes: dict[str, Commune],
    status: str,
    territory: frozenset[str] | None = None,
    run_id: int | None = None,
) -> tuple[str, Organisation, list[str]]:
    instance = _find(Organisation, record.source, record.source_id, ("commune", "imported_values"))
    created = instance is None
    instance, values, warnings = prepare_organisation(record, communes, status, territory, instance)
    changed = _assign(instance, values)
    new_tag = record.category_label and not (
        not created and instance.tags.filter(name=record.category_label).exists()
    )
    if not created and not changed and not new_tag:
        _identify(instance, record)
        _remember(instance, values, run_id)
        return Outcome.UNCHANGED, instance, warnings
    instance.full_clean()
    instance.save()
    if record.category_label:
        instance.tags.add(record.category_label)
    _identify(instance, record)
    _remember(instance, values, run_id)
    return (Outcome.CREATED if created else Outcome.UPDATED), instance, warnings


def prepare_organisation(
    record: OrganisationRecord,
    communes: dict[str, Commune],
    status: str,
    territory: frozenset[str] | None,
    instance: Organisation | None,
    slug: str = "",
) -> tuple[Organisation, dict, list[str]]:
    """The checks of `record` (commune known, territory, not edited since) and the values it
    writes into `instance` (None: a new entry, given `slug` if any): (entry, values,
    warnings). Nothing is written."""
    warnings = list(record.warnings)
    commune = communes.get(record.insee_code) if record.insee_code else None
    if record.insee_code and commune is None:
        raise RecordRefused(
            _("Commune %(code)s inconnue de l'annuaire.") % {"code": record.insee_code}
        )
    _check_territory(territory, commune)
    created = instance is None
    if not created:
        _check_territory(territory, instance.commune)
    if created:
        instance = _new_entry(Organisation, record, status, slug)
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
    values.update(_verification(instance, record))
    values.update(_upstream(instance, record, created))
    values = _own_values(instance, values, record.source)
    if not created:
        _check_not_edited(instance, values, record.source)
    return instance, values, warnings


def apply_service(
    record: ServiceRecord,
    organisations: dict[tuple[str, str], Organisation],
    communes: dict[str, Commune],
    status: str,
    territory: frozenset[str] | None = None,
    run_id: int | None = None,
) -> tuple[str, Service, list[str]]:
    instance = _find(
        Service,
        record.source,
        record.source_id,
        ("organisation__commune", "commune", "imported_values"),
    )
    created = instance is None
    instance, values, warnings = prepare_service(
        record, organisations, communes, status, territory, instance
    )
    if not _assign(instance, values) and not created:
        _identify(instance, record)
        _remember(instance, values, run_id)
        return Outcome.UNCHANGED, instance, warnings
    instance.full_clean()
    instance.save()
    _identify(instance, record)
    _remember(instance, values, run_id)
    return (Outcome.CREATED if created else Outcome.UPDATED), instance, warnings


def prepare_service(
    record: ServiceRecord,
    organisations: dict[tuple[str, str], Organisation],
    communes: dict[str, Commune],
    status: str,
    territory: frozenset[str] | None,
    instance: Service | None,
    slug: str = "",
) -> tuple[Service, dict, list[str]]:
    """As `prepare_organisation`, for a service of one of `organisations`."""
    warnings = list(record.warnings)
    organisation = organisations.get((record.source, record.structure_source_id))
    if organisation is None:
        raise RecordRefused(
            _("Structure « %(id)s » introuvable (ni dans ce fichier ni déjà importée).")
            % {"id": record.structure_source_id}
        )
    _check_territory(territory, organisation.commune)
    commune = communes.get(record.insee_code) if record.insee_code else None
    if commune is not None:
        _check_territory(territory, commune)
    created = instance is None
    if not created:
        _check_territory(territory, instance.organisation.commune)
        if instance.commune is not None:
            _check_territory(territory, instance.commune)
    if created:
        instance = _new_entry(Service, record, status, slug)
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
    values.update(_verification(instance, record))
    values.update(_upstream(instance, record, created))
    values = _own_values(instance, values, record.source)
    if not created:
        _check_not_edited(instance, values, record.source)
    return instance, values, warnings


def _batches(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def load(
    parsed: ParsedFile,
    *,
    status: str,
    territory: frozenset[str] | None = None,
    run_id: int | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> LoadResult:
    """Apply `parsed` to the database (see the module docstring), writing only in
    `territory` (None: everywhere); `progress(done)` is called after each committed batch
    with the number of records handled so far (errors included)."""
    result = LoadResult(rows=[_error_row(error) for error in parsed.errors])
    done = len(parsed.errors)
    communes = {commune.insee_code: commune for commune in Commune.objects.all()}

    def run(records, apply, prepare, model, ids: set[int]) -> bool:
        nonlocal done
        entity = "organisation" if model is Organisation else "service"
        for batch in _batches(records, batch_size):
            rows: list[RowReport] = []
            touched: list[int] = []
            try:
                with transaction.atomic():
                    new, others = _new_records(model, batch)
                    rows.extend(_create(model, new, prepare, apply, run_id, touched))
                    for record in others:
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

    refused_structures: set[tuple[str, str]] = set()

    def refusing(check):
        """`check`, remembering the structures refused as out of territory."""

        def checked(record, *args):
            try:
                return check(record, *args)
            except OutOfTerritory:
                refused_structures.add((record.source, record.source_id))
                raise

        return checked

    organisation = refusing(
        lambda record: apply_organisation(record, communes, status, territory, run_id)
    )
    new_organisation = refusing(
        lambda record, slug: prepare_organisation(record, communes, status, territory, None, slug)
    )
    if not run(
        parsed.organisations, organisation, new_organisation, Organisation, result.organisation_ids
    ):
        return result
    wanted = {(record.source, record.structure_source_id) for record in parsed.services}
    organisations = structures_of(wanted)

    def structure_kept(record) -> None:
        if (record.source, record.structure_source_id) in refused_structures:
            raise OutOfTerritory(
                _("Hors de votre territoire : sa structure « %(id)s » l'est.")
                % {"id": record.structure_source_id}
            )

    def service(record):
        structure_kept(record)
        return apply_service(record, organisations, communes, status, territory, run_id)

    def new_service(record, slug):
        structure_kept(record)
        return prepare_service(record, organisations, communes, status, territory, None, slug)

    run(parsed.services, service, new_service, Service, result.service_ids)
    if result.organisation_ids:
        duplicates.detect(result.organisation_ids)
    return result


def _known_keys(model, records: Sequence) -> set[tuple[str, str]]:
    """The (source, source id) of `records` an entry is already known by, as `_find` looks
    them up (identifiers, else the entries' columns): two queries for a batch."""
    entity = EntryKind.ORGANISATION if model is Organisation else EntryKind.SERVICE
    sources = {record.source for record in records}
    source_ids = {record.source_id for record in records}
    known = set(
        SourceIdentifier.objects.filter(
            entity=entity, source__in=sources, source_id__in=source_ids
        ).values_list("source", "source_id")
    )
    by_columns = model.objects.filter(source__in=sources, source_id__in=source_ids)
    if model is Organisation:
        by_columns = by_columns.filter(merged_into__isnull=True)
    known.update(by_columns.values_list("source", "source_id"))
    return known


def _new_records(model, batch: Sequence) -> tuple[list, list]:
    """Split `batch` into the records of entries not known yet (created together) and the
    others (known entries, and a record repeating one of the batch): applied one by one."""
    known = _known_keys(model, batch)
    new, others = [], []
    for record in batch:
        key = (record.source, record.source_id)
        if key in known:
            others.append(record)
        else:
            known.add(key)
            new.append(record)
    return new, others


def batch_slugs(model, names: Sequence[str], max_length: int = 200) -> list[str]:
    """Unique slugs for new entries named `names`, as `unique_slug` gives them one at a time
    (one query for the batch, one more per name whose slug is taken)."""
    bases = [slugify(name)[:max_length].strip("-") or model._meta.model_name for name in names]
    taken = set(model.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    neighbours_read: set[str] = set()
    slugs = []
    for base in bases:
        slug = base
        if base in taken:
            if base not in neighbours_read:
                neighbours_read.add(base)
                taken.update(
                    model.objects.filter(slug__startswith=base).values_list("slug", flat=True)
                )
            number = 2
            while f"{base}-{number}" in taken:
                number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _create(
    model, records: Sequence, prepare, apply, run_id, touched: list[int]
) -> list[RowReport]:
    """Create the entries of `records` (none known yet) together: each checked and validated
    on its own (a refused or invalid record is reported, the others kept), then inserted with
    their identifiers, imported values and tags in a few queries; what a save's post_save
    receivers do is done for them together (`_created`). Should an insert fail (a constraint
    `full_clean` does not check without queries), the records are applied one by one instead,
    so that the error stays with its record."""
    entity = "organisation" if model is Organisation else "service"
    rows: list[RowReport] = []
    ready = []
    for record, slug in zip(records, batch_slugs(model, [r.name for r in records]), strict=True):
        try:
            instance, values, warnings = prepare(record, slug)
            _assign(instance, values)
            instance.full_clean(
                exclude=KNOWN_RELATIONS, validate_unique=False, validate_constraints=False
            )
        except (OutOfTerritory, Conflict, *ROW_ERRORS) as error:
            rows.append(_failed_row(record, entity, error))
            continue
        ready.append((record, instance, values, warnings))
    try:
        with transaction.atomic():
            _insert(model, ready, run_id)
    except (IntegrityError, DataError):
        rows.extend(_apply_one(record, apply, entity, touched) for record, *_ in ready)
        return rows
    _created(model, [instance for _record, instance, *_ in ready])
    for record, instance, _values, warnings in ready:
        touched.append(instance.pk)
        rows.append(
            RowReport(
                record.line,
                entity,
                record.source_id,
                record.name,
                Outcome.CREATED,
                " ".join(warnings),
            )
        )
    return rows


# Relations of a new entry to rows read in this import (its commune, a service's structure):
# `full_clean` need not query each of them again (the foreign keys still guard).
KNOWN_RELATIONS = ("commune", "organisation")


def _created(model, instances: list) -> None:
    """What the post_save receivers of Organisation and Service do for a new entry, for
    entries inserted together: search indexing (search/apps.py: a new organisation has no
    service or offer to reindex with it yet; a service's structure is), geocoding of those
    without coordinates after commit (directory/tasks_geocoding.py), the page cache's and
    orientation's candidates cache's generations (core/pagecache.py, orientation/apps.py
    through `entries_created`)."""
    if not instances:
        return
    indexing.reindex_instances(instances, with_related=model is not Organisation)
    for instance in instances:
        geocode_on_address_change(model, instance, created=True)
    pagecache.content_changed(model)
    entries_created.send(sender=model, instances=instances)


def _insert(model, ready: Sequence, run_id: int | None) -> None:
    """Insert new entries with what `save`, `_identify`, `_remember` and `tags.add` write."""
    if not ready:
        return
    instances = []
    for _record, instance, _values, _warnings in ready:
        with contextlib.suppress(ValidationError):  # as Contact.save
            instance.phone = normalize_phone(instance.phone)
        instances.append(instance)
    model.objects.bulk_create(instances)
    entity = EntryKind.ORGANISATION if model is Organisation else EntryKind.SERVICE
    owner = "organisation" if model is Organisation else "service"
    SourceIdentifier.objects.bulk_create(
        SourceIdentifier(
            entity=entity,
            source=record.source,
            source_id=record.source_id,
            upstream_source=record.upstream_source,
            **{entity: instance},
        )
        for record, instance, _values, _warnings in ready
    )
    ImportedValues.objects.bulk_create(
        ImportedValues(
            values={name: _stored(instance, name) for name in values if name not in UNTRACKED},
            run_id=run_id,
            **{owner: instance},
        )
        for _record, instance, values, _warnings in ready
    )
    if model is Organisation:
        _add_tags([(instance, record.category_label) for record, instance, *_ in ready])


def _add_tags(labelled: Sequence[tuple[Organisation, str]]) -> None:
    """`instance.tags.add(label)` for new organisations: the first of each label through
    taggit (which finds or creates the tag), the others in one insert."""
    tags = {}
    links = []
    for instance, label in labelled:
        if not label:
            continue
        if label not in tags:
            instance.tags.add(label)
            tags[label] = instance.tags.get()
            continue
        links.append((instance, tags[label]))
    through = Organisation.tags.through
    content_type = ContentType.objects.get_for_model(Organisation)
    through.objects.bulk_create(
        through(tag=tag, content_type=content_type, object_id=instance.pk)
        for instance, tag in links
    )


def structures_of(wanted: set[tuple[str, str]]) -> dict[tuple[str, str], Organisation]:
    """The organisations the services' (source, structure id) name, through identifiers
    (a merged structure's services join the survivor), else through the entries' columns."""
    sources = {source for source, _ in wanted}
    source_ids = {source_id for _, source_id in wanted}
    found: dict[tuple[str, str], Organisation] = {
        (o.source, o.source_id): o
        for o in Organisation.objects.select_related("commune").filter(
            source__in=sources, source_id__in=source_ids, merged_into__isnull=True
        )
    }
    identifiers = SourceIdentifier.objects.filter(
        entity=EntryKind.ORGANISATION, source__in=sources, source_id__in=source_ids
    ).select_related("organisation__commune")
    for identifier in identifiers:
        found[(identifier.source, identifier.source_id)] = identifier.organisation
    return {key: value for key, value in found.items() if key in wanted}


def _apply_one(record, apply, entity: str, touched: list[int]) -> RowReport:
    try:
        with transaction.atomic():
            outcome, instance, warnings = apply(record)
    except (OutOfTerritory, Conflict, *ROW_ERRORS) as error:
        return _failed_row(record, entity, error)
    if outcome != Outcome.UNCHANGED:
        touched.append(instance.pk)
    return RowReport(
        record.line, entity, record.source_id, record.name, outcome, " ".join(warnings)
    )


def _failed_row(record, entity: str, error: Exception) -> RowReport:
    """The report's line for a record refused, in conflict or in error."""
    if isinstance(error, OutOfTerritory):
        return RowReport(
            record.line, entity, record.source_id, record.name, Outcome.REFUSED, str(error)
        )
    if isinstance(error, Conflict):
        return RowReport(
            record.line,
            entity,
            record.source_id,
            record.name,
            Outcome.CONFLICT,
            _("Fiche modifiée depuis le dernier import : elle n'est pas écrasée."),
            error.differences,
        )
    model = Organisation if entity == "organisation" else Service
    return RowReport(
        record.line,
        entity,
        record.source_id,
        record.name,
        Outcome.ERROR,
        _explain(error, model),
    )


def _error_row(error: RowError) -> RowReport:
    return RowReport(
        error.line, error.entity, error.source_id, error.name, Outcome.ERROR, error.reason
    )
