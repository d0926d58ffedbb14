from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "guides"
    label = "guides"
    verbose_name = _("Guides")

    def ready(self) -> None:
        # A published guide enters the index and an unpublished or deleted one leaves it:
        # these signals are its one indexing trigger (its projection connects no post_save).
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from . import signals, translation_review
        from .models import GuidePage

        page_published.connect(signals.index_guide, sender=GuidePage, dispatch_uid="guides-pub")
        page_unpublished.connect(
            signals.unindex_guide, sender=GuidePage, dispatch_uid="guides-unpub"
        )
        post_delete.connect(signals.unindex_guide, sender=GuidePage, dispatch_uid="guides-del")
        # A new locale's root page (a language's first translation) joins the review workflow
        # of translated pages; any page class, hence no sender.
        post_save.connect(translation_review.on_page_saved, dispatch_uid="guides-review-root")
