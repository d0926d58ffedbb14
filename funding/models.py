"""Calls for projects and funding (issue #18, item 6): an AMI, an appel à projets or a fund,
with a deadline, who may apply (organisation kinds, themes, territory), an amount and a link.
Published by moderators, or proposed by a partner organisation and moderated
(`funding.moderation`); announced once to the eligible organisations (`funding.publication`),
reminded once before the deadline and closed automatically at it."""

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.fields import ChoiceArrayField
from directory.models import Organisation, OrganisationKind
from directory.vocabularies import Category

from .eligibility import Criteria


class CallKind(models.TextChoices):
    AMI = "ami", _("Appel à manifestation d'intérêt")
    CALL_FOR_PROJECTS = "appel_a_projets", _("Appel à projets")
    FUND = "fonds", _("Fonds ou subvention")


class Status(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumis à validation")
    PUBLISHED = "published", _("Publié")
    CLOSED = "closed", _("Clôturé")
    ARCHIVED = "archived", _("Archivé")


# What anyone may read: published calls, and those closed at their deadline.
PUBLIC_STATUSES = (Status.PUBLISHED, Status.CLOSED)


class CallQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=PUBLIC_STATUSES)

    def open(self, now=None):
        return self.filter(status=Status.PUBLISHED, deadline__gt=now or timezone.now())


class CallForProjects(models.Model):
    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("type d'appel"), max_length=20, choices=CallKind.choices)
    funder = models.CharField(_("financeur"), max_length=200)
    summary = models.TextField(_("résumé"))
    deadline = models.DateTimeField(
        _("date limite de dépôt"), help_text=_("Date et heure, heure de Paris.")
    )
    eligible_kinds = ChoiceArrayField(
        models.CharField(max_length=20, choices=OrganisationKind.choices),
        verbose_name=_("organisations éligibles"),
        default=list,
        blank=True,
        help_text=_("Vide : toutes les organisations."),
    )
    themes = ChoiceArrayField(
        models.CharField(max_length=30, choices=Category.choices),
        verbose_name=_("thèmes"),
        default=list,
        blank=True,
        help_text=_("Vide : tous les thèmes."),
    )
    departement = models.CharField(
        _("département"),
        max_length=3,
        help_text=_("Le territoire de l'appel, modéré par les modérateurs de ce département."),
    )
    communes = ArrayField(
        models.CharField(max_length=5),
        verbose_name=_("communes éligibles (codes INSEE)"),
        default=list,
        blank=True,
        help_text=_("Vide : tout le département."),
    )
    amount_min = models.PositiveIntegerField(_("montant minimum (€)"), null=True, blank=True)
    amount_max = models.PositiveIntegerField(_("montant maximum (€)"), null=True, blank=True)
    amount_total = models.PositiveIntegerField(_("enveloppe totale (€)"), null=True, blank=True)
    link = models.URLField(_("lien vers l'appel"))
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("proposé par"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calls_for_projects",
        help_text=_("Vide : publié par la modération."),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    refusal_reason = models.TextField(_("motif du refus"), blank=True)
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    announced_at = models.DateTimeField(_("annoncé le"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel à projets")
        verbose_name_plural = _("appels à projets")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("funding:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.amount_min and self.amount_max and self.amount_min > self.amount_max:
            raise ValidationError(
                {"amount_max": _("Le montant maximum doit être supérieur au minimum.")}
            )

    @property
    def is_open(self) -> bool:
        return self.status == Status.PUBLISHED and self.deadline > timezone.now()

    @property
    def owner_id(self):
        return self.organisation_id

    def theme_labels(self) -> list[str]:
        labels = dict(Category.choices)
        return [str(labels.get(theme, theme)) for theme in self.themes]

    def kind_labels(self) -> list[str]:
        labels = dict(OrganisationKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.eligible_kinds]

    def criteria(self) -> Criteria:
        return Criteria(
            kinds=frozenset(self.eligible_kinds),
            themes=frozenset(self.themes),
            departement=self.departement,
            communes=frozenset(self.communes),
        )

    def notification_context(self, kind: str) -> dict:
        return {
            "title": self.title,
            "url": self.get_absolute_url(),
            "object": self,
            "deadline": timezone.localtime(self.deadline),
            "funder": self.funder,
        }
