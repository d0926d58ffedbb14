"""Directory backbone: territories, organisations, services and residences (DESIGN.md §3).

Vocabularies live in `directory/vocabularies.py`; validation messages in
`directory/validators.py`; moderation transitions in `directory/moderation.py`."""

import contextlib
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.models import ModelLogEntry, Orderable

from accounts.models import User
from core.places import served_departements
from core.reviewed_translations import ReviewedTranslation

from .fields import ChoiceArrayField
from .opening import format_date
from .public_links import public_key
from .validators import (
    check_postcode_in_commune,
    normalize_phone,
    normalize_siret,
    validate_finess,
    validate_opening_hours,
    validate_phone,
    validate_postcode,
    validate_siret,
    validate_zone_code,
)
from .verification_links import make_token
from .vocabularies import (
    AT_HOME,
    FRAIS_CHOICES,
    MODE_ACCUEIL_CHOICES,
    MODE_MOBILISATION_CHOICES,
    NATIONAL_VOCABULARIES,
    PERSONNE_MOBILISATRICE_CHOICES,
    PUBLIC_CHOICES,
    RESEAU_PORTEUR_CHOICES,
    THEMATIQUE_CHOICES,
    TYPE_SERVICE_CHOICES,
    Capacity,
    Category,
    FreshnessStage,
    GeocodingPrecision,
    NationalVocabulary,
    Status,
    Typology,
    UpdateFrequency,
)


class CommuneQuerySet(models.QuerySet):
    def served(self):
        """The communes of the départements the portal serves (MAILLAGE_DEPARTEMENTS)."""
        return self.filter(departement_code__in=served_departements())


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

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return f"{self.name} ({self.insee_code})"

    def get_absolute_url(self) -> str:
        return reverse("directory:commune", kwargs={"slug": self.slug})

    @property
    def zone_codes(self) -> list[str]:
        """The codes an eligibility zone may use to include this commune."""
        return [code for code in (self.insee_code, self.epci_code, self.departement_code) if code]


class OrganisationKind(models.TextChoices):
    MEDICO_SOCIAL = "medico_social", _("Acteur médico-social")
    ESS = "ess", _("Acteur de l'ESS")
    LANDLORD = "landlord", _("Bailleur social")
    PUBLIC_BODY = "public_body", _("Organisme public")
    PROJECT_HOLDER = "project_holder", _("Porteur de projet")


# --- Shared field groups ------------------------------------------------------------------------
class EntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def public(self):
        """What visitors may see: published, and for services a published organisation;
        never a merged duplicate (a tombstone, see `directory.duplicates`)."""
        if self.model is Organisation:
            return self.published().filter(merged_into__isnull=True)
        return self.published().filter(
            organisation__status=Status.PUBLISHED, organisation__merged_into__isnull=True
        )

    def orientable(self):
        """Public services that « Qui appeler ? » and posters may show: not left out by the
        freshness ladder (neither the service nor its organisation)."""
        return self.public().filter(
            freshness_stage__lt=FreshnessStage.HIDDEN,
            organisation__freshness_stage__lt=FreshnessStage.HIDDEN,
        )

    def in_departements(self, codes):
        """Entries placed in these départements (through the organisation's commune)."""
        field = "commune" if self.model is Organisation else "organisation__commune"
        return self.filter(**{f"{field}__departement_code__in": list(codes)})


class ModeratedEntry(models.Model):
    """Moderation, provenance and freshness fields of organisations and services."""

    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    refusal_reason = models.TextField(
        _("motif du refus"),
        blank=True,
        help_text=_("Rempli par la modération quand la fiche est renvoyée en brouillon."),
    )
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    source = models.CharField(
        _("source"),
        max_length=100,
        blank=True,
        help_text=_("Jeu de données d'origine (data·inclusion, FINESS…) ; vide si saisie ici."),
    )
    source_id = models.CharField(_("identifiant dans la source"), max_length=200, blank=True)
    upstream_source = models.CharField(
        _("source amont"),
        max_length=100,
        blank=True,
        help_text=_(
            "Producteur d'origine d'une fiche reçue par un agrégateur (dora, soliguide… pour "
            "data·inclusion) ; vide sinon."
        ),
    )
    field_sources = models.JSONField(
        _("source de chaque champ"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Après une fusion : la source d'où vient la valeur de chaque champ."),
    )
    # Verification is an explicit act (one-click link, « J'ai vérifié », a moderator's approval,
    # an import with the source's own date): saving an edit is not one (`directory.freshness`).
    verified_at = models.DateTimeField(
        _("vérifiée le"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("Dernière vérification des informations de la fiche."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vérifiée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    freshness_stage = models.PositiveSmallIntegerField(
        _("étape de relance"),
        choices=FreshnessStage.choices,
        default=FreshnessStage.FRESH,
        editable=False,
        db_index=True,
    )
    freshness_stage_on = models.DateField(
        _("étape de relance atteinte le"), null=True, blank=True, editable=False
    )
    update_frequency = models.CharField(
        _("fréquence d'actualisation"),
        max_length=12,
        choices=UpdateFrequency.choices,
        default=UpdateFrequency.HALF_YEARLY,
    )
    update_reminder_sent_at = models.DateTimeField(
        _("dernier rappel d'actualisation"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = EntryQuerySet.as_manager()

    # Directory entries reference no Wagtail content: skip the reference index on every save
    # (it costs a task per save, and imports save thousands).
    wagtail_reference_index_ignore = True

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source=""),
                name="%(app_label)s_%(class)s_unique_source_id",
            ),
        ]

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def verified_on(self) -> date | None:
        """The day of the last verification (local time), None when never verified."""
        return timezone.localdate(self.verified_at) if self.verified_at else None

    @property
    def date_maj(self) -> date:
        """The date published as `date_maj` (API, CSV, data·inclusion export): the last
        verification, else the day the entry came into the directory. Read-only: verify with
        `directory.freshness`, never by setting a date."""
        return self.verified_on or timezone.localdate(self.created_at)

    @property
    def to_check(self) -> bool:
        """« À vérifier » badge: the ladder's second step is reached."""
        return self.freshness_stage >= FreshnessStage.TO_CHECK

    def clean(self):
        super().clean()
        if self.source and not self.source_id:
            raise ValidationError(
                {"source_id": _("Indiquez l'identifiant de la fiche dans sa source.")}
            )


class Located(models.Model):
    """An address placed in a commune, with coordinates filled by the geocoder."""

    address = models.CharField(_("adresse"), max_length=255, blank=True)
    address_complement = models.CharField(_("complément d'adresse"), max_length=255, blank=True)
    postcode = models.CharField(
        _("code postal"), max_length=5, blank=True, validators=[validate_postcode]
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    geocoding_precision = models.CharField(
        _("précision de la localisation"),
        max_length=12,
        choices=GeocodingPrecision.choices,
        null=True,
        blank=True,
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        check_postcode_in_commune(self.postcode, getattr(self, "commune", None))


class Contact(models.Model):
    phone = models.CharField(
        _("téléphone"),
        max_length=20,
        blank=True,
        validators=[validate_phone],
        help_text=_("Par exemple 01 43 93 93 93 ; enregistré au format international."),
    )
    email = models.EmailField(_("adresse e-mail"), blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Store E.164 whatever the path (form, import, shell); invalid numbers are refused by
        # full_clean() beforehand, so a failure here only leaves the raw value.
        with contextlib.suppress(ValidationError):
            self.phone = normalize_phone(self.phone)
        super().save(*args, **kwargs)


OPENING_HOURS_HELP = _(
    "Format OpenStreetMap, par exemple « Mo-Fr 09:00-12:00,14:00-17:00; PH off » "
    "(PH off : fermé les jours fériés)."
)


# --- Organisations ------------------------------------------------------------------------------
class Organisation(Located, Contact, ModeratedEntry):
    """A structure in the data·inclusion sense: who provides services, owns residences,
    offers ESS services or holds a project."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=220, unique=True)
    kind = models.CharField(_("nature"), max_length=20, choices=OrganisationKind.choices)
    typology = models.CharField(
        _("typologie"), max_length=10, choices=Typology.choices, blank=True, db_index=True
    )
    siret = models.CharField(
        # Room for a pasted "732 829 320 00074": clean() stores the 14 digits.
        _("SIRET"),
        max_length=20,
        blank=True,
        db_index=True,
        validators=[validate_siret],
    )
    finess = models.CharField(
        _("numéro FINESS"), max_length=9, blank=True, validators=[validate_finess]
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
    )
    website = models.URLField(_("site internet"), blank=True)
    opening_hours = models.CharField(
        _("horaires d'accueil"),
        max_length=500,
        blank=True,
        validators=[validate_opening_hours],
        help_text=OPENING_HOURS_HELP,
    )
    accessibility = models.TextField(
        _("accessibilité"),
        blank=True,
        help_text=_(
            "Accès en fauteuil, ascenseur, boucle magnétique… ce qu'un visiteur doit savoir."
        ),
    )
    description = models.TextField(_("présentation"), blank=True)
    publics = ChoiceArrayField(
        models.CharField(max_length=60, choices=PUBLIC_CHOICES),
        verbose_name=_("publics accueillis"),
        default=list,
        blank=True,
    )
    reseaux_porteurs = ChoiceArrayField(
        models.CharField(max_length=80, choices=RESEAU_PORTEUR_CHOICES),
        verbose_name=_("réseaux et labels"),
        default=list,
        blank=True,
    )
    closed_from = models.DateField(_("fermeture temporaire : du"), null=True, blank=True)
    closed_until = models.DateField(_("fermeture temporaire : jusqu'au"), null=True, blank=True)
    closure_message = models.CharField(
        _("message de fermeture"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple : travaux, permanence assurée à la mairie annexe."),
    )
    tags = TaggableManager(_("mots-clés"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("fusionnée dans"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_entries",
        help_text=_("Doublon fusionné : la fiche conservée, vers laquelle son adresse renvoie."),
    )

    class Meta(ModeratedEntry.Meta):
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.siret:
            try:
                self.siret = normalize_siret(self.siret)
            except ValidationError as error:
                raise ValidationError({"siret": error}) from error
        if self.finess:
            self.finess = self.finess.strip().upper()
        if self.closed_from and self.closed_until and self.closed_until < self.closed_from:
            raise ValidationError({"closed_until": _("La fin de la fermeture précède son début.")})

    @property
    def closures(self) -> tuple:
        """The organisation's temporary closure as `opening.Closure`s."""
        return ((self.closed_from, self.closed_until, self.closure_message),)

    def is_temporarily_closed(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        if not (self.closed_from or self.closed_until):
            return False
        started = self.closed_from is None or self.closed_from <= on
        not_ended = self.closed_until is None or on <= self.closed_until
        return started and not_ended


class ServiceTag(TaggedItemBase):
    content_object = ParentalKey(
        "directory.Service", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("mot-clé de service")
        verbose_name_plural = _("mots-clés de service")


class Service(Located, Contact, ModeratedEntry, ClusterableModel):
    """A service in the data·inclusion sense: what an organisation does, for whom, where and
    how to reach it. Empty hours/publics/address fall back on the organisation's."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=220, unique=True)
    description = models.TextField(_("description"))
    types = ChoiceArrayField(
        models.CharField(max_length=30, choices=TYPE_SERVICE_CHOICES),
        verbose_name=_("types de service"),
        default=list,
        blank=True,
    )
    thematiques = ChoiceArrayField(
        models.CharField(max_length=120, choices=THEMATIQUE_CHOICES),
        verbose_name=_("thématiques (nomenclature nationale)"),
        default=list,
        blank=True,
    )
    categories = ChoiceArrayField(
        models.CharField(max_length=30, choices=Category.choices),
        verbose_name=_("catégories"),
        default=list,
        blank=True,
    )
    publics = ChoiceArrayField(
        models.CharField(max_length=60, choices=PUBLIC_CHOICES),
        verbose_name=_("publics"),
        default=list,
        blank=True,
        help_text=_("Vide : les publics de l'organisation."),
    )
    publics_details = models.TextField(_("précisions sur les publics"), blank=True)
    fees = models.CharField(_("frais"), max_length=10, choices=FRAIS_CHOICES, blank=True)
    fees_details = models.TextField(_("précisions sur les frais"), blank=True)
    access_conditions = models.TextField(_("conditions d'accès"), blank=True)
    reception_modes = ChoiceArrayField(
        models.CharField(max_length=20, choices=MODE_ACCUEIL_CHOICES),
        verbose_name=_("modes d'accueil"),
        default=list,
        blank=True,
    )
    eligibility_zone = ArrayField(
        models.CharField(max_length=9, validators=[validate_zone_code]),
        verbose_name=_("zone d'éligibilité"),
        default=list,
        blank=True,
        help_text=_(
            "Codes INSEE de communes, SIREN d'EPCI ou départements, séparés par des virgules. "
            "Vide : tout le département de l'organisation."
        ),
    )
    mobilisation_modes = ChoiceArrayField(
        models.CharField(max_length=30, choices=MODE_MOBILISATION_CHOICES),
        verbose_name=_("comment mobiliser le service"),
        default=list,
        blank=True,
    )
    mobilised_by = ChoiceArrayField(
        models.CharField(max_length=20, choices=PERSONNE_MOBILISATRICE_CHOICES),
        verbose_name=_("qui peut le mobiliser"),
        default=list,
        blank=True,
    )
    mobilisation_link = models.URLField(_("lien pour mobiliser le service"), blank=True)
    mobilisation_details = models.TextField(_("précisions sur la mobilisation"), blank=True)
    contact_is_professional_only = models.BooleanField(
        _("contact réservé aux professionnels"),
        default=False,
        help_text=_("Téléphone et e-mail visibles seulement des professionnels connectés."),
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune du lieu d'accueil"),
        on_delete=models.PROTECT,
        related_name="services",
        null=True,
        blank=True,
        help_text=_("Vide : à l'adresse de l'organisation."),
    )
    opening_hours = models.CharField(
        _("horaires"),
        max_length=500,
        blank=True,
        validators=[validate_opening_hours],
        help_text=_("Vide : les horaires de l'organisation. ") + OPENING_HOURS_HELP,
    )
    capacity = models.CharField(
        _("places disponibles"),
        max_length=10,
        choices=Capacity.choices,
        blank=True,
        help_text=_(
            "Dites si le service peut prendre de nouvelles personnes : les services complets "
            "sont proposés après les autres dans « Qui appeler ? »."
        ),
    )
    capacity_until = models.DateField(
        _("liste d'attente jusqu'au"),
        null=True,
        blank=True,
        help_text=_("Facultatif, seulement pour une liste d'attente : jusqu'à quand environ."),
    )
    # The service's own temporary closure and notice (the organisation's applies too).
    closed_from = models.DateField(_("fermeture temporaire : du"), null=True, blank=True)
    closed_until = models.DateField(_("fermeture temporaire : jusqu'au"), null=True, blank=True)
    closure_message = models.CharField(
        _("message temporaire"),
        max_length=300,
        blank=True,
        help_text=_(
            "Affiché sur la fiche et dans les listes, par exemple : permanence déplacée à la "
            "mairie annexe. Des horaires différents pour une période s'indiquent dans les "
            "horaires (période datée)."
        ),
    )
    tags = ClusterTaggableManager(_("mots-clés"), through=ServiceTag, blank=True)
    # data·inclusion's own quality score of the service (0 to 1), as its API publishes it.
    # Shown in the admin; the ranking of "Qui appeler ?" does not use it (yet).
    source_quality_score = models.FloatField(
        _("score de qualité data·inclusion"),
        null=True,
        blank=True,
        help_text=_("Calculé par data·inclusion (0 à 1), mis à jour à chaque synchronisation."),
    )

    class Meta(ModeratedEntry.Meta):
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:service", kwargs={"slug": self.slug})

    @property
    def is_at_home(self) -> bool:
        return AT_HOME in self.reception_modes

    @property
    def is_mobile(self) -> bool:
        """A mobile team: it has itinerary stops (needs `stops` prefetched to be free)."""
        return bool(self.stops.all())

    @property
    def effective_opening_hours(self) -> str:
        return self.opening_hours or self.organisation.opening_hours

    @property
    def closures(self) -> tuple:
        """The service's temporary closure, then its organisation's (`opening.Closure`)."""
        return (
            (self.closed_from, self.closed_until, self.closure_message),
            *self.organisation.closures,
        )

    @property
    def effective_publics(self) -> list[str]:
        return self.publics or self.organisation.publics

    @property
    def effective_commune(self):
        return self.commune if self.commune_id else self.organisation.commune

    @property
    def effective_address(self) -> str:
        return self.address or self.organisation.address

    @property
    def effective_postcode(self) -> str:
        return self.postcode or self.organisation.postcode

    @property
    def effective_phone(self) -> str:
        return self.phone or self.organisation.phone

    @property
    def effective_email(self) -> str:
        return self.email or self.organisation.email

    def covers(self, commune) -> bool:
        """Whether someone living in `commune` is eligible. An empty zone means the whole
        département of the organisation."""
        if self.eligibility_zone:
            return any(code in self.eligibility_zone for code in commune.zone_codes)
        home = self.organisation.commune
        return home is None or home.departement_code == commune.departement_code

    @property
    def capacity_text(self) -> str:
        """The capacity in words: « Liste d'attente jusqu'au 12 mars 2027 », or ""."""
        if self.capacity == Capacity.WAITING and self.capacity_until:
            return _("Liste d'attente jusqu'au %(date)s") % {
                "date": format_date(self.capacity_until, with_year=True)
            }
        return str(self.get_capacity_display()) if self.capacity else ""

    def clean(self):
        super().clean()
        self.eligibility_zone = sorted({code.strip().upper() for code in self.eligibility_zone})
        if self.closed_from and self.closed_until and self.closed_until < self.closed_from:
            raise ValidationError({"closed_until": _("La fin de la fermeture précède son début.")})
        if self.capacity_until and self.capacity != Capacity.WAITING:
            raise ValidationError(
                {
                    "capacity_until": _(
                        "Une date ne s'indique que pour une liste d'attente : choisissez "
                        "« Liste d'attente » ou effacez la date."
                    )
                }
            )


class ItineraryStop(models.Model):
    """A stop of a mobile team (bus, permanence itinérante): where and when it stands."""

    wagtail_reference_index_ignore = True

    service = ParentalKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="stops"
    )
    sort_order = models.PositiveIntegerField(_("ordre"), default=0, editable=False)
    place_label = models.CharField(
        _("lieu"), max_length=200, help_text=_("Par exemple : parvis de la mairie, marché.")
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    opening_hours = models.CharField(
        _("jours et heures"),
        max_length=300,
        validators=[validate_opening_hours],
        help_text=_("Par exemple « We 14:00-17:00 » ou « Mo[1] 09:00-12:00 » (1er lundi)."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("étape de tournée")
        verbose_name_plural = _("étapes de tournée")

    def __str__(self) -> str:
        return f"{self.place_label} ({self.commune.name})"


# --- Residences ---------------------------------------------------------------------------------
class Residence(ClusterableModel):
    """A landlord's building. Gardiens are attached to residences; "near my residence" is
    their default place for orientation and search. Its landlord records its own contacts
    for it (`ResidenceReferent`, edited inline with the residence)."""

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
    postcode = models.CharField(_("code postal"), max_length=5, validators=[validate_postcode])
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    geocoding_precision = models.CharField(
        _("précision de la localisation"),
        max_length=12,
        choices=GeocodingPrecision.choices,
        null=True,
        blank=True,
    )
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

    @property
    def public_key(self) -> str:
        """The key of its public page's URL (`directory.public_links`)."""
        return public_key(self.pk)

    def clean(self):
        super().clean()
        if self.commune_id:
            check_postcode_in_commune(self.postcode, self.commune)


class ReferentRole(models.TextChoices):
    """Who, at the landlord, a gardien or a tenant of the residence calls."""

    MANAGER = "manager", _("Responsable du gardien (responsable de secteur)")
    CESF = "cesf", _("Conseiller·ère en économie sociale et familiale (CESF)")
    SENIORS = "seniors", _("Service seniors")
    CUSTOMER = "customer", _("Chargé·e de clientèle")
    OTHER = "other", _("Autre contact du bailleur")


class ResidenceReferent(Contact, Orderable):
    """A landlord's own contact for one of its residences ("d'abord, votre bailleur").

    Recorded and edited by the landlord's staff only (inline with the residence, under the
    residence's permission policy). A professional contact, never a tenant's: shown first on
    the residence sheet and in orientation results to the landlord's own people; on the public
    page and the hall poster only when `is_public` is ticked (a desk line meant for tenants),
    and then only its role, label, phone, email and hours."""

    residence = ParentalKey(
        Residence,
        verbose_name=_("résidence"),
        on_delete=models.CASCADE,
        related_name="referents",
    )
    role = models.CharField(_("rôle"), max_length=10, choices=ReferentRole.choices)
    label = models.CharField(
        _("nom ou fonction"),
        max_length=150,
        help_text=_("Par exemple « Mme Diallo, responsable de secteur » ou « Service seniors »."),
    )
    opening_hours = models.CharField(
        _("horaires"),
        max_length=500,
        blank=True,
        validators=[validate_opening_hours],
        help_text=OPENING_HOURS_HELP,
    )
    is_public = models.BooleanField(
        _("visible des locataires"),
        default=False,
        help_text=_(
            "Coché : ce contact figure aussi sur la page publique de la résidence et sur "
            "l'affiche du hall. Sinon, seuls le personnel du bailleur et ses gardiens le voient."
        ),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("contact du bailleur")
        verbose_name_plural = _("contacts du bailleur")

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.label}"

    def clean(self):
        super().clean()
        if not (self.phone or self.email):
            raise ValidationError(_("Indiquez au moins un téléphone ou une adresse e-mail."))


# --- Membership: a user's place inside an organisation (moved from accounts) -----------------
INVITATION_VALIDITY = timedelta(days=14)


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("Administrateur de l'organisation")
    MEMBER = "member", _("Membre")
    GARDIEN = "gardien", _("Gardien / personnel de proximité")


class Membership(models.Model):
    """A user's place inside an organisation, with a role."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("utilisateur"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("rôle"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    created_at = models.DateTimeField(_("depuis le"), auto_now_add=True)

    class Meta:
        db_table = "accounts_membership"  # moved from accounts: the table kept its name
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry():
    return timezone.now() + INVITATION_VALIDITY


class Invitation(models.Model):
    """An email invitation to join an organisation with a role; single use, expires."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(
        _("rôle"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invité par"),
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acceptée par"),
    )
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)

    class Meta:
        db_table = "accounts_invitation"  # moved from accounts: the table kept its name
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        """Single use: neither accepted nor revoked, and not expired."""
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    # --- notifications outbox (`notifications.invitations`): the invitation email.
    def notification_context(self, kind: str) -> dict:
        existing = User.objects.filter(email__iexact=self.email).first()
        path = reverse("accounts:invitation", args=[self.token])
        return {
            "title": str(self.organisation),
            "url": path,
            "object": self,
            "organisation": self.organisation,
            "role": self.get_role_display(),
            "inviter": self.invited_by,
            "invitation_url": settings.SITE_URL + path,
            "has_account": existing is not None,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }

    def notification_is_obsolete(self, kind: str) -> bool:
        """Revoked, used or expired before its email left: nothing to send."""
        return not self.is_usable

    @classmethod
    def notification_queryset(cls):
        return cls.objects.select_related("organisation", "invited_by")


# --- Update reminders ----------------------------------------------------------------------------
UPDATE_REMINDER = "directory.update_reminder"


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class UpdateReminderLogEntry(ModelLogEntry):
    """The audit-log row of one update reminder sent to an organisation: the item its emails
    are about (one reminder → one row → one outbox delivery per recipient and channel), so the
    next month's reminder is a new message and a retried task never a second one. A proxy."""

    class Meta:
        proxy = True

    @classmethod
    def notification_queryset(cls):
        return cls.objects.select_related("content_type")

    def notification_context(self, kind: str) -> dict:
        organisation = Organisation.objects.filter(pk=self.object_id).first()
        entries = [
            {
                **entry,
                "verified_on": _day(entry.get("verified_on") or entry.get("date_maj")),
            }
            for entry in (self.data or {}).get("entries", [])
        ]
        return {
            "title": organisation.name if organisation else self.label,
            "url": entries[0]["url"] if entries else reverse("wagtailadmin_home"),
            "object": organisation,
            "organisation": organisation,
            "entries": entries,
            # Computed when the email leaves: anchored on the verification it asks to renew.
            "verify_url": (
                settings.SITE_URL
                + reverse(
                    "directory:verify",
                    args=[make_token(organisation.pk, organisation.verified_at)],
                )
                if organisation
                else ""
            ),
        }


# --- Verification and the freshness ladder -------------------------------------------------------
VERIFIED = "directory.verified"
FRESHNESS_STAGE = "directory.freshness_stage"


class FreshnessLogEntry(ModelLogEntry):
    """The audit-log row of one step of the freshness ladder reached by an organisation's
    entries (`directory.freshness`): the item its announcements are about, one row per step
    and cycle, so each step is announced once. A proxy."""

    class Meta:
        proxy = True

    @classmethod
    def notification_queryset(cls):
        return cls.objects.select_related("content_type")

    def notification_context(self, kind: str) -> dict:
        organisation = Organisation.objects.filter(pk=self.object_id).first()
        data = self.data or {}
        stage = data.get("stage", FreshnessStage.TO_CHECK)
        return {
            "title": organisation.name if organisation else self.label,
            "url": data.get("url") or reverse("wagtailadmin_home"),
            "object": organisation,
            "organisation": organisation,
            "stage": stage,
            "stage_label": FreshnessStage(stage).label,
            "entries": [
                {**entry, "verified_on": _day(entry.get("verified_on"))}
                for entry in data.get("entries", [])
            ],
        }


# --- Source identifiers and duplicates (directory.duplicates) ----------------------------------
class EntryKind(models.TextChoices):
    ORGANISATION = "organisation", _("organisation")
    SERVICE = "service", _("service")


class SourceIdentifier(models.Model):
    """Every (source, identifier) an entry is known by. An import finds its entry through
    this table, so after a merge a record of either source updates the surviving entry. The
    entry's own `source`/`source_id` stay its first provenance."""

    entity = models.CharField(_("type de fiche"), max_length=12, choices=EntryKind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="source_identifiers",
        null=True,
        blank=True,
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name="source_identifiers",
        null=True,
        blank=True,
    )
    source = models.CharField(_("source"), max_length=100)
    source_id = models.CharField(_("identifiant dans la source"), max_length=200)
    upstream_source = models.CharField(_("source amont"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("identifiant de source")
        verbose_name_plural = _("identifiants de source")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "source", "source_id"], name="unique_source_identifier"
            ),
            models.CheckConstraint(
                condition=(
                    Q(entity="organisation", organisation__isnull=False, service__isnull=True)
                    | Q(entity="service", service__isnull=False, organisation__isnull=True)
                ),
                name="source_identifier_one_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} : {self.source_id}"


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("À examiner")
    MERGED = "merged", _("Fusionnées")
    DISMISSED = "dismissed", _("Pas un doublon")


class DuplicateCandidate(models.Model):
    """Two organisations that may be the same actor, proposed to the moderators. The pair
    is ordered (left.pk < right.pk) and unique: it is never proposed twice, and a pair
    dismissed stays dismissed."""

    left = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("fiche A")
    )
    right = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("fiche B")
    )
    score = models.PositiveSmallIntegerField(_("score"))
    reasons = models.JSONField(_("raisons"), default=list)
    status = models.CharField(
        _("état"),
        max_length=10,
        choices=DuplicateStatus.choices,
        default=DuplicateStatus.OPEN,
        db_index=True,
    )
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("traitée par"),
    )

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("doublon possible")
        verbose_name_plural = _("doublons possibles")
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="unique_duplicate_pair"),
            models.CheckConstraint(
                condition=Q(left__lt=models.F("right")), name="duplicate_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.left} / {self.right} ({self.score})"


# --- National vocabulary labels in the tenants' languages (issue #19 item 4) -------------------
class LabelTranslation(ReviewedTranslation):
    """One data·inclusion label (thematique, public, type…) in one content language, reviewed
    like the situations' translations and shown to readers only once published
    (directory/label_translations.py). The code is one of the package's enum values."""

    vocabulary = models.CharField(
        _("vocabulaire"), max_length=20, choices=NationalVocabulary.choices
    )
    code = models.CharField(_("code"), max_length=120)
    label = models.CharField(_("libellé traduit"), max_length=200)

    class Meta:
        ordering = ["vocabulary", "code", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["vocabulary", "code", "language"], name="directory_label_translation_once"
            )
        ]
        verbose_name = _("traduction d'un libellé national")
        verbose_name_plural = _("traductions des libellés nationaux")

    def __str__(self) -> str:
        return f"{self.french} ({self.language})"

    @property
    def french(self) -> str:
        return NATIONAL_VOCABULARIES.get(self.vocabulary, {}).get(self.code, self.code)

    def clean(self) -> None:
        super().clean()
        labels = NATIONAL_VOCABULARIES.get(self.vocabulary)
        if labels is None:
            raise ValidationError({"vocabulary": _("Vocabulaire inconnu.")})
        if self.code not in labels:
            raise ValidationError(
                {
                    "code": _("« %(code)s » n'est pas un code du vocabulaire « %(vocabulary)s ».")
                    % {"code": self.code, "vocabulary": self.get_vocabulary_display()}
                }
            )

    def save(self, *args, **kwargs) -> None:
        # Whatever the path (admin, import, shell): never a label for a code that does not exist.
        self.clean()
        super().save(*args, **kwargs)
