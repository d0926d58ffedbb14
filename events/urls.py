from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("agenda/", views.index, name="index"),
    path("agenda/archives/", views.archive, name="archive"),
    path("agenda/mois/", views.month, name="month_current"),
    path("agenda/mois/<int:year>/<int:month>/", views.month, name="month"),
    path("agenda/commune/<slug:slug>/", views.commune, name="commune"),
    path("agenda/organisation/<slug:slug>/", views.organisation, name="organisation"),
    path("agenda/agenda.ics", views.feed, name="feed"),
    path("agenda/evenement/<int:event_id>.ics", views.event_ics, name="event_ics"),
    path("agenda/seance/<int:occurrence_id>.ics", views.occurrence_ics, name="occurrence_ics"),
    path("agenda/seance/<int:occurrence_id>/inscription/", views.register_view, name="register"),
    path("agenda/inscription/<str:token>/", views.registration_view, name="registration"),
    path(
        "agenda/inscription/<str:token>/recu/",
        views.registration_receipt,
        name="registration_receipt",
    ),
    path("agenda/gestion/", views.manage_index, name="manage_index"),
    path(
        "agenda/gestion/seance/<int:occurrence_id>/",
        views.manage_occurrence,
        name="manage_occurrence",
    ),
    path(
        "agenda/gestion/seance/<int:occurrence_id>/inscription/<int:registration_id>/",
        views.manage_action,
        name="manage_action",
    ),
    path(
        "agenda/gestion/seance/<int:occurrence_id>/inscriptions.csv",
        views.export_csv,
        name="export_csv",
    ),
]
