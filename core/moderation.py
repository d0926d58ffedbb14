"""One moderation workflow for every kind of partner entry (DESIGN.md §2).

States (the strings already stored by every moderated model, so no data migration):
draft → submitted → published → archived, and back to draft on a refusal.

Transitions, each checked against the current state and the user's rights:
- `submit`  draft → submitted, by whoever may edit the entry;
- `publish` draft, submitted or archived → published, by a moderator of the entry's territory;
- `refuse`  submitted → draft with a mandatory reason, by a moderator of the territory;
- `archive` draft, submitted or published → archived, by an editor or a moderator.
Each transition saves the entry, writes Wagtail's audit log (`wagtail.log_actions.log`: user,
timestamp, `data={"reason": …}`), runs the *listeners* in the same transaction (writes that
must commit with the transition, e.g. outbox rows: exactly once) and the model's *hooks*
once the transaction commits (matching, Celery work).

Registration. `core` knows no Maillage app: each app registers its moderated models with
`register(Moderated(model, departement_path=…, may_edit=…, …))`. The territory of an entry is
read through `departement_path` (an ORM path such as "commune__departement_code", used both on
one instance and to filter the queue). Who moderates which territory is one predicate for all
kinds, given once by the app that owns the roles (`set_territory(scope)`): `scope(user)` returns
the codes of the départements the user moderates, or None for every département (site admins).
An entry with no département is for site admins only. Nothing is allowed until a territory
policy is set (fails closed)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

DRAFT = "draft"
SUBMITTED = "submitted"
PUBLISHED = "published"
ARCHIVED = "archived"

SUBMIT = "moderation.submit"
PUBLISH = "moderation.publish"
REFUSE = "moderation.refuse"
ARCHIVE = "moderation.archive"

ACTION_LABELS = {
    SUBMIT: (gettext_lazy("Soumission"), gettext_lazy("Soumise à validation")),
    PUBLISH: (gettext_lazy("Publication"), gettext_lazy("Publiée par la modération")),
    REFUSE: (gettext_lazy("Refus"), gettext_lazy("Refusée par la modération")),
    ARCHIVE: (gettext_lazy("Archivage"), gettext_lazy("Archivée")),
}

VERBS = {
    SUBMIT: gettext_lazy("soumettre"),
    PUBLISH: gettext_lazy("publier"),
    REFUSE: gettext_lazy("refuser"),
    ARCHIVE: gettext_lazy("archiver"),
}

# transition → (states it starts from, state it leads to)
TRANSITIONS = {
    SUBMIT: ({DRAFT}, SUBMITTED),
    PUBLISH: ({DRAFT, SUBMITTED, ARCHIVED}, PUBLISHED),
    REFUSE: ({SUBMITTED}, DRAFT),
    ARCHIVE: ({DRAFT, SUBMITTED, PUBLISHED}, ARCHIVED),
}

Hook = Callable[[models.Model, "Event"], None]


class TransitionError(Exception):
    """The entry is not in a state that allows this transition, or the input is wrong."""


@dataclass(frozen=True)
class Event:
    """One transition that happened: what listeners and hooks receive."""

    action: str
    user: object
    log_entry: object
    reason: str = ""


@dataclass
class Moderated:
    """How one model takes part in the workflow.

    - `key`: its name in URLs (default: the model name);
    - `departement_path`: ORM path from the model to its département code, or several paths
      of which the first one set counts;
    - `may_edit(user, entry)`: who may submit (and archive) it — its organisation's members;
    - `owner(entry)`: the organisation it belongs to (shown in the queue; refusals go to it);
    - `prepare[action](entry)`: sets extra fields before the save, returns their names;
    - `hooks[action]`: callables(entry, event) run once the transaction commits;
    - `preview_template` / `preview_context(entry)`: the moderator's preview of the content;
    - `select_related`: what the queue and the preview need."""

    model: type[models.Model]
    departement_path: str | tuple[str, ...]
    may_edit: Callable[[object, models.Model], bool]
    owner: Callable[[models.Model], models.Model | None]
    key: str = ""
    preview_template: str = "core/admin/_entry_fields.html"
    title: Callable[[models.Model], str] = str
    preview_context: Callable[[models.Model], dict] = lambda entry: {"fields": field_rows(entry)}
    edit_url: Callable[[models.Model], str] = lambda entry: ""
    public_url: Callable[[models.Model], str] = lambda entry: ""
    prepare: dict[str, Callable[[models.Model], Iterable[str]]] = field(default_factory=dict)
    hooks: dict[str, list[Hook]] = field(default_factory=dict)
    select_related: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.key = self.key or self.model._meta.model_name

    @property
    def departement_paths(self) -> tuple[str, ...]:
        path = self.departement_path
        return (path,) if isinstance(path, str) else tuple(path)

    def departement_of(self, entry) -> str | None:
        for path in self.departement_paths:
            value = entry
            for name in path.split("__"):
                value = getattr(value, name, None)
                if value is None:
                    break
            if value:
                return value
        return None

    def departement_expression(self):
        paths = [models.F(path) for path in self.departement_paths]
        return paths[0] if len(paths) == 1 else Coalesce(*paths)

    @property
    def label(self):
        return self.model._meta.verbose_name

    @property
    def label_plural(self):
        return self.model._meta.verbose_name_plural


# Fields the preview leaves out: moderation bookkeeping, shown apart.
_BOOKKEEPING = {"id", "status", "refusal_reason", "submitted_at", "published_at", "updated_at"}


def field_rows(entry, formatters: dict[str, Callable] | None = None) -> list[tuple[str, object]]:
    """Every field of `entry` as (label, value) for the moderator's preview: choices (and lists
    of choices) by their label, relations by their name, many-to-many and tags as lists.
    `formatters` maps a field name to what turns its raw value into words (codes → names)."""
    formatters = formatters or {}
    rows = []
    for f in entry._meta.get_fields():
        if f.auto_created or f.name in _BOOKKEEPING or not getattr(f, "editable", True):
            continue
        if f.many_to_many or (f.one_to_many and not f.concrete):
            manager = getattr(entry, f.name, None)
            if manager is None or not hasattr(manager, "all"):
                continue
            value = ", ".join(str(item) for item in manager.all())
        elif f.concrete:
            if f.name in formatters:
                value = formatters[f.name](getattr(entry, f.name))
            elif f.choices:
                value = getattr(entry, f"get_{f.name}_display")()
            else:
                value = getattr(entry, f.name)
            if isinstance(value, list | tuple):
                labels = dict(getattr(getattr(f, "base_field", None), "flatchoices", None) or ())
                value = ", ".join(str(labels.get(item, item)) for item in value)
        else:
            continue
        rows.append((f.verbose_name, value))
    return rows


_registry: dict[str, Moderated] = {}
_listeners: list[Hook] = []
_territory: dict[str, Callable] = {}


def register(moderated: Moderated) -> Moderated:
    existing = _registry.get(moderated.key)
    if existing is not None and existing.model is not moderated.model:
        raise ImproperlyConfigured(f"moderation key {moderated.key!r} is already registered")
    _registry[moderated.key] = moderated
    return moderated


def add_hook(model: type[models.Model], action: str, hook: Hook) -> None:
    """Let another app react to a transition of this model (after commit)."""
    hooks = registration_for(model).hooks.setdefault(action, [])
    if hook not in hooks:
        hooks.append(hook)


def add_listener(listener: Hook) -> None:
    """Run `listener(entry, event)` inside the transaction of every transition of every kind
    (for rows that must commit with it, such as notification outbox rows)."""
    if listener not in _listeners:
        _listeners.append(listener)


def set_territory(scope: Callable[[object], Iterable[str] | None]) -> None:
    _territory["scope"] = scope


def registrations() -> list[Moderated]:
    return list(_registry.values())


def get(key: str) -> Moderated | None:
    return _registry.get(key)


def registration_for(model_or_entry) -> Moderated:
    model = model_or_entry if isinstance(model_or_entry, type) else type(model_or_entry)
    for moderated in _registry.values():
        if issubclass(model, moderated.model):
            return moderated
    raise ImproperlyConfigured(f"{model.__name__} is not registered for moderation")


# --- Territory ----------------------------------------------------------------------------------
def scope_of(user) -> frozenset[str] | None:
    """The départements `user` moderates (None: every one)."""
    if "scope" not in _territory:
        raise ImproperlyConfigured("no territory policy: call core.moderation.set_territory()")
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    scope = _territory["scope"](user)
    return None if scope is None else frozenset(scope)


def is_moderator_anywhere(user) -> bool:
    scope = scope_of(user)
    return scope is None or bool(scope)


def may_moderate(user, entry) -> bool:
    scope = scope_of(user)
    if scope is None:
        return True
    departement = registration_for(entry).departement_of(entry)
    return departement is not None and departement in scope


def may_edit(user, entry) -> bool:
    return getattr(user, "is_authenticated", False) and bool(
        registration_for(entry).may_edit(user, entry)
    )


def in_territory(queryset: models.QuerySet, user) -> models.QuerySet:
    """Only the entries of `queryset` that `user` moderates."""
    scope = scope_of(user)
    if scope is None:
        return queryset
    expression = registration_for(queryset.model).departement_expression()
    return queryset.alias(_departement=expression).filter(_departement__in=sorted(scope))


def queue(user) -> list[tuple[Moderated, list]]:
    """Submitted entries of every kind in the user's territory, oldest submission first."""
    result = []
    for moderated in _registry.values():
        queryset = moderated.model._default_manager.filter(status=SUBMITTED)
        queryset = in_territory(queryset.select_related(*moderated.select_related), user)
        result.append((moderated, list(queryset.order_by("submitted_at", "pk"))))
    return result


def moderated_entry(user, key: str, pk, *, editable: bool = False) -> models.Model | None:
    """One entry the user moderates (or, with `editable`, may also edit as its organisation's
    member), or None: the caller answers 404, which leaks nothing."""
    moderated = get(key)
    if moderated is None:
        return None
    queryset = moderated.model._default_manager.select_related(*moderated.select_related)
    entry = in_territory(queryset, user).filter(pk=pk).first()
    if entry is None and editable:
        entry = queryset.filter(pk=pk).first()
        if entry is not None and not may_edit(user, entry):
            return None
    return entry


# --- Transitions ---------------------------------------------------------------------------------
def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Vous n'avez pas le droit de modérer cette fiche."))


def _check_state(entry, action: str) -> str:
    sources, target = TRANSITIONS[action]
    if entry.status not in sources:
        raise TransitionError(
            _("Impossible de %(action)s une fiche au statut « %(status)s ».")
            % {"action": VERBS[action], "status": entry.get_status_display()}
        )
    return target


def _has(entry, name: str) -> bool:
    return any(f.name == name for f in entry._meta.concrete_fields)


@transaction.atomic
def _apply(entry, user, action: str, reason: str = ""):
    moderated = registration_for(entry)
    entry.status = _check_state(entry, action)
    fields = ["status"]
    now = timezone.now()
    if action == SUBMIT:
        entry.submitted_at = now
        fields.append("submitted_at")
    if action == PUBLISH:
        entry.published_at = now
        fields.append("published_at")
    if action in (SUBMIT, PUBLISH, REFUSE) and _has(entry, "refusal_reason"):
        entry.refusal_reason = reason
        fields.append("refusal_reason")
    fields.extend(moderated.prepare.get(action, lambda entry: ())(entry))
    if _has(entry, "updated_at"):
        fields.append("updated_at")
    entry.save(update_fields=list(dict.fromkeys(fields)))
    log_entry = log(entry, action, user=user, data={"reason": reason} if reason else {})
    event = Event(action=action, user=user, log_entry=log_entry, reason=reason)
    for listener in _listeners:
        listener(entry, event)
    for hook in moderated.hooks.get(action, ()):
        transaction.on_commit(lambda hook=hook: hook(entry, event))
    return entry


def submit(entry, user):
    """A partner asks for publication; the territory's moderators are told."""
    _require(may_edit(user, entry))
    return _apply(entry, user, SUBMIT)


def publish(entry, user):
    _require(may_moderate(user, entry))
    return _apply(entry, user, PUBLISH)


def refuse(entry, user, reason: str):
    """Back to draft with a reason, which is sent to the entry's organisation."""
    _require(may_moderate(user, entry))
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("Indiquez le motif du refus : il est envoyé à l'organisation."))
    return _apply(entry, user, REFUSE, reason)


def archive(entry, user):
    _require(may_edit(user, entry) or may_moderate(user, entry))
    return _apply(entry, user, ARCHIVE)


def archive_by_system(entry, reason: str):
    """Archived by the site itself, not by a person (e.g. a rule of the app that registered
    the model): same transition, listeners and audit-log row, with no user and a reason."""
    return _apply(entry, None, ARCHIVE, reason)
