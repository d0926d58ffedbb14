"""Streamed CSV exports of the lists (UTF-8 with a BOM so that Excel reads the accents;
`sep=;` for Excel in French locales). Rows are read with `.iterator(chunk_size=…)` and
written as they come: memory stays flat whatever the size of the directory."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, Literal

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.csv import BOM, line_writer

from .schemas import (
    event_record,
    offer_record,
    organisation_record,
    premises_record,
    service_record,
)

Sep = Literal[",", ";"]
CHUNK_SIZE = 500

Column = tuple[Any, str]  # (header, key of the record)


def cell(value):
    """One value as a cell (the writer neutralises formulas)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, dict):
        # A commune reference.
        return value.get("nom", "")
    if isinstance(value, list | tuple):
        return " | ".join(cell(item) for item in value)
    return value


def rows(records: Iterable[dict], columns: list[Column], sep: str = ",") -> Iterator[str]:
    writer = line_writer(delimiter=sep)
    yield BOM + writer.writerow([str(header) for header, _key in columns])
    for record in records:
        yield writer.writerow([cell(record.get(key)) for _header, key in columns])


def response(
    queryset, columns: tuple[list[Column], Callable[[Any], dict]], sep: str, name: str
) -> StreamingHttpResponse:
    headers, record = columns
    records = (record(row) for row in queryset.iterator(chunk_size=CHUNK_SIZE))
    streamed = StreamingHttpResponse(
        rows(records, headers, sep), content_type="text/csv; charset=utf-8"
    )
    streamed["Content-Disposition"] = f'attachment; filename="maillage-{name}.csv"'
    return streamed


def _commune_code(key: str) -> Callable[[dict], str]:
    return lambda record: (record.get(key) or {}).get("code_insee", "")


def _with_commune_code(record: Callable[[Any], dict]) -> Callable[[Any], dict]:
    def build(row) -> dict:
        data = record(row)
        data["code_insee"] = _commune_code("commune")(data)
        return data

    return build


ORGANISATION_COLUMNS = (
    [
        (_("Identifiant"), "id"),
        (_("Nom"), "nom"),
        (_("Nature"), "nature"),
        (_("Typologie"), "typologie"),
        (_("SIRET"), "siret"),
        (_("FINESS"), "finess"),
        (_("Adresse"), "adresse"),
        (_("Code postal"), "code_postal"),
        (_("Commune"), "commune"),
        (_("Code INSEE"), "code_insee"),
        (_("Latitude"), "latitude"),
        (_("Longitude"), "longitude"),
        (_("Téléphone"), "telephone"),
        (_("E-mail"), "courriel"),
        (_("Site internet"), "site_web"),
        (_("Horaires"), "horaires_accueil"),
        (_("Publics"), "publics"),
        (_("Date de mise à jour"), "date_maj"),
        (_("Adresse de la fiche"), "url"),
    ],
    _with_commune_code(organisation_record),
)


def service_columns(partner: bool):
    return (
        [
            (_("Identifiant"), "id"),
            (_("Nom"), "nom"),
            (_("Organisation"), "organisation_nom"),
            (_("Identifiant de l'organisation"), "organisation_id"),
            (_("Thématiques"), "thematiques"),
            (_("Catégories"), "categories"),
            (_("Publics"), "publics"),
            (_("Frais"), "frais"),
            (_("Modes d'accueil"), "modes_accueil"),
            (_("Zone d'éligibilité"), "zone_eligibilite"),
            (_("Adresse"), "adresse"),
            (_("Code postal"), "code_postal"),
            (_("Commune"), "commune"),
            (_("Code INSEE"), "code_insee"),
            (_("Téléphone"), "telephone"),
            (_("E-mail"), "courriel"),
            (_("Contact réservé aux professionnels"), "contact_reserve_professionnels"),
            (_("Horaires"), "horaires_accueil"),
            (_("Date de mise à jour"), "date_maj"),
            (_("Adresse de la fiche"), "url"),
        ],
        _with_commune_code(lambda service: service_record(service, partner)),
    )


OFFER_COLUMNS = (
    [
        (_("Identifiant"), "id"),
        (_("Titre"), "titre"),
        (_("Famille"), "famille"),
        (_("Type"), "type"),
        (_("Structure"), "structure_nom"),
        (_("Communes couvertes"), "communes_couvertes"),
        (_("Département"), "departement_couvert"),
        (_("Pour qui"), "cibles"),
        (_("Tarification"), "tarification"),
        (_("Montant (€)"), "montant"),
        (_("Capacité"), "capacite"),
        (_("Publiée le"), "publiee_le"),
        (_("Adresse de la fiche"), "url"),
    ],
    offer_record,
)

PREMISES_COLUMNS = (
    [
        (_("Identifiant"), "id"),
        (_("Titre"), "titre"),
        (_("Bailleur"), "bailleur_nom"),
        (_("Type"), "type"),
        (_("Adresse"), "adresse"),
        (_("Commune"), "commune"),
        (_("Code INSEE"), "code_insee"),
        (_("Surface totale (m²)"), "surface_totale"),
        (_("Gratuit"), "gratuit"),
        (_("Loyer mensuel (€)"), "loyer"),
        (_("Charges mensuelles (€)"), "charges"),
        (_("Type d'occupation"), "type_occupation"),
        (_("Accessible PMR"), "accessible_pmr"),
        (_("Usages"), "usages"),
        (_("Disponible du"), "disponible_du"),
        (_("Disponible jusqu'au"), "disponible_jusqu_au"),
        (_("Adresse de la fiche"), "url"),
    ],
    _with_commune_code(premises_record),
)


def event_columns(request):
    return (
        [
            (_("Identifiant"), "id"),
            (_("Titre"), "titre"),
            (_("Type"), "type"),
            (_("Début"), "debut"),
            (_("Fin"), "fin"),
            (_("Récurrence"), "recurrence"),
            (_("Lieu"), "lieu"),
            (_("Commune"), "commune"),
            (_("Code INSEE"), "code_insee"),
            (_("Publics"), "publics"),
            (_("Organisateur"), "organisateur_nom"),
            (_("Gratuit"), "gratuit"),
            (_("Inscriptions ouvertes"), "inscriptions_ouvertes"),
            (_("Adresse de la page"), "url"),
        ],
        _with_commune_code(lambda event: event_record(event, request)),
    )
