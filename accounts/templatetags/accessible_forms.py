"""Render form widgets tied to their help text and errors (aria-describedby, aria-invalid),
so screen readers announce them with the field. Used by templates/accounts/includes/."""

from django import template

register = template.Library()


def help_id(field) -> str:
    return f"{field.auto_id}-aide"


def errors_id(field) -> str:
    return f"{field.auto_id}-erreurs"


@register.filter
def accessible(field):
    """The widget of a bound field with aria-describedby pointing at its help and errors."""
    attrs = {}
    described_by = []
    if field.help_text:
        described_by.append(help_id(field))
    if field.errors:
        described_by.append(errors_id(field))
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter
def help_id_of(field) -> str:
    return help_id(field)


@register.filter
def errors_id_of(field) -> str:
    return errors_id(field)
