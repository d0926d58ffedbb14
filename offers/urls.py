from django.urls import path

from . import views

app_name = "offers"

KIND = "<str:kind>"

urlpatterns = [
    path("offres/", views.home, name="home"),
    path("offres/<int:pk>/", views.offer_detail, name="offer"),
    path("offres/locaux/", views.premises_list, name="premises_list"),
    path("offres/locaux/<int:pk>/", views.premises_detail, name="premises"),
    path("offres/besoins/<int:pk>/", views.need_detail, name="need"),
    path("offres/appels/", views.service_call_list, name="service_calls"),
    path("offres/appels/<int:pk>/", views.service_call_detail, name="service_call"),
    path(
        "offres/appels/<int:pk>/prestataires/",
        views.service_call_matches,
        name="service_call_matches",
    ),
    path("offres/mon-espace/", views.dashboard, name="dashboard"),
    path(f"offres/mon-espace/{KIND}/nouveau/", views.edit, name="create"),
    path(f"offres/mon-espace/{KIND}/<int:pk>/", views.manage, name="manage"),
    path(f"offres/mon-espace/{KIND}/<int:pk>/modifier/", views.edit, name="edit"),
    path(
        f"offres/mon-espace/{KIND}/<int:pk>/<str:action>/",
        views.transition,
        name="transition",
    ),
    path(
        f"offres/mon-espace/{KIND}/<int:pk>/photos/ajouter/", views.add_photo_view, name="add_photo"
    ),
    path(
        f"offres/mon-espace/{KIND}/<int:pk>/photos/<int:photo_pk>/supprimer/",
        views.delete_photo,
        name="delete_photo",
    ),
    path("offres/demandes/", views.requests, name="requests"),
    path("offres/demandes/<int:pk>/", views.contact_request, name="contact_request"),
    path("offres/correspondances/", views.matches, name="matches"),
    path("offres/correspondances/<int:pk>/", views.match_detail, name="match"),
    path("offres/correspondances/<int:pk>/suivi/", views.match_status, name="match_status"),
    path("offres/correspondances/<int:pk>/suite/", views.match_outcome, name="match_outcome"),
    path(
        "offres/demandes/<int:pk>/suite/",
        views.contact_request_outcome,
        name="contact_request_outcome",
    ),
    path("offres/conventions/", views.agreements, name="agreements"),
    path("offres/conventions/nouvelle/", views.agreement_edit, name="agreement_create"),
    path("offres/conventions/<int:pk>/", views.agreement_detail, name="agreement"),
    path("offres/conventions/<int:pk>/modifier/", views.agreement_edit, name="agreement_edit"),
    path(
        "offres/conventions/<int:pk>/documents/<int:doc>/",
        views.agreement_document,
        name="agreement_document",
    ),
    path(
        "offres/conventions/<int:pk>/documents/<int:doc>/supprimer/",
        views.agreement_document_delete,
        name="agreement_document_delete",
    ),
    path("offres/moderation/", views.moderation, name="moderation"),
    path("offres/moderation/<str:kind>/<int:pk>/<str:action>/", views.moderate, name="moderate"),
]
