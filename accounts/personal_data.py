"""The registry of personal data (RGPD): what every app holds about a person, read by the
export ("Mes données") and by account deletion alike, so that neither can forget a kind.

`accounts` sits low in the layers and imports none of the apps above it: each app declares
its own data from its `AppConfig.ready()`, usually in a `personal_data.py` module it owns:

    from accounts.personal_data import register

    register(
        "inscriptions",
        export=lambda user: [...],  # JSON-serialisable rows about `user`, and only them
        erase=lambda user: ...,  # delete or anonymise them, including rows kept by email
    )

An eraser runs inside the deletion transaction, before the account row is deleted (rows
with a CASCADE foreign key to the user would go anyway, but an eraser must also find what
is kept by email address only: invitations, email-only alerts, outbox rows, event
registrations, lockout logs). After deletion, the user's email address must appear in no
text column of any table (tests/accounts/test_rgpd.py scans them all)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry, PageLogEntry

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]


@dataclass(frozen=True)
class Section:
    """One kind of personal data: its key in the export, what people read of it (the "Mes
    données" page lists the labels), how to export and erase it."""

    name: str
    label: Any = ""
    export: Exporter | None = None
    erase: Eraser | None = None


_sections: dict[str, Section] = {}


def register(
    name: str, label=None, *, export: Exporter | None = None, erase: Eraser | None = None
) -> None:
    """Declare a kind of personal data. Registering a name twice replaces it (an app's
    `ready()` may run again in tests); a section with neither function is an error, and an
    exported one needs a label for people to read."""
    if export is None and erase is None:
        raise ValueError(f"Personal data section {name!r} needs an exporter or an eraser")
    if export is not None and not label:
        raise ValueError(f"Exported personal data section {name!r} needs a label")
    _sections[name] = Section(name, label or "", export, erase)


_deletion_guards: dict[str, Callable[[Any], list]] = {}


def register_deletion_guard(name: str, blockers: Callable[[Any], list]) -> None:
    """Declare what must be settled before an account may go: `blockers(user)` returns the
    objects in the way (the directory: organisations the user is the last admin of)."""
    _deletion_guards[name] = blockers


def deletion_blockers(user) -> list:
    return [blocker for guard in _deletion_guards.values() for blocker in guard(user)]


def unregister(name: str) -> None:
    _sections.pop(name, None)


def sections() -> dict[str, Section]:
    return dict(_sections)


def exported_sections() -> list[Section]:
    """The sections of the export, in the order of the export."""
    return [section for name, section in sorted(_sections.items()) if section.export]


def export(user) -> dict[str, Any]:
    """Every exported section about `user`, by name."""
    return {section.name: section.export(user) for section in exported_sections()}


def erase(user) -> None:
    """Run every eraser (in registration order). The caller holds the transaction and
    deletes the account afterwards."""
    for section in list(_sections.values()):
        if section.erase:
            section.erase(user)


# --- What accounts itself holds -----------------------------------------------------------
def _profile(user) -> dict:
    return {
        "adresse_email": user.email,
        "prenom": user.first_name,
        "nom": user.last_name,
        "langue": user.language,
        "inscrit_le": user.date_joined,
        "derniere_connexion": user.last_login,
        "departements_moderes": list(user.moderated_departements),
        "groupes": sorted(user.groups.values_list("name", flat=True)),
    }


def _email_addresses(user) -> list[dict]:
    return [
        {"adresse": e.email, "verifiee": e.verified, "principale": e.primary}
        for e in EmailAddress.objects.filter(user=user).order_by("email")
    ]


def _erase_email_addresses(user) -> None:
    # allauth keeps them by user (CASCADE); a second, unverified address of someone else
    # cannot carry this address (unique), so the user's rows are all there is.
    EmailAddress.objects.filter(user=user).delete()


def _lockout_logs(user) -> list[dict]:
    return [
        {
            "tentative_le": a.attempt_time,
            "adresse_ip": a.ip_address,
            "echecs": a.failures_since_start,
        }
        for a in AccessAttempt.objects.filter(username__iexact=user.email).order_by("attempt_time")
    ] + [
        {"connexion_le": a.attempt_time, "adresse_ip": a.ip_address}
        for a in AccessLog.objects.filter(username__iexact=user.email).order_by("attempt_time")
    ]


def _erase_lockout_logs(user) -> None:
    # django-axes keys its counters and logs on the login typed (accounts.lockout).
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=user.email).delete()


def _erase_audit_labels(user) -> None:
    # Wagtail's audit log keeps `str(object)` as label: an entry about the user account
    # (edited in the admin) may carry the address. The entry stays, unnamed.
    for model in (ModelLogEntry, PageLogEntry):
        model.objects.filter(label__icontains=user.email).update(label="—")


register("profil", _("Profil"), export=_profile)
register(
    "adresses_email", _("Adresses e-mail"), export=_email_addresses, erase=_erase_email_addresses
)
register(
    "connexions", _("Connexions et tentatives"), export=_lockout_logs, erase=_erase_lockout_logs
)
register("journal_admin", erase=_erase_audit_labels)
