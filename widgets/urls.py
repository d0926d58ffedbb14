from django.urls import path

from . import views

app_name = "widgets"

urlpatterns = [
    # « Mon espace »: a partner's widgets (beside the account pages, under their prefix).
    path("mon-espace/modules-a-integrer/", views.widget_list, name="list"),
    path("mon-espace/modules-a-integrer/nouveau/", views.widget_create, name="create"),
    path("mon-espace/modules-a-integrer/<int:pk>/", views.widget_edit, name="edit"),
    path("mon-espace/modules-a-integrer/<int:pk>/revoquer/", views.widget_revoke, name="revoke"),
    # The page partners' sites frame (and its search, by GET).
    path("widget/<uuid:token>/", views.widget_page, name="widget"),
]
