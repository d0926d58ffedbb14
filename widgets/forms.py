from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Commune
from search.query import MAX_FILTER_VALUES

from .models import Widget, language_choices
from .origins import MAX_ORIGINS, parse_origins
from .scoping import category_choices, kind_choices, situations_with_answers


class WidgetForm(forms.ModelForm):
    """A widget of one of the user's organisations. The organisation is chosen at creation
    only (among the organisations the user manages)."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)
    communes = forms.MultipleChoiceField(
        label=_("Communes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucune case cochée : toutes les communes du département."),
    )
    categories = forms.MultipleChoiceField(
        label=_("Catégories"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Aucune case cochée : toutes. Les catégories s'appliquent aux services : "
            "les autres types de résultats n'en ont pas."
        ),
    )
    situations = forms.ModelMultipleChoiceField(
        label=_("Situations de « Qui appeler ? »"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucune case cochée : toutes. Chaque situation vaut ses thématiques."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Types de résultats"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucune case cochée : tous (services, organisations, événements…)."),
    )
    language = forms.ChoiceField(label=_("Langue du module"), choices=language_choices)
    allowed_origins = forms.CharField(
        label=_("Sites autorisés à afficher le module"),
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"}),
    )

    class Meta:
        model = Widget
        fields = ["organisation", "name", "communes", "categories", "situations", "kinds"]
        fields += ["language", "allowed_origins"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organisation"]
            self.initial["allowed_origins"] = "\n".join(self.instance.allowed_origins)
        else:
            self.fields["organisation"].queryset = organisations
        self.fields["communes"].choices = list(
            Commune.objects.served().order_by("name").values_list("insee_code", "name")
        )
        self.fields["categories"].choices = category_choices()
        self.fields["situations"].queryset = situations_with_answers()
        self.fields["kinds"].choices = kind_choices()
        self.fields["allowed_origins"].help_text = _(
            "Un site par ligne, sans chemin : https://www.ma-commune.fr (au plus %(max)s). "
            "Le module ne s'affiche que dans les pages de ces sites."
        ) % {"max": MAX_ORIGINS}

    def clean_communes(self):
        communes = self.cleaned_data["communes"]
        if len(communes) > MAX_FILTER_VALUES:
            raise forms.ValidationError(
                _("Au plus %(max)s communes par module.") % {"max": MAX_FILTER_VALUES}
            )
        return communes

    def clean_allowed_origins(self):
        origins = parse_origins(self.cleaned_data["allowed_origins"])
        if not origins:
            raise forms.ValidationError(_("Indiquez au moins un site."))
        return origins
