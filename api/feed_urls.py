"""Feeds under /flux/ (see api.feeds): RSS by default, Atom under …/atom/."""

from django.urls import path

from . import feeds

app_name = "feeds"

INSEE = "<str:insee>"
DEPARTEMENT = "departement/<str:departement>"

urlpatterns = [
    path("services/", feeds.ServicesFeed(), name="services"),
    path("services/atom/", feeds.AtomServicesFeed(), name="services_atom"),
    path(f"services/{DEPARTEMENT}/", feeds.ServicesFeed(), name="services_departement"),
    path(
        f"services/{DEPARTEMENT}/atom/",
        feeds.AtomServicesFeed(),
        name="services_departement_atom",
    ),
    path(f"services/{INSEE}/", feeds.ServicesFeed(), name="services_commune"),
    path(f"services/{INSEE}/atom/", feeds.AtomServicesFeed(), name="services_commune_atom"),
    path("evenements/", feeds.EventsFeed(), name="events"),
    path("evenements/atom/", feeds.AtomEventsFeed(), name="events_atom"),
    path(f"evenements/{DEPARTEMENT}/", feeds.EventsFeed(), name="events_departement"),
    path(
        f"evenements/{DEPARTEMENT}/atom/",
        feeds.AtomEventsFeed(),
        name="events_departement_atom",
    ),
    path(f"evenements/{INSEE}/", feeds.EventsFeed(), name="events_commune"),
    path(f"evenements/{INSEE}/atom/", feeds.AtomEventsFeed(), name="events_commune_atom"),
    path("appels-a-projets/", feeds.CallsFeed(), name="calls"),
    path("appels-a-projets/atom/", feeds.AtomCallsFeed(), name="calls_atom"),
    path(f"appels-a-projets/{DEPARTEMENT}/", feeds.CallsFeed(), name="calls_departement"),
    path(
        f"appels-a-projets/{DEPARTEMENT}/atom/",
        feeds.AtomCallsFeed(),
        name="calls_departement_atom",
    ),
]
