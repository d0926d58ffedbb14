"""Orientation data: situations a gardien meets, the glossary, favourite services.

Nothing here describes a tenant: a situation is a category of need, editable by moderators;
the orientation form never asks who the person is (tests/orientation/test_privacy.py)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from directory.fields import ChoiceArrayField

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
