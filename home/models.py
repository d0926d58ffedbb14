"""Site shell: home page, standard pages and site-wide settings (contact, emergency numbers)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail_localize.fields import SynchronizedField

from core.languages import FallbackToDefaultLocaleMixin, ReaderLanguageUrlMixin

from .structured_data import website_data


class HomePage(FallbackToDefaultLocaleMixin, ReaderLanguageUrlMixin, Page):
    """The portal's entry: who we are for, and the doors into directory, orientation,
    marketplace, events and guides. A translated home page (or its alias) routes what its
    tree lacks to the French tree (core.languages)."""

    tenant_facing = True  # read by tenants in their language (core.languages)

    intro = models.CharField(_("accroche"), max_length=300, blank=True)
    body = RichTextField(_("présentation"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields
    max_count = 1
    subpage_types = ["home.StandardPage", "guides.GuideIndexPage", "events.EventIndexPage"]

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["structured_data"] = website_data(request)
        return context


class StandardPage(ReaderLanguageUrlMixin, Page):
    """A plain editorial page: mentions légales, accessibilité, à propos…"""

    tenant_facing = True  # read by tenants in their language (core.languages)

    intro = models.CharField(_("chapeau"), max_length=300, blank=True)
    body = RichTextField(_("contenu"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    subpage_types = ["home.StandardPage"]

    # Translations keep the French slug: the same address under each language's prefix.
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta:
        verbose_name = _("page standard")
        verbose_name_plural = _("pages standard")


# The national numbers (source: service-public.fr, « Numéros d'urgence »): what the demo
# stores, and what a danger situation shows while a site has stored none (never an empty box).
NATIONAL_EMERGENCY_NUMBERS = [
    ("15", "SAMU", "Urgence médicale"),
    ("17", "Police secours", "Danger immédiat, violence"),
    ("18", "Pompiers", "Incendie, accident, personne en danger"),
    ("112", "Numéro d'urgence européen", "Depuis un mobile, partout en Europe"),
    ("114", "Urgences par SMS", "Pour les personnes sourdes, malentendantes ou ne pouvant parler"),
    ("3919", "Violences Femmes Info", "Écoute anonyme et gratuite, 24 h/24"),
    ("3977", "Maltraitance des personnes âgées et handicapées", "Écoute et conseil"),
]


@register_setting(icon="cog")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    contact_phone = models.CharField(_("téléphone de contact"), max_length=30, blank=True)
    footer_text = models.CharField(_("texte du pied de page"), max_length=300, blank=True)

    panels = [
        FieldPanel("contact_email"),
        FieldPanel("contact_phone"),
        FieldPanel("footer_text"),
        InlinePanel("emergency_numbers", label=_("Numéros d'urgence")),
    ]

    class Meta:
        verbose_name = _("réglages du site")


class EmergencyNumber(Orderable):
    """A number shown first whenever a situation may be a danger (orientation, posters)."""

    settings = ParentalKey(SiteSettings, on_delete=models.CASCADE, related_name="emergency_numbers")
    number = models.CharField(_("numéro"), max_length=10)
    label = models.CharField(_("intitulé"), max_length=120)
    description = models.CharField(_("quand appeler"), max_length=250, blank=True)

    panels = [FieldPanel("number"), FieldPanel("label"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("numéro d'urgence")
        verbose_name_plural = _("numéros d'urgence")

    def __str__(self) -> str:
        return f"{self.number} — {self.label}"

    @classmethod
    def national(cls) -> list["EmergencyNumber"]:
        """The national numbers, unsaved, in their order."""
        return [
            cls(number=number, label=label, description=description, sort_order=order)
            for order, (number, label, description) in enumerate(NATIONAL_EMERGENCY_NUMBERS)
        ]
