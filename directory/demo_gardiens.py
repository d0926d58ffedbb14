"""Attach the demo gardien to a residence. Runs after the demo accounts exist
(portal.management.commands.load_demo_data, after portal.accounts.demo)."""

from django.contrib.auth import get_user_model

from .demo import GARDIEN_EMAIL
from .models import Residence


def load() -> str:
    gardien = get_user_model().objects.filter(email=GARDIEN_EMAIL).first()
    # The gardien works for Seine-Saint-Denis Habitat (portal.accounts.demo).
    residence = (
        Residence.objects.filter(landlord__slug="seine-saint-denis-habitat")
        .order_by("slug")
        .first()
    )
    if gardien is None or residence is None:
        return "aucun gardien à rattacher"
    residence.gardiens.add(gardien)
    return f"{gardien.email} → {residence.name}"
