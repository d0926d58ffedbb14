"""Accounts, organisation membership and invitations (DESIGN.md §4)."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

INVITATION_VALIDITY = timedelta(days=14)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Identified by email; no tenant data is ever attached."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    language = models.CharField(
        _("langue des messages"),
        max_length=5,
        choices=[("fr", _("Français")), ("en", _("English"))],
        default="fr",
    )
    moderated_departements = ArrayField(
        models.CharField(max_length=3),
        verbose_name=_("départements modérés"),
        default=list,
        blank=True,
        help_text=_("Pour les modérateurs : codes des départements dont ils valident les fiches."),
    )
    is_staff = models.BooleanField(_("accès à l'administration"), default=False)
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("Administrateur de l'organisation")
    MEMBER = "member", _("Membre")
    GARDIEN = "gardien", _("Gardien / personnel de proximité")


class Membership(models.Model):
    """A user's place inside an organisation, with a role."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("utilisateur")
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("rôle"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    created_at = models.DateTimeField(_("depuis le"), auto_now_add=True)

    class Meta:
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
        "directory.Organisation",
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
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invité par")
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acceptée par"),
    )
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)

    class Meta:
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
