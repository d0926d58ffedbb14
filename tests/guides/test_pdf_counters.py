"""Guide PDFs and posters handed over are counted (metric "pdf", kind guide_pdf / poster), with
the commune of a localised PDF and nothing else (core.counters, issue #18 item 1)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from core import counters
from core.models import DailyCounter
from guides.models import ExportStatus, GuideExport
from tests.accounts.factories import clear_test_cache

from .conftest import make_guide

# Not a transactional test: the build is never queued (its on-commit callback is left aside),
# the export is made ready by hand, and only the counts are run, then flushed for real.
pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def fresh_counters():
    clear_test_cache()
    yield
    clear_test_cache()


def make_ready(export: GuideExport) -> None:
    export.file.save(f"test-{export.pk}.pdf", ContentFile(PDF), save=False)
    export.status = ExportStatus.READY
    export.save()


def fetch_twice(client, url: str) -> None:
    """The "being prepared" page (not counted), then the PDF once it is built (counted)."""
    assert client.get(url).status_code == 202
    make_ready(GuideExport.objects.order_by("-pk").first())
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def counted() -> dict:
    counters.flush()
    return {
        frozenset(row.dimensions.items()): row.value
        for row in DailyCounter.objects.filter(metric="pdf")
    }


def test_guide_pdfs_and_posters_handed_over_are_counted_with_only_their_commune(
    client, guide_index, services, site_settings, django_capture_on_commit_callbacks
):
    guide = make_guide(guide_index)
    pdf_url = reverse("guides:pdf", kwargs={"slug": guide.slug})
    poster_url = reverse("guides:commune_poster", kwargs={"insee_code": "93066"})
    with django_capture_on_commit_callbacks() as callbacks:
        fetch_twice(client, pdf_url + "?commune=93048")
        fetch_twice(client, pdf_url)  # the guide without a commune's contacts
        fetch_twice(client, poster_url)
        assert client.get(poster_url).status_code == 200  # from the cache: a second poster
    for callback in callbacks:
        if isinstance(callback, counters.PendingCount):
            callback()

    assert counted() == {
        frozenset({("kind", "guide_pdf"), ("commune", "93048")}): 1,
        frozenset({("kind", "guide_pdf")}): 1,
        frozenset({("kind", "poster"), ("commune", "93066")}): 2,
    }
