"""« Envoyer cette fiche » (sms: and mailto: links, nothing stored), the print view and the
one-page PDF of a service sheet."""

import re
import subprocess
import time
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from directory.sharing import mailto_link, sms_link
from tests.directory.factories import MembershipFactory, OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

LONG_DESCRIPTION = (
    "Le service d'aide à domicile accompagne les personnes âgées et les personnes en "
    "situation de handicap dans les gestes de la vie quotidienne : toilette, repas, courses, "
    "démarches administratives et sorties. Une évaluation à domicile est proposée avant "
    "toute intervention ; les aides de la caisse de retraite ou du département peuvent "
    "réduire le reste à charge. "
) * 6


@pytest.fixture
def organisation(saint_denis):
    return OrganisationFactory(
        name="CCAS de Saint-Denis",
        commune=saint_denis,
        postcode="93200",
        address="2 place Victor Hugo",
        phone="+33149336000",
    )


@pytest.fixture
def service(organisation):
    return ServiceFactory(
        organisation=organisation,
        name="Aide & accompagnement à domicile",
        phone="+33148111111",
        opening_hours="Mo-Th 08:30-12:30; PH off",
        description=LONG_DESCRIPTION,
    )


def share_hrefs(html: str) -> dict[str, str]:
    hrefs = re.findall(r'<a [^>]*href="([^"]+)"[^>]*data-share="(sms|email)"', html)
    return {kind: unescape(href) for href, kind in hrefs}


def sms_body(href: str) -> str:
    assert href.startswith("sms:?&body="), href
    return unquote(href.removeprefix("sms:?&body="))


def test_service_sheet_offers_to_send_its_name_phone_address_and_link_by_sms(client, service):
    hrefs = share_hrefs(client.get(service.get_absolute_url()).text)
    body = sms_body(hrefs["sms"])
    assert body.splitlines() == [
        "Aide & accompagnement à domicile — CCAS de Saint-Denis",
        "Tél. : 01 48 11 11 11",
        "2 place Victor Hugo, 93200 Saint-Denis",
        settings.SITE_URL + service.get_absolute_url(),
    ]
    assert "+33" not in body


def test_service_sheet_offers_to_send_it_by_email_with_subject_and_body(client, service):
    href = share_hrefs(client.get(service.get_absolute_url()).text)["email"]
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and parts.path == ""
    query = parse_qs(parts.query, keep_blank_values=True)
    assert query["subject"] == ["Aide & accompagnement à domicile — CCAS de Saint-Denis"]
    body = query["body"][0]
    assert "\r\nTél. : 01 48 11 11 11\r\n" in body
    assert body.endswith(settings.SITE_URL + service.get_absolute_url())


def test_share_links_percent_encode_every_reserved_character():
    text = "A & B ? C=D #1 + 50 %\nLigne 2"
    sms = sms_link(text)
    assert sms == "sms:?&body=A%20%26%20B%20%3F%20C%3DD%20%231%20%2B%2050%20%25%0ALigne%202"
    mailto = mailto_link("Objet & co", text)
    assert mailto.startswith("mailto:?subject=Objet%20%26%20co&body=A%20%26%20B%20%3F")
    assert "%0D%0ALigne%202" in mailto
    for link in (sms, mailto):  # only unreserved characters and percent escapes remain
        assert re.fullmatch(r"(sms|mailto):\?(&body=|subject=)[A-Za-z0-9\-._~%&=]*", link), link
        assert "+" not in link and " " not in link


def test_professional_only_contacts_are_never_sent_only_the_public_reception(client, organisation):
    service = ServiceFactory(
        organisation=organisation, phone="+33149332211", contact_is_professional_only=True
    )
    client.force_login(MembershipFactory(role="gardien").user)
    hrefs = share_hrefs(client.get(service.get_absolute_url()).text)
    assert "01 49 33 22 11" not in sms_body(hrefs["sms"])
    assert "Tél. : 01 49 33 60 00" in sms_body(hrefs["sms"])
    assert "01%2049%2033%2022%2011" not in hrefs["email"]


def test_organisation_sheet_offers_to_send_it_by_sms_and_email(client, organisation):
    html = client.get(organisation.get_absolute_url()).text
    hrefs = share_hrefs(html)
    assert sms_body(hrefs["sms"]).splitlines() == [
        "CCAS de Saint-Denis",
        "Tél. : 01 49 33 60 00",
        "2 place Victor Hugo, 93200 Saint-Denis",
        settings.SITE_URL + organisation.get_absolute_url(),
    ]
    assert "subject=CCAS%20de%20Saint-Denis" in hrefs["email"]
    assert "data-print" not in html  # print and PDF are for service sheets


def test_service_sheet_has_a_print_link_to_its_print_view_and_its_pdf(client, service):
    html = client.get(service.get_absolute_url()).text
    print_url = reverse("directory:service_print", args=[service.slug])
    assert f'href="{print_url}" data-print' in html
    assert reverse("directory:service_pdf", args=[service.slug]) in html
    assert "js/print.js" in html


def test_print_view_shows_the_sheet_alone_with_hours_in_words_and_a_qr_code(client, service):
    response = client.get(reverse("directory:service_print", args=[service.slug]))
    assert response.status_code == 200
    html = response.text
    assert "site-header" not in html and "site-footer" not in html
    assert "Aide &amp; accompagnement à domicile" in html
    assert "01 48 11 11 11" in html and "+33" not in html
    assert "de 8 h 30 à 12 h 30" in html and "Mo-Th" not in html
    assert 'src="data:image/svg+xml' in html
    assert settings.SITE_URL + service.get_absolute_url() in html


def test_print_view_of_an_unpublished_service_is_not_found(client, organisation):
    service = ServiceFactory(organisation=organisation, status="draft")
    assert client.get(reverse("directory:service_print", args=[service.slug])).status_code == 404
    assert client.get(reverse("directory:service_pdf", args=[service.slug])).status_code == 404


def pdf_tool(tool: str, pdf: bytes, tmp_path, *args: str) -> str:
    path = tmp_path / "fiche.pdf"
    path.write_bytes(pdf)
    command = [tool, *args, str(path)] + (["-"] if tool == "pdftotext" else [])
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def test_service_pdf_is_one_a4_page_with_name_phone_and_hours_in_words(client, service, tmp_path):
    # Processor time, not wall time: quick on a machine that other jobs keep busy too
    # (about 0.2 s per sheet once WeasyPrint's fonts are loaded: no cache needed).
    started = time.process_time()
    response = client.get(reverse("directory:service_pdf", args=[service.slug]))
    elapsed = time.process_time() - started
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="fiche-{service.slug}.pdf"'
    info = pdf_tool("pdfinfo", response.content, tmp_path)
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    assert "595.276 x 841.89 pts (A4)" in info
    text = " ".join(pdf_tool("pdftotext", response.content, tmp_path).split())
    assert "Aide & accompagnement à domicile" in text
    assert "CCAS de Saint-Denis" in text
    assert "01 48 11 11 11" in text
    assert "du lundi au jeudi de 8 h 30 à 12 h 30" in text
    assert "+33" not in text and "Mo-Th" not in text and "PH off" not in text
    assert elapsed < 5, f"the PDF took {elapsed:.1f} s"
    pdf_path, png = tmp_path / "fiche.pdf", tmp_path / "fiche"
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf_path), str(png)], check=True)
    artifacts = settings.BASE_DIR / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "test_service_pdf_is_one_a4_page.png").write_bytes(
        next(tmp_path.glob("fiche*.png")).read_bytes()
    )
