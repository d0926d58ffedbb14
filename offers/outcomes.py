"""The outcome of a match or a contact request after the first contact, as a small state
machine. Pure: no database, no request — `offers.services.change_outcome` applies it."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .vocabularies import Outcome

# Every allowed move, explicitly. A visit may be planned again (new date); "ended" and
# "no follow-up" are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    Outcome.NONE: frozenset(
        {Outcome.VISIT_PLANNED, Outcome.AGREEMENT_SIGNED, Outcome.NO_FOLLOW_UP}
    ),
    Outcome.VISIT_PLANNED: frozenset(
        {Outcome.VISIT_PLANNED, Outcome.AGREEMENT_SIGNED, Outcome.NO_FOLLOW_UP}
    ),
    Outcome.AGREEMENT_SIGNED: frozenset({Outcome.OCCUPIED, Outcome.ENDED}),
    Outcome.OCCUPIED: frozenset({Outcome.ENDED}),
    Outcome.ENDED: frozenset(),
    Outcome.NO_FOLLOW_UP: frozenset(),
}


def allowed_next(current: str) -> list[str]:
    """The outcomes reachable from `current`, in the vocabulary's order."""
    reachable = TRANSITIONS.get(current, frozenset())
    return [value for value in Outcome.values if value in reachable]


def check_transition(
    current: str, target: str, *, visit_date: date | None = None, reason: str = ""
) -> None:
    """Raise a French ValidationError unless `current` → `target` is allowed with these
    details (a visit needs its date, "no follow-up" its reason)."""
    if target not in Outcome.values or target == Outcome.NONE:
        raise ValidationError(_("Suite inconnue."), code="unknown")
    if target not in TRANSITIONS.get(current, frozenset()):
        raise ValidationError(
            _("Impossible de passer de « %(current)s » à « %(target)s »."),
            code="not_allowed",
            params={"current": Outcome(current).label, "target": Outcome(target).label},
        )
    if target == Outcome.VISIT_PLANNED and visit_date is None:
        raise ValidationError(
            {"visit_date": _("Indiquez la date de la visite.")}, code="visit_date_required"
        )
    if target == Outcome.NO_FOLLOW_UP and not reason.strip():
        raise ValidationError(
            {"reason": _("Indiquez pourquoi il n'y a pas de suite.")}, code="reason_required"
        )
