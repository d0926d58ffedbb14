"""Reports sent under the account's address, declared to the RGPD registry (accounts): a
report needs no account, so a reporter is recognised by the address they left for a reply."""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import register
from notifications.models import Delivery
from notifications.outbox import content_type_id

from .models import REPLY, Report


def _reports_of(user):
    if not user.email:
        return Report.objects.none()
    return Report.objects.filter(reporter_email__iexact=user.email).select_related(
        "organisation", "service", "commune"
    )


def _reports(user) -> list[dict]:
    return [
        {
            "type": r.kind,
            "fiche": r.target_name,
            "objet": r.subject,
            "message": r.message,
            "votre_email": r.reporter_email,
            "statut": r.status,
            "envoye_le": r.created_at,
        }
        for r in _reports_of(user).order_by("pk")
    ]


def _erase_reports(user) -> None:
    """Blank the address (the report itself says nothing about the person) and forget the
    replies to it."""
    ids = list(_reports_of(user).values_list("pk", flat=True))
    Report.objects.filter(pk__in=ids).update(reporter_email="")
    if user.email:
        Delivery.objects.filter(
            content_type_id=content_type_id(Report), kind=REPLY, email__iexact=user.email
        ).delete()


def register_personal_data() -> None:
    register(
        "signalements",
        _("Signalements et suggestions envoyés"),
        export=_reports,
        erase=_erase_reports,
    )
