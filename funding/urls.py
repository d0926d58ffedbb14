from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("appels-a-projets/", views.call_list, name="list"),
    path("appels-a-projets/mes-appels/", views.my_calls, name="mine"),
    path("appels-a-projets/proposer/", views.call_edit, name="create"),
    path("appels-a-projets/<int:pk>/", views.call_detail, name="detail"),
    path("appels-a-projets/<int:pk>/modifier/", views.call_edit, name="edit"),
]
