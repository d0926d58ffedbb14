from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisations/<slug:slug>/", views.organisation_members, name="organisation"),
    path("organisations/<slug:slug>/inviter/", views.invite, name="invite"),
    path("organisations/<slug:slug>/invitations/", views.invitations, name="invitations"),
    path(
        "organisations/<slug:slug>/invitations/<int:pk>/revoquer/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path(
        "organisations/<slug:slug>/membres/<int:pk>/role/",
        views.change_member_role,
        name="change_role",
    ),
    path(
        "organisations/<slug:slug>/membres/<int:pk>/retirer/",
        views.remove_member,
        name="remove_member",
    ),
    path("organisations/<slug:slug>/quitter/", views.leave_organisation, name="leave"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/export/", views.export_my_data, name="export"),
    path("supprimer-mon-compte/", views.delete_account, name="delete_account"),
]
