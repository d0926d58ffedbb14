"""The gap map's filters: a plain GET form (situation, commune of the territory, period)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_PERIOD_DAYS = 90


class SituationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.label


class CommuneChoiceField(forms.ModelChoiceField):
    """A commune by its name (its INSEE code only in the address)."""

    def label_from_instance(self, obj) -> str:
        return obj.name


class GapFilterForm(forms.Form):
    situation = SituationChoiceField(
        label=_("Situation"),
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label=_("Toutes les situations"),
        error_messages={"invalid_choice": _("Choisissez une situation de la liste.")},
    )
    commune = CommuneChoiceField(
        label=_("Commune"),
        queryset=None,
        to_field_name="insee_code",
        required=False,
        empty_label=_("Toutes les communes"),
        error_messages={"invalid_choice": _("Choisissez une commune de votre territoire.")},
    )
    du = forms.DateField(
        label=_("Du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Saisissez une date valide, par exemple 2026-01-31.")},
    )
    au = forms.DateField(
        label=_("Au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Saisissez une date valide, par exemple 2026-03-31.")},
    )

    def __init__(self, *args, situations, communes, **kwargs):
        """`situations` and `communes`: querysets of what the user may pick (their territory)."""
        super().__init__(*args, **kwargs)
        self.fields["situation"].queryset = situations
        self.fields["commune"].queryset = communes
        end = timezone.localdate()
        self.default_period = (end - datetime.timedelta(days=DEFAULT_PERIOD_DAYS - 1), end)

    def clean(self):
        data = super().clean()
        start, end = data.get("du"), data.get("au")
        if start and end and start > end:
            raise forms.ValidationError(_("La date de début doit précéder la date de fin."))
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The period asked, or the last DEFAULT_PERIOD_DAYS days (a bad one: the default)."""
        if not self.is_bound or not self.is_valid():
            return self.default_period
        end = self.cleaned_data.get("au") or self.default_period[1]
        span = datetime.timedelta(days=DEFAULT_PERIOD_DAYS - 1)
        return self.cleaned_data.get("du") or end - span, end
