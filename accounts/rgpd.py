"""RGPD: export of a user's own data and deletion of their account.

Every app that stores personal data about a user registers an exporter here (in its
AppConfig.ready or at import of a module loaded at start-up):

    from accounts.rgpd import register_exporter

    @register_exporter
    def event_registrations(user) -> list[dict]:
        return list(user.event_registrations.values("event__title", "created_at"))

The export is a JSON document whose `donnees` maps each exporter's name to what it returned.
"""

import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.membership import LastAdminError, blocking_organisations

Exporter = Callable[[Any], Any]

EXPORT_FORMAT = "maillage-export-rgpd-1"

_exporters: dict[str, Exporter] = {}


def register_exporter(fn: Exporter | None = None, *, name: str | None = None):
    """Register `fn(user)` returning JSON-serialisable data about `user` (and only them).
    Usable as a plain decorator or with a name: `@register_exporter(name="inscriptions")`."""

    def decorator(function: Exporter) -> Exporter:
        _exporters[name or function.__name__] = function
        return function

    if fn is not None:
        return decorator(fn)
    return decorator


def registered_exporters() -> dict[str, Exporter]:
    return dict(_exporters)


def export_user_data(user) -> dict:
    """Everything we hold about `user`, section by section."""
    return {
        "format": EXPORT_FORMAT,
        "genere_le": timezone.now(),
        "donnees": {name: exporter(user) for name, exporter in sorted(_exporters.items())},
    }


def export_user_data_json(user) -> str:
    return json.dumps(export_user_data(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


@register_exporter(name="profil")
def profile(user) -> dict:
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


@register_exporter(name="adresses_email")
def email_addresses(user) -> list[dict]:
    from allauth.account.models import EmailAddress

    return [
        {"adresse": e.email, "verifiee": e.verified, "principale": e.primary}
        for e in EmailAddress.objects.filter(user=user).order_by("email")
    ]


@register_exporter(name="adhesions")
def memberships(user) -> list[dict]:
    return [
        {
            "organisation": m.organisation.name,
            "organisation_id": m.organisation_id,
            "role": m.role,
            "role_libelle": str(m.get_role_display()),
            "depuis_le": m.created_at,
        }
        for m in user.memberships.select_related("organisation").order_by("organisation__name")
    ]


@register_exporter(name="invitations_envoyees")
def invitations_sent(user) -> list[dict]:
    from directory.models import Invitation

    return [
        {
            "organisation": i.organisation.name,
            "adresse_invitee": i.email,
            "role": i.role,
            "envoyee_le": i.created_at,
            "acceptee_le": i.accepted_at,
            "revoquee_le": i.revoked_at,
        }
        for i in Invitation.objects.filter(invited_by=user).select_related("organisation")
    ]


@register_exporter(name="invitations_recues")
def invitations_received(user) -> list[dict]:
    from directory.models import Invitation

    return [
        {
            "organisation": i.organisation.name,
            "role": i.role,
            "recue_le": i.created_at,
            "acceptee_le": i.accepted_at,
        }
        for i in Invitation.objects.filter(email__iexact=user.email).select_related("organisation")
    ]


def delete_account(user) -> None:
    """Delete the account and, by cascade, its memberships and email addresses. Refused
    while the user is the last admin of an organisation that has other members."""
    with transaction.atomic():
        blocking = blocking_organisations(user)
        if blocking:
            error = LastAdminError(
                _("Nommez d'abord un autre administrateur dans : %(organisations)s.")
                % {"organisations": ", ".join(o.name for o in blocking)}
            )
            error.organisations = blocking
            raise error
        from directory.models import Invitation

        # Invitations addressed to this person: their address must not outlive the account.
        Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()
        user.delete()
