"""Organisation membership rules: invitations, joining, leaving, removing, roles.

Views call these functions and only translate their exceptions into messages. The one
invariant they all keep: an organisation that still has members always has an admin."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Invitation, Membership, MembershipRole
from .signals import invitation_created


class MembershipError(Exception):
    """A membership change refused by the rules; the message is shown to the user."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


class LastAdminError(MembershipError):
    pass


class InvitationError(MembershipError):
    pass


def _ensure_an_admin_remains(organisation, *, without: Membership, new_role=None) -> None:
    """Refuse a change that would leave the organisation's other members without an admin.

    `without` is the membership being removed (new_role None) or changed to `new_role`."""
    if without.role != MembershipRole.ADMIN or new_role == MembershipRole.ADMIN:
        return
    others = Membership.objects.filter(organisation=organisation).exclude(pk=without.pk)
    if others.exists() and not others.filter(role=MembershipRole.ADMIN).exists():
        raise LastAdminError(
            _(
                "Vous êtes le dernier administrateur de « %(organisation)s » : nommez d'abord "
                "un autre administrateur parmi les membres."
            )
            % {"organisation": organisation.name}
        )


def _lock_memberships(organisation) -> None:
    """Serialise membership changes of one organisation: two admins demoting each other at
    the same time must not leave it without any."""
    list(Membership.objects.select_for_update().filter(organisation=organisation).values("pk"))


def blocking_organisations(user) -> list:
    """Organisations the user cannot leave yet: they are its last admin and other members
    remain. Leaving or deleting the account is refused until another admin is named."""
    blocking = []
    for membership in user.memberships.filter(role=MembershipRole.ADMIN).select_related(
        "organisation"
    ):
        try:
            _ensure_an_admin_remains(membership.organisation, without=membership)
        except LastAdminError:
            blocking.append(membership.organisation)
    return blocking


@transaction.atomic
def create_invitation(*, organisation, email: str, role: str, invited_by) -> Invitation:
    """Invite an email address to join an organisation. The email is written to the
    notifications outbox in this transaction (`invitation_created`) and leaves once it
    commits."""
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise InvitationError(_("Cette personne est déjà membre de l'organisation."))
    # A new invitation replaces any pending one for the same address: only the last link works.
    Invitation.objects.filter(
        organisation=organisation,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=timezone.now())
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=invited_by
    )
    invitation_created.send(sender=Invitation, invitation=invitation)
    return invitation


def invitation_matches_user(invitation: Invitation, user) -> bool:
    """The invitation was sent to one of the user's addresses (verified ones only, beyond
    the login address)."""
    from allauth.account.models import EmailAddress

    email = invitation.email.lower()
    if user.email.lower() == email:
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def accept_invitation(token: str, user) -> Membership:
    """Join the organisation with the invited role. Single use: the row is locked so that
    two concurrent acceptances cannot both succeed."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("organisation").get(token=token)
        )
        if not invitation.is_usable:
            raise InvitationError(_("Cette invitation n'est plus valable."))
        if not invitation_matches_user(invitation, user):
            raise InvitationError(
                _("Cette invitation a été envoyée à une autre adresse que la vôtre.")
            )
        membership, created = Membership.objects.get_or_create(
            user=user,
            organisation=invitation.organisation,
            defaults={"role": invitation.role},
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    membership.just_created = created
    return membership


def revoke_invitation(invitation: Invitation) -> None:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def leave(membership: Membership, *, successor: Membership | None = None) -> None:
    """The member leaves. The last admin names a successor, who becomes admin first."""
    with transaction.atomic():
        _lock_memberships(membership.organisation)
        membership.refresh_from_db(fields=["role"])
        if successor is not None:
            if successor.organisation_id != membership.organisation_id or successor == membership:
                raise MembershipError(_("Choisissez un autre membre de la même organisation."))
            successor.role = MembershipRole.ADMIN
            successor.save(update_fields=["role"])
        _ensure_an_admin_remains(membership.organisation, without=membership)
        membership.delete()


def remove_member(membership: Membership, *, by) -> None:
    """An organisation admin removes someone else (members leave by themselves)."""
    if membership.user_id == by.pk:
        raise MembershipError(_("Pour quitter l'organisation, utilisez « Quitter »."))
    with transaction.atomic():
        _lock_memberships(membership.organisation)
        membership.refresh_from_db(fields=["role"])
        _ensure_an_admin_remains(membership.organisation, without=membership)
        membership.delete()


def _ensure_the_role_change_keeps_an_admin(membership: Membership, role: str) -> None:
    """An organisation always keeps an admin: its sole admin cannot be demoted, even when
    nobody else is a member yet (nobody could then invite, promote or manage keys)."""
    if membership.role != MembershipRole.ADMIN or role == MembershipRole.ADMIN:
        return
    other_admins = Membership.objects.filter(
        organisation=membership.organisation, role=MembershipRole.ADMIN
    ).exclude(pk=membership.pk)
    if not other_admins.exists():
        raise LastAdminError(
            _(
                "« %(organisation)s » doit garder un administrateur : invitez ou nommez d'abord "
                "un autre administrateur, puis changez ce rôle."
            )
            % {"organisation": membership.organisation.name}
        )


def change_role(membership: Membership, role: str) -> None:
    if role not in MembershipRole.values:
        raise MembershipError(_("Rôle inconnu."))
    with transaction.atomic():
        _lock_memberships(membership.organisation)
        membership.refresh_from_db(fields=["role"])
        _ensure_an_admin_remains(membership.organisation, without=membership, new_role=role)
        _ensure_the_role_change_keeps_an_admin(membership, role)
        membership.role = role
        membership.save(update_fields=["role"])
