from django.urls import path

from . import counting_views, verification_views, views

app_name = "directory"

urlpatterns = [
    path("annuaire/", views.home, name="home"),
    path("annuaire/organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("annuaire/services/<slug:slug>/", views.service_detail, name="service"),
    path("annuaire/services/<slug:slug>/imprimer/", views.service_print, name="service_print"),
    path("annuaire/services/<slug:slug>/fiche.pdf", views.service_pdf, name="service_pdf"),
    path("annuaire/communes/<slug:slug>/", views.commune_detail, name="commune"),
    path("annuaire/categories/<slug:slug>/", views.category_detail, name="category"),
    path("annuaire/verifier/<str:token>/", verification_views.verify_with_link, name="verify"),
    path("compter/", counting_views.count_click, name="count_click"),
]
