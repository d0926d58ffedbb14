from django.urls import path, re_path

from . import gap_views, views

app_name = "steering"

EXPORT = r"export/(?P<table>[a-z-]{1,40})\.(?P<fmt>csv|ods)$"

urlpatterns: list = [
    path("pilotage/", views.dashboard, name="dashboard"),
    re_path(rf"^pilotage/{EXPORT}", views.dashboard_export, name="dashboard_export"),
    path(
        "pilotage/organisations/<slug:slug>/",
        views.organisation_figures,
        name="organisation",
    ),
    re_path(
        rf"^pilotage/organisations/(?P<slug>[-a-zA-Z0-9_]+)/{EXPORT}",
        views.organisation_export,
        name="organisation_export",
    ),
    path("pilotage/lacunes/", gap_views.gap_map, name="gaps"),
    path("pilotage/lacunes/export.csv", gap_views.gap_map_csv, name="gaps_csv"),
]
