"""Favourite services, declared to the RGPD registry (accounts)."""

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import register

from .models import Favourite


def _favourites(user) -> list[dict]:
    return [
        {"service": f.service.name, "service_id": f.service_id, "ajoute_le": f.created_at}
        for f in Favourite.objects.filter(user=user).select_related("service").order_by("pk")
    ]


def _erase_favourites(user) -> None:
    Favourite.objects.filter(user=user).delete()


def register_personal_data() -> None:
    register("services_favoris", _("Services favoris"), export=_favourites, erase=_erase_favourites)
