from django.urls import path

from . import views

app_name = "guides"

urlpatterns = [
    path("guides/", views.guide_index, name="index"),
    path("guides/gros-caracteres/", views.large_print, name="large_print"),
    path(
        "guides/affiche/residence/<int:pk>.pdf",
        views.residence_poster,
        name="residence_poster",
    ),
    path(
        "guides/affiche/commune/<str:insee_code>.pdf",
        views.commune_poster,
        name="commune_poster",
    ),
    path("guides/<slug:slug>/pdf", views.guide_pdf, name="pdf"),
    path(
        "qui-appeler/residence/<int:pk>/<str:key>/",
        views.residence_public,
        name="residence_public",
    ),
    path("qui-appeler/commune/<str:insee_code>/", views.commune_public, name="commune_public"),
]
