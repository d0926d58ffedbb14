from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Annuaire")

    def ready(self):
        from accounts.models import Membership

        from . import moderation  # noqa: F401  (registers organisations and services)
        from .signals import membership_changed

        post_save.connect(membership_changed, sender=Membership, dispatch_uid="directory-partners")
        post_delete.connect(
            membership_changed, sender=Membership, dispatch_uid="directory-partners-delete"
        )
