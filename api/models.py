"""Partner API tokens. Only a SHA-256 of each key is stored: the key itself is shown once,
when it is created, and cannot be recovered afterwards (create a new one instead)."""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX = "mlg_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    """A random key, recognisable by its prefix (secret scanners, logs)."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A partner organisation's key to the API: higher rate limits and the contacts
    reserved for professionals."""

    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("nom"), max_length=100, help_text=_("Par exemple : outil de suivi des locataires.")
    )
    key_hash = models.CharField(_("empreinte de la clé"), max_length=64, unique=True)
    # The first characters of the key, so that a partner can tell their keys apart.
    key_start = models.CharField(_("début de la clé"), max_length=12)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("créée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("clé d'API")
        verbose_name_plural = _("clés d'API")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @classmethod
    @transaction.atomic
    def issue(cls, organisation, name: str, created_by=None) -> tuple["ApiToken", str]:
        """Create a token; returns it with the clear key, to show once. An organisation holds
        at most `API_MAX_ACTIVE_TOKENS_PER_ORGANISATION` active keys (a leaked admin account
        must not mint keys without end): past it, `ValidationError` — revoke one first."""
        # Lock the organisation's row so that two simultaneous creations cannot both pass.
        type(organisation).objects.select_for_update().filter(pk=organisation.pk).exists()
        limit = settings.API_MAX_ACTIVE_TOKENS_PER_ORGANISATION
        if cls.objects.active().filter(organisation=organisation).count() >= limit:
            raise ValidationError(
                _(
                    "%(organisation)s a déjà %(limit)d clés d'API actives, le maximum : "
                    "révoquez-en une avant d'en créer une nouvelle."
                ),
                code="too_many_tokens",
                params={"organisation": organisation, "limit": limit},
            )
        key = new_key()
        token = cls.objects.create(
            organisation=organisation,
            name=name,
            key_hash=hash_key(key),
            key_start=key[: len(KEY_PREFIX) + 6],
            created_by=created_by,
        )
        return token, key

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
