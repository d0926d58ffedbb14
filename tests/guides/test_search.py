"""Guides in the search index: the projection's document, and (re)indexing on publish."""

import pytest


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
    from guides.blocks import GuideBodyBlock
    from guides.text import body_text

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


@pytest.mark.django_db(transaction=True)
def test_guide_enters_the_index_on_publish_and_leaves_on_unpublish(guide_index):
    from search.models import SearchDocument

    from .conftest import make_guide

    guide = make_guide(guide_index)
    [doc] = SearchDocument.objects.filter(kind="guide", object_id=str(guide.pk))
    assert doc.title == "Adapter son logement"
    # A draft saved in the admin does not reach the index; publishing it does.
    guide.title = "Adapter son logement (brouillon)"
    guide.save_revision()
    assert SearchDocument.objects.get(kind="guide", object_id=str(guide.pk)).title == (
        "Adapter son logement"
    )
    guide.get_latest_revision().publish()
    assert SearchDocument.objects.get(kind="guide", object_id=str(guide.pk)).title == (
        "Adapter son logement (brouillon)"
    )
    guide.unpublish()
    assert not SearchDocument.objects.filter(kind="guide", object_id=str(guide.pk)).exists()
