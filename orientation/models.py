"""Orientation data: situations a gardien meets, the glossary, favourite services.

Nothing here describes a tenant: a situation is a category of need, editable by moderators;
the orientation form never asks who the person is (tests/orientation/test_privacy.py)."""

import re

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.reviewed_translations import ReviewedTranslation
from core.reviewed_translations import TranslationStatus as TranslationStatus  # re-exported
from core.reviewed_translations import (  # re-exported: migration 0009 names it here
    translation_language_choices as translation_language_choices,
)
from directory.fields import ChoiceArrayField

from .callback_tokens import answer_token
from .choices import public_choices, thematique_choices, typology_choices
from .fields import OrderedChoiceArrayField


class Situation(models.Model):
    """A situation a gardien spots ("isolement", "impayés"…) and what answers it: its primary
    answers (ordered kinds of structures), secondary kinds, national thematiques and publics,
    used to rank directory services (orientation/ranking.py)."""

    slug = models.SlugField(_("identifiant d'URL"), max_length=80, unique=True)
    label = models.CharField(_("intitulé"), max_length=120)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Une ou deux phrases en français simple : à quoi reconnaître la situation."),
    )
    order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)
    is_danger = models.BooleanField(
        _("situation de danger"),
        default=False,
        help_text=_("Les numéros d'urgence sont alors affichés avant toute autre réponse."),
    )
    thematiques = ChoiceArrayField(
        models.CharField(max_length=120, choices=thematique_choices),
        verbose_name=_("thématiques data·inclusion"),
        default=list,
        blank=True,
    )
    primary_typologies = OrderedChoiceArrayField(
        models.CharField(max_length=20, choices=typology_choices),
        verbose_name=_("réponses principales (types de structures, la meilleure d'abord)"),
        default=list,
        blank=True,
        help_text=_(
            "Codes séparés par des virgules, du plus adapté au moins adapté, par exemple : "
            "CMP, EMPP, CCAS, SCHS. Un type spécialisé (CMP, SCHS, ADIL…) est proposé pour "
            "tous ses services ; un type généraliste (CCAS, association, mairie…) seulement "
            "pour ses services qui ont une des thématiques choisies."
        ),
    )
    typologies = ChoiceArrayField(
        models.CharField(max_length=20, choices=typology_choices),
        verbose_name=_("autres types de structures (réponses secondaires)"),
        default=list,
        blank=True,
    )
    publics = ChoiceArrayField(
        models.CharField(max_length=80, choices=public_choices),
        verbose_name=_("publics"),
        default=list,
        blank=True,
    )
    prefers_at_home = models.BooleanField(
        _("privilégier les interventions à domicile"),
        default=False,
        help_text=_("Les services qui se déplacent au domicile sont proposés en premier."),
    )
    questions = models.TextField(
        _("à préparer avant d'appeler"),
        blank=True,
        help_text=_(
            "Une question par ligne. Jamais de nom ni de détail de santé : ce sont des "
            "points à vérifier avant l'appel."
        ),
    )

    class Meta:
        ordering = ["order", "label"]
        verbose_name = _("situation d'orientation")
        verbose_name_plural = _("situations d'orientation")

    def __str__(self) -> str:
        return self.label

    @property
    def emergency_only(self) -> bool:
        """A danger situation that names no answer: only the emergency numbers are shown."""
        return self.is_danger and not (
            self.thematiques or self.typologies or self.primary_typologies
        )

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


def split_synonyms(text: str) -> list[str]:
    """The synonyms field as a list: one per line (commas and semicolons separate too)."""
    parts = (part.strip() for line in (text or "").splitlines() for part in re.split("[,;]", line))
    return [part for part in parts if part]


class GlossaryTerm(models.Model):
    """An acronym or a term of the sector, explained in plain French."""

    term = models.CharField(
        _("terme"),
        max_length=200,
        unique=True,
        help_text=_("Le nom en toutes lettres : « Centre communal d'action sociale »."),
    )
    acronym = models.CharField(
        _("sigle"), max_length=20, blank=True, db_index=True, help_text=_("Par exemple : CCAS.")
    )
    slug = models.SlugField(_("identifiant d'URL"), max_length=220, unique=True, blank=True)
    definition = models.TextField(_("définition en français simple"))
    link = models.URLField(_("pour en savoir plus (lien)"), blank=True)
    synonyms = models.TextField(
        _("autres mots cherchés"),
        blank=True,
        help_text=_(
            "Un mot ou une expression par ligne, que les gens tapent pour parler de ce terme "
            "(« Diogène », « logement encombré »). La recherche trouve les uns par les autres."
        ),
    )
    situation = models.ForeignKey(
        Situation,
        verbose_name=_("situation liée"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="glossary_terms",
    )

    class Meta:
        ordering = ["term"]
        verbose_name = _("terme du glossaire")
        verbose_name_plural = _("termes du glossaire")

    def __str__(self) -> str:
        return f"{self.acronym} — {self.term}" if self.acronym else self.term

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.acronym or self.term)[:220]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{reverse('orientation:glossary')}#{self.anchor}"

    @property
    def synonym_list(self) -> list[str]:
        return split_synonyms(self.synonyms)

    @property
    def heading(self) -> str:
        """What the glossary lists it under: the acronym when there is one."""
        return self.acronym or self.term

    @property
    def anchor(self) -> str:
        return f"terme-{self.slug}"


class Favourite(models.Model):
    """A service a user starred, to find it again in "Mes services favoris"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="favourite_services",
    )
    service = models.ForeignKey(
        "directory.Service",
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name="favourites",
    )
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("service favori")
        verbose_name_plural = _("services favoris")
        constraints = [
            models.UniqueConstraint(fields=["user", "service"], name="unique_favourite_service"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ★ {self.service}"


class CallbackStatus(models.TextChoices):
    SENT = "sent", _("Envoyée, en attente de réponse")
    ACKNOWLEDGED = "acknowledged", _("Je rappelle")
    DECLINED = "declined", _("Pas pour nous")
    EXPIRED = "expired", _("Expirée sans réponse")


OPEN_CALLBACK_STATUSES = (CallbackStatus.SENT,)
# Outbox kinds (templates/notifications/email/<kind>*): to the recipients, then to the sender.
CALLBACK_REQUEST = "callback_request"
CALLBACK_ANSWERED = "callback_answered"


class CallbackRequest(models.Model):
    """« Rappelez-moi » — a warm hand-off without a case file: a gardien or landlord staff
    member asks a service to call them back about "a resident of residence X (or commune X),
    situation Y", once the resident agreed. It carries the sender's professional contact and
    nothing that identifies the resident: no name, flat, date of birth or health detail; the
    optional note is checked by `orientation.privacy` in the form
    (tests/orientation/test_privacy.py inspects the fields). Requests expire unanswered and
    are purged after a while (`orientation.callbacks`, README « Confidentialité »).

    The recipient is a directory service or one of the landlord's own contacts for the
    residence (`referent`: « d'abord, votre bailleur »), exactly one of them. Scoping always
    goes through `recipient_organisation`: the organisation that answers (the service's, or
    the landlord)."""

    # Operational rows: not worth tracking in Wagtail's reference index on every save.
    wagtail_reference_index_ignore = True

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        on_delete=models.CASCADE,
        related_name="callback_requests",
    )
    sender_organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation du demandeur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sender_phone = models.CharField(_("téléphone professionnel du demandeur"), max_length=20)
    sender_email = models.EmailField(_("e-mail professionnel du demandeur"))
    service = models.ForeignKey(
        "directory.Service",
        verbose_name=_("service sollicité"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="callback_requests",
    )
    referent = models.ForeignKey(
        "directory.ResidenceReferent",
        verbose_name=_("contact du bailleur"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    recipient_organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation sollicitée"),
        on_delete=models.CASCADE,
        related_name="callback_requests_received",
    )
    situation = models.ForeignKey(
        Situation,
        verbose_name=_("situation"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    residence = models.ForeignKey(
        "directory.Residence",
        verbose_name=_("résidence"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    commune = models.ForeignKey(
        "directory.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    consent = models.BooleanField(_("accord de la personne recueilli"), default=False)
    note = models.CharField(_("précision"), max_length=280, blank=True)
    status = models.CharField(
        _("statut"), max_length=15, choices=CallbackStatus.choices, default=CallbackStatus.SENT
    )
    suggestion = models.CharField(_("service suggéré à la place"), max_length=200, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("réponse de"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("close le"), null=True, blank=True, help_text=_("Réponse reçue ou demande expirée.")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("demande de rappel")
        verbose_name_plural = _("demandes de rappel")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent=True), name="orientation_callback_consent_given"
            ),
            # A service or a landlord's contact for the residence, exactly one.
            models.CheckConstraint(
                condition=models.Q(service__isnull=False, referent__isnull=True)
                | models.Q(service__isnull=True, referent__isnull=False),
                name="orientation_callback_has_recipient",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="orient_callback_open_idx"),
            models.Index(fields=["closed_at"], name="orient_callback_closed_idx"),
        ]

    def __str__(self) -> str:
        return _("Rappel demandé à %(recipient)s (%(date)s)") % {
            "recipient": self.recipient_name,
            "date": formats.date_format(timezone.localtime(self.created_at), "SHORT_DATE_FORMAT"),
        }

    @property
    def recipient_name(self) -> str:
        if self.service_id:
            return self.service.name
        if self.referent_id:
            return self.referent.label
        return self.recipient_organisation.name

    @property
    def situation_label(self) -> str:
        return self.situation.label if self.situation_id else "—"

    @property
    def place_label(self) -> str:
        """ "résidence X (Commune)" or "Commune": where the resident lives, no closer."""
        if self.residence_id:
            return f"{self.residence.name} ({self.commune.name})"
        return self.commune.name

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CALLBACK_STATUSES

    def notification_context(self, kind: str) -> dict:
        """What the outbox says (`notifications.sending`): to the recipients, the request and
        a signed link to answer without logging in; to the sender, the answer."""
        situation = self.situation_label
        if kind == CALLBACK_ANSWERED:
            return {
                "title": _("%(recipient)s : « %(status)s » (%(situation)s, %(place)s)")
                % {
                    "recipient": self.recipient_name,
                    "status": self.get_status_display(),
                    "situation": situation,
                    "place": self.place_label,
                },
                "url": reverse("orientation:callbacks_sent"),
                "object": self,
            }
        path = reverse("orientation:callback_answer", kwargs={"token": answer_token(self.pk)})
        return {
            "title": _("Demande de rappel : %(situation)s, %(place)s")
            % {"situation": situation, "place": self.place_label},
            "url": reverse("orientation:callbacks_received"),
            "answer_url": f"{settings.SITE_URL}{path}",
            "object": self,
        }

    def notification_is_obsolete(self, kind: str) -> bool:
        """Answered or expired before the request's email left: nothing to ask any more."""
        return kind == CALLBACK_REQUEST and not self.is_open

    @classmethod
    def notification_queryset(cls):
        return cls.objects.select_related(
            "service", "recipient_organisation", "situation", "residence", "commune",
            "sender_organisation", "answered_by",
        )  # fmt: skip


# --- Situations and glossary in the tenants' languages (issue #19 item 4) ----------------------
# Side tables rather than translatable models: situations and terms are queried in many places
# (ranking, search, demo) that must keep seeing one French row each. A translation is shown to
# readers only once a reviewer has published it (orientation/translations.py).


# The review life (brouillon → « à relire » → publiée) is core's mechanism, shared with the
# national vocabulary labels (directory.LabelTranslation). The names stay importable from here
# (migration 0009 refers to orientation.models.translation_language_choices).
VocabularyTranslation = ReviewedTranslation


class SituationTranslation(VocabularyTranslation):
    situation = models.ForeignKey(
        Situation,
        verbose_name=_("situation"),
        on_delete=models.CASCADE,
        related_name="translations",
    )
    label = models.CharField(_("intitulé"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    questions = models.TextField(
        _("à préparer avant d'appeler"), blank=True, help_text=_("Une question par ligne.")
    )

    class Meta:
        ordering = ["situation__order", "situation__label", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["situation", "language"], name="orientation_situation_translation_once"
            )
        ]
        permissions = [
            (
                "publish_translation",
                _("Peut publier les traductions relues (situations, glossaire)"),
            )
        ]
        verbose_name = _("traduction d'une situation")
        verbose_name_plural = _("traductions des situations")

    def __str__(self) -> str:
        return f"{self.situation.label} ({self.language})"


class GlossaryTermTranslation(VocabularyTranslation):
    glossary_term = models.ForeignKey(
        GlossaryTerm,
        verbose_name=_("terme du glossaire"),
        on_delete=models.CASCADE,
        related_name="translations",
    )
    term = models.CharField(_("terme"), max_length=200)
    definition = models.TextField(_("définition"))

    class Meta:
        ordering = ["glossary_term__term", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["glossary_term", "language"], name="orientation_glossary_translation_once"
            )
        ]
        verbose_name = _("traduction d'un terme du glossaire")
        verbose_name_plural = _("traductions du glossaire")

    def __str__(self) -> str:
        return f"{self.glossary_term.term} ({self.language})"
