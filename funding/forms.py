from django import forms
from django.utils.translation import gettext_lazy as _

from directory.vocabularies import Category

from .models import CallKind

OPEN = "ouverts"
CLOSED = "clotures"
STATES = [(OPEN, _("Ouverts")), (CLOSED, _("Clôturés")), ("tous", _("Tous"))]


class CallFilterForm(forms.Form):
    etat = forms.ChoiceField(label=_("État"), choices=STATES, required=False)
    theme = forms.ChoiceField(
        label=_("Thème"), choices=[("", _("Tous les thèmes")), *Category.choices], required=False
    )
    type = forms.ChoiceField(
        label=_("Type d'appel"),
        choices=[("", _("Tous les types")), *CallKind.choices],
        required=False,
    )
