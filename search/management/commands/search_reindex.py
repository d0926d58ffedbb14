"""Rebuild the search index in batches: `manage.py search_reindex [--kind service …]`."""

import time

from django.core.management.base import BaseCommand, CommandError

from search import registry
from search.indexing import BATCH_SIZE, reindex_kind
from search.query import get_backend
from search.tasks import reindex_kind_task


class Command(BaseCommand):
    help = "Reconstruit l'index de recherche (tous les types ou ceux indiqués)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind", action="append", default=[], help="Type à réindexer (répétable)."
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--celery",
            action="store_true",
            help="Confier la réindexation à Celery (avec reprises) au lieu de l'attendre.",
        )

    def handle(self, *args, kind, batch_size, celery, **options):
        known = [p.kind for p in registry.projections()]
        unknown = sorted(set(kind) - set(known))
        if unknown:
            raise CommandError(
                f"Type inconnu : {', '.join(unknown)}. Types connus : {', '.join(known)}."
            )
        if celery:
            for name in kind or known:
                reindex_kind_task.delay(name)
                self.stdout.write(f"{name} : réindexation confiée à Celery.")
            return
        backend = get_backend()
        started = time.monotonic()
        total = 0
        for name in kind or known:
            total += reindex_kind(
                name, batch_size=batch_size, progress=self._progress(name), backend=backend
            )
            self.stdout.write("")
        if hasattr(backend, "rebuild_lexicon"):
            words = backend.rebuild_lexicon()
            self.stdout.write(f"Lexique : {words} mots.")
        self.stdout.write(
            self.style.SUCCESS(
                f"{total} documents indexés en {time.monotonic() - started:.1f} s ({backend.name})."
            )
        )

    def _progress(self, kind):
        def show(done, total):
            width = 30
            filled = width * done // total if total else width
            bar = "#" * filled + "-" * (width - filled)
            self.stdout.write(f"\r{kind:<14} [{bar}] {done}/{total}", ending="")
            self.stdout.flush()

        return show
