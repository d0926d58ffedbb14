from django.apps import AppConfig
from django.core.signals import request_started
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class OrientationConfig(AppConfig):
    """ "Qui appeler ?": situations, residence sheets, glossary and favourite services.

    A separate app from `directory` (DESIGN.md places orientation inside it) so that the
    orientation journey evolves on its own; it only reads directory models."""

    name = "orientation"
    verbose_name = _("Orientation")

    def ready(self) -> None:
        from directory.signals import entries_created
        from search.glossary import register_glossary_provider, register_synonym_provider

        from . import candidates, glossary, translations
        from .models import GlossaryTerm, GlossaryTermTranslation, SituationTranslation
        from .personal_data import register_personal_data
        from .search_glossary import glossary_acronyms, glossary_synonym_groups

        # Declares its personal data to the RGPD registry (accounts.personal_data).
        register_personal_data()

        for signal in (post_save, post_delete):
            signal.connect(glossary.forget_terms, sender=GlossaryTerm, weak=False)
            # The result page's per-commune candidates (orientation/candidates.py).
            for model in candidates.WATCHED_MODELS:
                signal.connect(candidates.directory_changed, sender=model, weak=False)
        # Entries an import inserts together send no post_save (directory.imports.loading).
        entries_created.connect(candidates.directory_changed, dispatch_uid="orientation-bulk")
        request_started.connect(glossary.new_request, dispatch_uid="orientation-glossary")
        # Situations and terms in the reader's language: read afresh by each request.
        request_started.connect(translations.forget, dispatch_uid="orientation-translations")
        for model in (SituationTranslation, GlossaryTermTranslation):
            for signal in (post_save, post_delete):
                signal.connect(translations.forget, sender=model, weak=False)
        # Search's acronym expansion reads the glossary, including the terms moderators add in
        # the admin (orientation's is the only copy: DESIGN.md §5).
        register_glossary_provider(glossary_acronyms)
        register_synonym_provider(glossary_synonym_groups)
