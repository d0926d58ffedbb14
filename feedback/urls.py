from django.urls import path

from . import partner_views, views

app_name = "feedback"

urlpatterns = [
    path(
        "annuaire/organisations/<slug:slug>/signaler/",
        views.report_organisation,
        name="report_organisation",
    ),
    path("annuaire/services/<slug:slug>/signaler/", views.report_service, name="report_service"),
    path("annuaire/suggerer-un-service/", views.suggest, name="suggest"),
    path("annuaire/signalement-envoye/", views.thanks, name="thanks"),
    path("mon-espace/signalements/", partner_views.partner_list, name="partner_list"),
    path("mon-espace/signalements/<int:pk>/", partner_views.partner_detail, name="partner_detail"),
]
