"""A partner's widget: a small search of Maillage, scoped by its filters, that the partner
embeds (iframe) in its own site from the web origins it lists (issue #19, item 1)."""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from directory.models import Organisation
from orientation.models import Situation


def language_choices() -> list[tuple[str, str]]:
    """The portal's languages (settings.LANGUAGES), read at run time: no migration when a
    language is added."""
    return list(settings.LANGUAGES)


class WidgetQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class Widget(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="widgets",
        verbose_name=_("organisation"),
    )
    name = models.CharField(
        _("nom"),
        max_length=120,
        help_text=_("Le titre affiché en haut du module, par exemple « Qui appeler à Bobigny ? »."),
    )
    # Public: it is in the embed code. Knowing it shows only what the widget shows anyway.
    token = models.UUIDField(
        _("identifiant public"), default=uuid.uuid4, unique=True, editable=False
    )
    # Filters: empty means « all ». INSEE codes; category, kind and search facet values.
    communes = ArrayField(
        models.CharField(max_length=5), verbose_name=_("communes"), default=list, blank=True
    )
    categories = ArrayField(
        models.CharField(max_length=60), verbose_name=_("catégories"), default=list, blank=True
    )
    situations = models.ManyToManyField(
        Situation, verbose_name=_("situations de « Qui appeler ? »"), blank=True, related_name="+"
    )
    kinds = ArrayField(
        models.CharField(max_length=30),
        verbose_name=_("types de résultats"),
        default=list,
        blank=True,
    )
    language = models.CharField(
        _("langue"), max_length=10, choices=language_choices, default=settings.LANGUAGE_CODE
    )
    allowed_origins = ArrayField(
        models.CharField(max_length=300), verbose_name=_("sites autorisés"), default=list
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créé par"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = WidgetQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("module à intégrer")
        verbose_name_plural = _("modules à intégrer")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """The served page: one address (French, unprefixed) whatever the widget's language,
        which the page itself applies."""
        with translation.override(settings.LANGUAGE_CODE):
            return reverse("widgets:widget", kwargs={"token": self.token})

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at", "updated_at"])

    def embed_url(self) -> str:
        """The served page's full address (settings.SITE_URL), for the embed code."""
        return settings.SITE_URL + self.get_absolute_url()

    def embed_code(self) -> str:
        """The HTML a partner pastes in its page: the iframe, and the script that sizes it."""
        return format_html(
            '<iframe src="{}" title="{}" data-maillage-widget width="100%" height="600" '
            'style="border:0;width:100%" loading="lazy"></iframe>\n'
            '<script src="{}" defer></script>',
            self.embed_url(),
            self.name,
            settings.SITE_URL + static("js/widget.js"),
        )
