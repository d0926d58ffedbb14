"""The marketplace's part in the one moderation workflow (`core.moderation`): offers, premises
and needs are registered here.

Territory: an offer's is the département it covers, premises' the département of their
commune, a need's the département of its centre commune, else its project holder's (a need
with neither is for site admins). On publication the matching and the saved-search alerts run
once the transaction commits (`services.enqueue_announcement`), as before."""

from django.urls import reverse

from core import counters, moderation
from directory.places import zone_names
from directory.roles import managed_organisation_ids

from . import service_calls, services
from .models import Premises, ProjectNeed, ServiceCall, ServiceOffer

# URL segment of each model in the partner space (`offers:manage`).
PARTNER_KINDS = {
    ServiceOffer: "offres",
    Premises: "locaux",
    ProjectNeed: "besoins",
    ServiceCall: "appels",
}


def _may_edit(user, entry) -> bool:
    return user.is_superuser or entry.owner_id in managed_organisation_ids(user)


def _owner(entry):
    return getattr(entry, entry.OWNER_FIELD)


def _edit_url(entry) -> str:
    return reverse("offers:manage", kwargs={"kind": PARTNER_KINDS[type(entry)], "pk": entry.pk})


# Fields holding INSEE codes, shown by commune name.
COMMUNE_FIELDS = {
    "coverage_communes": zone_names,
    "zone_communes": zone_names,
    "communes": zone_names,
}


def _preview_context(entry) -> dict:
    context = {"fields": moderation.field_rows(entry, COMMUNE_FIELDS)}
    if hasattr(entry, "photos"):
        context["photos"] = list(entry.photos.select_related("image"))
    if isinstance(entry, Premises):
        context["lots"] = list(entry.lots.all())
    return context


def _to_announce(entry) -> list[str]:
    """A (re)publication is announced again: matching and alerts look at it anew."""
    entry.announced_at = None
    return ["announced_at"]


def _to_announce_and_count_posting(entry) -> list[str]:
    """Premises: as `_to_announce`, and counted as posted (metric "premises", outcome
    "posted", once the publication commits) when published for the first time. Run before
    the save, when the stored `published_at` still tells a first publication (never set)
    from a re-publication after an edit (it is never cleared)."""
    if not Premises.objects.filter(pk=entry.pk, published_at__isnull=False).exists():
        counters.count(
            "premises",
            outcome="posted",
            commune=entry.commune.insee_code,
            organisation=entry.landlord_id,
        )
    return _to_announce(entry)


def _announce(entry, event) -> None:
    services.enqueue_announcement(entry._meta.label_lower, entry.pk)


for _model, _path, _related in (
    (ServiceOffer, "coverage_departement", ("provider",)),
    (Premises, "commune__departement_code", ("landlord", "commune", "residence")),
    (
        ProjectNeed,
        ("center_commune__departement_code", "organisation__commune__departement_code"),
        ("organisation__commune", "center_commune"),
    ),
):
    moderation.register(
        moderation.Moderated(
            model=_model,
            departement_path=_path,
            may_edit=_may_edit,
            owner=_owner,
            title=lambda entry: entry.title,
            edit_url=_edit_url,
            public_url=lambda entry: entry.get_absolute_url(),
            preview_context=_preview_context,
            prepare={
                moderation.PUBLISH: (
                    _to_announce_and_count_posting if _model is Premises else _to_announce
                )
            },
            hooks={moderation.PUBLISH: [_announce]},
            select_related=_related,
        )
    )


def _announce_call(entry, event) -> None:
    service_calls.enqueue_call_announcement(entry.pk)


moderation.register(
    moderation.Moderated(
        model=ServiceCall,
        departement_path="departement",
        may_edit=_may_edit,
        owner=_owner,
        title=lambda entry: entry.title,
        edit_url=_edit_url,
        public_url=lambda entry: entry.get_absolute_url(),
        preview_context=_preview_context,
        prepare={moderation.PUBLISH: _to_announce},
        hooks={moderation.PUBLISH: [_announce_call]},
        select_related=("landlord",),
    )
)
