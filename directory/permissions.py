"""Who may see and edit which directory entries in the Wagtail admin (DESIGN.md §4).

- site admins: everything;
- members (admins and members, not gardiens) of an organisation: that organisation, its
  services and residences — never another organisation's, drafts included;
- moderators: organisations and services of their départements (they create organisations).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from accounts.roles import is_moderator

from .models import Organisation, Residence, Service
from .roles import managed_organisation_ids

PARTNERS_GROUP = "Partenaires"
ACTIONS = {"add", "change", "delete", "view"}


class OrganisationScopedPolicy(BasePermissionPolicy):
    """Permissions derived from memberships, scoped to the user's organisations.

    `organisation_field` is the path from the model to its organisation ("" for Organisation
    itself)."""

    def __init__(self, model, organisation_field: str, moderated: bool = True):
        super().__init__(model)
        self.organisation_field = organisation_field
        self.moderated = moderated

    def _path(self, suffix: str) -> str:
        return f"{self.organisation_field}__{suffix}" if self.organisation_field else suffix

    def _is_moderator(self, user) -> bool:
        return self.moderated and is_moderator(user)

    def user_has_permission(self, user, action):
        if not (user.is_authenticated and user.is_active) or action not in ACTIONS:
            return False
        if user.is_superuser:
            return True
        if self._is_moderator(user):
            return True
        if self.model is Organisation and action in {"add", "delete"}:
            # Partners do not create or delete organisations (they would lose them).
            return False
        return bool(managed_organisation_ids(user))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(memberships__isnull=False))
            .distinct()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model._default_manager.all()
        if not self.user_has_any_permission(user, actions):
            return queryset.none()
        if user.is_superuser:
            return queryset
        organisation_id = self._path("id") if self.organisation_field else "pk"
        managed = managed_organisation_ids(user)
        scope = Q(**{f"{organisation_id}__in": managed}) if managed else Q(pk__in=[])
        if self._is_moderator(user):
            departements = list(user.moderated_departements or [])
            scope |= Q(**{self._path("commune__departement_code__in"): departements})
        return queryset.filter(scope)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return (
            self.instances_user_has_any_permission_for(user, actions)
            .filter(pk=instance.pk)
            .exists()
        )

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.users_with_any_permission(actions)


def organisations_for(user):
    """Organisations the user may attach services or residences to."""
    return organisation_policy.instances_user_has_any_permission_for(user, ["change"])


organisation_policy = OrganisationScopedPolicy(Organisation, "")
# Residences are not moderated: only the landlord's own members (and site admins) edit them.
residence_policy = OrganisationScopedPolicy(Residence, "landlord", moderated=False)
service_policy = OrganisationScopedPolicy(Service, "organisation")
