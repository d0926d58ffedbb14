"""Import runs: what was imported, by whom, how far it got and what happened to each row."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    DATA_INCLUSION = "data_inclusion", _("data·inclusion (JSON, schéma v1)")
    FINESS = "finess", _("FINESS (extraction etalab, CSV)")
    FINESS_PLUS = "finess_plus", _("FiNESS+ (flux JSON des structures, ANS)")
    CSV = "csv", _("Tableau CSV générique")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    RUNNING = "running", _("En cours")
    SUCCEEDED = "succeeded", _("Terminé")
    FAILED = "failed", _("Échoué")


class ImportRun(models.Model):
    """One import of one file (two for data·inclusion structures + services)."""

    kind = models.CharField(_("format"), max_length=20, choices=ImportKind.choices)
    status = models.CharField(
        _("état"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    filename = models.CharField(_("fichier"), max_length=255, blank=True)
    file = models.FileField(_("fichier"), upload_to="imports/%Y/%m/", blank=True)
    extra_file = models.FileField(
        _("fichier des services"),
        upload_to="imports/%Y/%m/",
        blank=True,
        help_text=_("data·inclusion : services dans un fichier séparé des structures."),
    )
    source = models.CharField(
        _("source"),
        max_length=100,
        blank=True,
        help_text=_("Nom de la source pour un CSV générique (réimporter met à jour)."),
    )
    departements = models.CharField(
        _("départements retenus"),
        max_length=100,
        blank=True,
        help_text=_("Codes séparés par des virgules ; vide : ceux des communes de l'annuaire."),
    )
    publish = models.BooleanField(
        _("publier directement"),
        default=False,
        help_text=_("CSV générique : publier les nouvelles fiches sans passer par la modération."),
    )
    total = models.PositiveIntegerField(_("enregistrements"), default=0)
    processed = models.PositiveIntegerField(_("traités"), default=0)
    created_count = models.PositiveIntegerField(_("créés"), default=0)
    updated_count = models.PositiveIntegerField(_("mis à jour"), default=0)
    unchanged_count = models.PositiveIntegerField(_("inchangés"), default=0)
    error_count = models.PositiveIntegerField(_("en erreur"), default=0)
    skipped_count = models.PositiveIntegerField(_("hors territoire"), default=0)
    refused_count = models.PositiveIntegerField(_("hors de votre territoire"), default=0)
    conflict_count = models.PositiveIntegerField(_("modifiées depuis le dernier import"), default=0)
    closed_count = models.PositiveIntegerField(
        _("fermés à la source (archivés ou non créés)"), default=0
    )
    # The départements this run may write in: the importer's territory when it was launched
    # from the admin; empty (None) for a site admin or a management command (everywhere).
    # Who may read the run follows from it (see access.py).
    territory = ArrayField(
        models.CharField(max_length=3),
        verbose_name=_("territoire"),
        null=True,
        blank=True,
        help_text=_("Départements où l'import peut écrire ; vide : partout (administrateur)."),
    )
    report = models.JSONField(_("rapport ligne à ligne"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.filename or self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        return int(100 * self.processed / self.total) if self.total else 0

    def departement_codes(self) -> set[str]:
        return {code.strip().upper() for code in self.departements.split(",") if code.strip()}

    def territory_codes(self) -> frozenset[str] | None:
        """Where this run may write: None means everywhere."""
        return None if self.territory is None else frozenset(self.territory)


class ImportedValues(models.Model):
    """What the last import wrote into one entry (the imported fields, as stored then).

    A later import compares the entry with it: when they differ, someone edited the entry
    since, and the import reports a conflict instead of overwriting the edit."""

    organisation = models.OneToOneField(
        "directory.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="imported_values",
    )
    service = models.OneToOneField(
        "directory.Service",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="imported_values",
    )
    values = models.JSONField(_("valeurs importées"), default=dict)
    run = models.ForeignKey(
        ImportRun,
        verbose_name=_("import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("importées le"), auto_now=True)

    class Meta:
        verbose_name = _("valeurs importées")
        verbose_name_plural = _("valeurs importées")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, service__isnull=True)
                | Q(organisation__isnull=True, service__isnull=False),
                name="directory_imports_importedvalues_one_entry",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation or self.service)


class DataInclusionSync(models.Model):
    """Where the sync with the national data·inclusion API stands (one row, see sync.py).

    `since` is the start of the last successful run: the next run loads only the records
    updated (`date_maj`) on or after that day. A failed run leaves it unchanged."""

    since = models.DateTimeField(_("dernière synchronisation réussie commencée le"), null=True)
    last_run = models.ForeignKey(
        ImportRun,
        verbose_name=_("dernier import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_attempt_at = models.DateTimeField(_("dernière tentative"), null=True, blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    counts = models.JSONField(_("chiffres du dernier passage"), default=dict, blank=True)

    class Meta:
        verbose_name = _("synchronisation data·inclusion")
        verbose_name_plural = _("synchronisations data·inclusion")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> DataInclusionSync:
        return cls.objects.get_or_create(pk=1)[0]


class DuplicateHint(models.Model):
    """data·inclusion says two of its structures are the same actor (`doublons` of the
    structures list): kept as a pair of data·inclusion ids (with their upstream producers),
    whether or not the other one is in our directory yet. Our entries carry these ids as
    `source_id` (source "data-inclusion"). The duplicates queue (directory.duplicates) reads
    them."""

    structure_id = models.CharField(_("structure"), max_length=200)
    structure_source = models.CharField(_("producteur de la structure"), max_length=100)
    duplicate_id = models.CharField(_("doublon"), max_length=200)
    duplicate_source = models.CharField(_("producteur du doublon"), max_length=100)
    first_seen_at = models.DateTimeField(_("signalé le"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("vu pour la dernière fois le"), auto_now=True)

    class Meta:
        verbose_name = _("doublon signalé par data·inclusion")
        verbose_name_plural = _("doublons signalés par data·inclusion")
        constraints = [
            models.UniqueConstraint(
                fields=["structure_id", "duplicate_id"],
                name="directory_imports_duplicatehint_unique_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.structure_id} ≈ {self.duplicate_id}"
