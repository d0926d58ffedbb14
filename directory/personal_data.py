"""The directory's part of the RGPD registry (`accounts.personal_data`): the user's
memberships and invitations, and the rule that keeps an organisation from losing its last
admin with the account."""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import register, register_deletion_guard

from .membership import blocking_organisations
from .models import Invitation


def _memberships(user) -> list[dict]:
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


def _invitations_sent(user) -> list[dict]:
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


def _invitations_received(user) -> list[dict]:
    return [
        {
            "organisation": i.organisation.name,
            "role": i.role,
            "recue_le": i.created_at,
            "acceptee_le": i.accepted_at,
        }
        for i in Invitation.objects.filter(email__iexact=user.email).select_related("organisation")
    ]


def _erase_invitations_received(user) -> None:
    # Accepted ones too: the membership they created goes with the account, and the
    # address must not outlive it. Invitations the user sent keep the invitee's address
    # (their data, not the user's); `invited_by` becomes NULL with the account.
    Invitation.objects.filter(email__iexact=user.email).delete()


def register_personal_data() -> None:
    """Called by DirectoryConfig.ready()."""
    register("adhesions", _("Adhésions aux organisations"), export=_memberships)
    register("invitations_envoyees", _("Invitations envoyées"), export=_invitations_sent)
    register(
        "invitations_recues",
        _("Invitations reçues"),
        export=_invitations_received,
        erase=_erase_invitations_received,
    )
    register_deletion_guard("organisations", blocking_organisations)
