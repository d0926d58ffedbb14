"""Upload form of the admin import screen."""

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImportKind, ImportRun

EXTENSIONS = {
    ImportKind.FINESS: {".csv", ".txt"},
    ImportKind.FINESS_PLUS: {".json"},
    ImportKind.DATA_INCLUSION: {".json"},
    ImportKind.CSV: {".csv", ".txt"},
}


class ImportForm(forms.ModelForm):
    class Meta:
        model = ImportRun
        fields = ["kind", "file", "extra_file", "source", "departements", "publish"]
        labels = {"file": _("Fichier à importer")}
        help_texts = {
            "file": _(
                "FINESS : l'extraction etalab des établissements (CSV). FiNESS+ : le flux JSON "
                "des structures publié par l'ANS. data·inclusion : le JSON des structures, ou "
                "un JSON avec structures et services. CSV : voir les colonnes décrites "
                "ci-dessous."
            ),
        }

    def __init__(self, *args, territory: frozenset[str] | None = None, **kwargs):
        """`territory`: the départements the importer moderates (None: everywhere)."""
        super().__init__(*args, **kwargs)
        self.territory = territory
        self.fields["file"].required = True

    def clean_departements(self):
        departements = self.cleaned_data.get("departements", "")
        if self.territory is not None:
            codes = {code.strip().upper() for code in departements.split(",") if code.strip()}
            outside = sorted(codes - self.territory)
            if outside:
                raise forms.ValidationError(
                    _("Hors de votre territoire : %(codes)s. Vous modérez : %(yours)s.")
                    % {"codes": ", ".join(outside), "yours": ", ".join(sorted(self.territory))}
                )
        return departements

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        allowed = EXTENSIONS.get(kind, set())
        for name in ("file", "extra_file"):
            upload = cleaned.get(name)
            if upload and Path(upload.name).suffix.lower() not in allowed:
                self.add_error(
                    name,
                    _("Extension attendue pour ce format : %(extensions)s.")
                    % {"extensions": ", ".join(sorted(allowed))},
                )
        if cleaned.get("extra_file") and kind != ImportKind.DATA_INCLUSION:
            self.add_error(
                "extra_file", _("Un fichier de services ne sert qu'aux imports data·inclusion.")
            )
        return cleaned
