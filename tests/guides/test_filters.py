"""The guide filters list each theme and audience once, and each one listed finds guides."""

import re
from html import unescape

import pytest
from django.apps import apps

from demo import guides as demo
from guides.models import Audience, GuideIndexPage, GuidePage, Theme

from .conftest import make_guide

migration = __import__(
    "guides.migrations.0004_audience_tous_publics", fromlist=["forwards", "backwards"]
)


def _choices(html: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [
        (value, unescape(label).strip())
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select)
    ]


@pytest.mark.django_db
def test_bien_vieillir_chez_soi_finds_its_guide(client, services, site_settings):
    demo.load()
    index = GuideIndexPage.objects.get()
    html = client.get(index.url, {"theme": Theme.STAYING_HOME}).content.decode()
    assert "Bien vieillir chez soi : adapter son logement" in unescape(html)


@pytest.mark.django_db
def test_every_listed_theme_and_audience_finds_a_guide_and_is_listed_once(
    client, services, site_settings
):
    demo.load()
    index = GuideIndexPage.objects.get()
    html = client.get(index.url).content.decode()
    for name in ("theme", "audience"):
        choices = _choices(html, name)
        labels = [label for _value, label in choices]
        assert len(labels) == len(set(labels)), labels
        assert choices[0][0] == ""  # "all" first, once
        for value, label in choices[1:]:
            found = client.get(index.url, {name: value}).content.decode()
            assert 'class="card-grid guide-list"' in found, f"{name} « {label} » finds no guide"
    audiences = [label for _v, label in _choices(html, "audience")]
    assert "Tout public" not in audiences and "Tous publics" not in audiences
    assert audiences[0] == "Tous les publics"


@pytest.mark.django_db
def test_a_theme_without_guide_is_not_listed_and_a_guide_for_everyone_is_found_by_audience(
    client, guide_index
):
    make_guide(guide_index, theme=Theme.CHARGES, audiences=[Audience.TENANTS], title="Charges")
    make_guide(
        guide_index,
        slug="pour-tous",
        theme=Theme.SOCIAL_TIES,
        audiences=[Audience.EVERYONE],
        title="Pour tous",
    )
    html = client.get(guide_index.url).content.decode()
    themes = [value for value, _label in _choices(html, "theme")]
    assert themes == ["", Theme.SOCIAL_TIES, Theme.CHARGES]  # the vocabulary's order
    carers = client.get(guide_index.url, {"audience": Audience.CARERS}).content.decode()
    assert "Pour tous" in carers and ">Charges<" not in carers


@pytest.mark.django_db
def test_existing_tout_public_guides_are_migrated_to_tous_publics(guide_index):
    guide = make_guide(guide_index, audiences=[Audience.TENANTS])
    GuidePage.objects.filter(pk=guide.pk).update(audiences=["locataires", "tout_public"])
    revision = guide.latest_revision
    revision.content["audiences"] = ["tout_public"]
    revision.save()
    migration.forwards(apps, None)
    guide.refresh_from_db()
    revision.refresh_from_db()
    assert guide.audiences == ["locataires", "tous-publics"]
    assert revision.content["audiences"] == ["tous-publics"]
    assert "tout_public" not in Audience.values
