from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Annuaire")

    def ready(self):
        from accounts.adapter import register_signup_gate
        from core.reviewed_translations import forget as forget_translations

        from . import (
            moderation,  # noqa: F401  (registers organisations and services)
            personal_data,
            tasks_geocoding,
        )
        from .member_views import invitation_opens_signup
        from .models import LabelTranslation, Membership
        from .signals import membership_changed

        register_signup_gate(invitation_opens_signup)
        # Memberships and invitations in the RGPD registry (accounts.personal_data).
        personal_data.register_personal_data()
        # The geocoder's signals, and the task module the Celery worker must import.
        tasks_geocoding.connect_signals()

        # National labels in the reader's language (directory/label_translations.py).
        for signal in (post_save, post_delete):
            signal.connect(forget_translations, sender=LabelTranslation, weak=False)

        post_save.connect(membership_changed, sender=Membership, dispatch_uid="directory-partners")
        post_delete.connect(
            membership_changed, sender=Membership, dispatch_uid="directory-partners-delete"
        )
