"""How events appear in search (`search.registry`): published event pages, indexed on
publish and removed on unpublish (see `signals.py`), with their next session as extra data."""

from __future__ import annotations

from data_inclusion.schema import v1
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from search.registry import Projection, SearchDoc, register, register_facet_labels

from .models import Audience, EventOccurrence, EventPage, EventType
from .translations import is_source, source_events

register_facet_labels("category", {f"event:{value}": label for value, label in EventType.choices})

# Our audiences expressed in the national vocabulary (data·inclusion publics), for facets.
AUDIENCE_PUBLICS = {
    Audience.OLDER_TENANTS: v1.Public.SENIORS.value,
    Audience.EVERYONE: v1.Public.TOUS_PUBLICS.value,
}


def body_text(event: EventPage) -> str:
    parts = [event.summary]
    for block in event.body:
        if block.block_type == "text":
            parts.append(strip_tags(block.value.source))
        elif block.block_type == "callout":
            parts.extend(filter(None, [block.value["title"], block.value["text"]]))
        elif block.block_type == "image" and block.value["caption"]:
            parts.append(block.value["caption"])
    return "\n".join(part for part in parts if part)


@register
class EventProjection(Projection):
    kind = "event"
    label = _("Événement")
    model = EventPage
    # Pages are saved for every draft: the app indexes on publish / unpublish instead.
    connect_signals = False

    def queryset(self):
        # French events only: a translation is not another event (events/translations.py).
        return source_events(EventPage.objects.live()).select_related(
            "commune", "organiser", "place_organisation__commune", "place_residence__commune"
        )

    def is_indexable(self, obj) -> bool:
        return obj.live and is_source(obj)

    def document(self, obj) -> SearchDoc:
        commune = obj.commune
        next_session = (
            EventOccurrence.objects.filter(event=obj, cancelled=False, end__gte=timezone.now())
            .order_by("start")
            .values_list("start", flat=True)
            .first()
        )
        return SearchDoc(
            title=obj.title,
            url=obj.url or "",
            body=body_text(obj),
            keywords=[
                str(obj.get_event_type_display()),
                *obj.audience_labels(),
                *obj.accessibility_labels(),
                *([obj.organiser.name] if obj.organiser_id else []),
            ],
            publics=sorted({AUDIENCE_PUBLICS[a] for a in obj.audiences if a in AUDIENCE_PUBLICS}),
            categories=[f"event:{obj.event_type}"],
            commune_code=commune.insee_code if commune else "",
            commune_name=commune.name if commune else "",
            latitude=commune.latitude if commune else None,
            longitude=commune.longitude if commune else None,
            frais=[v1.Frais.GRATUIT.value if obj.is_free else v1.Frais.PAYANT.value],
            updated_at=obj.last_published_at,
            extra={
                "event_type": obj.event_type,
                "next_session": next_session.isoformat() if next_session else "",
                "place": obj.place_label(),
            },
        )
