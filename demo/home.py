"""Demo site shell: the home page as the default site's root, and site settings."""

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from home.models import NATIONAL_EMERGENCY_NUMBERS, EmergencyNumber, HomePage, SiteSettings


def ensure_home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's migrations create the locale and the tree root; a flushed database
        # (transactional tests) has neither.
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root"))
        # Wagtail's initial migration creates a placeholder "Welcome" page: replace it.
        for child in root.get_children():
            if not isinstance(child.specific, HomePage) and child.slug == "home":
                child.delete()
        home = HomePage(
            title="Maillage",
            slug="accueil",
            intro=(
                "Trouver qui appeler pour un locataire fragile, rencontrer les acteurs "
                "médico-sociaux et de l'ESS, proposer des locaux vacants à des projets."
            ),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Maillage",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Maillage"
        site.save()
    return home


def load() -> str:
    home = ensure_home_page()
    site = Site.objects.get(is_default_site=True)
    settings_obj = SiteSettings.for_site(site)
    if not settings_obj.contact_email:
        settings_obj.contact_email = "contact@maillage.example"
        settings_obj.save()
    for order, (number, label, description) in enumerate(NATIONAL_EMERGENCY_NUMBERS):
        EmergencyNumber.objects.update_or_create(
            settings=settings_obj,
            number=number,
            defaults={"label": label, "description": description, "sort_order": order},
        )
    return f"accueil « {home.title} », {len(NATIONAL_EMERGENCY_NUMBERS)} numéros d'urgence"
