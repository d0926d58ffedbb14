"""Form fields other apps share to pick directory things."""

from django import forms


class InseeCodesField(forms.ModelMultipleChoiceField):
    """Communes picked from a list by their names, stored as INSEE codes (sorted)."""

    def label_from_instance(self, obj) -> str:
        return obj.name

    def clean(self, value):
        return sorted(commune.insee_code for commune in super().clean(value))
