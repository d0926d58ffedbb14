"""Reports in the Wagtail admin: menu item for moderators, URLs, audit log actions."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core import moderation

from . import admin_views
from .models import CREATED, ESCALATED, HANDLED, PURGED


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return moderation.is_moderator_anywhere(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(
        _("Signalements"), reverse("feedback_admin_index"), icon_name="warning", order=153
    )


@hooks.register("register_admin_urls")
def register_reports_urls():
    return [
        path("signalements/", admin_views.report_index, name="feedback_admin_index"),
        path("signalements/<int:pk>/", admin_views.report_detail, name="feedback_admin_detail"),
    ]


@hooks.register("register_log_actions")
def register_feedback_log_actions(actions):
    actions.register_action(CREATED, _("Signalement reçu"), _("Signalement reçu"))
    actions.register_action(
        ESCALATED, _("Signalement transmis"), _("Signalement transmis à la modération")
    )
    actions.register_action(HANDLED, _("Signalement traité"), _("Signalement traité"))
    actions.register_action(
        PURGED, _("Adresse effacée"), _("Adresse e-mail de la personne effacée")
    )
