"""API keys a person created, declared to the RGPD registry (accounts). The keys belong to
the organisation and stay; only the link to the person goes with the account (SET NULL)."""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import register

from .models import ApiToken


def _tokens(user) -> list[dict]:
    return [
        {
            "nom": t.name,
            "organisation": t.organisation.name,
            "debut_de_la_cle": t.key_start,
            "creee_le": t.created_at,
            "derniere_utilisation": t.last_used_at,
            "revoquee_le": t.revoked_at,
        }
        for t in ApiToken.objects.filter(created_by=user).select_related("organisation")
    ]


def register_personal_data() -> None:
    register("cles_api", _("Clés d'API"), export=_tokens)
