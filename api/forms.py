from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    """A new key for one of the organisations the user administers."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)
    name = forms.CharField(
        label=_("Nom de la clé"),
        max_length=100,
        help_text=_("À quoi elle sert, pour la reconnaître : « outil de suivi », « site web »…"),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
