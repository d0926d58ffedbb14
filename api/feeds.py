"""RSS and Atom feeds of new services, events and open calls for projects, per commune or per
département (Django syndication framework), mounted under /flux/.

Atom follows RFC 4287: the feed names its author (the portal), each feed has its own
`atom:id` (its own Atom address, so each kind and territory differs), each entry's id is its
permalink, and summaries are plain text declared `type="text"` (Django declares every summary
as HTML)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.places import departement_name
from directory.models import Commune, Service
from events.models import EventPage
from events.translations import source_events
from funding.models import CallForProjects

FEED_SIZE = 30


class TextAtom1Feed(Atom1Feed):
    """Atom whose summaries are plain text (`type="text"`): our descriptions are not HTML,
    and a reader must not interpret a « < » in them as markup."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class PortalFeed(Feed):
    """What every feed of the portal shares: its author, and an Atom id of its own."""

    author_name = settings.WAGTAIL_SITE_NAME

    def author_link(self):
        return self.request.build_absolute_uri("/")

    def feed_guid(self, obj):
        # The address of this very feed: one per kind and territory, stable, and the same
        # whichever way it is reached (Atom is the only format that writes it).
        return self.request.build_absolute_uri(self.request.path)


class Territory:
    """What a feed covers: one commune, one département, or everything."""

    def __init__(self, commune: Commune | None = None, departement: str = ""):
        self.commune = commune
        self.departement = departement

    @property
    def label(self) -> str:
        if self.commune:
            return self.commune.name
        if self.departement:
            return departement_name(self.departement)  # « Seine-Saint-Denis », not « 93 »
        return _("tout le territoire")


def territory_from(insee: str | None = None, departement: str | None = None) -> Territory:
    if insee:
        return Territory(commune=get_object_or_404(Commune, insee_code=insee))
    if departement:
        if not Commune.objects.filter(departement_code=departement).exists():
            raise Http404
        return Territory(departement=departement)
    return Territory()


class ServicesFeed(PortalFeed):
    """Services newly published in a commune (where they receive, or their organisation's
    commune), a département, or the whole portal."""

    def get_object(self, request, insee=None, departement=None):
        self.request = request
        return territory_from(insee, departement)

    def title(self, territory):
        return _("Nouveaux services — %(place)s") % {"place": territory.label}

    def description(self, territory):
        return _("Les derniers services publiés dans l'annuaire Maillage (%(place)s).") % {
            "place": territory.label
        }

    def link(self, territory):
        if territory.commune:
            return territory.commune.get_absolute_url()
        return reverse("directory:home")

    def items(self, territory):
        queryset = Service.objects.public().select_related("organisation", "commune")
        if territory.commune:
            commune = territory.commune
            queryset = queryset.filter(
                Q(commune=commune) | Q(commune__isnull=True, organisation__commune=commune)
            )
        elif territory.departement:
            code = territory.departement
            queryset = queryset.filter(
                Q(commune__departement_code=code)
                | Q(commune__isnull=True, organisation__commune__departement_code=code)
            )
        return queryset.order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, service):
        return f"{service.name} — {service.organisation.name}"

    def item_description(self, service):
        return service.description

    def item_pubdate(self, service):
        return service.published_at or service.created_at

    def item_updateddate(self, service):
        return service.updated_at

    def item_guid(self, service):
        return self.request.build_absolute_uri(service.get_absolute_url())

    item_guid_is_permalink = True


class EventsFeed(PortalFeed):
    """Events newly published, placed in a commune, a département, or anywhere."""

    def get_object(self, request, insee=None, departement=None):
        self.request = request
        return territory_from(insee, departement)

    def title(self, territory):
        return _("Nouveaux événements — %(place)s") % {"place": territory.label}

    def description(self, territory):
        return _("Les derniers événements annoncés sur Maillage (%(place)s).") % {
            "place": territory.label
        }

    def link(self, territory):
        if territory.commune:
            return reverse("events:commune", args=[territory.commune.slug])
        return reverse("events:index")

    def items(self, territory):
        # Each event once: the French page (a translation is not another event).
        queryset = source_events(EventPage.objects.live().public()).select_related(
            "commune",
            "place_organisation__commune",
            "place_residence__commune",
            "address_commune",
        )
        if territory.commune:
            queryset = queryset.filter(commune=territory.commune)
        elif territory.departement:
            queryset = queryset.filter(commune__departement_code=territory.departement)
        return queryset.order_by("-first_published_at", "-pk")[:FEED_SIZE]

    def item_title(self, event):
        return event.title

    def item_description(self, event):
        when = date_format(timezone.localtime(event.start), "DATETIME_FORMAT")
        place = event.place_label()
        return f"{when} — {place}\n\n{event.summary}" if place else f"{when}\n\n{event.summary}"

    def item_link(self, event):
        return event.get_url(self.request) or "/"

    def item_pubdate(self, event):
        return event.first_published_at

    def item_updateddate(self, event):
        return event.last_published_at or event.first_published_at


class CallsFeed(PortalFeed):
    """Calls for projects open today (published, deadline ahead), newest first; per
    département or everywhere."""

    def get_object(self, request, departement=None):
        self.request = request
        return territory_from(departement=departement)

    def title(self, territory):
        return _("Appels à projets ouverts — %(place)s") % {"place": territory.label}

    def description(self, territory):
        return _(
            "Les appels à projets, appels à manifestation d'intérêt et financements ouverts "
            "sur Maillage (%(place)s)."
        ) % {"place": territory.label}

    def link(self, territory):
        return reverse("funding:list")

    def items(self, territory):
        queryset = CallForProjects.objects.open()
        if territory.departement:
            queryset = queryset.filter(departement=territory.departement)
        return queryset.order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, call):
        return call.title

    def item_description(self, call):
        deadline = date_format(timezone.localtime(call.deadline), "DATETIME_FORMAT")
        head = _("%(funder)s — dépôt jusqu'au %(deadline)s") % {
            "funder": call.funder,
            "deadline": deadline,
        }
        return f"{head}\n\n{call.summary}"

    def item_pubdate(self, call):
        return call.published_at or call.created_at

    def item_updateddate(self, call):
        return call.updated_at

    def item_guid(self, call):
        return self.request.build_absolute_uri(call.get_absolute_url())

    item_guid_is_permalink = True


class AtomServicesFeed(ServicesFeed):
    feed_type = TextAtom1Feed
    subtitle = ServicesFeed.description


class AtomEventsFeed(EventsFeed):
    feed_type = TextAtom1Feed
    subtitle = EventsFeed.description


class AtomCallsFeed(CallsFeed):
    feed_type = TextAtom1Feed
    subtitle = CallsFeed.description
