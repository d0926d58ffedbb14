"""Favourite services and callback requests, declared to the RGPD registry (accounts)."""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import register
from notifications.models import Delivery
from notifications.outbox import content_type_id

from .models import CallbackRequest, Favourite


def _favourites(user) -> list[dict]:
    return [
        {"service": f.service.name, "service_id": f.service_id, "ajoute_le": f.created_at}
        for f in Favourite.objects.filter(user=user).select_related("service").order_by("pk")
    ]


def _erase_favourites(user) -> None:
    Favourite.objects.filter(user=user).delete()


def _callback_requests(user) -> list[dict]:
    """The requests the user sent: their own professional contact and what they asked.
    Nothing about the resident is stored, so nothing about them is exported."""
    rows = CallbackRequest.objects.filter(sender=user).select_related(
        "service", "recipient_organisation", "sender_organisation", "situation", "residence",
        "commune",
    )  # fmt: skip
    return [
        {
            "service": c.recipient_name,
            "organisation_sollicitee": c.recipient_organisation.name,
            "situation": c.situation.label if c.situation_id else "",
            "lieu": c.place_label,
            "note": c.note,
            "votre_organisation": c.sender_organisation.name if c.sender_organisation_id else "",
            "votre_telephone": c.sender_phone,
            "votre_email": c.sender_email,
            "statut": c.status,
            "suggestion": c.suggestion,
            "envoyee_le": c.created_at,
            "repondue_le": c.answered_at,
        }
        for c in rows.order_by("pk")
    ]


def _erase_callback_requests(user) -> None:
    ids = list(CallbackRequest.objects.filter(sender=user).values_list("pk", flat=True))
    Delivery.objects.filter(
        content_type_id=content_type_id(CallbackRequest), object_id__in=ids
    ).delete()
    CallbackRequest.objects.filter(pk__in=ids).delete()


def register_personal_data() -> None:
    register("services_favoris", _("Services favoris"), export=_favourites, erase=_erase_favourites)
    register(
        "demandes_de_rappel",
        _("Demandes de rappel envoyées"),
        export=_callback_requests,
        erase=_erase_callback_requests,
    )
