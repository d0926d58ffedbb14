"""What notifications holds about a person, declared to the RGPD registry (accounts):
alerts (saved searches, with or without an account), the inbox and outbox rows, and the
notification preferences."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import register

from .models import Delivery, NotificationPreferences, Subscription, email_recipient_key


def _subscriptions_of(user):
    return Subscription.objects.filter(
        Q(user=user) | Q(user__isnull=True, email__iexact=user.email)
    )


def _alerts(user) -> list[dict]:
    return [
        {
            "intitule": s.label,
            "sur_quoi": s.kind,
            "criteres": s.filters,
            "frequence": s.frequency,
            "adresse_sans_compte": s.email,
            "confirmee_le": s.confirmed_at,
            "active": s.is_active,
            "creee_le": s.created_at,
        }
        for s in _subscriptions_of(user).order_by("created_at", "pk")
    ]


def _erase_alerts(user) -> None:
    _subscriptions_of(user).delete()


def _deliveries_of(user):
    return Delivery.objects.filter(
        Q(recipient=user)
        | Q(recipient_key=email_recipient_key(user.email))
        | Q(email__iexact=user.email)
    )


def _inbox(user) -> list[dict]:
    return [
        {
            "type": d.kind,
            "canal": d.channel,
            "statut": d.status,
            "adresse": d.email,
            "creee_le": d.created_at,
            "envoyee_le": d.sent_at,
            "lue_le": d.read_at,
        }
        for d in _deliveries_of(user).order_by("created_at", "pk")
    ]


def _erase_inbox(user) -> None:
    # Outbox rows addressed to the account go with it (CASCADE); those addressed to the bare
    # address (before the account existed, event registrations) are found by address.
    _deliveries_of(user).delete()


def _preferences(user) -> dict | None:
    preferences = NotificationPreferences.objects.filter(user=user).first()
    if preferences is None:
        return None
    return {
        "email": preferences.email_enabled,
        "frequence_email": preferences.email_frequency,
        "notifications_du_site": preferences.inbox_enabled,
    }


def register_personal_data() -> None:
    register("alertes", _("Alertes"), export=_alerts, erase=_erase_alerts)
    register("notifications", _("Notifications reçues"), export=_inbox, erase=_erase_inbox)
    register("preferences_notifications", _("Préférences de notification"), export=_preferences)
