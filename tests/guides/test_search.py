"""Guides in the search index: the projection's document, and (re)indexing on publish."""

import importlib.util

import pytest

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("search.registry") is None, reason="search app not installed"
)


@pytest.mark.django_db
def test_guide_document(guide):
    from search.registry import get_projection

    projection = get_projection("guide")
    assert projection.is_indexable(guide)
    doc = projection.document(guide)
    assert doc.title == "Adapter son logement"
    assert doc.url == guide.url
    assert "barre d'appui" in doc.body
    assert "Adapter son logement" in doc.keywords
    assert "Locataires âgés" in doc.keywords
    assert doc.categories == ["adaptation-logement"]
    assert doc.visibility == "public"

    guide.unpublish()
    assert not projection.is_indexable(guide)


@pytest.mark.django_db
def test_body_text_covers_the_readable_blocks():
    from portal.guides.blocks import GuideBodyBlock
    from portal.guides.text import body_text

    block = GuideBodyBlock()
    stream = block.to_python(
        [
            {"type": name, "value": child.get_prep_value(child.get_preview_value())}
            for name, child in block.child_blocks.items()
        ]
    )
    text = body_text(stream)
    for expected in (
        "Rester chez soi",
        "Écrire à son bailleur",
        "Les travaux sont-ils",
        "3 500 €",
        "En cas de danger",
        "CLIC",
        "Barre d'appui",
    ):
        assert expected in text
