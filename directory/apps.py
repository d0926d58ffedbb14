from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Annuaire")

    def ready(self):
        from . import tasks_geocoding
        from .models import Membership
        from .signals import membership_changed

        # The geocoder's signals, and the task module the Celery worker must import.
        tasks_geocoding.connect_signals()

        post_save.connect(membership_changed, sender=Membership, dispatch_uid="directory-partners")
        post_delete.connect(
            membership_changed, sender=Membership, dispatch_uid="directory-partners-delete"
        )
