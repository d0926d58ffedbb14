from django.apps import apps
from django.core.management.base import BaseCommand
from django.db.models import Q

from directory.geocoding import GEOCODED_MODELS, GeocoderUnavailable, geocode_instance
from directory.tasks_geocoding import geocode


class Command(BaseCommand):
    help = (
        "Géocode les organisations, services et résidences sans coordonnées (ou toutes avec "
        "--all), directement ou via Celery avec --queue."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Regéocoder aussi les fiches placées."
        )
        parser.add_argument("--queue", action="store_true", help="Passer par les tâches Celery.")

    def handle(self, *args, **options):
        counts: dict[str, int] = {}
        for label in GEOCODED_MODELS:
            model = apps.get_model(label)
            queryset = model.objects.exclude(address="", commune__isnull=True)
            if not options["all"]:
                queryset = queryset.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True))
            for pk in queryset.values_list("pk", flat=True).iterator():
                if options["queue"]:
                    geocode.delay(label, pk)
                    outcome = "queued"
                else:
                    try:
                        outcome = geocode_instance(label, pk)
                    except GeocoderUnavailable:
                        outcome = "centroid (BAN indisponible)"
                counts[outcome] = counts.get(outcome, 0) + 1
        summary = ", ".join(f"{outcome} : {n}" for outcome, n in sorted(counts.items()))
        self.stdout.write(self.style.SUCCESS(summary or "Rien à géocoder."))
