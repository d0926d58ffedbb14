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


class Residence(models.Model):
    """A landlord's building. Gardiens are attached to residences; "near my residence" is
    their default place for orientation and search."""

    landlord = models.ForeignKey(
        Organisation,
        verbose_name=_("bailleur"),
        on_delete=models.CASCADE,
        related_name="residences",
        limit_choices_to={"kind": OrganisationKind.LANDLORD},
    )
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=220, unique=True)
    address = models.CharField(_("adresse"), max_length=255)
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="residences"
    )
    postcode = models.CharField(_("code postal"), max_length=5)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    units = models.PositiveIntegerField(_("nombre de logements"), null=True, blank=True)
    has_lift = models.BooleanField(_("ascenseur"), default=False)
    accessibility = models.TextField(
        _("accessibilité"),
        blank=True,
        help_text=_("Accès PMR, marches, rampes, interphone… ce qu'un visiteur doit savoir."),
    )
    gardiens = models.ManyToManyField(
        "accounts.User",
        verbose_name=_("gardiens"),
        related_name="residences",
        blank=True,
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["commune__name", "name"]
        verbose_name = _("résidence")
        verbose_name_plural = _("résidences")

    def __str__(self) -> str:
        return f"{self.name} ({self.commune.name})"
