"""Calls for projects in the one moderation workflow (`core.moderation`): a partner's proposal
is moderated by the moderators of the call's département; a moderator publishes directly.
On publication the announcement runs once the transaction commits."""

from core import moderation
from directory.roles import managed_organisation_ids

from . import publication
from .models import CallForProjects

KEY = "appel-a-projets"


def _may_edit(user, entry) -> bool:
    return user.is_superuser or (
        entry.organisation_id is not None
        and entry.organisation_id in managed_organisation_ids(user)
    )


def _to_announce(entry) -> list[str]:
    """A (re)publication is announced again."""
    entry.announced_at = None
    return ["announced_at"]


def _announce(entry, event) -> None:
    publication.enqueue_announcement(entry.pk)


moderation.register(
    moderation.Moderated(
        model=CallForProjects,
        key=KEY,
        departement_path="departement",
        may_edit=_may_edit,
        owner=lambda entry: entry.organisation,
        title=lambda entry: entry.title,
        public_url=lambda entry: entry.get_absolute_url(),
        prepare={moderation.PUBLISH: _to_announce},
        hooks={moderation.PUBLISH: [_announce]},
        select_related=("organisation",),
    )
)
