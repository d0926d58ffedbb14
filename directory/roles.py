"""Roles of DESIGN.md §4, derived from memberships and groups (never stored twice)."""

from enum import StrEnum

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_moderator

from .models import MembershipRole, Organisation, OrganisationKind, Residence


class Role(StrEnum):
    VISITOR = "visitor"
    GARDIEN = "gardien"
    LANDLORD_MANAGER = "landlord_manager"
    ESS_MEMBER = "ess_member"
    PROJECT_HOLDER = "project_holder"
    MODERATOR = "moderator"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.VISITOR: _("Visiteur"),
    Role.GARDIEN: _("Gardien / personnel de proximité"),
    Role.LANDLORD_MANAGER: _("Gestionnaire chez un bailleur"),
    Role.ESS_MEMBER: _("Membre d'une structure (ESS, médico-social, public)"),
    Role.PROJECT_HOLDER: _("Porteur de projet"),
    Role.MODERATOR: _("Modérateur du département"),
    Role.ADMIN: _("Administrateur du portail"),
}

# Organisation kind + membership role → portal role.
_MEMBERSHIP_ROLES = {
    OrganisationKind.LANDLORD: Role.LANDLORD_MANAGER,
    OrganisationKind.ESS: Role.ESS_MEMBER,
    OrganisationKind.MEDICO_SOCIAL: Role.ESS_MEMBER,
    OrganisationKind.PUBLIC_BODY: Role.ESS_MEMBER,
    OrganisationKind.PROJECT_HOLDER: Role.PROJECT_HOLDER,
}


def roles_of(user) -> set[Role]:
    """Every role a user holds. Anonymous users are visitors only."""
    roles = {Role.VISITOR}
    if not user.is_authenticated:
        return roles
    if user.is_superuser:
        roles.add(Role.ADMIN)
    if is_moderator(user):
        roles.add(Role.MODERATOR)
    for membership in user.memberships.select_related("organisation"):
        if membership.role == MembershipRole.GARDIEN:
            roles.add(Role.GARDIEN)
        else:
            roles.add(_MEMBERSHIP_ROLES[membership.organisation.kind])
            if membership.organisation.kind == OrganisationKind.LANDLORD:
                # Landlord staff see what gardiens see.
                roles.add(Role.GARDIEN)
    return roles


def managed_organisation_ids(user) -> set[int]:
    """Organisations whose entries the user may edit (admins and members, not gardiens)."""
    if not user.is_authenticated:
        return set()
    return set(
        user.memberships.exclude(role=MembershipRole.GARDIEN).values_list(
            "organisation_id", flat=True
        )
    )


def can_manage_organisation(user, organisation) -> bool:
    return user.is_authenticated and (
        user.is_superuser or organisation.pk in managed_organisation_ids(user)
    )


def administered_organisation_ids(user) -> set[int]:
    """Organisations whose members the user may invite, remove and promote."""
    if not user.is_authenticated:
        return set()
    return set(
        user.memberships.filter(role=MembershipRole.ADMIN).values_list("organisation_id", flat=True)
    )


def can_administer_organisation(user, organisation) -> bool:
    """Invite and remove members: the organisation's admins (and site admins)."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or user.memberships.filter(organisation=organisation, role=MembershipRole.ADMIN).exists()
    )


def member_organisations(user):
    """Organisations whose member list the user may see: their own (every one for site
    admins). Views look organisations up through this queryset so that any other one is a
    404, never a 403 that would confirm it exists."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user)


def administered_organisations(user):
    """Organisations the user administers (every one for site admins)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=MembershipRole.ADMIN
    )


def residences_of(user):
    """The residences a user works for: those they are the gardien of, and every residence of
    the landlords whose staff they are (admins and members; a gardien's list is their own
    residences). Nobody else's."""
    if not user.is_authenticated:
        return Residence.objects.none()
    staff = Q(
        landlord__kind=OrganisationKind.LANDLORD,
        landlord__memberships__user=user,
        landlord__memberships__role__in=[MembershipRole.ADMIN, MembershipRole.MEMBER],
    )
    return (
        Residence.objects.filter(Q(gardiens=user) | staff)
        .distinct()
        .select_related("commune", "landlord")
    )


def is_landlord_staff(user, residence) -> bool:
    """Whether `user` works for the landlord of `residence` (a member of the landlord in any
    role, or a gardien of the residence) or is a site admin. The landlord's own contacts for
    the residence (`ResidenceReferent`) and its hall posters are for them only."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return (
        user.memberships.filter(organisation_id=residence.landlord_id).exists()
        or residence.gardiens.filter(pk=user.pk).exists()
    )
