"""Public corrections (« Signaler une erreur ») and suggestions (« Suggérer un service
manquant ») of the directory, sent without an account (issue #16, part 2).

A report carries what is wrong, in the visitor's words, and optionally an address to answer
them; nothing about a tenant (the form says so). Rules in `feedback.reports`: a correction goes
to the organisation's admins, then to the territory's moderators if nobody handled it in time;
a suggestion goes straight to the moderators. The reporter's address is blanked once the
report is handled, or after FEEDBACK_EMAIL_RETENTION_DAYS."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 2000

# Outbox kinds (templates/notifications/email/<kind>*).
REPORT_RECEIVED = "feedback_report"  # to the organisation's admins
REPORT_ESCALATED = "feedback_escalated"  # to the territory's moderators
SUGGESTION_RECEIVED = "feedback_suggestion"  # to the territory's moderators
REPLY = "feedback_reply"  # to the reporter's bare address

# Audit log actions (registered in wagtail_hooks.py).
CREATED = "feedback.created"
ESCALATED = "feedback.escalated"
HANDLED = "feedback.handled"
PURGED = "feedback.purged"


class ReportKind(models.TextChoices):
    CORRECTION = "correction", _("Signalement d'erreur")
    SUGGESTION = "suggestion", _("Suggestion de service")


class ReportSubject(models.TextChoices):
    CONTACT = "contact", _("Téléphone ou e-mail")
    ADDRESS = "address", _("Adresse")
    HOURS = "hours", _("Horaires")
    GONE = "gone", _("Le service n'existe plus")
    OTHER = "other", _("Autre")


class ReportStatus(models.TextChoices):
    NEW = "new", _("Nouveau")
    ESCALATED = "escalated", _("Transmis à la modération")
    FIXED = "fixed", _("Corrigé")
    DISMISSED = "dismissed", _("Sans suite")


OPEN_STATUSES = (ReportStatus.NEW, ReportStatus.ESCALATED)
HANDLED_STATUSES = (ReportStatus.FIXED, ReportStatus.DISMISSED)


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Report(models.Model):
    """One correction of an organisation or service sheet, or one suggested service."""

    # Operational rows: not worth tracking in Wagtail's reference index on every save.
    wagtail_reference_index_ignore = True

    kind = models.CharField(_("type"), max_length=12, choices=ReportKind.choices)
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_reports",
    )
    service = models.ForeignKey(
        "directory.Service",
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_reports",
    )
    subject = models.CharField(
        _("ce qui est faux"), max_length=10, choices=ReportSubject.choices, blank=True
    )
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    # A suggestion: the service as the visitor describes it.
    suggested_name = models.CharField(_("nom du service"), max_length=200, blank=True)
    suggested_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    suggested_contact = models.CharField(_("comment le joindre"), max_length=300, blank=True)
    commune = models.ForeignKey(
        "directory.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    departement = models.CharField(
        _("département"),
        max_length=3,
        blank=True,
        db_index=True,
        help_text=_("Le territoire dont les modérateurs reçoivent le signalement."),
    )
    reporter_email = models.EmailField(_("e-mail pour répondre"), blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.NEW
    )
    answer = models.TextField(_("réponse"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("reçu le"), default=timezone.now)
    escalated_at = models.DateTimeField(_("transmis le"), null=True, blank=True)
    handled_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("traité par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="suggestion") | models.Q(organisation__isnull=False),
                name="feedback_correction_has_organisation",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="feedback_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.target_name}"

    @property
    def target_name(self) -> str:
        if self.service_id:
            return f"{self.service.name} ({self.organisation.name})"
        if self.organisation_id:
            return self.organisation.name
        return self.suggested_name

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def sheet_url(self) -> str:
        """The public page the report is about (the directory for a suggestion)."""
        if self.service_id:
            return reverse("directory:service", args=[self.service.slug])
        if self.organisation_id:
            return reverse("directory:organisation", args=[self.organisation.slug])
        return reverse("directory:home")

    def notification_context(self, kind: str) -> dict:
        """What the outbox says (`notifications.sending`)."""
        if kind == REPLY:
            url = self.sheet_url
            title = _("Réponse à votre signalement : %(name)s") % {"name": self.target_name}
        elif kind == REPORT_RECEIVED:
            url = reverse("feedback:partner_detail", args=[self.pk])
            title = _("Erreur signalée : %(name)s") % {"name": self.target_name}
        elif kind == SUGGESTION_RECEIVED:
            url = reverse("feedback_admin_detail", args=[self.pk])
            title = _("Service suggéré : %(name)s") % {"name": self.target_name}
        else:
            url = reverse("feedback_admin_detail", args=[self.pk])
            title = _("Erreur signalée non traitée : %(name)s") % {"name": self.target_name}
        return {"title": title, "url": url, "object": self}

    @classmethod
    def notification_queryset(cls):
        return cls.objects.select_related("organisation", "service", "commune")
