"""Directory backbone: territories and organisations (DESIGN.md §3).

The foundation defines the fields other apps rely on (communes, organisations and their
kinds); the directory issue extends them (services, residences, moderation, imports)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Commune(models.Model):
    """A French commune (COG), with the codes that place it in its EPCI and département."""

    insee_code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=150)
    slug = models.SlugField(_("identifiant d'URL"), max_length=160, unique=True)
    postcodes = models.JSONField(_("codes postaux"), default=list, blank=True)
    departement_code = models.CharField(_("code département"), max_length=3, db_index=True)
    epci_code = models.CharField(_("code EPCI (SIREN)"), max_length=9, blank=True, db_index=True)
    epci_name = models.CharField(_("nom de l'EPCI"), max_length=150, blank=True)
    latitude = models.FloatField(_("latitude du centre"))
    longitude = models.FloatField(_("longitude du centre"))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return f"{self.name} ({self.insee_code})"


class OrganisationKind(models.TextChoices):
    MEDICO_SOCIAL = "medico_social", _("Acteur médico-social")
    ESS = "ess", _("Acteur de l'ESS")
    LANDLORD = "landlord", _("Bailleur social")
    PUBLIC_BODY = "public_body", _("Organisme public")
    PROJECT_HOLDER = "project_holder", _("Porteur de projet")


class Organisation(models.Model):
    """A structure in the data·inclusion sense: who provides services, owns residences,
    offers ESS services or holds a project."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=220, unique=True)
    kind = models.CharField(_("nature"), max_length=20, choices=OrganisationKind.choices)
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name
