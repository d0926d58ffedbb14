"""Notification outbox, in-app inbox, preferences and saved searches (DESIGN.md §3, §7).

A `Delivery` row is written in the same transaction as what it announces (a match, a contact
request, a newly published item matching a saved search). The row, not the broker message, is
the source of truth: Celery only carries "look at these rows", and a periodic sweeper re-sends
whatever is still pending, so a lost broker message delays a notification but never loses it.
The UNIQUE (recipient, item, kind, channel) constraint makes every notification happen at most
once per person, item and kind of message, however many matches or overlapping searches point
at it (an event registration gets several kinds: confirmed, promoted, reminder…)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .tokens import confirm_token, unsubscribe_token


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    INBOX = "inbox", _("Notifications du site")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    SENT = "sent", _("Envoyée")
    FAILED = "failed", _("Échec")


class Frequency(models.TextChoices):
    INSTANT = "instant", _("Immédiatement")
    DAILY = "daily", _("Un résumé par jour")
    WEEKLY = "weekly", _("Un résumé par semaine")


def user_recipient_key(user_id: int) -> str:
    return f"u:{user_id}"


def email_recipient_key(email: str) -> str:
    return f"e:{email.strip().lower()}"


class Delivery(models.Model):
    """One notification of one kind about one item to one recipient on one channel (the
    outbox row)."""

    # Operational rows: not worth tracking in Wagtail's reference index on every save.
    wagtail_reference_index_ignore = True

    recipient_key = models.CharField(
        _("destinataire (clé)"),
        max_length=260,
        help_text=_("« u:<id> » pour un compte, « e:<adresse> » pour une adresse seule."),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte destinataire"),
        on_delete=models.CASCADE,
        related_name="deliveries",
        null=True,
        blank=True,
    )
    email = models.EmailField(_("adresse e-mail"), blank=True)
    language = models.CharField(_("langue"), max_length=5, default="fr")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(_("identifiant de l'objet"))
    item = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("type de message"), max_length=30)
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("statut"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    digest_frequency = models.CharField(
        _("fréquence"), max_length=10, choices=Frequency.choices, default=Frequency.INSTANT
    )
    context = models.JSONField(_("contexte"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient_key", "content_type", "object_id", "kind", "channel"],
                name="notifications_delivery_once_per_recipient_item_kind_channel",
            ),
        ]
        indexes = [
            # What the sender and the sweeper look for.
            models.Index(
                fields=["digest_frequency", "created_at"],
                condition=Q(status="pending"),
                name="notif_delivery_pending_idx",
            ),
            # The inbox and the unread counter in the header.
            models.Index(
                fields=["recipient", "channel", "read_at"],
                condition=Q(status="sent"),
                name="notif_delivery_inbox_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.email or self.recipient_key} ({self.get_channel_display()})"


class NotificationPreferences(models.Model):
    """How a user wants to be told: per channel, and how often for email."""

    # Operational rows: not worth tracking in Wagtail's reference index on every save.
    wagtail_reference_index_ignore = True

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("utilisateur"),
    )
    email_enabled = models.BooleanField(_("recevoir les notifications par e-mail"), default=True)
    email_frequency = models.CharField(
        _("fréquence des e-mails"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.INSTANT,
    )
    inbox_enabled = models.BooleanField(
        _("afficher les notifications dans mon espace"), default=True
    )

    class Meta:
        verbose_name = _("préférences de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self) -> str:
        return str(self.user)


class SubscriptionKind(models.TextChoices):
    PREMISES = "premises", _("Locaux disponibles")
    OFFERS = "offers", _("Offres de services ESS")
    SERVICES = "services", _("Services de l'annuaire")
    FUNDING = "funding", _("Appels à projets")


class Subscription(models.Model):
    """A saved search: filters as JSON, evaluated against each newly published item."""

    # Operational rows: not worth tracking in Wagtail's reference index on every save.
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
        null=True,
        blank=True,
    )
    email = models.EmailField(_("adresse e-mail"), blank=True)
    language = models.CharField(_("langue"), max_length=5, default="fr")
    kind = models.CharField(_("sur quoi"), max_length=10, choices=SubscriptionKind.choices)
    filters = models.JSONField(_("critères"), default=dict, blank=True)
    label = models.CharField(_("intitulé"), max_length=200, blank=True)
    frequency = models.CharField(
        _("fréquence"), max_length=10, choices=Frequency.choices, default=Frequency.INSTANT
    )
    confirmed_at = models.DateTimeField(
        _("confirmée le"),
        null=True,
        blank=True,
        help_text=_(
            "Double validation : une alerte sans compte n'est active qu'une fois confirmée."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("alerte")
        verbose_name_plural = _("alertes")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["kind"],
                condition=Q(is_active=True, confirmed_at__isnull=False),
                name="notif_subscription_live_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email=""),
                name="notifications_subscription_has_recipient",
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.get_kind_display()

    @property
    def recipient_key(self) -> str:
        if self.user_id:
            return user_recipient_key(self.user_id)
        return email_recipient_key(self.email)

    @property
    def recipient_email(self) -> str:
        return self.user.email if self.user_id else self.email

    def get_unsubscribe_url(self) -> str:
        return reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(self.pk)})

    def notification_context(self, kind: str) -> dict:
        url = reverse("notifications:confirm", kwargs={"token": confirm_token(self.pk)})
        return {"title": str(self), "url": url, "object": self}
