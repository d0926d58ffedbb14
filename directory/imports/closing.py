"""Entries their official source says are closed (a closed FINESS establishment).

A closed record is never created. When we list it (same source and source id), the entry is
archived through the moderation workflow (`core.moderation.archive_by_system`: audit log
with the reason, the transition's listeners); one already archived is left as it is. The
import's territory applies as for any write: an entry outside it is reported, not archived.
An archived entry that the source lists again as open is updated by the next import but stays
archived: republishing it is a moderator's decision."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from core.moderation import ARCHIVED, archive_by_system
from directory.models import Organisation

from .loading import Outcome, RowReport, structures_of
from .records import OrganisationRecord

ARCHIVED_OUTCOME = "archived"  # an entry we listed, archived
CLOSED_OUTCOME = "closed"  # closed and not listed: not created


def archive_closed(
    records: Iterable[OrganisationRecord], territory: frozenset[str] | None = None
) -> list[RowReport]:
    """Archive the entries of `records` (closed at their source); one report row each."""
    records = list(records)
    # Through every identifier: a merged entry's survivor is the one a closed record closes.
    entries = structures_of({(record.source, record.source_id) for record in records})
    return [
        _close(record, entries.get((record.source, record.source_id)), territory)
        for record in records
    ]


def _row(record: OrganisationRecord, outcome: str, message: str) -> RowReport:
    return RowReport(record.line, "organisation", record.source_id, record.name, outcome, message)


def _close(
    record: OrganisationRecord, entry: Organisation | None, territory: frozenset[str] | None
) -> RowReport:
    if entry is None:
        return _row(record, CLOSED_OUTCOME, _("Fermé à la source : fiche non créée."))
    departement = entry.commune.departement_code if entry.commune else None
    if territory is not None and departement not in territory:
        return _row(
            record,
            Outcome.REFUSED,
            _("Hors de votre territoire : fermé à la source mais non archivé."),
        )
    if entry.status == ARCHIVED:
        return _row(record, Outcome.UNCHANGED, _("Fermé à la source, déjà archivé."))
    with transaction.atomic():
        archive_by_system(entry, _("Fermé selon %(source)s.") % {"source": record.source.upper()})
    return _row(record, ARCHIVED_OUTCOME, _("Fermé à la source : fiche archivée."))
