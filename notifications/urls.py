from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("mon-espace/notifications/", views.inbox, name="inbox"),
    path("mon-espace/notifications/tout-lu/", views.mark_all_read, name="mark_all_read"),
    path("mon-espace/notifications/<int:pk>/", views.open_delivery, name="open"),
    path("mon-espace/preferences-notifications/", views.preferences, name="preferences"),
    path("alertes/nouvelle/", views.subscribe, name="subscribe"),
    path("alertes/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("alertes/desabonner/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
