from django.urls import path

from . import member_views as views

# Included by portal/urls.py under the "accounts" namespace (« Mon espace »), with
# accounts.urls: the URL names stayed when memberships moved to the directory.
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
    path("organisations/<slug:slug>/verifier/", views.verify_organisation, name="verify"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
