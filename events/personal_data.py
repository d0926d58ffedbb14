"""Event registrations, declared to the RGPD registry (accounts). A registration has no
account: it is found by the email address it was made with, and deleted with the account."""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import register

from .models import Registration


def _registrations_of(user):
    return Registration.objects.filter(email__iexact=user.email)


def _registrations(user) -> list[dict]:
    return [
        {
            "evenement": r.occurrence.event.title,
            "seance": r.occurrence.start,
            "nom": r.name,
            "adresse_email": r.email,
            "telephone": r.phone,
            "places": r.seats,
            "besoins_accessibilite": list(r.access_needs),
            "statut": r.status,
            "inscrit_le": r.created_at,
        }
        for r in _registrations_of(user).select_related("occurrence__event")
    ]


def _erase_registrations(user) -> None:
    _registrations_of(user).delete()


def register_personal_data() -> None:
    register(
        "inscriptions_evenements",
        _("Inscriptions aux événements"),
        export=_registrations,
        erase=_erase_registrations,
    )
