from django.urls import path

from . import callback_views, views

app_name = "orientation"

urlpatterns = [
    path("orientation/", views.index, name="index"),
    path("orientation/appel/<slug:slug>/", views.call_sheet, name="call_sheet"),
    path("orientation/favoris/<slug:slug>/", views.toggle_favourite, name="toggle_favourite"),
    path("orientation/apres-connexion/", views.after_login, name="after_login"),
    path("orientation/rappel/<slug:slug>/", callback_views.new_callback, name="callback_new"),
    path(
        "orientation/rappel-bailleur/<int:pk>/",
        callback_views.new_referent_callback,
        name="callback_referent",
    ),
    path("rappel/<str:token>/", callback_views.answer_by_link, name="callback_answer"),
    path("residences/", views.my_residences, name="residences"),
    path("residences/<int:pk>/", views.residence_sheet, name="residence"),
    path("residences/<int:pk>/pdf/", views.residence_pdf, name="residence_pdf"),
    path("glossaire/", views.glossary, name="glossary"),
    path("mon-espace/favoris/", views.favourites, name="favourites"),
    path("mon-espace/rappels/", callback_views.sent, name="callbacks_sent"),
    path("mon-espace/rappels/recus/", callback_views.received, name="callbacks_received"),
    path(
        "mon-espace/rappels/recus/<int:pk>/repondre/",
        callback_views.respond,
        name="callback_respond",
    ),
]
