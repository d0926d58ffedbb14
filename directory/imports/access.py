"""Who may run imports and read import runs.

- Starting an import from the admin: site admins (everywhere) and moderators with a
  territory; the run records that territory and writes nothing outside it.
- Reading a run (list, progress, report): its author, site admins, and the moderators whose
  territory covers every département of the run's territory. A run without a territory
  (launched by a site admin or a management command) is for site admins and its author only.
  Views look runs up through `visible_runs()` so that any other run is a 404.

The management commands (`import_finess`, `import_data_inclusion`, `import_csv`) are run by
operators on the server and stay unscoped."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.roles import is_moderator, moderated_departements

from .models import ImportRun


def can_open_imports(user) -> bool:
    """May see the import screens (and the menu entry)."""
    return user.is_authenticated and (user.is_superuser or is_moderator(user))


def import_territory(user) -> frozenset[str] | None:
    """The territory a run started by `user` gets: None for everywhere (site admins), an
    empty set for someone who may not start one."""
    if not can_open_imports(user):
        return frozenset()
    return moderated_departements(user)


def can_start_import(user) -> bool:
    territory = import_territory(user)
    return territory is None or bool(territory)


def visible_runs(user) -> QuerySet[ImportRun]:
    if not can_open_imports(user):
        return ImportRun.objects.none()
    scope = moderated_departements(user)
    if scope is None:
        return ImportRun.objects.all()
    visible = Q(user=user)
    if scope:
        visible |= Q(territory__len__gt=0, territory__contained_by=sorted(scope))
    return ImportRun.objects.filter(visible)
