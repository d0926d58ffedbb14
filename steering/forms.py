"""The dashboards' filters: a plain GET form (works without JavaScript). A bad value is an
error shown above the figures, which are then those of the valid filters (the page answers)."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.counters import PARIS

LAST_30_DAYS, LAST_12_MONTHS = "30j", "12m"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def today() -> datetime.date:
    return timezone.now().astimezone(PARIS).date()


class PeriodForm(forms.Form):
    """The period: a preset, or the dates chosen (both optional, which then win)."""

    periode = forms.ChoiceField(
        label=_("Période"),
        required=False,
        choices=[
            (LAST_30_DAYS, _("Les 30 derniers jours")),
            (LAST_12_MONTHS, _("Les 12 derniers mois")),
            ("dates", _("Les dates ci-dessous")),
        ],
    )
    du = forms.DateField(label=_("Du"), required=False, widget=DateInput())
    au = forms.DateField(label=_("Au (inclus)"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("du"), data.get("au")
        if start and end and start > end:
            raise forms.ValidationError(
                _("La date de début doit précéder la date de fin."), code="order"
            )
        retention = int(getattr(settings, "COUNTERS_RETENTION_DAYS", 3 * 365))
        if start and end and (end - start).days > retention:
            raise forms.ValidationError(
                _("Choisissez une période de %(days)s jours au plus (durée de conservation)."),
                code="too_long",
                params={"days": retention},
            )
        return data

    def dates(self) -> tuple[datetime.date, datetime.date]:
        """The period of the valid filters (the 30 last days by default). Call after
        is_valid(), whatever it answered."""
        data = getattr(self, "cleaned_data", {}) if not self.non_field_errors() else {}
        end_day = today()
        start, end = data.get("du"), data.get("au")
        if start or end:
            end = end or end_day
            return start or end - datetime.timedelta(days=29), end
        if data.get("periode") == LAST_12_MONTHS:  # the current month and the 11 before it
            start = end_day.replace(day=1)
            for _month in range(11):
                start = (start - datetime.timedelta(days=1)).replace(day=1)
            return start, end_day
        return end_day - datetime.timedelta(days=29), end_day


class TerritoryFilterForm(PeriodForm):
    """The period, a commune of the territory and a situation (names shown, codes sent)."""

    commune = forms.ChoiceField(label=_("Commune"), required=False)
    situation = forms.ChoiceField(label=_("Situation"), required=False)

    def __init__(self, data=None, *, communes, situations):
        super().__init__(data)
        self.fields["commune"].choices = [("", _("Toutes les communes du territoire")), *communes]
        self.fields["commune"].error_messages["invalid_choice"] = _(
            "Cette commune n'est pas dans votre territoire : toutes les communes sont affichées."
        )
        self.fields["situation"].choices = [("", _("Toutes les situations")), *situations]
        self.fields["situation"].error_messages["invalid_choice"] = _(
            "Situation inconnue : toutes les situations sont affichées."
        )

    def value(self, name: str) -> str | None:
        """A valid filter's value, None when empty or invalid."""
        if name in self.errors:
            return None
        return getattr(self, "cleaned_data", {}).get(name) or None
