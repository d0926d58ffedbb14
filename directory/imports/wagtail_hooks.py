from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .access import can_open_imports


class ImportsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_open_imports(request.user)


@hooks.register("register_admin_menu_item")
def register_imports_menu_item():
    return ImportsMenuItem(
        _("Imports de l'annuaire"), reverse("directory_imports"), icon_name="upload", order=152
    )


@hooks.register("register_admin_urls")
def register_imports_urls():
    return [
        path("annuaire/imports/", admin_views.import_index, name="directory_imports"),
        path(
            "annuaire/imports/<int:pk>/",
            admin_views.import_detail,
            name="directory_imports_detail",
        ),
        path(
            "annuaire/imports/<int:pk>/rapport.csv",
            admin_views.import_report,
            name="directory_imports_report",
        ),
    ]
