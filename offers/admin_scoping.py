"""The Wagtail admin's shared helpers scoped like the rest of the admin (DESIGN.md §4): the
image chooser and the tag autocomplete show nobody another organisation's unpublished
content. A partner sees published entries and their own organisations' (drafts included),
a moderator also the entries of the départements they moderate, a site admin everything.

Images and tags that belong to no partner entry (the editorial library of guides and events)
stay shared. Registered from `offers/wagtail_hooks.py` (chooser) and `portal/urls.py`
(autocomplete, placed before Wagtail's admin URLs, which have no hook for it)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404, JsonResponse
from taggit.models import Tag, TaggedItem
from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.tags import TAGS_AUTOCOMPLETE_LIMIT
from wagtail.admin.views.tags import autocomplete as wagtail_tag_autocomplete
from wagtail.images import get_image_model
from wagtail.images.views.chooser import viewset as image_chooser

from core import moderation
from directory.models import Organisation, Service, ServiceTag
from directory.roles import managed_organisation_ids
from directory.vocabularies import Status as DirectoryStatus

from .models import Premises, PremisesPhoto, ServiceOffer, ServiceOfferPhoto
from .vocabularies import Status

# model → (owner organisation field, what "published" means). Their territory is the one the
# moderation workflow knows (core.moderation registrations).
PARTNER_ENTRIES = {
    Organisation: ("pk", Q(status=DirectoryStatus.PUBLISHED)),
    Service: (
        "organisation_id",
        Q(status=DirectoryStatus.PUBLISHED, organisation__status=DirectoryStatus.PUBLISHED),
    ),
    ServiceOffer: ("provider_id", Q(status=Status.PUBLISHED)),
    Premises: ("landlord_id", Q(status=Status.PUBLISHED)),
}


def visible_entries(model, user) -> QuerySet:
    """Entries of a partner model whose photos and tags `user` may see in the admin:
    published ones, their organisations' own, and those of the territory they moderate."""
    if user.is_superuser:
        return model.objects.all()
    owner, published = PARTNER_ENTRIES[model]
    visible = published | Q(**{f"{owner}__in": managed_organisation_ids(user)})
    if moderation.is_moderator_anywhere(user):
        visible |= Q(pk__in=moderation.in_territory(model.objects.all(), user).values("pk"))
    return model.objects.filter(visible)


def scope_images(images: QuerySet, user) -> QuerySet:
    """Hide the photos of entries the user may not see (their own uploads stay theirs)."""
    if user.is_superuser:
        return images
    hidden = Q(
        pk__in=ServiceOfferPhoto.objects.exclude(
            offer__in=visible_entries(ServiceOffer, user)
        ).values("image_id")
    ) | Q(
        pk__in=PremisesPhoto.objects.exclude(premises__in=visible_entries(Premises, user)).values(
            "image_id"
        )
    )
    return images.exclude(hidden & ~Q(uploaded_by_user=user))


@hooks.register("construct_image_chooser_queryset")
def scope_image_chooser(images, request):
    return scope_images(images, request.user)


def _require_visible_images(request, pks) -> None:
    visible = scope_images(get_image_model().objects.filter(pk__in=pks), request.user)
    if visible.count() != len(set(pks)):
        raise Http404


# The chooser's "chosen" and "select format" answers look an image up by id, without the
# queryset hook: these wrappers (routed before Wagtail's admin in portal/urls.py) apply it.
@require_admin_access
def image_chosen(request, pk):
    _require_visible_images(request, [pk] if str(pk).isdigit() else [])
    return image_chooser.chosen_view(request, pk=pk)


@require_admin_access
def image_chosen_multiple(request):
    _require_visible_images(request, [pk for pk in request.GET.getlist("id") if pk.isdigit()])
    return image_chooser.chosen_multiple_view(request)


@require_admin_access
def image_select_format(request, image_id):
    _require_visible_images(request, [image_id])
    return image_chooser.select_format_view(request, image_id=image_id)


def visible_tags(user) -> QuerySet:
    """Tags used somewhere the user may look: on visible partner entries, or on anything
    else (pages, images, documents). A tag used only on another organisation's draft is
    not shown, nor are tags no longer used at all."""
    tags = Tag.objects.all()
    if user.is_superuser:
        return tags
    partner_types = ContentType.objects.get_for_models(*PARTNER_ENTRIES).values()
    used = Q(pk__in=TaggedItem.objects.exclude(content_type__in=partner_types).values("tag_id"))
    for model in (Organisation, ServiceOffer, Premises):
        items = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=visible_entries(model, user).values("pk"),
        )
        used |= Q(pk__in=items.values("tag_id"))
    services = ServiceTag.objects.filter(content_object__in=visible_entries(Service, user))
    used |= Q(pk__in=services.values("tag_id"))
    return tags.filter(used)


@require_admin_access
def tag_autocomplete(request, app_name=None, model_name=None):
    """Wagtail's `/admin/tag-autocomplete/`, restricted to `visible_tags`. Other tag models
    (none today) keep Wagtail's own view."""
    if (app_name or model_name) and (app_name, model_name) != ("taggit", "tag"):
        return wagtail_tag_autocomplete(request, app_name, model_name)
    term = request.GET.get("term", "")
    if not term:
        return JsonResponse([], safe=False)
    names = (
        visible_tags(request.user)
        .filter(name__istartswith=term)
        .order_by("name")
        .values_list("name", flat=True)[:TAGS_AUTOCOMPLETE_LIMIT]
    )
    return JsonResponse(list(names), safe=False)
