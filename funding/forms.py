"""Forms of calls for projects: the public list's filters (also what a saved search stores and
what its alert checks, so the list and its alerts never disagree) and the front-office form
with which moderators and partners propose a call."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.places import departement_name, served_departements
from directory.form_fields import InseeCodesField
from directory.models import Commune, Organisation
from directory.vocabularies import Category

from .models import CallForProjects, CallKind, Status

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

    def state(self) -> str:
        return (self.cleaned_data.get("etat") if self.is_valid() else "") or OPEN

    def apply(self, calls, now=None):
        """The calls the list shows for these filters, in the list's order."""
        now = now or timezone.now()
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("theme"):
            calls = calls.filter(themes__contains=[data["theme"]])
        if data.get("type"):
            calls = calls.filter(kind=data["type"])
        state = self.state()
        if state == OPEN:
            return calls.filter(status=Status.PUBLISHED, deadline__gt=now).order_by(
                "deadline", "pk"
            )
        if state == CLOSED:
            return calls.exclude(status=Status.PUBLISHED, deadline__gt=now).order_by("-deadline")
        return calls.order_by("-deadline", "pk")


def call_predicate(call):
    """Whether the list filtered by a saved search's filters shows `call` (its alert)."""

    def satisfies(filters: dict) -> bool:
        form = CallFilterForm(filters)
        if not form.is_valid():
            return False
        return form.apply(CallForProjects.objects.public().filter(pk=call.pk)).exists()

    return satisfies


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CallForProjectsForm(forms.ModelForm):
    """A call proposed in the front office. `organisations` are those the user manages (the
    call's proposer); `scope` the départements the user moderates (None: every one). A call
    without a proposing organisation is the moderation's own: only in its territory."""

    organisation = forms.ModelChoiceField(
        label=_("Proposé par"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("La modération (aucune organisation)"),
    )
    departement = forms.ChoiceField(label=_("Département"))
    link = forms.URLField(label=_("Lien vers l'appel"), max_length=200, assume_scheme="https")
    communes = InseeCodesField(
        label=_("Communes éligibles"),
        queryset=Commune.objects.none(),
        to_field_name="insee_code",
        required=False,
        help_text=_("Aucune : tout le département."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = CallForProjects
        fields = [
            "kind",
            "title",
            "funder",
            "summary",
            "deadline",
            "eligible_kinds",
            "themes",
            "departement",
            "communes",
            "amount_min",
            "amount_max",
            "amount_total",
            "link",
            "organisation",
        ]
        labels = {"summary": _("Description")}
        widgets = {
            "deadline": DateTimeInput(),
            "summary": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, organisations=None, scope=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        organisations = organisations if organisations is not None else Organisation.objects.none()
        self.fields["organisation"].queryset = organisations.order_by("name")
        if scope is not None and not scope:
            # Not a moderator: the call is one of the user's organisations'.
            self.fields["organisation"].required = True
            self.fields["organisation"].empty_label = None
        codes = served_departements()
        self.fields["departement"].choices = [(code, departement_name(code)) for code in codes]
        self.fields["communes"].queryset = (
            Commune.objects.served().only("insee_code", "name").order_by("name")
        )
        self.fields["deadline"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        # Kept as it was (the input shows minutes): a closed call stays editable.
        before = self.instance.deadline if self.instance.pk else None
        unchanged = before is not None and deadline == before.replace(second=0, microsecond=0)
        if not unchanged and deadline <= timezone.now():
            raise forms.ValidationError(_("La date limite doit être dans le futur."))
        return deadline

    def clean(self):
        cleaned = super().clean()
        departement = cleaned.get("departement")
        communes = cleaned.get("communes") or []
        if departement and communes:
            outside = Commune.objects.filter(insee_code__in=communes).exclude(
                departement_code=departement
            )
            if outside.exists():
                self.add_error(
                    "communes",
                    _("Choisissez des communes du département de l'appel."),
                )
        moderation_own = not cleaned.get("organisation") and "organisation" not in self.errors
        outside_scope = self.scope is not None and departement not in self.scope
        if departement and moderation_own and outside_scope:
            self.add_error(
                "organisation",
                _(
                    "Vous ne modérez pas ce département : choisissez l'organisation "
                    "qui propose l'appel."
                ),
            )
        return cleaned
