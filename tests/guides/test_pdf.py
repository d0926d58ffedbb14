"""Guide PDFs per commune: built by the real Celery worker, tagged PDF/UA with a title and a
language, served from cache, rebuilt when the guide is republished or a shown contact changes."""

import os
import re
import subprocess
import time
import zlib
from pathlib import Path

import pytest
from django.urls import reverse

from demo import guides as demo
from directory.vocabularies import Category
from guides.models import ExportStatus, GuideExport

from .conftest import make_guide, make_organisation, make_service

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def fetch_pdf(client, url: str, timeout: float = 90.0) -> bytes:
    """Follow the "en préparation" page as a browser would (it refreshes) until the PDF."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"] == "application/pdf":
            return b"".join(response.streaming_content)
        assert response.status_code == 202, response.content[:500]
        time.sleep(0.3)
    raise AssertionError(f"no PDF after {timeout} s at {url}")


def pdf_tool(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / f"doc-{time.monotonic_ns()}.pdf"
    path.write_bytes(pdf)
    command = [tool, *args, str(path)] + (["-"] if tool == "pdftotext" else [])
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's objects, object streams inflated (the catalogue lives in one)."""
    parts = [pdf]
    # Up to "endstream" itself: the line break before it is not part of the data, but a
    # compressed stream may end with a \r byte, which a stricter pattern would cut off.
    # decompressobj stops at the end of the deflate data and ignores what follows.
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            parts.append(zlib.decompressobj().decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def only_export(guide) -> GuideExport:
    [export] = GuideExport.objects.filter(guide=guide, commune__insee_code="93048")
    return export


def test_guide_pdf_lifecycle(client, celery_worker, services, guide_index, tmp_path):
    guide = make_guide(guide_index)
    url = reverse("guides:pdf", kwargs={"slug": guide.slug}) + "?commune=93048"
    assert url == "/guides/adapter-son-logement/pdf?commune=93048"

    # 1. First request: the build is queued and the reader gets a page that checks in the
    # background (no timed refresh: WCAG 2.2.1), or a link to reload without JavaScript.
    response = client.get(url)
    assert response.status_code == 202
    html = response.content.decode()
    assert "Votre PDF est en préparation" in html
    assert 'data-status-poll="3"' in html and "js/status-poll" in html
    assert "http-equiv" not in html
    assert f'<a href="{url}">Recharger maintenant</a>' in html.replace("&amp;", "&")

    pdf = fetch_pdf(client, url)
    export = only_export(guide)
    assert export.status == ExportStatus.READY and export.build_count == 1
    assert export.file.name.startswith("guides/pdf/adapter-son-logement-93048-")
    mtime = os.stat(export.file.path).st_mtime_ns

    # 2. Accessibility marks: title, tagged structure, PDF/UA identification, language.
    info = pdf_tool("pdfinfo", pdf, tmp_path)
    assert "Title:           Adapter son logement — Montreuil" in info
    assert "Tagged:          yes" in info
    assert 'pdfuaid:part="1"' in pdf_tool("pdfinfo", pdf, tmp_path, "-meta")
    assert b"/Lang (fr)" in pdf_objects(pdf)

    # 3. Content: the commune's nearest service, with its phone.
    text = pdf_tool("pdftotext", pdf, tmp_path)
    assert "Point info autonomie de Montreuil" in text
    assert "01 48 70 60 00" in text
    assert "Saint-Denis" not in text

    # 4. Second request: served from the cache, no rebuild.
    assert fetch_pdf(client, url) == pdf
    export.refresh_from_db()
    assert export.build_count == 1
    assert os.stat(export.file.path).st_mtime_ns == mtime

    # 5. The guide is republished: a new build, the old file is gone.
    old_path = export.file.path
    guide.summary = "Nouvelle version du guide, relue par l'équipe."
    guide.save_revision().publish()
    assert client.get(url).status_code == 202
    pdf = fetch_pdf(client, url)
    assert "Nouvelle version du guide" in pdf_tool("pdftotext", pdf, tmp_path)
    export = only_export(guide)
    assert export.build_count == 1 and export.file.path != old_path
    assert not os.path.exists(old_path)

    # 6. A contact the PDF shows changes: a new build with the new phone number.
    service = services["montreuil"]
    service.phone = "01 48 70 61 11"
    service.save()
    assert client.get(url).status_code == 202
    text = pdf_tool("pdftotext", fetch_pdf(client, url), tmp_path)
    assert "01 48 70 61 11" in text and "01 48 70 60 00" not in text

    # 7. Another commune, another PDF with its own contacts.
    other = reverse("guides:pdf", kwargs={"slug": guide.slug}) + "?commune=93066"
    text = pdf_tool("pdftotext", fetch_pdf(client, other), tmp_path)
    assert "Conseil habitat seniors de Saint-Denis" in text and "01 49 33 60 00" in text
    assert GuideExport.objects.filter(guide=guide).count() == 2


def test_pdf_errors_are_french_pages_not_500(client, guide_index, services):
    guide = make_guide(guide_index)
    response = client.get(reverse("guides:pdf", kwargs={"slug": guide.slug}), {"commune": "Xyz"})
    assert response.status_code == 400
    assert "Nous ne connaissons pas la commune « Xyz »" in response.content.decode()
    assert not GuideExport.objects.exists()
    response = client.get(reverse("guides:pdf", kwargs={"slug": "inconnu"}))
    assert response.status_code == 404


def test_demo_guide_pdf_shows_its_sources_and_live_contacts(
    client, celery_worker, site_settings, montreuil, tmp_path
):
    """The rent arrears guide of the demo, as a tenant of Montreuil downloads it: its rules
    with their « Source : » lines, and the commune's rent arrears service with its phone."""
    demo.load()
    make_service(
        make_organisation(montreuil, "CCAS de Montreuil"),
        "Prévention des expulsions du CCAS de Montreuil",
        "01 48 70 64 64",
        categories=[Category.IMPAYES_LOGEMENT.value],
    )
    url = reverse("guides:pdf", kwargs={"slug": "impayes-de-loyer-agir-tot"}) + "?commune=93048"
    pdf = fetch_pdf(client, url)
    assert "Tagged:          yes" in pdf_tool("pdfinfo", pdf, tmp_path)
    text = " ".join(pdf_tool("pdftotext", pdf, tmp_path).split())
    assert "Impayés de loyer : agir tôt pour garder son logement" in text
    assert "Prévention des expulsions du CCAS de Montreuil" in text and "01 48 70 64 64" in text
    assert "Du 1er novembre au 31 mars" in text
    assert "Source : Code des procédures civiles d’exécution, article L. 412-6" in text.replace(
        "'", "’"
    )
    assert "Source : Loi n° 90-449 du 31 mai 1990" in text
    assert "Source : Référentiel de l’accompagnement vers et dans le logement" in text.replace(
        "'", "’"
    )
