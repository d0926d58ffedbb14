"""An ordered list of choices, edited as comma-separated codes ("CMP, EMPP, CCAS"): the
order matters (first is best), which a list of checkboxes cannot express."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.forms import SimpleArrayField
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class OrderedChoicesFormField(SimpleArrayField):
    """ "cmp, EMPP ,CCAS" → ["CMP", "EMPP", "CCAS"]; an unknown or repeated code is an error
    that names it and lists the valid ones."""

    def __init__(self, base_field, *, choices, **kwargs):
        self.valid_codes = [str(value) for value, _label in choices]
        super().__init__(base_field, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            items = value
        else:
            items = [item.strip().upper() for item in (value or "").split(self.delimiter)]
        items = [item for item in items if item]
        unknown = [item for item in items if item not in self.valid_codes]
        if unknown:
            raise ValidationError(
                _("Code inconnu : %(codes)s. Codes possibles : %(valid)s."),
                code="unknown_choice",
                params={"codes": ", ".join(unknown), "valid": ", ".join(self.valid_codes)},
            )
        repeated = sorted({item for item in items if items.count(item) > 1})
        if repeated:
            raise ValidationError(
                _("Code en double : %(codes)s."),
                code="repeated_choice",
                params={"codes": ", ".join(repeated)},
            )
        return items

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value):
        # Each code was checked in to_python; skip SimpleArrayField's per-item validators.
        return


class OrderedChoiceArrayField(ArrayField):
    """An ArrayField of choices whose order is kept, edited as comma-separated codes."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": OrderedChoicesFormField,
            "base_field": self.base_field.formfield(),
            "choices": self.base_field.choices,
        }
        defaults.update(kwargs)
        return super(ArrayField, self).formfield(**defaults)
