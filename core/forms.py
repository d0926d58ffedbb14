"""The project's form renderer: Django's forms render through the project's templates, so
`{{ form }}` and `{{ form.field.as_field_group }}` use `templates/components/field.html`
(help and errors linked to the widget for screen readers). Set as FORM_RENDERER."""

from django.forms.renderers import TemplatesSetting


class ComponentsFormRenderer(TemplatesSetting):
    """`TemplatesSetting` finds widget templates in the project's TEMPLATES (DIRS and the
    `django.forms` app), and every field group renders the shared field component."""

    field_template_name = "components/field.html"
