"""Every figure and rule of a guide cites where it comes from: a source line under the block,
on the page and in the PDF, and the editor refuses a figure without one."""

import pytest
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.models import User
from core.blocks import CalloutBlock
from core.figures import figures_in
from guides.blocks import GuideBodyBlock, KeyFigureBlock
from guides.models import GuidePage

from .conftest import make_guide

BODY = GuideBodyBlock()
SOURCE = {"text": "Référentiel AVDL et GLA", "date": "janvier 2011", "url": ""}
NO_SOURCE = {"text": "", "date": "", "url": ""}


def source_error(error: StructBlockValidationError) -> str:
    return " ".join(error.block_errors["source"].block_errors["text"].messages)


def test_figures_and_rules_are_found_but_not_phone_numbers():
    text = (
        "<p>Plafond de 3 500 € par logement, 25 % des locataires, logements de plus de 15 ans, "
        "demande au plus tard le 31/12/N+2, trêve du 1er novembre au 31 mars, article 1391 C "
        "du Code général des impôts.</p>"
    )
    assert figures_in(text) == [
        "3 500 €",
        "25 %",
        "15 ans",
        "31/12/N+2",
        "1er novembre",
        "31 mars",
        "article 1",
    ]
    assert figures_in("<p>Appelez le 15, le 17 ou le 18, ou le 3114, jour et nuit.</p>") == []


def test_a_callout_with_a_figure_and_no_source_is_refused_in_the_editor():
    block = CalloutBlock()
    value = block.to_python(
        {
            "kind": "info",
            "title": "Taxe foncière",
            "text": "<p>Demande au plus tard le 31/12 de l'année N+2.</p>",
            "source": NO_SOURCE,
        }
    )
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(value)
    message = source_error(refused.value)
    assert "« 31/12 »" in message and "indiquez sa source" in message

    value = block.to_python({**block.get_prep_value(value), "source": SOURCE})
    assert block.clean(value)["source"]["text"] == "Référentiel AVDL et GLA"
    # A callout that states no figure needs no source.
    plain = block.to_python({"kind": "tip", "title": "", "text": "<p>Parlez-en.</p>"})
    assert block.clean(plain)


def test_a_key_figure_always_needs_its_source():
    block = KeyFigureBlock()
    value = block.to_python({"figure": "3 500 €", "label": "par logement", "source": NO_SOURCE})
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(value)
    assert "« 3 500 € »" in source_error(refused.value)


def test_a_source_names_its_document_when_it_has_a_link():
    block = KeyFigureBlock()
    value = block.to_python(
        {
            "figure": "3 500 €",
            "label": "par logement",
            "source": {"text": "", "date": "", "url": "https://example.org/"},
        }
    )
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(value)
    assert "Nommez le document" in source_error(refused.value)


def test_a_text_with_a_rule_is_followed_by_its_source_block():
    text = {"type": "text", "value": "<p>Les logements de moins de 15 ans sont exclus.</p>"}
    with pytest.raises(StreamBlockValidationError) as refused:
        BODY.clean(BODY.to_python([text, {"type": "text", "value": "<p>Suite.</p>"}]))
    assert list(refused.value.block_errors) == [0]
    assert "« 15 ans »" in refused.value.block_errors[0].messages[0]

    steps = {
        "type": "steps",
        "value": {"title": "", "steps": [{"title": "Demander", "text": "Avant le 31/12."}]},
    }
    with pytest.raises(StreamBlockValidationError) as refused:
        BODY.clean(BODY.to_python([steps]))
    assert "Source du bloc précédent" in str(refused.value.block_errors[0].non_block_errors)

    cited = BODY.clean(
        BODY.to_python(
            [text, {"type": "source", "value": SOURCE}, steps, {"type": "source", "value": SOURCE}]
        )
    )
    assert [child.block_type for child in cited] == ["text", "source", "steps", "source"]


@pytest.mark.django_db
def test_the_source_line_is_shown_under_the_block(client, guide_index, services):
    guide = make_guide(
        guide_index,
        body=[
            {
                "type": "callout",
                "value": {
                    "kind": "info",
                    "title": "Trêve hivernale",
                    "text": "<p>Du 1er novembre au 31 mars.</p>",
                    "source": {
                        "text": "Code des procédures civiles d'exécution, article L. 412-6",
                        "date": "",
                        "url": "https://www.legifrance.gouv.fr/",
                    },
                },
            },
            {"type": "text", "value": "<p>Dépôt de garantie aidé par le FSL à 100 %.</p>"},
            {"type": "source", "value": SOURCE},
            # Stored before sources were structured: a key figure's source was plain text.
            {
                "type": "key_figure",
                "value": {"figure": "3 500 €", "label": "par logement", "source": "Seed 001"},
            },
        ],
    )
    html = client.get(guide.url).content.decode()
    assert (
        '<p class="source"><small>Source : <a href="https://www.legifrance.gouv.fr/">Code des '
        "procédures civiles d&#x27;exécution, article L. 412-6</a></small></p>"
    ) in html
    assert '<p class="source"><small>Source : Référentiel AVDL et GLA, janvier 2011' in html
    assert '<p class="source"><small>Source : Seed 001</small></p>' in html
    assert GuidePage.objects.get(pk=guide.pk).body[3].value["source"]["text"] == "Seed 001"


@pytest.mark.django_db
def test_the_editor_refuses_to_publish_a_figure_without_source(client, guide_index, guide):
    admin = User.objects.create_superuser("admin@example.org", "un-mot-de-passe-solide")
    client.force_login(admin)
    post = nested_form_data(
        {
            "title": guide.title,
            "slug": guide.slug,
            "summary": guide.summary,
            "theme": guide.theme,
            "audiences": guide.audiences,
            "body": streamfield(
                [
                    (
                        "callout",
                        {
                            "kind": "info",
                            "title": "Plafond",
                            "text": rich_text("<p>Jusqu'à 3 500 € par logement.</p>"),
                            "source": {"text": "", "date": "", "url": ""},
                        },
                    )
                ]
            ),
            "action-publish": "publish",
        }
    )
    response = client.post(f"/admin/pages/{guide.pk}/edit/", post)
    assert response.status_code == 200  # the form again, with its errors
    assert "indiquez sa source" in response.content.decode().replace("&#x27;", "'")
    guide.refresh_from_db()
    assert "3 500 €" not in str(guide.body.raw_data)
