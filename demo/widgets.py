"""A demo widget: the demo landlord's search of the services of its demo residence's commune,
for its tenants' site. Its public id is fixed so that a host page can embed it by hand
(`python -m tests.browser.widget_host`, which serves it from http://localhost:8080)."""

import uuid

from demo.orientation import DEMO_LANDLORD, DEMO_RESIDENCE
from directory.models import Organisation
from widgets.models import Widget

DEMO_WIDGET_TOKEN = uuid.UUID("6d0c7a52-93a0-4e0b-9c47-0d1f5b2a9348")
# The host page of tests/browser/widget_host.py, on the developer's machine.
DEMO_WIDGET_ORIGINS = ["http://localhost:8080"]


def load() -> str:
    landlord = Organisation.objects.filter(slug=DEMO_LANDLORD).first()
    if landlord is None:
        return "pas de bailleur de démonstration : aucun module"
    widget, created = Widget.objects.update_or_create(
        token=DEMO_WIDGET_TOKEN,
        defaults={
            "organisation": landlord,
            "name": "Qui appeler à Montreuil ?",
            "communes": [DEMO_RESIDENCE["insee_code"]],
            "kinds": ["service", "organisation"],
            "language": "fr",
            "allowed_origins": DEMO_WIDGET_ORIGINS,
            "revoked_at": None,
        },
    )
    return (
        f"module « {widget.name} » {'créé' if created else 'à jour'} ({widget.get_absolute_url()})"
    )
