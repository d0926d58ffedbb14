"""The moderation queue in the Wagtail admin: its menu item, URLs and audit log actions."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views, moderation


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return moderation.is_moderator_anywhere(request.user)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        _("Fiches à valider"), reverse("moderation_queue"), icon_name="tasks", order=151
    )


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path("moderation/", admin_views.moderation_queue, name="moderation_queue"),
        path(
            "moderation/<str:key>/<int:pk>/",
            admin_views.moderation_preview,
            name="moderation_preview",
        ),
    ]


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    for action, (label, message) in moderation.ACTION_LABELS.items():
        actions.register_action(action, label, message)
