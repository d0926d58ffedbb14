"""The demo guides load idempotently and every one of them renders."""

import pytest

from demo import guides as demo
from guides.models import GuidePage


@pytest.mark.django_db
def test_demo_guides_load_twice_and_render(client, services, site_settings):
    summary = demo.load()
    assert summary == "index « Guides pratiques », 6 guides"
    revisions = {g.pk: g.live_revision_id for g in GuidePage.objects.all()}
    assert demo.load() == summary
    assert {g.pk: g.live_revision_id for g in GuidePage.objects.all()} == revisions

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
