"""Model fields shared by the directory models."""

from django import forms
from django.contrib.postgres.fields import ArrayField


class ChoiceArrayField(ArrayField):
    """An ArrayField of choices edited as a list of checkboxes (not comma-separated text)."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_field.choices,
            "coerce": self.base_field.to_python,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(kwargs)
        # Skip ArrayField.formfield (SimpleArrayField); use the plain Field one with our class.
        return super(ArrayField, self).formfield(**defaults)
