from django.urls import path

from . import views

app_name = "orientation"

urlpatterns = [
    path("orientation/", views.index, name="index"),
    path("orientation/appel/<slug:slug>/", views.call_sheet, name="call_sheet"),
    path("orientation/favoris/<slug:slug>/", views.toggle_favourite, name="toggle_favourite"),
    path("orientation/apres-connexion/", views.after_login, name="after_login"),
    path("residences/", views.my_residences, name="residences"),
    path("residences/<int:pk>/", views.residence_sheet, name="residence"),
    path("residences/<int:pk>/pdf/", views.residence_pdf, name="residence_pdf"),
    path("glossaire/", views.glossary, name="glossary"),
    path("mon-espace/favoris/", views.favourites, name="favourites"),
]
