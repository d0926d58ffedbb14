from django.urls import path

from . import gap_views

app_name = "steering"

urlpatterns: list = [
    path("pilotage/lacunes/", gap_views.gap_map, name="gaps"),
    path("pilotage/lacunes/export.csv", gap_views.gap_map_csv, name="gaps_csv"),
]
