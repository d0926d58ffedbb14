"""Guides (seed 000: « diffuser aux locataires un guide des informations et services »):
Wagtail pages moderated by the workflow, with live contacts, an easy-to-read (FALC) version,
print and PDF exports per commune, and hall posters."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.languages import ReaderLanguageUrlMixin
from directory.fields import ChoiceArrayField

from .blocks import GuideBodyBlock
from .reader import guide_index_context, guide_page_context
from .structured_data import guide_data
from .vocabularies import Audience, Theme


class GuideIndexPage(ReaderLanguageUrlMixin, Page):
    """The list of guides, filterable by audience and theme."""

    tenant_facing = True  # read by tenants in their language (core.languages)

    intro = models.CharField(_("chapeau"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["guides.GuidePage"]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    # Translations keep the French slug: the same address under each language's prefix.
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta:
        verbose_name = _("index des guides")

    def guides_in_reader_language(self):
        """The French index's live guides, each in the reader's language where it has a
        published translation (the index of every language lists every guide)."""
        source = self.get_translation_or_none(Locale.get_default()) or self
        french = GuidePage.objects.child_of(source).live().public()
        translated = dict(
            GuidePage.objects.live()
            .public()
            .filter(
                locale__language_code=get_language(),
                alias_of__isnull=True,
                translation_key__in=french.values("translation_key"),
            )
            .values_list("translation_key", "pk")
        )
        pks = [translated.get(key, pk) for pk, key in french.values_list("pk", "translation_key")]
        return GuidePage.objects.filter(pk__in=pks).order_by("title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(guide_index_context(self.guides_in_reader_language(), request))
        return context


class GuidePage(ReaderLanguageUrlMixin, Page):
    """A guide for tenants, carers or gardiens. Contact and agenda blocks are resolved live
    for the reader's commune (`?commune=<code INSEE>`)."""

    tenant_facing = True  # read by tenants in their language (core.languages)

    summary = models.CharField(
        _("résumé"), max_length=300, help_text=_("Deux phrases : à qui sert ce guide, pour quoi.")
    )
    audiences = ChoiceArrayField(
        models.CharField(max_length=30, choices=Audience.choices),
        verbose_name=_("publics"),
        default=list,
        blank=True,
    )
    theme = models.CharField(_("thème"), max_length=30, choices=Theme.choices)
    body = StreamField(GuideBodyBlock(), verbose_name=_("contenu"))
    is_easy_read = models.BooleanField(
        _("version facile à lire et à comprendre (FALC)"),
        default=False,
        help_text=_("Cochez si cette page est elle-même la version FALC d'un guide."),
    )
    falc_version = models.ForeignKey(
        "guides.GuidePage",
        verbose_name=_("version FALC"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="standard_versions",
        help_text=_("La version facile à lire et à comprendre de ce guide."),
    )
    proofread_by = models.CharField(
        _("relu par"),
        max_length=200,
        blank=True,
        help_text=_("Pour une version FALC : le groupe de relecteurs, par ex. un ESAT."),
    )
    proofread_on = models.DateField(_("relu le"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("theme"), FieldPanel("audiences")]),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("is_easy_read"),
                PageChooserPanel("falc_version", "guides.GuidePage"),
                FieldRowPanel([FieldPanel("proofread_by"), FieldPanel("proofread_on")]),
            ],
            heading=_("Facile à lire et à comprendre (FALC)"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("theme"),
    ]
    parent_page_types = ["guides.GuideIndexPage"]
    subpage_types = []

    # Translations keep the French slug: the same address under each language's prefix.
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def clean(self):
        super().clean()
        if self.falc_version_id:
            if self.pk and self.falc_version_id == self.pk:
                raise ValidationError(
                    {"falc_version": _("Un guide ne peut pas être sa propre version FALC.")}
                )
            if self.is_easy_read:
                raise ValidationError(
                    {"falc_version": _("Une version FALC ne renvoie pas à une autre version FALC.")}
                )
        if self.proofread_on and not self.proofread_by:
            raise ValidationError({"proofread_by": _("Indiquez qui a relu le guide.")})

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [labels[a] for a in self.audiences if a in labels]

    @property
    def standard_version(self):
        """For a FALC page: the live full guide it simplifies (reverse of `falc_version`)."""
        return self.standard_versions.live().public().first()

    @property
    def live_falc_version(self):
        falc = self.falc_version
        return falc if falc is not None and falc.live else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(guide_page_context(self, request))
        context["structured_data"] = guide_data(request, self)
        return context


class ExportKind(models.TextChoices):
    GUIDE_PDF = "guide", _("Guide en PDF")
    POSTER = "poster", _("Affiche de hall")


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    BUILDING = "building", _("En préparation")
    READY = "ready", _("Prêt")
    FAILED = "failed", _("Échec")


class PaperFormat(models.TextChoices):
    A4 = "A4", "A4"
    A3 = "A3", "A3"


class GuideExport(models.Model):
    """A PDF built in Celery and kept while its content is current. `cache_key` hashes
    everything the PDF shows (guide revision, directory entries and their `updated_at`,
    commune, format): any change gives a new key, so a new build."""

    kind = models.CharField(_("nature"), max_length=10, choices=ExportKind.choices)
    cache_key = models.CharField(_("clé de cache"), max_length=64, unique=True)
    guide = models.ForeignKey(
        GuidePage,
        verbose_name=_("guide"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="exports",
    )
    commune = models.ForeignKey(
        "directory.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    residence = models.ForeignKey(
        "directory.Residence",
        verbose_name=_("résidence"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    paper_format = models.CharField(
        _("format"), max_length=2, choices=PaperFormat.choices, default=PaperFormat.A4
    )
    # The language of a poster without a guide (the reader's); a guide's export is in its own.
    language = models.CharField(_("langue"), max_length=10, default="fr")
    status = models.CharField(
        _("statut"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    file = models.FileField(_("fichier"), upload_to="guides/pdf/", blank=True)
    build_count = models.PositiveIntegerField(_("nombre de constructions"), default=0)
    error = models.TextField(_("dernière erreur"), blank=True)
    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    built_at = models.DateTimeField(_("construit le"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("export PDF")
        verbose_name_plural = _("exports PDF")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.cache_key[:12]}"
