"""The per-row report of an import as a CSV file (opens in spreadsheet software)."""

import io

from django.utils.translation import gettext as _

from core import csv as safe_csv

OUTCOME_LABELS = {
    "created": lambda: _("créé"),
    "updated": lambda: _("mis à jour"),
    "unchanged": lambda: _("inchangé"),
    "conflict": lambda: _("modifiée depuis le dernier import"),
    "refused": lambda: _("hors de votre territoire"),
    "error": lambda: _("erreur"),
    "archived": lambda: _("archivée (fermé à la source)"),
    "closed": lambda: _("fermé à la source, non créé"),
}
ENTITY_LABELS = {
    "organisation": lambda: _("organisation"),
    "service": lambda: _("service"),
    "": lambda: "",
}


def outcome_label(outcome: str) -> str:
    label = OUTCOME_LABELS.get(outcome)
    return label() if label else outcome


def differences_text(row: dict) -> str:
    """A conflict's differing fields, in one line: « field : importé … ; actuel … »."""
    return " ; ".join(
        _("%(label)s : importé « %(imported)s », actuel « %(current)s »") % difference
        for difference in row.get("differences", ())
    )


def report_csv(rows: list[dict]) -> str:
    """`;`-separated, with a BOM so that spreadsheet software reads the accents right."""
    buffer = io.StringIO()
    buffer.write(safe_csv.BOM)
    writer = safe_csv.writer(buffer, delimiter=";")
    writer.writerow(
        [_("ligne"), _("type"), _("identifiant"), _("nom"), _("résultat"), _("message")]
    )
    for row in rows:
        entity = ENTITY_LABELS.get(row.get("entity", ""))
        writer.writerow(
            [
                row.get("line", ""),
                entity() if entity else row.get("entity", ""),
                row.get("source_id", ""),
                row.get("name", ""),
                outcome_label(row.get("outcome", "")),
                " ".join(filter(None, [row.get("message", ""), differences_text(row)])),
            ]
        )
    return buffer.getvalue()
