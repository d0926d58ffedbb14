"""`{% upcoming_events 3 %}` for the home page and `{% organisation_events organisation 5 %}`
for organisation pages: the next sessions, in two queries."""

from django import template
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import structured_data
from ..models import EventOccurrence
from ..translations import attach_reader_versions, source_events
from ..views import event_page_context

register = template.Library()


def _next_occurrences(count: int, extra=None):
    occurrences = (
        source_events(
            EventOccurrence.objects.filter(
                event__live=True, cancelled=False, end__gte=timezone.now()
            ),
            through="event__",
        )
        .select_related("event", "event__commune", "event__organiser")
        .order_by("start", "pk")
    )
    if extra is not None:
        occurrences = occurrences.filter(extra)
    occurrences = list(occurrences[: max(int(count), 0)])
    attach_reader_versions(occurrences)  # each event in the reader's language
    return occurrences


@register.simple_tag(takes_context=True)
def event_sessions(context, page):
    """`{% event_sessions page as sessions %}`: the event page's next sessions and whether the
    visitor manages them (a tag, so that the page model needs no import of the views). Kept on
    the page for the rest of the rendering (the structured data reads them too)."""
    sessions = getattr(page, "_event_sessions", None)
    if sessions is None:
        sessions = page._event_sessions = event_page_context(page, context.get("request"))
    return sessions


@register.simple_tag(takes_context=True)
def event_structured_data(context, page):
    """`{% event_structured_data page as data %}`: the schema.org Events of the page's next
    sessions (events.structured_data)."""
    sessions = event_sessions(context, page)
    return structured_data.event_data(context.get("request"), page, sessions["occurrences"])


@register.inclusion_tag("events/includes/upcoming.html", takes_context=True)
def upcoming_events(context, count=3):
    return {
        "request": context.get("request"),
        "occurrences": _next_occurrences(count),
        "heading": _("Prochains événements"),
        "heading_id": "upcoming-events-title",
        "more_url": reverse("events:index"),
    }


@register.inclusion_tag("events/includes/upcoming.html", takes_context=True)
def organisation_events(context, organisation, count=5):
    """Sessions this organisation organises or hosts."""
    return {
        "request": context.get("request"),
        "occurrences": _next_occurrences(
            count, Q(event__organiser=organisation) | Q(event__place_organisation=organisation)
        ),
        "heading": _("Agenda de l'organisation"),
        "heading_id": f"organisation-events-{organisation.pk}",
        "more_url": reverse("events:organisation", args=[organisation.slug]),
    }
