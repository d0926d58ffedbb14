from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("appels-a-projets/", views.call_list, name="list"),
    path("appels-a-projets/<int:pk>/", views.call_detail, name="detail"),
]
