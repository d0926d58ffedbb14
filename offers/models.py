"""The ESS marketplace, vacant premises, project needs and their matches (DESIGN.md §3).

Offers, premises and needs are moderated like the directory: partners write drafts and
submit them, a moderator publishes. Publishing premises or a need runs the matching
(`offers.services`), which writes `Match` rows and their notifications."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from core.places import served_departements
from directory.fields import ChoiceArrayField
from directory.models import Commune, Organisation, OrganisationKind, Residence
from directory.validators import validate_phone

from .call_matching import CallReason
from .matching import Reason
from .vocabularies import (
    AgreementKind,
    Audience,
    ContactRequestStatus,
    MatchStatus,
    OccupationType,
    OfferFamily,
    OfferTarget,
    OfferType,
    Outcome,
    PremisesType,
    PricingModel,
    ProjectType,
    Status,
    Usage,
)

MAX_PHOTOS = 10


def _choices_array(choices, verbose_name, max_length=30, **kwargs):
    return ChoiceArrayField(
        models.CharField(max_length=max_length, choices=choices),
        verbose_name=verbose_name,
        default=list,
        blank=True,
        **kwargs,
    )


def default_coverage_departement() -> str:
    """An offer covers the (first) département the portal serves unless told otherwise."""
    return served_departements()[0]


def _insee_codes(verbose_name, **kwargs):
    return ArrayField(
        models.CharField(max_length=5),
        verbose_name=verbose_name,
        default=list,
        blank=True,
        **kwargs,
    )


class NotifiesAboutParent:
    """An item people are notified of whose page and title are its parent's: a message or an
    outcome change → its match or contact request, a reminder → its agreement, an answer →
    its call. `parent_attribute` names the parent; `notification_related` is what the outbox
    loads with it (`notification_queryset`)."""

    parent_attribute = ""
    notification_related: tuple[str, ...] = ()

    @property
    def notified_parent(self):
        return getattr(self, self.parent_attribute)

    def get_absolute_url(self) -> str:
        return self.notified_parent.get_absolute_url()

    def notification_context(self, kind: str) -> dict:
        return {"title": str(self.notified_parent), "url": self.get_absolute_url(), "object": self}

    @classmethod
    def notification_queryset(cls):
        return cls.objects.select_related(*cls.notification_related)


class MarketplaceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, organisation_ids):
        """Published entries, plus every entry of the given organisations."""
        return self.filter(
            Q(status=Status.PUBLISHED) | Q(**{f"{self.model.OWNER_FIELD}_id__in": organisation_ids})
        )


class Moderated(models.Model):
    """Status and moderation timestamps shared by offers, premises and needs."""

    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    refusal_reason = models.TextField(_("motif du refus"), blank=True)
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = MarketplaceQuerySet.as_manager()

    class Meta:
        abstract = True

    OWNER_FIELD = "organisation"

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def owner_id(self) -> int:
        return getattr(self, f"{self.OWNER_FIELD}_id")

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.SUBMITTED, Status.PUBLISHED)


class ServiceOffer(Moderated):
    """A service an ESS association offers to landlords and their residents (seed 001)."""

    OWNER_FIELD = "provider"

    provider = models.ForeignKey(
        Organisation,
        verbose_name=_("structure qui propose"),
        on_delete=models.CASCADE,
        related_name="service_offers",
        limit_choices_to={"kind": OrganisationKind.ESS},
    )
    family = models.CharField(_("famille"), max_length=20, choices=OfferFamily.choices)
    offer_type = models.CharField(_("type d'offre"), max_length=30, choices=OfferType.choices)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"))
    coverage_communes = _insee_codes(
        _("communes couvertes (codes INSEE)"),
        help_text=_("Vide : tout le département."),
    )
    coverage_departement = models.CharField(
        _("département couvert"), max_length=3, default=default_coverage_departement
    )
    targets = _choices_array(OfferTarget.choices, _("pour qui"))
    pricing_model = models.CharField(
        _("tarification"), max_length=20, choices=PricingModel.choices, default=PricingModel.FREE
    )
    price_amount = models.DecimalField(
        _("montant (€)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    capacity = models.CharField(
        _("capacité"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : 3 résidences à la fois, 20 locataires par mois."),
    )
    announced_at = models.DateTimeField(
        _("alertes faites le"), null=True, blank=True, editable=False
    )
    tags = TaggableManager(_("mots-clés"), blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("offre de service ESS")
        verbose_name_plural = _("offres de service ESS")
        indexes = [models.Index(fields=["status", "family", "offer_type"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("offers:offer", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if self.pricing_model in (PricingModel.PER_HOUR, PricingModel.PER_RESIDENT) and (
            self.price_amount is None
        ):
            raise ValidationError({"price_amount": _("Indiquez le montant pour ce tarif.")})
        if self.pricing_model == PricingModel.FREE:
            self.price_amount = None

    def covers(self, insee_code: str) -> bool:
        if self.coverage_communes:
            return insee_code in self.coverage_communes
        return insee_code.startswith(self.coverage_departement)

    def notification_context(self, kind: str) -> dict:
        return {"title": self.title, "url": self.get_absolute_url(), "object": self}


class Photo(models.Model):
    """A photo of an offer or premises: a Wagtail image, raster only (see `offers.photos`)."""

    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    alt_text = models.CharField(
        _("description de la photo"),
        max_length=250,
        help_text=_("Ce que montre la photo, pour les personnes qui ne la voient pas."),
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.alt_text


class ServiceOfferPhoto(Photo):
    offer = models.ForeignKey(ServiceOffer, on_delete=models.CASCADE, related_name="photos")

    class Meta(Photo.Meta):
        verbose_name = _("photo d'offre")
        verbose_name_plural = _("photos d'offre")


class ContactRequest(models.Model):
    """A landlord asks an ESS association about one of its offers; the association answers."""

    # Operational rows: not worth tracking in Wagtail's reference index on every save.
    wagtail_reference_index_ignore = True

    offer = models.ForeignKey(
        ServiceOffer,
        on_delete=models.CASCADE,
        related_name="contact_requests",
        verbose_name=_("offre"),
    )
    requester_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="sent_contact_requests",
        verbose_name=_("organisation demandeuse"),
    )
    requester = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    residence = models.ForeignKey(
        Residence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("résidence concernée"),
    )
    requester_phone = models.CharField(
        _("téléphone du demandeur"),
        max_length=20,
        blank=True,
        validators=[validate_phone],
        help_text=_("Enregistré au format international ; effacé avec le compte du demandeur."),
    )
    message = models.TextField(_("message"))
    desired_start = models.DateField(_("démarrage souhaité"), null=True, blank=True)
    status = models.CharField(
        _("statut"),
        max_length=15,
        choices=ContactRequestStatus.choices,
        default=ContactRequestStatus.PENDING,
    )
    response_message = models.TextField(_("réponse"), blank=True)
    proposed_date = models.DateField(_("date proposée"), null=True, blank=True)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("répondue par"),
    )
    # Database defaults too: matches are inserted in bulk by raw SQL (`offers.services`).
    outcome = models.CharField(
        _("suite donnée"),
        max_length=20,
        choices=Outcome.choices,
        default=Outcome.NONE,
        db_default=Outcome.NONE,
        blank=True,
    )
    visit_date = models.DateField(_("date de la visite"), null=True, blank=True)
    no_follow_up_reason = models.TextField(
        _("motif de l'absence de suite"), blank=True, default="", db_default=""
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("demande de contact")
        verbose_name_plural = _("demandes de contact")

    def __str__(self) -> str:
        return f"{self.requester_organisation} → {self.offer}"

    def get_absolute_url(self) -> str:
        return reverse("offers:contact_request", kwargs={"pk": self.pk})

    def party_ids(self) -> tuple[int, int]:
        """The two organisations concerned: the one that asked and the provider."""
        return (self.requester_organisation_id, self.offer.provider_id)

    def notification_context(self, kind: str) -> dict:
        return {"title": str(self.offer), "url": self.get_absolute_url(), "object": self}


def premises_available_q(today=None) -> Q:
    """Premises still on offer today (before their auto-close date and availability end);
    its negation is what the daily `close_expired` closes."""
    today = today or timezone.localdate()
    return (Q(auto_close_on__isnull=True) | Q(auto_close_on__gt=today)) & (
        Q(available_until__isnull=True) | Q(available_until__gte=today)
    )


class Premises(Moderated):
    """Vacant premises a landlord offers to associations and project holders."""

    OWNER_FIELD = "landlord"

    landlord = models.ForeignKey(
        Organisation,
        verbose_name=_("bailleur"),
        on_delete=models.CASCADE,
        related_name="premises",
        limit_choices_to={"kind": OrganisationKind.LANDLORD},
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    residence = models.ForeignKey(
        Residence,
        verbose_name=_("résidence"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="premises",
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="premises"
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    premises_type = models.CharField(
        _("type de local"), max_length=20, choices=PremisesType.choices
    )
    total_surface = models.PositiveIntegerField(
        _("surface totale (m²)"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    free_of_charge = models.BooleanField(_("mis à disposition gratuitement"), default=False)
    rent = models.DecimalField(
        _("loyer mensuel hors charges (€)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    charges = models.DecimalField(
        _("charges mensuelles (€)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    occupation_type = models.CharField(
        _("type d'occupation"), max_length=20, choices=OccupationType.choices
    )
    is_erp = models.BooleanField(_("établissement recevant du public (ERP)"), default=False)
    pmr_accessible = models.BooleanField(
        _("accessible aux personnes à mobilité réduite"), default=False
    )
    has_lift = models.BooleanField(_("ascenseur"), default=False)
    allowed_usages = _choices_array(Usage.choices, _("usages autorisés"))
    available_from = models.DateField(_("disponible à partir du"), default=timezone.localdate)
    available_until = models.DateField(_("disponible jusqu'au"), null=True, blank=True)
    auto_close_on = models.DateField(
        _("clôture automatique le"),
        null=True,
        blank=True,
        help_text=_("L'annonce est retirée automatiquement à cette date."),
    )
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)
    announced_at = models.DateTimeField(
        _("rapprochements et alertes faits le"), null=True, blank=True, editable=False
    )
    tags = TaggableManager(_("mots-clés"), blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("local disponible")
        verbose_name_plural = _("locaux disponibles")
        indexes = [models.Index(fields=["status", "available_from"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Place the premises: the residence's coordinates, else the commune's centre.
        if self.residence_id and self.residence.latitude is not None:
            self.latitude, self.longitude = self.residence.latitude, self.residence.longitude
            self.commune_id = self.residence.commune_id
        elif self.latitude is None and self.commune_id:
            self.latitude, self.longitude = self.commune.latitude, self.commune.longitude
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("offers:premises", kwargs={"pk": self.pk})

    def is_available(self, today=None) -> bool:
        """On offer today: `premises_available_q` for one loaded object."""
        today = today or timezone.localdate()
        return not (self.auto_close_on and self.auto_close_on <= today) and not (
            self.available_until and self.available_until < today
        )

    @property
    def monthly_cost(self):
        """Rent plus charges, what a tenant pays per month (0 when free of charge)."""
        if self.free_of_charge:
            return 0
        return (self.rent or 0) + (self.charges or 0)

    def clean(self):
        super().clean()
        errors = {}
        if not self.free_of_charge and self.rent is None:
            errors["rent"] = _("Indiquez le loyer, ou cochez « mis à disposition gratuitement ».")
        if (
            self.available_until
            and self.available_from
            and self.available_until < self.available_from
        ):
            errors["available_until"] = _("La fin de disponibilité précède son début.")
        if (
            self.residence_id
            and self.landlord_id
            and self.residence.landlord_id != self.landlord_id
        ):
            errors["residence"] = _("Cette résidence n'appartient pas à ce bailleur.")
        if not self.residence_id and not self.address:
            errors["address"] = _("Indiquez une résidence ou une adresse.")
        if errors:
            raise ValidationError(errors)
        if self.free_of_charge:
            self.rent = None
            self.charges = None

    def notification_context(self, kind: str) -> dict:
        return {"title": self.title, "url": self.get_absolute_url(), "object": self}


class PremisesLot(models.Model):
    """One lot of a premises: its own surface, floor and availability date."""

    premises = models.ForeignKey(Premises, on_delete=models.CASCADE, related_name="lots")
    label = models.CharField(_("désignation"), max_length=100)
    surface = models.PositiveIntegerField(
        _("surface (m²)"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    floor = models.SmallIntegerField(
        _("étage"), default=0, validators=[MinValueValidator(-5), MaxValueValidator(60)]
    )
    available_from = models.DateField(_("disponible à partir du"), null=True, blank=True)

    class Meta:
        ordering = ["floor", "label"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")

    def __str__(self) -> str:
        return f"{self.label} — {self.surface} m²"


class PremisesPhoto(Photo):
    premises = models.ForeignKey(Premises, on_delete=models.CASCADE, related_name="photos")

    class Meta(Photo.Meta):
        verbose_name = _("photo de local")
        verbose_name_plural = _("photos de local")


class ProjectNeed(Moderated):
    """What a project holder is looking for: a place for a project (seed 000)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("porteur du projet"),
        on_delete=models.CASCADE,
        related_name="project_needs",
    )
    title = models.CharField(_("titre"), max_length=200)
    project_type = models.CharField(_("type de projet"), max_length=30, choices=ProjectType.choices)
    description = models.TextField(_("description du projet"))
    usages = _choices_array(Usage.choices, _("usages prévus"))
    surface_min = models.PositiveIntegerField(
        _("surface minimale (m²)"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    surface_max = models.PositiveIntegerField(
        _("surface maximale (m²)"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    budget_max = models.DecimalField(
        _("loyer mensuel maximal, charges comprises (€)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Vide : pas de plafond."),
    )
    zone_communes = _insee_codes(_("communes recherchées (codes INSEE)"))
    center_commune = models.ForeignKey(
        Commune,
        verbose_name=_("autour de la commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    latitude = models.FloatField(_("latitude du centre"), null=True, blank=True)
    longitude = models.FloatField(_("longitude du centre"), null=True, blank=True)
    radius_km = models.FloatField(
        _("rayon (km)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.1), MaxValueValidator(100)],
    )
    accessibility_required = models.BooleanField(
        _("accessibilité PMR indispensable"), default=False
    )
    start_date = models.DateField(_("date de démarrage souhaitée"))
    duration_months = models.PositiveSmallIntegerField(
        _("durée (mois)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Vide : durée indéterminée."),
    )
    end_date = models.DateField(_("fin de l'occupation"), null=True, blank=True, editable=False)
    audiences = _choices_array(Audience.choices, _("publics accueillis"))
    closed_at = models.DateTimeField(_("clôturé le"), null=True, blank=True)
    announced_at = models.DateTimeField(
        _("rapprochements et alertes faits le"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("besoin de local")
        verbose_name_plural = _("besoins de locaux")
        indexes = [
            models.Index(fields=["status", "start_date"]),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.center_commune_id and self.radius_km:
            self.latitude = self.center_commune.latitude
            self.longitude = self.center_commune.longitude
        else:
            self.latitude = self.longitude = None
        self.end_date = (
            self.start_date + timedelta(days=30 * self.duration_months)
            if self.start_date and self.duration_months
            else None
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("offers:need", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        errors = {}
        if self.surface_min and self.surface_max and self.surface_min > self.surface_max:
            errors["surface_max"] = _("La surface maximale est inférieure à la minimale.")
        if not self.zone_communes and not (self.center_commune_id and self.radius_km):
            errors["zone_communes"] = _(
                "Choisissez des communes, ou une commune et un rayon autour d'elle."
            )
        if self.center_commune_id and not self.radius_km:
            errors["radius_km"] = _("Indiquez le rayon autour de la commune.")
        if errors:
            raise ValidationError(errors)

    def notification_context(self, kind: str) -> dict:
        return {"title": self.title, "url": self.get_absolute_url(), "object": self}


class Match(models.Model):
    """A need and premises that fit each other, with the score and the reasons why.

    Each side keeps its own follow-up status: a landlord dismissing a match does not hide it
    from the project holder."""

    # Operational rows: not worth tracking in Wagtail's reference index on every save.
    wagtail_reference_index_ignore = True

    need = models.ForeignKey(
        ProjectNeed, on_delete=models.CASCADE, related_name="matches", verbose_name=_("besoin")
    )
    premises = models.ForeignKey(
        Premises, on_delete=models.CASCADE, related_name="matches", verbose_name=_("local")
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    reasons = models.JSONField(_("raisons"), default=list)
    need_side_status = models.CharField(
        _("suivi côté porteur"), max_length=10, choices=MatchStatus.choices, default=MatchStatus.NEW
    )
    premises_side_status = models.CharField(
        _("suivi côté bailleur"),
        max_length=10,
        choices=MatchStatus.choices,
        default=MatchStatus.NEW,
    )
    # Database defaults too: matches are inserted in bulk by raw SQL (`offers.services`).
    outcome = models.CharField(
        _("suite donnée"),
        max_length=20,
        choices=Outcome.choices,
        default=Outcome.NONE,
        db_default=Outcome.NONE,
        blank=True,
    )
    visit_date = models.DateField(_("date de la visite"), null=True, blank=True)
    no_follow_up_reason = models.TextField(
        _("motif de l'absence de suite"), blank=True, default="", db_default=""
    )
    created_at = models.DateTimeField(_("trouvée le"), default=timezone.now)

    class Meta:
        ordering = ["-score", "-pk"]
        verbose_name = _("correspondance")
        verbose_name_plural = _("correspondances")
        constraints = [
            models.UniqueConstraint(fields=["need", "premises"], name="offers_match_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.premises} ↔ {self.need} ({self.score})"

    def get_absolute_url(self) -> str:
        return reverse("offers:match", kwargs={"pk": self.pk})

    def party_ids(self) -> tuple[int, int]:
        """The two organisations concerned: the project holder and the landlord."""
        return (self.need.organisation_id, self.premises.landlord_id)

    def reason_texts(self) -> list[str]:
        return [str(Reason.from_json(data)) for data in self.reasons]

    def notification_context(self, kind: str) -> dict:
        return {
            "title": f"{self.premises.title} ↔ {self.need.title}",
            "url": self.get_absolute_url(),
            "object": self,
        }

    @classmethod
    def notification_queryset(cls):
        return cls.objects.select_related("need", "premises")


class MatchMessage(NotifiesAboutParent, models.Model):
    """A message from one side of a match to the other."""

    parent_attribute = "match"
    notification_related = ("match__need", "match__premises", "sender_organisation")

    # Operational rows: not worth tracking in Wagtail's reference index on every save.
    wagtail_reference_index_ignore = True

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="messages")
    sender_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("de la part de")
    )
    sender = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.sender_organisation} — {self.created_at:%d/%m/%Y}"


class OutcomeChange(NotifiesAboutParent, models.Model):
    """Audit log of outcome changes (who, from what to what, when); also the item both
    parties are notified of, so each change is announced once."""

    parent_attribute = "subject"
    notification_related = (
        "match__need",
        "match__premises",
        "contact_request__offer",
        "by_organisation",
    )

    wagtail_reference_index_ignore = True

    match = models.ForeignKey(
        Match, on_delete=models.CASCADE, null=True, blank=True, related_name="outcome_changes"
    )
    contact_request = models.ForeignKey(
        ContactRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outcome_changes",
    )
    from_outcome = models.CharField(_("avant"), max_length=20, choices=Outcome.choices, blank=True)
    to_outcome = models.CharField(_("après"), max_length=20, choices=Outcome.choices)
    visit_date = models.DateField(_("date de la visite"), null=True, blank=True)
    reason = models.TextField(_("motif"), blank=True)
    by_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("de la part de")
    )
    by_user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("changement de suite")
        verbose_name_plural = _("changements de suite")
        constraints = [
            models.CheckConstraint(
                condition=Q(match__isnull=False, contact_request__isnull=True)
                | Q(match__isnull=True, contact_request__isnull=False),
                name="offers_outcomechange_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} : {self.get_to_outcome_display()}"

    @property
    def subject(self):
        return self.match if self.match_id else self.contact_request


def private_storage():
    """Agreement documents live outside MEDIA_ROOT: only `offers:agreement_document` serves
    them, to the two parties."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


AGREEMENT_DOCUMENT_EXTENSIONS = ("pdf", "odt", "docx", "jpg", "jpeg", "png")


class Agreement(models.Model):
    """A signed agreement between a landlord and an association (register of agreements)."""

    wagtail_reference_index_ignore = True

    landlord = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="landlord_agreements",
        limit_choices_to={"kind": OrganisationKind.LANDLORD},
        verbose_name=_("bailleur"),
    )
    association = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="association_agreements",
        verbose_name=_("association"),
    )
    residences = models.ManyToManyField(
        Residence, blank=True, related_name="+", verbose_name=_("résidences")
    )
    kind = models.CharField(_("type de convention"), max_length=30, choices=AgreementKind.choices)
    scope = models.TextField(_("objet"))
    start_date = models.DateField(_("date de début"))
    end_date = models.DateField(_("date de fin"))
    free_of_charge = models.BooleanField(_("à titre gratuit"), default=False)
    rent = models.DecimalField(
        _("loyer mensuel (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    match = models.ForeignKey(
        Match, on_delete=models.SET_NULL, null=True, blank=True, related_name="agreements"
    )
    contact_request = models.ForeignKey(
        ContactRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["end_date", "pk"]
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="offers_agreement_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.landlord} / {self.association}"

    def get_absolute_url(self) -> str:
        return reverse("offers:agreement", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("La date de fin doit être postérieure à la date de début.")
        if self.free_of_charge and self.rent:
            errors["rent"] = _("Une convention à titre gratuit n'a pas de loyer.")
        if not self.free_of_charge and self.rent is None:
            errors["rent"] = _("Indiquez le loyer, ou cochez « à titre gratuit ».")
        if self.landlord_id and self.landlord_id == self.association_id:
            errors["association"] = _("Les deux parties doivent être différentes.")
        if errors:
            raise ValidationError(errors)

    def party_ids(self) -> tuple[int, int]:
        return (self.landlord_id, self.association_id)

    def notification_context(self, kind: str) -> dict:
        return {"title": str(self), "url": self.get_absolute_url(), "object": self}


class AgreementDocument(models.Model):
    wagtail_reference_index_ignore = True

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("intitulé"), max_length=200)
    file = models.FileField(
        _("fichier"),
        upload_to="agreements/%Y/",
        storage=private_storage,
        # The content is checked against the extension by the form (`core.uploads`).
        validators=[FileExtensionValidator(AGREEMENT_DOCUMENT_EXTENSIONS)],
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("document de convention")
        verbose_name_plural = _("documents de convention")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "offers:agreement_document", kwargs={"pk": self.agreement_id, "doc": self.pk}
        )


class AgreementReminder(NotifiesAboutParent, models.Model):
    """One renewal reminder per agreement and end date: the unique pair makes the daily task
    send it once; a new end date re-arms it. Also the item both parties are notified of."""

    parent_attribute = "agreement"
    notification_related = ("agreement__landlord", "agreement__association")

    wagtail_reference_index_ignore = True

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders")
    end_date = models.DateField(_("date de fin rappelée"))
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rappel de renouvellement")
        verbose_name_plural = _("rappels de renouvellement")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "end_date"], name="offers_agreementreminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} ({self.end_date})"


class ServiceCall(Moderated):
    """A landlord's call for services (the standing « rendez-vous ESS »): it describes a need,
    is moderated like offers, and on publication the ESS providers whose published offers
    match it are told once (`offers.service_calls`). They answer until its closing date."""

    OWNER_FIELD = "landlord"

    landlord = models.ForeignKey(
        Organisation,
        verbose_name=_("bailleur"),
        on_delete=models.CASCADE,
        related_name="service_calls",
        limit_choices_to={"kind": OrganisationKind.LANDLORD},
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description du besoin"))
    residences = models.ManyToManyField(
        Residence, verbose_name=_("résidences concernées"), blank=True, related_name="+"
    )
    communes = _insee_codes(
        _("communes concernées (codes INSEE)"),
        help_text=_("Vide et sans résidence : tout le département."),
    )
    departement = models.CharField(
        _("département"), max_length=3, default=default_coverage_departement, editable=False
    )
    audience = _choices_array(OfferTarget.choices, _("pour qui"))
    family = models.CharField(_("famille d'offre"), max_length=20, choices=OfferFamily.choices)
    period_start = models.DateField(_("début de la période"))
    period_end = models.DateField(_("fin de la période"), null=True, blank=True)
    budget_min = models.DecimalField(
        _("budget minimal (€)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_max = models.DecimalField(
        _("budget maximal (€)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Un montant : indiquez-le ici seulement. Vide : budget à discuter."),
    )
    closes_on = models.DateField(
        _("réponses acceptées jusqu'au"),
        help_text=_("L'appel est clôturé automatiquement le lendemain."),
    )
    closed_at = models.DateTimeField(_("clôturé le"), null=True, blank=True)
    announced_at = models.DateTimeField(
        _("prestataires prévenus le"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["closes_on", "-pk"]
        verbose_name = _("appel à services")
        verbose_name_plural = _("appels à services")
        indexes = [models.Index(fields=["status", "closes_on"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Its territory (for moderators) is the département of its first commune.
        if self.communes:
            code = self.communes[0]
            self.departement = code[:3] if code.startswith("97") else code[:2]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("offers:service_call", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        errors = {}
        if self.period_end and self.period_start and self.period_end < self.period_start:
            errors["period_end"] = _("La fin de la période précède son début.")
        if (
            self.budget_min is not None
            and self.budget_max is not None
            and self.budget_max < self.budget_min
        ):
            errors["budget_max"] = _("Le budget maximal est inférieur au budget minimal.")
        if self.budget_min is not None and self.budget_max is None:
            errors["budget_max"] = _("Pour un montant unique, remplissez le budget maximal.")
        if errors:
            raise ValidationError(errors)

    def accepts_answers(self, today=None) -> bool:
        """Published and not past its closing date (the daily task closes it the day after)."""
        today = today or timezone.localdate()
        return self.status == Status.PUBLISHED and self.closes_on >= today

    def notification_context(self, kind: str) -> dict:
        return {"title": self.title, "url": self.get_absolute_url(), "object": self}


class ServiceCallMatch(models.Model):
    """An ESS provider found for a call (its best matching offer). Unique per call and
    provider: the provider's members are told once, however often the call is announced."""

    wagtail_reference_index_ignore = True

    call = models.ForeignKey(
        ServiceCall, on_delete=models.CASCADE, related_name="matches", verbose_name=_("appel")
    )
    provider = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("prestataire")
    )
    offer = models.ForeignKey(
        ServiceOffer, on_delete=models.CASCADE, related_name="+", verbose_name=_("offre")
    )
    score = models.PositiveSmallIntegerField(_("score"))
    reasons = models.JSONField(_("raisons"), default=list)
    created_at = models.DateTimeField(_("trouvé le"), auto_now_add=True)

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("prestataire trouvé")
        verbose_name_plural = _("prestataires trouvés")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "provider"], name="offers_servicecallmatch_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.call} → {self.provider}"

    def reason_texts(self) -> list[str]:
        return [str(CallReason.from_json(data)) for data in self.reasons]


class ServiceCallAnswer(NotifiesAboutParent, models.Model):
    """A provider's answer to a call: seen by the landlord's members and the provider only."""

    parent_attribute = "call"
    notification_related = ("call",)

    wagtail_reference_index_ignore = True

    call = models.ForeignKey(
        ServiceCall, on_delete=models.CASCADE, related_name="answers", verbose_name=_("appel")
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="service_call_answers",
        verbose_name=_("structure qui répond"),
        limit_choices_to={"kind": OrganisationKind.ESS},
    )
    author = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("rédigée par"),
    )
    message = models.TextField(_("message"))
    proposed_price = models.DecimalField(
        _("prix proposé (€)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    terms = models.CharField(_("conditions"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("réponse à un appel")
        verbose_name_plural = _("réponses à un appel")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "provider"], name="offers_servicecallanswer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} → {self.call}"
