"""No form of the orientation app asks about the tenant: every field is inspected, and no
model stores anything about them."""

import inspect
import re

import pytest
from django import forms

import orientation.forms
from orientation.models import CallbackRequest, Favourite, GlossaryTerm, Situation

# The only fields each form may have: a situation, a place, an age bracket; for a callback
# request, the resident's agreement, the sender's own professional contact and a short note;
# for its answer, the decision and a better service.
ALLOWED_FIELDS = {
    "OrientationForm": {"situation", "residence", "commune", "address", "age_group", "open_now"},
    "CallbackRequestForm": {
        "situation",
        "residence",
        "commune",
        "consent",
        "sender_organisation",
        "sender_phone",
        "sender_email",
        "note",
    },
    "CallbackAnswerForm": {"decision", "suggestion"},
}
# The sender's contact: about the professional who asks, and labelled so ("Votre …").
SENDER_CONTACT_FIELDS = {"sender_organisation", "sender_phone", "sender_email"}
# Free text checked for anything identifying (orientation.privacy), short.
CHECKED_TEXT_FIELDS = {"note": 280, "suggestion": 200}
IDENTIFYING_SAMPLES = ["Mme Dupont", "Jean Dupont", "appartement 12", "née le 12/03/1948"]
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
    assert {cls.__name__ for cls in app_forms()} == set(ALLOWED_FIELDS)


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", app_forms(), ids=lambda cls: cls.__name__)
def test_no_field_accepts_identity_or_health_details(form_class, django_user_model):
    user = django_user_model.objects.create_user("gardien@example.org", "x")
    form = form_class(user=user)
    allowed = ALLOWED_FIELDS[form_class.__name__]
    for name, field in form_class.base_fields.items():
        assert name in allowed, f"{form_class.__name__}.{name} is not an allowed field"
        text = f"{name} {field.label} {field.help_text}"
        if name in SENDER_CONTACT_FIELDS:
            # The professional's own contact, never the resident's.
            assert str(field.label).startswith("Votre "), name
            continue
        # "n'indiquez ni nom…", "ni nom, ni téléphone…" are warnings, not questions: strip them.
        text = re.sub(r"n'indiquez ni[^.]*\.", "", str(text), flags=re.IGNORECASE)
        text = re.sub(r"Rien qui permette de reconna[iî]tre la personne[^.]*\.", "", text)
        if name in CHECKED_TEXT_FIELDS:
            # The only free text: short, and refused when it could identify somebody.
            assert field.max_length <= CHECKED_TEXT_FIELDS[name], name
            for sample in IDENTIFYING_SAMPLES:
                with pytest.raises(forms.ValidationError):
                    field.clean(sample)
            text = text.replace("note", "")
        assert not FORBIDDEN.search(text), f"{form_class.__name__}.{name}: {text!r}"
        if name not in CHECKED_TEXT_FIELDS:
            # No free text area anywhere else; short text inputs only, with a length cap.
            assert not isinstance(field.widget, forms.Textarea), name
        if isinstance(field, forms.CharField) and name not in CHECKED_TEXT_FIELDS:
            assert field.max_length is not None and field.max_length <= 200, name
    assert set(form.fields) <= allowed


TENANT_WORDS = re.compile(
    r"tenant|locataire|resident|person|personne|name|nom|prenom|age|birth|naissance|address|"
    r"adresse|flat|appartement|door|porte|floor|etage|health|sante|diagnos|medical|handicap",
    re.IGNORECASE,
)


@pytest.mark.django_db
def test_models_store_nothing_about_tenants():
    for model in (Favourite, GlossaryTerm, Situation):
        names = {field.name for field in model._meta.get_fields()}
        assert not names & {"tenant", "locataire", "person", "personne", "age", "address"}


def test_a_callback_request_has_no_field_that_could_hold_the_residents_identity():
    """Its fields are the sender's (sender_*), the recipient's, the situation and the place
    (residence or commune, never closer), the agreement, the checked note and the answer."""
    names = {field.name for field in CallbackRequest._meta.get_fields()}
    assert names == {
        "id", "sender", "sender_organisation", "sender_phone", "sender_email", "service",
        "referent", "recipient_organisation", "situation", "residence", "commune", "consent",
        "note", "status", "suggestion", "answered_by", "created_at", "answered_at", "closed_at",
    }  # fmt: skip
    for name in names - {"sender_phone", "sender_email"}:
        assert not TENANT_WORDS.search(name), name
    note = CallbackRequest._meta.get_field("note")
    assert note.max_length == 280
