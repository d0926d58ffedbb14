from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_save
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

# Autocomplete matches a typed word against title words ("alzeim" → "Alzheimer", 0.43):
# pg_trgm's default word-similarity threshold (0.6) is too strict for partial words.
WORD_SIMILARITY_THRESHOLD = 0.4


def configure_connection(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(WORD_SIMILARITY_THRESHOLD)],
            )


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Recherche")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import indexing, registry

        connection_created.connect(configure_connection, dispatch_uid="search-trgm")

        # Every installed app may have a `search_projections` module: importing it registers
        # its projections, so `search` never imports an app by name.
        autodiscover_modules("search_projections")
        # The one indexing trigger of a save or a delete (DESIGN.md §2): a projection's
        # `related_to` and the dependents other apps register are reindexed with the object.
        models = {p.model for p in registry.projections() if p.connect_signals}
        models.update(registry.dependents_models())
        for model in models:
            uid = f"search-{model._meta.label_lower}"
            post_save.connect(indexing.on_save, sender=model, dispatch_uid=uid)
            post_delete.connect(indexing.on_delete, sender=model, dispatch_uid=uid)
