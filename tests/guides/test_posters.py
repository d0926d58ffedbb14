"""Hall posters: emergency numbers, the commune's key contacts and a QR code to the
residence's public page, A4 or A3, one sheet, built by the real Celery worker."""

import subprocess
import time

import pytest
import segno
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User
from accounts.roles import MODERATORS_GROUP
from directory.models import Membership, OrganisationKind
from guides import exports
from guides.models import ExportKind, GuideExport, PaperFormat
from guides.qr import qr_svg_data_uri

from .conftest import make_organisation
from .test_pdf import fetch_pdf

EMERGENCY = ["15", "17", "18", "112", "114", "3919", "3977"]


def public_url(residence) -> str:
    path = reverse("guides:residence_public", args=[residence.pk, residence.public_key])
    return settings.SITE_URL + path


def gardien_of(residence) -> User:
    user = User.objects.create_user("gardien@example.org", "un-mot-de-passe-solide")
    Membership.objects.create(user=user, organisation=residence.landlord, role="gardien")
    return user


@pytest.mark.django_db
def test_poster_content_has_emergency_numbers_contacts_and_the_residence_qr(
    site_settings, residence, services
):
    content = exports.poster_content(commune=residence.commune, residence=residence)
    assert [n.number for n in content.emergency_numbers] == EMERGENCY
    assert content.qr_url == public_url(residence)
    assert [entry.name for _, entry in content.contacts] == []  # no service of those categories

    from directory.vocabularies import Category

    services["montreuil"].categories = [Category.PERTE_AUTONOMIE.value]
    services["montreuil"].save()
    content = exports.poster_content(commune=residence.commune, residence=residence)
    assert [(heading, entry.phone) for heading, entry in content.contacts] == [
        ("Perte d'autonomie", "01 48 70 60 00")
    ]


def test_qr_code_encodes_the_url():
    url = "https://maillage.example/residences/42/"
    qr = segno.make(url, error="m", micro=False)
    assert qr_svg_data_uri(url) == qr.svg_data_uri(scale=4, border=4, dark="#000", light="#fff")
    # Different data, different symbol.
    assert qr_svg_data_uri(url) != qr_svg_data_uri("https://maillage.example/residences/43/")


@pytest.mark.django_db
def test_poster_html_embeds_the_qr_of_the_residence_page(site_settings, residence, services):
    export = GuideExport(
        kind=ExportKind.POSTER,
        cache_key="x" * 64,
        commune=residence.commune,
        residence=residence,
        paper_format=PaperFormat.A3,
    )
    html = exports.render_poster_html(export)
    assert qr_svg_data_uri(public_url(residence)) in html
    assert 'class="poster poster--A3 poster--dense-0"' in html
    assert '<html lang="fr" dir="ltr">' in html


@pytest.mark.django_db
def test_residence_poster_is_for_those_who_see_the_residence_sheet(client, residence):
    url = reverse("guides:residence_poster", kwargs={"pk": residence.pk})
    assert url == f"/guides/affiche/residence/{residence.pk}.pdf"
    response = client.get(url)
    assert response.status_code == 302 and "/comptes/" in response["Location"]
    User.objects.create_user("voisin@example.org", "un-mot-de-passe-solide")
    client.force_login(User.objects.get(email="voisin@example.org"))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_a_professional_of_another_organisation_cannot_print_a_residence_poster(client, residence):
    """Any professional used to get any residence's poster; now only those who may open its
    sheet (the landlord's people, the moderators of its département, admins)."""
    url = reverse("guides:residence_poster", kwargs={"pk": residence.pk})
    association = make_organisation(residence.commune, "Asso voisine", kind=OrganisationKind.ESS)
    member = User.objects.create_user("asso@example.org", "un-mot-de-passe-solide")
    Membership.objects.create(user=member, organisation=association, role="admin")
    elsewhere = User.objects.create_user(
        "moderateur75@example.org", "un-mot-de-passe-solide", moderated_departements=["75"]
    )
    elsewhere.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    for user in (member, elsewhere):
        client.force_login(user)
        assert client.get(url).status_code == 403, user.email
    assert not GuideExport.objects.exists()


@pytest.mark.django_db
def test_bad_poster_format_is_a_french_error(client, montreuil):
    url = reverse("guides:commune_poster", kwargs={"insee_code": "93048"})
    response = client.get(url, {"format": "A0"})
    assert response.status_code == 400
    assert "Formats possibles : A4 ou A3." in response.content.decode()
    assert (
        client.get(reverse("guides:commune_poster", kwargs={"insee_code": "99999"})).status_code
        == 404
    )


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_residence_poster_pdf_built_by_the_worker(
    client, celery_worker, site_settings, residence, services, tmp_path
):
    from directory.vocabularies import Category

    services["montreuil"].categories = [Category.PERTE_AUTONOMIE.value]
    services["montreuil"].save()
    user = gardien_of(residence)
    client.force_login(user)
    url = reverse("guides:residence_poster", kwargs={"pk": residence.pk}) + "?format=A3"
    response = client.get(url)
    assert response.status_code == 202
    pdf = fetch_pdf(client, url)
    path = tmp_path / "poster.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "A3" in info and "Tagged:          yes" in info
    assert "Résidence des Lilas" in info  # the title
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for number in EMERGENCY:
        assert number in text.split(), number
    assert "Point info autonomie de Montreuil" in text and "01 48 70 60 00" in text
    assert f"/qui-appeler/residence/{residence.pk}/" in text.replace("\n", "")

    export = GuideExport.objects.get(residence=residence)
    assert export.paper_format == "A3" and export.build_count == 1
    # Served from the cache the second time.
    start = time.monotonic()
    assert fetch_pdf(client, url) == pdf
    assert time.monotonic() - start < 5
    export.refresh_from_db()
    assert export.build_count == 1
    # The commune poster is public and A4 by default.
    client.logout()
    commune_url = reverse("guides:commune_poster", kwargs={"insee_code": "93048"})
    text = subprocess.run(
        ["pdftotext", "-", "-"],
        input=fetch_pdf(client, commune_url),
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "Qui contacter à Montreuil ?" in text and "3977" in text
    assert GuideExport.objects.get(residence=None).paper_format == "A4"
