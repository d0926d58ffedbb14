from datetime import timedelta

import factory
from django.utils import timezone

from funding.models import CallForProjects, CallKind, Status


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallForProjects

    title = factory.Sequence(lambda n: f"Appel à projets {n}")
    kind = CallKind.CALL_FOR_PROJECTS
    funder = "Conférence des financeurs de la Seine-Saint-Denis"
    summary = "Soutenir les actions de prévention de la perte d'autonomie à domicile."
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    departement = "93"
    link = "https://www.seinesaintdenis.fr/appels-a-projets"
    status = Status.DRAFT
