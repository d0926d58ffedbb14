"""Roles of DESIGN.md §4, derived from memberships and groups (never stored twice)."""

from enum import StrEnum

from directory.models import OrganisationKind

from .models import MembershipRole

MODERATORS_GROUP = "Modérateurs"


class Role(StrEnum):
    VISITOR = "visitor"
    GARDIEN = "gardien"
    LANDLORD_MANAGER = "landlord_manager"
    ESS_MEMBER = "ess_member"
    PROJECT_HOLDER = "project_holder"
    MODERATOR = "moderator"
    ADMIN = "admin"


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


def is_moderator(user) -> bool:
    return user.is_authenticated and user.groups.filter(name=MODERATORS_GROUP).exists()


def is_professional(user) -> bool:
    """Professionals see professional-only contacts: any member of an organisation,
    moderators and admins."""
    return user.is_authenticated and (
        user.is_superuser or is_moderator(user) or user.memberships.exists()
    )


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


def can_administer_organisation(user, organisation) -> bool:
    """Invite and remove members: the organisation's admins (and site admins)."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or user.memberships.filter(organisation=organisation, role=MembershipRole.ADMIN).exists()
    )
