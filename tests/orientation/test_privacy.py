"""No form of the orientation app asks about the tenant: every field is inspected."""

import inspect
import re

import pytest
from django import forms

import orientation.forms

# The only fields the app's forms may have: a situation, a place, an age bracket.
ALLOWED_FIELDS = {"situation", "residence", "commune", "address", "age_group"}
# Words that would betray identity or health questions, in field names, labels or help.
FORBIDDEN = re.compile(
    r"\b(nom|prénom|prenom|name|naissance|birth|âge exact|age exact|sexe|genre|gender|"
    r"téléphone|telephone|phone|e-?mail|courriel|santé|sante|health|maladie|handicap|"
    r"diagnostic|traitement|médical|medical|pathologie|notes?|commentaire|comment|remarques?|"
    r"description|détails?|details?)\b",
    re.IGNORECASE,
)


def app_forms():
    return [
        cls
        for _, cls in inspect.getmembers(orientation.forms, inspect.isclass)
        if issubclass(cls, forms.BaseForm) and cls.__module__ == orientation.forms.__name__
    ]


def test_the_app_has_forms_to_inspect():
    assert {cls.__name__ for cls in app_forms()} >= {"OrientationForm"}


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", app_forms(), ids=lambda cls: cls.__name__)
def test_no_field_accepts_identity_or_health_details(form_class, django_user_model):
    user = django_user_model.objects.create_user("gardien@example.org", "x")
    form = form_class(user=user)
    for name, field in form_class.base_fields.items():
        assert name in ALLOWED_FIELDS, f"{form_class.__name__}.{name} is not an allowed field"
        text = f"{name} {field.label} {field.help_text}"
        # "n'indiquez ni nom…" is a warning, not a question: strip that sentence first.
        text = re.sub(r"n'indiquez ni[^.]*\.", "", str(text), flags=re.IGNORECASE)
        assert not FORBIDDEN.search(text), f"{form_class.__name__}.{name}: {text!r}"
        # No free text area anywhere; short text inputs only, with a length cap.
        assert not isinstance(field.widget, forms.Textarea), name
        if isinstance(field, forms.CharField):
            assert field.max_length is not None and field.max_length <= 200, name
    assert set(form.fields) <= ALLOWED_FIELDS


@pytest.mark.django_db
def test_models_store_nothing_about_tenants():
    from orientation.models import Favourite, GlossaryTerm, Situation

    for model in (Favourite, GlossaryTerm, Situation):
        names = {field.name for field in model._meta.get_fields()}
        assert not names & {"tenant", "locataire", "person", "personne", "age", "address"}
