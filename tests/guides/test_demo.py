"""The demo guides load idempotently, say what the seeds say with their sources, cover every
public the seeds name, and every one of them renders."""

import pytest
from wagtail.models import Revision

from demo import guides as demo
from directory.vocabularies import Category
from guides.blocks import GuideBodyBlock, unsourced_figures
from guides.models import Audience, GuidePage, Theme
from orientation.models import GlossaryTerm

from .conftest import make_organisation, make_service

NEW_GUIDES = {
    # slug: (theme, audiences it must name, contact categories, FALC version)
    "premieres-semaines-nouveau-logement": (
        Theme.NEW_HOME,
        {Audience.TENANTS, Audience.GARDIENS},
        {Category.ACCES_AUX_DROITS, Category.MAITRISE_CHARGES},
        True,
    ),
    "impayes-de-loyer-agir-tot": (
        Theme.RENT_ARREARS,
        {Audience.TENANTS, Audience.CARERS, Audience.GARDIENS},
        {Category.IMPAYES_LOGEMENT, Category.MAITRISE_CHARGES},
        True,
    ),
    "voisin-en-souffrance-psychique": (
        Theme.MENTAL_HEALTH,
        {Audience.GARDIENS, Audience.TENANTS},
        {Category.SANTE_MENTALE},
        False,
    ),
    "maitriser-ses-charges": (
        Theme.CHARGES,
        {Audience.TENANTS},
        {Category.MAITRISE_CHARGES},
        True,
    ),
}


def text_of(guide: GuidePage) -> str:
    return str(guide.body.raw_data)


@pytest.mark.django_db
def test_demo_guides_load_twice_and_render(client, services, site_settings):
    # A term of the shared glossary replaces the guide's own (and stays linked on reload).
    fsl = GlossaryTerm.objects.get(acronym="FSL")
    summary = demo.load()
    assert summary == "index « Guides pratiques », 13 guides"
    revisions = {g.pk: g.live_revision_id for g in GuidePage.objects.all()}
    count = Revision.objects.count()
    assert demo.load() == summary
    assert {g.pk: g.live_revision_id for g in GuidePage.objects.all()} == revisions
    assert Revision.objects.count() == count
    arrears = GuidePage.objects.get(slug="impayes-de-loyer-agir-tot")
    terms = [b.value["glossary_term"] for b in arrears.body if b.block_type == "glossary_term"]
    assert fsl in terms

    full = GuidePage.objects.get(slug="bien-vieillir-chez-soi")
    falc = GuidePage.objects.get(slug="bien-vieillir-chez-soi-facile-a-lire")
    assert full.falc_version_id == falc.pk and falc.is_easy_read and falc.proofread_by
    assert falc.standard_version.pk == full.pk

    for guide in GuidePage.objects.live():
        response = client.get(guide.url, {"commune": "93048"})
        assert response.status_code == 200, guide.slug
        assert "lorem" not in response.content.decode().lower()
    html = client.get(full.url, {"commune": "93048"}).content.decode()
    assert "Point info autonomie de Montreuil" in html
    assert "3 500 €" in html
    assert "Carsat" in html and "1391 C" in html


@pytest.mark.django_db
def test_bien_vieillir_cites_the_carsat_agreement_and_the_tfpb_conditions_of_seed_001(
    client, services, site_settings
):
    demo.load()
    guide = GuidePage.objects.get(slug="bien-vieillir-chez-soi")
    html = client.get(guide.url, {"commune": "93048"}).content.decode().replace("&#x27;", "'")
    for gone in ("Convention", "USH", "CNAV", "2019"):
        assert gone not in html, gone
    figure = next(b.value for b in guide.body if b.block_type == "key_figure")
    assert figure["figure"] == "3 500 €"
    assert "convention que chaque bailleur social signe avec sa Carsat" in figure["label"]
    assert figure["source"]["text"].startswith("Gérontopôle Nouvelle-Aquitaine")
    assert '<p class="source"><small>Source : Gérontopôle Nouvelle-Aquitaine' in html

    [tfpb] = [b.value for b in guide.body if b.block_type == "callout"]
    text = tfpb["text"].source
    assert "logements de plus de 15 ans" in text and "moins de 15" in text
    assert "handicap physique, mobilité réduite, déficience sensorielle" in text
    assert "immeuble et de ses abords" in text
    assert "l'année N" in text and "N+1" in text and "au plus tard le 31/12 de l'année N+2" in text
    assert "1391 C du Code général des impôts" in tfpb["source"]["text"]


@pytest.mark.django_db
def test_every_figure_and_rule_of_the_demo_guides_cites_its_source(services, site_settings):
    demo.load()
    body_block = GuideBodyBlock()
    for guide in GuidePage.objects.all():
        assert unsourced_figures(guide.body) == {}, guide.slug
        body_block.clean(guide.body)  # what the editor checks before publishing
        for child in guide.body:
            if child.block_type in {"key_figure", "callout"} and (
                child.block_type == "key_figure" or "€" in child.value["text"].source
            ):
                assert child.value["source"]["text"], (guide.slug, child.block_type)


@pytest.mark.django_db
def test_the_guides_the_seeds_call_for_are_published_for_their_publics(
    client, site_settings, montreuil
):
    demo.load()
    org = make_organisation(montreuil, "CCAS de Montreuil")
    shown = {
        category: make_service(
            org, f"Service {category.label}", "01 48 70 60 00", categories=[category.value]
        ).name
        for category in {c for _, _, cats, _ in NEW_GUIDES.values() for c in cats}
    }
    index = client.get("/guides/", {"audience": Audience.TENANTS}).content.decode()
    for slug, (theme, audiences, categories, has_falc) in NEW_GUIDES.items():
        guide = GuidePage.objects.live().get(slug=slug)
        assert guide.theme == theme and audiences <= set(guide.audiences), slug
        assert guide.title in index.replace("&#x27;", "'") or Audience.TENANTS not in audiences
        html = client.get(guide.url, {"commune": "93048"}).content.decode()
        for category in categories:
            assert shown[category] in html, (slug, category)
        assert '<p class="source">' in html, slug
        if has_falc:
            assert guide.live_falc_version is not None and guide.live_falc_version.is_easy_read
            falc_html = client.get(guide.live_falc_version.url, {"commune": "93048"})
            assert falc_html.status_code == 200
    by_theme = client.get("/guides/", {"theme": Theme.RENT_ARREARS}).content.decode()
    assert "Impayés de loyer : agir tôt pour garder son logement" in by_theme
    assert "Maîtriser ses charges" not in by_theme

    arrears = text_of(GuidePage.objects.get(slug="impayes-de-loyer-agir-tot"))
    for word in ("FSL", "CCAPEX", "ADIL", "Point conseil budget", "CAF"):
        assert word in arrears, word
    psy = text_of(GuidePage.objects.get(slug="voisin-en-souffrance-psychique"))
    for word in ("CMP", "EMPP", "3114", "CLSM", "Premiers secours en santé mentale".lower()):
        assert word in psy.replace("Les premiers", "les premiers"), word
    charges = text_of(GuidePage.objects.get(slug="maitriser-ses-charges"))
    for word in ("chèque énergie", "FSL énergie et eau", "régularisation"):
        assert word in charges, word
    welcome = text_of(GuidePage.objects.get(slug="premieres-semaines-nouveau-logement"))
    assert "livret d'accueil" in welcome and "état des lieux" in welcome


@pytest.mark.django_db
def test_demo_loading_updates_a_guide_whose_content_changed(site_settings, services):
    """A database loaded with the former demo (the unsourced USH–CNAV figure) gets the new
    content as a new published revision, once."""
    index = demo.ensure_index()
    old = dict(demo.BIEN_VIEILLIR)
    old["body"] = [
        {
            "type": "key_figure",
            "value": {
                "figure": "3 500 €",
                "label": "par logement",
                "source": "Convention Union sociale pour l'habitat – CNAV, 2019",
            },
        }
    ]
    guide = GuidePage(**{k: v for k, v in old.items() if k != "body"}, body=old["body"])
    index.add_child(instance=guide)
    guide.save_revision().publish()
    first = GuidePage.objects.get(pk=guide.pk).live_revision_id

    demo.load()
    guide = GuidePage.objects.get(pk=guide.pk)
    assert guide.live_revision_id != first
    assert "CNAV" not in text_of(guide) and "Gérontopôle" in text_of(guide)
    assert guide.falc_version.slug == "bien-vieillir-chez-soi-facile-a-lire"
    second = guide.live_revision_id
    demo.load()
    assert GuidePage.objects.get(pk=guide.pk).live_revision_id == second
