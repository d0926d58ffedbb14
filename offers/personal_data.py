"""Contact requests and match messages a person wrote or answered, declared to the RGPD
registry (accounts). They are also their organisation's correspondence, so they stay after
the account is deleted, without the link to the person (SET NULL)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import register

from .models import ContactRequest, MatchMessage, ServiceCallAnswer


def _contact_requests(user) -> list[dict]:
    requests = (
        ContactRequest.objects.filter(Q(requester=user) | Q(answered_by=user))
        .select_related("offer", "requester_organisation")
        .order_by("created_at", "pk")
    )
    return [
        {
            "offre": r.offer.title,
            "organisation_demandeuse": r.requester_organisation.name,
            "demandee_par_moi": r.requester_id == user.pk,
            "telephone_donne": r.requester_phone if r.requester_id == user.pk else "",
            "message": r.message,
            "statut": r.status,
            "reponse": r.response_message,
            "repondue_par_moi": r.answered_by_id == user.pk,
            "envoyee_le": r.created_at,
            "repondue_le": r.answered_at,
        }
        for r in requests
    ]


def _erase_phones(user) -> None:
    """The phone a person left with their requests goes with their account."""
    ContactRequest.objects.filter(requester=user).exclude(requester_phone="").update(
        requester_phone=""
    )


def _messages(user) -> list[dict]:
    return [
        {"mise_en_relation": str(m.match), "message": m.body, "envoye_le": m.created_at}
        for m in MatchMessage.objects.filter(sender=user)
        .select_related("match__need", "match__premises")
        .order_by("created_at", "pk")
    ]


def _call_answers(user) -> list[dict]:
    return [
        {
            "appel": a.call.title,
            "structure": a.provider.name,
            "message": a.message,
            "prix_propose": a.proposed_price,
            "conditions": a.terms,
            "envoyee_le": a.created_at,
        }
        for a in ServiceCallAnswer.objects.filter(author=user)
        .select_related("call", "provider")
        .order_by("created_at", "pk")
    ]


def register_personal_data() -> None:
    register(
        "demandes_de_contact",
        _("Demandes de contact"),
        export=_contact_requests,
        erase=_erase_phones,
    )
    register("messages", _("Messages échangés sur les correspondances"), export=_messages)
    register("reponses_aux_appels", _("Réponses aux appels à services"), export=_call_answers)
