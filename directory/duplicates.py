"""Duplicates across sources: detection, hints from the sources, and the merge.

Detection (`detect`), after each import (for the organisations it created or changed) and
nightly (`directory.detect_duplicates`, every organisation), proposes pairs of organisations
that may be one actor:
- same SIRET, or same FINESS number: score 100;
- otherwise, in the same commune, names alike (pg_trgm `%` on the lower-case unaccented
  name, through a trigram index) or the same phone (stored E.164): score out of 100 from the
  names' similarity (half), the addresses' (a quarter) and the phone (a quarter); pairs under
  `MIN_SCORE` are left out.
Merged tombstones and archived entries take no part. A pair is ordered (smaller id left) and
proposed once: an open pair only gains reasons and score, a dismissed or merged pair is never
proposed again. `record_duplicate_hint` lets a source (data·inclusion's duplicate hints) add
its own reason.

`merge` keeps one entry (the survivor): each differing field takes the value chosen (by
default the survivor's when not empty), and `field_sources` records the source each value
came from (imports then write only their own fields, see directory.imports.loading); every
source identifier, service, membership, residence, offer… of the other entry moves to the
survivor (every foreign key to Organisation, found through `_meta.related_objects`); the
other entry stays as a tombstone (`merged_into`, archived: out of the public pages, search,
API and export; its public URL answers 301 to the survivor's). Both entries' audit logs
record it."""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from .models import (
    DuplicateCandidate,
    DuplicateStatus,
    EntryKind,
    Organisation,
    SourceIdentifier,
)
from .vocabularies import Status

MERGE_ACTION = "directory.merge"
MERGED_ACTION = "directory.merged_into"
DISMISS_ACTION = "directory.not_duplicate"

EXACT_SCORE = 100
HINT_SCORE = 90
MIN_SCORE = 55
# pg_trgm similarity over which two names are compared at all (`%`).
NAME_THRESHOLD = 0.4

REASON_LABELS = {
    "siret": _("même SIRET"),
    "finess": _("même numéro FINESS"),
    "name": _("noms proches"),
    "address": _("adresses proches"),
    "phone": _("même téléphone"),
    "hint": _("signalé par la source"),
}

# The fields a merge compares and lets the moderator choose, in the order shown.
MERGE_FIELDS = [
    "name",
    "kind",
    "typology",
    "siret",
    "finess",
    "address",
    "address_complement",
    "postcode",
    "commune",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "opening_hours",
    "accessibility",
    "description",
    "publics",
    "reseaux_porteurs",
]

# Organisation relations a merge handles itself rather than moving rows generically.
OWN_RELATIONS = {"merged_entries", "source_identifiers", "imported_values"}

ALIVE = "{t}.merged_into_id IS NULL AND {t}.status <> 'archived'"
FOLD = "lower(public.f_unaccent({t}.{c}))"


class MergeError(Exception):
    """A merge that cannot be done (already merged, same entry…): the message says why."""


# --- Detection ----------------------------------------------------------------------------------
def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _merge_reasons(old: list[dict], new: list[dict]) -> list[dict]:
    codes = {reason["code"] for reason in old}
    return old + [reason for reason in new if reason["code"] not in codes]


def propose(a_id: int, b_id: int, score: int, reasons: list[dict]) -> DuplicateCandidate | None:
    """Create the candidate pair, or raise an open one's score and add its reasons. A pair
    already dismissed or merged is left as it is."""
    if a_id == b_id:
        return None
    left, right = _ordered(a_id, b_id)
    candidate, created = DuplicateCandidate.objects.get_or_create(
        left_id=left, right_id=right, defaults={"score": score, "reasons": reasons}
    )
    if created or candidate.status != DuplicateStatus.OPEN:
        return candidate
    merged = _merge_reasons(candidate.reasons, reasons)
    if score > candidate.score or merged != candidate.reasons:
        candidate.score = max(score, candidate.score)
        candidate.reasons = merged
        candidate.save(update_fields=["score", "reasons"])
    return candidate


def record_duplicate_hint(entry_a, entry_b, reason: str) -> DuplicateCandidate | None:
    """A source says these two entries are one (data·inclusion's duplicate hints): propose
    the pair (or strengthen it) with `reason`. Organisations only; services are compared
    through their organisations."""
    if not isinstance(entry_a, Organisation) or not isinstance(entry_b, Organisation):
        raise TypeError("record_duplicate_hint() compares two organisations.")
    if entry_a.merged_into_id or entry_b.merged_into_id:
        return None
    return propose(entry_a.pk, entry_b.pk, HINT_SCORE, [{"code": "hint", "value": reason}])


def _exact_pairs(column: str, ids: list[int] | None) -> list[tuple[int, int]]:
    restrict = "AND (a.id = ANY(%s) OR b.id = ANY(%s))" if ids is not None else ""
    # Only constants are formatted in (column is "siret" or "finess"); ids are parameters.
    sql = f"""
        SELECT a.id, b.id FROM directory_organisation a
        JOIN directory_organisation b ON b.{column} = a.{column} AND a.id < b.id
        WHERE a.{column} <> '' AND {ALIVE.format(t="a")} AND {ALIVE.format(t="b")} {restrict}
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids, ids] if ids is not None else [])
        return cursor.fetchall()


def _similar_pairs(ids: list[int] | None) -> list[tuple[int, int, float, float, bool]]:
    """Pairs in one commune whose names are alike (`%`, through the trigram index) or whose
    phones are equal: two joins in a UNION, so that each can use its own plan."""
    restrict = "AND a.id = ANY(%s)" if ids is not None else "AND a.id < b.id"
    name_a, name_b = FOLD.format(t="a", c="name"), FOLD.format(t="b", c="name")
    address_a, address_b = FOLD.format(t="a", c="address"), FOLD.format(t="b", c="address")
    alike = {
        "names": f"{name_a} %% {name_b}",
        "phones": "a.phone <> '' AND b.phone = a.phone",
    }
    # Only constants are formatted in; ids are parameters.
    select = f"""
        SELECT a.id, b.id, similarity({name_a}, {name_b}),
               CASE WHEN a.address <> '' AND b.address <> ''
                    THEN similarity({address_a}, {address_b}) ELSE 0 END,
               (a.phone <> '' AND a.phone = b.phone)
        FROM directory_organisation a
        JOIN directory_organisation b
          ON b.commune_id = a.commune_id AND b.id <> a.id AND {{condition}}
        WHERE {ALIVE.format(t="a")} AND {ALIVE.format(t="b")} {restrict}
    """  # noqa: S608
    union = " UNION ".join(select.format(condition=condition) for condition in alike.values())
    # Pairs below the proposal score are dropped in the database, not fetched: among many
    # look-alike names in one commune (« EHPAD … », « SSIAD … ») most pairs are.
    sql = f"""
        SELECT * FROM ({union}) AS pairs (a, b, name, address, phone)
        WHERE 0.5 * name + 0.25 * address + 0.25 * phone::int >= %s
    """  # noqa: S608
    params = [ids, ids] if ids is not None else []
    params.append((MIN_SCORE - 0.5) / 100)  # `similarity_score` rounds
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [NAME_THRESHOLD])
        cursor.execute(sql, params)
        return cursor.fetchall()


def similarity_score(name: float, address: float, phone: bool) -> int:
    return round(100 * (0.5 * name + 0.25 * address + 0.25 * (1 if phone else 0)))


def detect(organisation_ids=None) -> int:
    """Propose the duplicate pairs involving these organisations (None: all of them).
    Returns the number of pairs proposed or strengthened (open ones)."""
    ids = sorted(organisation_ids) if organisation_ids is not None else None
    found: dict[tuple[int, int], tuple[int, list[dict]]] = {}

    def add(pair, score, reasons):
        pair = _ordered(*pair)
        old_score, old_reasons = found.get(pair, (0, []))
        found[pair] = (max(score, old_score), _merge_reasons(old_reasons, reasons))

    for column in ("siret", "finess"):
        for pair in _exact_pairs(column, ids):
            add(pair, EXACT_SCORE, [{"code": column}])
    for a, b, name, address, phone in _similar_pairs(ids):
        score = similarity_score(name, address, phone)
        if score < MIN_SCORE:
            continue
        reasons = [{"code": "name", "value": round(name, 2)}]
        if address >= 0.3:
            reasons.append({"code": "address", "value": round(address, 2)})
        if phone:
            reasons.append({"code": "phone"})
        add((a, b), score, reasons)
    proposed = 0
    with transaction.atomic():
        for (left, right), (score, reasons) in sorted(found.items()):
            candidate = propose(left, right, score, reasons)
            if candidate is not None and candidate.status == DuplicateStatus.OPEN:
                proposed += 1
    return proposed


def reason_labels(candidate: DuplicateCandidate) -> list[str]:
    labels = []
    for reason in candidate.reasons:
        label = str(REASON_LABELS.get(reason.get("code"), reason.get("code")))
        value = reason.get("value")
        if isinstance(value, float):
            label = f"{label} ({round(value * 100)} %)"
        elif value:
            label = f"{label} ({value})"
        labels.append(label)
    return labels


# --- Merge --------------------------------------------------------------------------------------
def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def differing_fields(a: Organisation, b: Organisation) -> list[str]:
    return [name for name in MERGE_FIELDS if getattr(a, name) != getattr(b, name)]


def default_choice(survivor: Organisation, loser: Organisation, name: str) -> str:
    """ "survivor" unless only the other entry has a value."""
    if _empty(getattr(survivor, name)) and not _empty(getattr(loser, name)):
        return "loser"
    return "survivor"


def _origin(entry: Organisation, name: str) -> str:
    """The source a field's value came from: what a previous merge recorded, else the
    entry's own source ("" for an entry typed in Maillage)."""
    return (entry.field_sources or {}).get(name, entry.source)


def _move_related(loser: Organisation, survivor: Organisation) -> list[str]:
    """Point every row that refers to `loser` at `survivor`. A row the survivor already has
    (a unique constraint: the same member twice…) stays on the tombstone. Returns the
    relations moved, for the audit log."""
    moved = []
    for relation in Organisation._meta.related_objects:
        if relation.get_accessor_name() in OWN_RELATIONS or relation.related_model in (
            DuplicateCandidate,
            SourceIdentifier,
        ):
            continue
        if relation.one_to_one:
            continue  # the loser's own record (kept on the tombstone)
        if relation.many_to_many:
            through = relation.through
            column = next(
                f.name
                for f in through._meta.get_fields()
                if getattr(f, "related_model", None) is Organisation and f.many_to_one
            )
            model, field_name = through, column
        else:
            model, field_name = relation.related_model, relation.field.name
        rows = model._base_manager.filter(**{field_name: loser})
        if not rows.exists():
            continue
        try:
            with transaction.atomic():
                rows.update(**{field_name: survivor})
        except IntegrityError:
            for row in rows:
                try:
                    with transaction.atomic():
                        model._base_manager.filter(pk=row.pk).update(**{field_name: survivor})
                except IntegrityError:
                    continue
        moved.append(f"{model._meta.label}.{field_name}")
    return moved


def _carry_candidates(loser: Organisation, survivor: Organisation, keep_pk: int) -> None:
    """The loser's other pairs become the survivor's (a dismissal stays a dismissal)."""
    others = DuplicateCandidate.objects.filter(Q(left=loser) | Q(right=loser)).exclude(pk=keep_pk)
    for candidate in others:
        other = candidate.right_id if candidate.left_id == loser.pk else candidate.left_id
        candidate_pk = candidate.pk
        if other != survivor.pk:
            left, right = _ordered(survivor.pk, other)
            DuplicateCandidate.objects.get_or_create(
                left_id=left,
                right_id=right,
                defaults={
                    "score": candidate.score,
                    "reasons": candidate.reasons,
                    "status": candidate.status,
                    "decided_at": candidate.decided_at,
                    "decided_by": candidate.decided_by,
                },
            )
        DuplicateCandidate.objects.filter(pk=candidate_pk).delete()


def merge(
    candidate: DuplicateCandidate,
    survivor: Organisation,
    choices: dict[str, str] | None = None,
    user=None,
) -> Organisation:
    """Merge the candidate's pair into `survivor` (one of the two). `choices` maps a field
    name to "survivor" or "loser" (default: `default_choice`). Returns the survivor."""
    choices = choices or {}
    with transaction.atomic():
        candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
        pair = {
            o.pk: o
            for o in Organisation.objects.select_for_update().filter(
                pk__in=[candidate.left_id, candidate.right_id]
            )
        }
        if candidate.status != DuplicateStatus.OPEN:
            raise MergeError(_("Cette paire a déjà été traitée."))
        if survivor.pk not in pair:
            raise MergeError(_("La fiche conservée doit être l'une des deux fiches de la paire."))
        survivor = pair[survivor.pk]
        loser = pair[candidate.right_id if survivor.pk == candidate.left_id else candidate.left_id]
        if survivor.merged_into_id or loser.merged_into_id:
            raise MergeError(_("L'une des deux fiches a déjà été fusionnée."))
        field_sources = dict(survivor.field_sources or {})
        chosen = {}
        for name in MERGE_FIELDS:
            pick = choices.get(name) or default_choice(survivor, loser, name)
            if pick not in ("survivor", "loser"):
                raise MergeError(_("Choix inconnu pour le champ %(field)s.") % {"field": name})
            origin = loser if pick == "loser" else survivor
            setattr(survivor, name, getattr(origin, name))
            field_sources[name] = _origin(origin, name)
            chosen[name] = pick
        survivor.field_sources = field_sources
        survivor.full_clean()
        for identity in (survivor, loser):
            if identity.source and identity.source_id:
                SourceIdentifier.objects.get_or_create(
                    entity=EntryKind.ORGANISATION,
                    source=identity.source,
                    source_id=identity.source_id,
                    defaults={
                        "organisation": identity,
                        "upstream_source": identity.upstream_source,
                    },
                )
        SourceIdentifier.objects.filter(organisation=loser).update(organisation=survivor)
        moved = _move_related(loser, survivor)
        survivor.tags.add(*loser.tags.all())
        survivor.save()  # after the moves: reindexes the survivor and its services
        loser.merged_into = survivor
        loser.status = Status.ARCHIVED
        loser.save(update_fields=["merged_into", "status", "updated_at"])  # leaves search
        now = timezone.now()
        DuplicateCandidate.objects.filter(pk=candidate.pk).update(
            status=DuplicateStatus.MERGED, decided_at=now, decided_by=user
        )
        _carry_candidates(loser, survivor, candidate.pk)
        data = {
            "survivor": survivor.pk,
            "merged": loser.pk,
            "choices": chosen,
            "field_sources": field_sources,
            "moved": moved,
        }
        log(survivor, MERGE_ACTION, user=user, data=data)
        log(loser, MERGED_ACTION, user=user, data=data)
    return survivor


def dismiss(candidate: DuplicateCandidate, user=None) -> None:
    """ "Pas un doublon": the pair is never proposed again."""
    with transaction.atomic():
        updated = DuplicateCandidate.objects.filter(
            pk=candidate.pk, status=DuplicateStatus.OPEN
        ).update(status=DuplicateStatus.DISMISSED, decided_at=timezone.now(), decided_by=user)
        if not updated:
            raise MergeError(_("Cette paire a déjà été traitée."))
        data = {"left": candidate.left_id, "right": candidate.right_id}
        log(candidate.left, DISMISS_ACTION, user=user, data=data)
        log(candidate.right, DISMISS_ACTION, user=user, data=data)


def survivor_of(organisation: Organisation) -> Organisation:
    """Where a merged entry now lives (following merges of merges)."""
    seen = {organisation.pk}
    while organisation.merged_into_id:
        organisation = organisation.merged_into
        if organisation.pk in seen:
            break
        seen.add(organisation.pk)
    return organisation
