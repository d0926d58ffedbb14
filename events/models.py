"""Events (DESIGN.md §3): Wagtail event pages, their materialised occurrences and the
registrations (with waitlist) people make to an occurrence."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.languages import ReaderLanguageUrlMixin
from directory.fields import ChoiceArrayField

from . import translations
from .blocks import EventBodyBlock
from .recurrence import RecurrenceError, normalise_rule, parse_rule
from .tokens import registration_token

MAX_SEATS_PER_REGISTRATION = 5


class EventType(models.TextChoices):
    """The collective actions of seed 000 the portal announces."""

    RENDEZ_VOUS_ESS = "rendez_vous_ess", _("Rendez-vous de l'ESS")
    FORUM_BIEN_VIEILLIR = "forum_bien_vieillir", _("Forum « bien vieillir en bas d'immeuble »")
    TEMPS_INFORMATION = "temps_information", _("Temps collectif d'information")
    MISE_EN_RELATION = "mise_en_relation", _("Réunion porteurs de projets / bailleurs")
    ATELIER_NUMERIQUE = "atelier_numerique", _("Atelier numérique")
    GROUPE_PAROLE = "groupe_parole", _("Groupe de parole")
    PERMANENCE_MOBILE = "permanence_mobile", _("Permanence mobile")
    FORMATION_GARDIENS = "formation_gardiens", _("Formation des gardiens")


class Audience(models.TextChoices):
    OLDER_TENANTS = "locataires_ages", _("Locataires âgés")
    CARERS = "aidants", _("Aidants")
    GARDIENS = "gardiens", _("Gardiens et personnel de proximité")
    PROFESSIONALS = "professionnels", _("Professionnels")
    LANDLORDS = "bailleurs", _("Bailleurs sociaux")
    PROJECT_HOLDERS = "porteurs_projets", _("Porteurs de projets")
    EVERYONE = "tout_public", _("Tout public")


class Accessibility(models.TextChoices):
    """What the venue or the organiser provides (never about a participant)."""

    WHEELCHAIR = "pmr", _("Accessible en fauteuil roulant (PMR)")
    HEARING_LOOP = "boucle_magnetique", _("Boucle magnétique")
    SIGN_LANGUAGE = "lsf", _("Interprétation en langue des signes (LSF)")
    EASY_READ = "falc", _("Supports faciles à lire et à comprendre (FALC)")


class AccessNeed(models.TextChoices):
    """Practical needs a participant may tick. Deliberately no free text: no health data."""

    WHEELCHAIR = "fauteuil", _("Place pour fauteuil roulant")
    HEARING_LOOP = "boucle_magnetique", _("Boucle magnétique")
    SIGN_LANGUAGE = "lsf", _("Interprète en langue des signes (LSF)")


class EventIndexPage(ReaderLanguageUrlMixin, Page):
    """The agenda's editorial entry; events are its children."""

    tenant_facing = True  # read by tenants in their language (core.languages)

    intro = models.CharField(_("chapeau"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["events.EventPage"]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    # Translations keep the French slug: the same address under each language's prefix.
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")


class EventPage(ReaderLanguageUrlMixin, Page):
    """A collective action: one date or a recurring series, materialised as occurrences."""

    tenant_facing = True  # read by tenants in their language (core.languages)

    event_type = models.CharField(_("type d'action"), max_length=30, choices=EventType.choices)
    summary = models.CharField(_("résumé"), max_length=300)
    body = StreamField(EventBodyBlock(), verbose_name=_("description"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    start = models.DateTimeField(_("début"), help_text=_("Heure de Paris."))
    end = models.DateTimeField(_("fin"))
    recurrence = models.CharField(
        _("récurrence"),
        max_length=255,
        blank=True,
        help_text=_(
            "Vide pour une date unique. Règle iCalendar (RRULE), par ex. "
            "« FREQ=WEEKLY;BYDAY=TU » (chaque mardi), « FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH » "
            "(un lundi et jeudi sur deux), « FREQ=MONTHLY;BYDAY=1WE;UNTIL=20261231T235959 » "
            "(le premier mercredi du mois jusqu'à fin 2026)."
        ),
    )
    recurrence_exceptions = ArrayField(
        models.DateField(),
        verbose_name=_("dates sans séance"),
        default=list,
        blank=True,
        help_text=_("Dates séparées par des virgules, au format AAAA-MM-JJ (vacances, fériés…)."),
    )
    place_organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("dans les locaux de l'organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_events",
    )
    place_residence = models.ForeignKey(
        "directory.Residence",
        verbose_name=_("dans la résidence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    address_commune = models.ForeignKey(
        "directory.Commune",
        verbose_name=_("commune de l'adresse"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    online_url = models.URLField(_("lien de la réunion en ligne"), blank=True)
    # Derived from the place on save, so filters and per-commune lists need no join chain.
    commune = models.ForeignKey(
        "directory.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    audiences = ChoiceArrayField(
        models.CharField(max_length=30, choices=Audience.choices),
        verbose_name=_("publics"),
        default=list,
        blank=True,
    )
    accessibility = ChoiceArrayField(
        models.CharField(max_length=30, choices=Accessibility.choices),
        verbose_name=_("accessibilité"),
        default=list,
        blank=True,
    )
    organiser = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisateur"),
        null=True,
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    is_free = models.BooleanField(_("gratuit"), default=True)
    price_amount = models.DecimalField(
        _("tarif (€)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    price_details = models.CharField(
        _("précisions sur le tarif"),
        max_length=200,
        blank=True,
        help_text=_("Tarif réduit, prise en charge possible…"),
    )
    capacity = models.PositiveIntegerField(
        _("nombre de places par séance"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Vide : pas de limite."),
    )
    registration_open = models.BooleanField(_("inscriptions ouvertes"), default=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("event_type"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("recurrence"),
                FieldPanel("recurrence_exceptions"),
            ],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("place_organisation"),
                FieldPanel("place_residence"),
                FieldRowPanel([FieldPanel("address"), FieldPanel("address_commune")]),
                FieldPanel("online_url"),
            ],
            heading=_("Lieu (un seul choix)"),
        ),
        FieldPanel("audiences"),
        FieldPanel("accessibility"),
        FieldPanel("organiser"),
        MultiFieldPanel(
            [FieldPanel("is_free"), FieldPanel("price_amount"), FieldPanel("price_details")],
            heading=_("Tarif"),
        ),
        MultiFieldPanel(
            [FieldPanel("capacity"), FieldPanel("registration_open")],
            heading=_("Inscriptions"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("event_type"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []

    # A translation carries the public text (title, summary, body, price details, SEO title
    # and description); everything else is the French event's (events/translations.py): the
    # slug (the same address under each language's prefix), the rule and the street address
    # (text fields wagtail-localize would otherwise offer for translation). Choices, dates,
    # places, audiences, capacity, prices and the image are synchronised by default.
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("recurrence"),
        SynchronizedField("address"),
    ]

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")

    # --- Validation ----------------------------------------------------------------------
    def place_kinds(self) -> list[str]:
        kinds = []
        if self.place_organisation_id:
            kinds.append("organisation")
        if self.place_residence_id:
            kinds.append("residence")
        if self.address or self.address_commune_id:
            kinds.append("address")
        if self.online_url:
            kinds.append("online")
        return kinds

    def clean(self):
        super().clean()
        errors: dict[str, list] = {}
        kinds = self.place_kinds()
        if len(kinds) != 1:
            errors.setdefault("place_organisation", []).append(
                _(
                    "Indiquez un seul lieu : une organisation, une résidence, une adresse "
                    "avec sa commune, ou un lien de réunion en ligne."
                )
            )
        elif kinds == ["address"] and not (self.address and self.address_commune_id):
            errors.setdefault("address", []).append(
                _("Une adresse a besoin de sa commune, et inversement.")
            )
        if self.start and self.end and self.end <= self.start:
            errors.setdefault("end", []).append(_("La fin doit suivre le début."))
        if self.start and normalise_rule(self.recurrence):
            try:
                parse_rule(self.recurrence, timezone.localtime(self.start))
            except RecurrenceError as error:
                errors.setdefault("recurrence", []).append(str(error))
            else:
                self.recurrence = normalise_rule(self.recurrence)
        if not self.is_free and self.price_amount is None:
            errors.setdefault("price_amount", []).append(
                _("Indiquez le tarif, ou cochez « gratuit ».")
            )
        if self.is_free and self.price_amount:
            errors.setdefault("price_amount", []).append(
                _("Un événement gratuit n'a pas de tarif.")
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.recurrence = normalise_rule(self.recurrence)
        self.commune_id = self.place_commune_id()
        return super().save(*args, **kwargs)

    def place_commune_id(self) -> int | None:
        if self.place_organisation_id:
            return self.place_organisation.commune_id
        if self.place_residence_id:
            return self.place_residence.commune_id
        return self.address_commune_id

    # --- Languages (events/translations.py) ------------------------------------------------
    def source_event(self) -> "EventPage":
        """The French event: the one with the sessions and registrations."""
        return translations.source_of(self)

    def reader_version(self) -> "EventPage":
        """This event as a reader of the active language sees it in a list or a link."""
        return translations.reader_version(self)

    def shown_in_french(self) -> bool:
        return translations.is_fallback(self)

    # --- Presentation --------------------------------------------------------------------
    @property
    def is_online(self) -> bool:
        return self.place_kinds() == ["online"]

    def place_label(self) -> str:
        """One line for lists and calendars (LOCATION in iCal)."""
        if self.place_organisation_id:
            organisation = self.place_organisation
            commune = f", {organisation.commune.name}" if organisation.commune_id else ""
            return f"{organisation.name}{commune}"
        if self.place_residence_id:
            residence = self.place_residence
            commune = residence.commune.name
            return f"{residence.name}, {residence.address}, {residence.postcode} {commune}"
        if self.address:
            commune = self.address_commune.name if self.address_commune_id else ""
            return f"{self.address}, {commune}".strip(", ")
        if self.online_url:
            return str(_("En ligne"))
        return ""

    def postal_address(self) -> str:
        """The full street address (street, postcode, commune) for calendar files; the
        place's name first when it has one. Empty for an online event."""
        if self.place_organisation_id:
            place = self.place_organisation
            commune = place.commune.name if place.commune_id else ""
            street = ", ".join(part for part in (place.address, place.address_complement) if part)
            locality = f"{place.postcode} {commune}".strip()
            return ", ".join(part for part in (place.name, street, locality) if part)
        if self.place_residence_id:
            return self.place_label()
        if self.address:
            commune = self.address_commune if self.address_commune_id else None
            # A commune with one postcode gives it; otherwise the street and commune only.
            postcodes = commune.postcodes if commune else []
            postcode = postcodes[0] if len(postcodes) == 1 else ""
            locality = f"{postcode} {commune.name if commune else ''}".strip()
            return ", ".join(part for part in (self.address, locality) if part)
        return ""

    def place_coordinates(self) -> tuple[float, float] | None:
        """The geocoded point of the venue when known (not a commune's centre)."""
        for place in (self.place_organisation, self.place_residence):
            if place is not None and place.latitude is not None and place.longitude is not None:
                return (place.latitude, place.longitude)
        return None

    def audience_labels(self) -> list[str]:
        return [Audience(value).label for value in self.audiences if value in Audience.values]

    def accessibility_labels(self) -> list[str]:
        return [
            Accessibility(value).label
            for value in self.accessibility
            if value in Accessibility.values
        ]


class EventOccurrence(models.Model):
    """One dated session of an event, materialised from its rule (see `occurrences.py`).
    Registrations attach here, so a weekly workshop has seats per session."""

    event = models.ForeignKey(
        EventPage, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="occurrences"
    )
    start = models.DateTimeField(_("début"), db_index=True)
    end = models.DateTimeField(_("fin"))
    cancelled = models.BooleanField(_("annulée"), default=False)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        constraints = [
            models.UniqueConstraint(fields=["event", "start"], name="unique_occurrence_start"),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.start)
        return f"{self.event.title} — {local:%d/%m/%Y %H:%M}"

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Inscrit")
    WAITLISTED = "waitlisted", _("Sur liste d'attente")
    CANCELLED = "cancelled", _("Annulé")


class Attendance(models.TextChoices):
    """Whether a confirmed person came, as the organiser noted it after the session."""

    PRESENT = "present", _("Présent")
    ABSENT = "absent", _("Absent")


class Registration(models.Model):
    """A person's seats for one occurrence. Email or phone (a tenant may have no email);
    the only optional details are practical access needs, never health information."""

    occurrence = models.ForeignKey(
        EventOccurrence,
        verbose_name=_("séance"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    seats = models.PositiveSmallIntegerField(
        _("nombre de places"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SEATS_PER_REGISTRATION)],
    )
    access_needs = ChoiceArrayField(
        models.CharField(max_length=30, choices=AccessNeed.choices),
        verbose_name=_("besoins d'accessibilité"),
        default=list,
        blank=True,
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=RegistrationStatus.choices, db_index=True
    )
    created_at = models.DateTimeField(_("inscrit le"), default=timezone.now)
    promoted_at = models.DateTimeField(_("sorti de la liste d'attente le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    attendance = models.CharField(
        _("présence"), max_length=8, choices=Attendance.choices, blank=True, default=""
    )
    # Set when first marked present, when the attendance is counted (core.counters only add:
    # marking absent, then present again, does not count the person twice).
    attendance_counted = models.BooleanField(_("présence comptée"), default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="", phone=""), name="registration_has_contact"
            ),
            models.CheckConstraint(
                condition=models.Q(seats__gte=1, seats__lte=MAX_SEATS_PER_REGISTRATION),
                name="registration_seats_range",
            ),
        ]
        indexes = [models.Index(fields=["occurrence", "status"])]

    def __str__(self) -> str:
        return f"{self.name} — {self.occurrence}"

    def access_need_labels(self) -> list[str]:
        return [
            AccessNeed(value).label for value in self.access_needs if value in AccessNeed.values
        ]

    # --- notifications outbox (`notifications`): every email about a registration
    # (events.emails, and a cancelled session) leaves through it, each exactly once.
    def notification_context(self, kind: str) -> dict:
        event = self.occurrence.event
        path = reverse("events:registration", args=[registration_token(self)])
        return {
            "title": event.title,
            "url": event.url or "",
            "object": self,
            "occurrence": self.occurrence,
            "event": event,
            "link": f"{settings.SITE_URL}{path}",
            "event_url": f"{settings.SITE_URL}{event.url or ''}",
            "site_name": settings.WAGTAIL_SITE_NAME,
        }

    @classmethod
    def notification_queryset(cls):
        return cls.objects.select_related("occurrence__event")
