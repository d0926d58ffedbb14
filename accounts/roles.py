"""Roles of DESIGN.md §4, derived from memberships and groups (never stored twice)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from directory.models import Organisation, OrganisationKind

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


def is_moderator(user) -> bool:
    return user.is_authenticated and user.groups.filter(name=MODERATORS_GROUP).exists()


def moderated_departements(user) -> frozenset[str] | None:
    """The territory a user moderates: département codes, or None for every département
    (site admins). Empty for anyone who is not a moderator."""
    if not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return None
    if not is_moderator(user):
        return frozenset()
    return frozenset(user.moderated_departements or ())


def moderates(user, departement_code: str | None) -> bool:
    """May `user` moderate in this département? An entry without a département (no commune
    yet) is for site admins only: a moderator acts only inside their territory."""
    scope = moderated_departements(user)
    if scope is None:
        return True
    return departement_code is not None and departement_code in scope


def is_professional(user) -> bool:
    """Professionals see professional-only contacts: any member of an organisation,
    moderators and admins. The one rule of every page, export and API answer; members, what
    most professionals are, are asked first (one query for them)."""
    return user.is_authenticated and (
        user.is_superuser or user.memberships.exists() or is_moderator(user)
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
