"""Attach the demo gardien to a residence. Runs after the demo accounts exist
(portal.management.commands.load_demo_data, after demo.accounts)."""

from django.contrib.auth import get_user_model

from demo.directory import GARDIEN_EMAIL
from directory.models import Residence


def load() -> str:
    gardien = get_user_model().objects.filter(email=GARDIEN_EMAIL).first()
    # The gardien works for Seine-Saint-Denis Habitat (demo.accounts).
    residence = (
        Residence.objects.filter(landlord__slug="seine-saint-denis-habitat")
        .order_by("slug")
        .first()
    )
    if gardien is None or residence is None:
        return "aucun gardien à rattacher"
    residence.gardiens.add(gardien)
    return f"{gardien.email} → {residence.name}"
