from django.urls import path

from . import views

# Included by portal/urls.py under the "accounts" namespace, with directory.member_urls.
urlpatterns = [
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/export/", views.export_my_data, name="export"),
    path("supprimer-mon-compte/", views.delete_account, name="delete_account"),
]
