"""Every guide block renders its preview value with its own template, and refuses bad input."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from guides.blocks import ContactBlock, GlossaryTermBlock, GuideBodyBlock, ImageBlock
from tests.orientation.factories import GlossaryTermFactory

BODY = GuideBodyBlock()

EXPECTED_PREVIEW_TEXT = {
    "text": "Rester chez soi en sécurité",
    "steps": "Écrire à son bailleur",
    "faq": "<summary",
    "key_figure": "3 500 €",
    "callout": "En cas de danger",
    "image": "Barre d'appui près d'une baignoire",
    "glossary_term": "CLIC",
    "contact": "Qui appeler pour adapter son logement ?",
    "event_list": "Prochains ateliers",
    "document": "Formulaire de demande d'adaptation",
    "source": "Source : Référentiel de l'accompagnement vers et dans le logement",
}


def test_every_block_is_covered():
    assert set(BODY.child_blocks) == set(EXPECTED_PREVIEW_TEXT)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED_PREVIEW_TEXT))
def test_block_renders_its_preview_value_with_its_template(name):
    block = BODY.child_blocks[name]
    assert block.meta.template.startswith(("guides/blocks/", "components/blocks/"))
    assert str(block.get_description())
    html = unescape(block.render(block.get_preview_value()))
    assert EXPECTED_PREVIEW_TEXT[name] in html
    # The shared image block has its own class; a source is a line under the block above.
    assert "guide-block" in html or 'class="figure' in html or '<p class="source">' in html


@pytest.mark.django_db
def test_faq_folds_without_javascript():
    block = BODY.child_blocks["faq"]
    html = block.render(block.get_preview_value())
    assert html.count("<details") == 1
    question = "Les travaux sont-ils à ma charge ?"
    assert f'<summary class="guide-faq__question">{question}</summary>' in html
    assert "<script" not in html


@pytest.mark.django_db
def test_steps_are_a_numbered_list():
    block = BODY.child_blocks["steps"]
    html = block.render(block.get_preview_value())
    assert "<ol" in html and html.count("<li") == 3


@pytest.mark.django_db
def test_contact_preview_without_commune_asks_for_it():
    block = BODY.child_blocks["contact"]
    html = block.render(block.get_preview_value())
    assert "Indiquez votre commune" in html


def test_image_alt_text_is_required():
    block = ImageBlock()
    assert block.child_blocks["alt_text"].required
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"image": None, "alt_text": "", "caption": ""}))
    assert "alt_text" in error.value.block_errors


@pytest.mark.django_db
def test_contact_block_needs_a_choice_in_each_mode():
    block = ContactBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"mode": "chosen", "limit": 1}))
    assert "service" in error.value.block_errors
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"mode": "nearest", "category": "", "limit": 1}))
    assert "category" in error.value.block_errors
    cleaned = block.clean(
        block.to_python({"mode": "nearest", "category": "lien-social", "limit": 2})
    )
    assert cleaned["category"] == "lien-social"


@pytest.mark.django_db
def test_glossary_block_uses_the_shared_glossary_or_a_written_term():

    block = GlossaryTermBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"glossary_term": None, "term": "APA", "definition": ""}))
    term = GlossaryTermFactory(
        term="Fonds de solidarité pour le logement test",
        acronym="FSLT",
        definition="Une aide pour payer son loyer ou ses factures.",
    )
    value = block.clean(block.to_python({"glossary_term": term.pk, "term": "", "definition": ""}))
    html = block.render(value)
    assert '<abbr title="Fonds de solidarité pour le logement test">FSLT</abbr>' in html
    assert "Une aide pour payer son loyer" in html
