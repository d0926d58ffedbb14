"""« Qui appeler près de chez vous »: the public pages the hall posters' QR codes open, and
posters that fit one sheet whatever the number of contacts."""

import subprocess
from html import escape
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User
from accounts.roles import MODERATORS_GROUP
from directory.models import Membership, MembershipRole, ReferentRole, ResidenceReferent
from guides.exports import POSTER_CATEGORIES

from .conftest import make_organisation, make_service
from .test_pdf import fetch_pdf

LONG = "avec un nom particulièrement long pour voir comment il passe à la ligne sur l'affiche"


def public_path(residence) -> str:
    return reverse("guides:residence_public", args=[residence.pk, residence.public_key])


@pytest.fixture
def crowded(residence, montreuil):
    """The most a poster can be asked to show: two long-named services in every poster
    category near the residence, a professionals-only line, and four landlord contacts of
    which three are for tenants."""
    for index, category in enumerate(POSTER_CATEGORIES):
        organisation = make_organisation(
            montreuil, f"Association intercommunale n° {index} {LONG}", address="1 rue Lenain"
        )
        for rank in range(2):
            make_service(
                organisation,
                f"Permanence {category.label} {rank} {LONG}",
                f"01 48 70 6{index} 0{rank}",
                categories=[category.value],
                opening_hours="Mo-Fr 09:00-12:00,14:00-17:00; PH off",
                address="14 boulevard Rouget de Lisle, bâtiment C, deuxième étage",
            )
    secret = make_organisation(montreuil, "Équipe mobile psychiatrie précarité")
    make_service(
        secret,
        "Ligne directe de l'équipe mobile",
        "01 99 99 99 99",
        categories=[POSTER_CATEGORIES[0].value],
        contact_is_professional_only=True,
        latitude=montreuil.latitude,
        longitude=montreuil.longitude,
    )
    referents = [
        (ReferentRole.CUSTOMER, "Accueil clientèle d'Est Habitat", "01 45 45 45 45", True),
        (ReferentRole.SENIORS, "Service seniors d'Est Habitat", "01 45 45 45 46", True),
        (ReferentRole.CESF, "Conseillère sociale du secteur Lilas", "01 45 45 45 47", True),
        (ReferentRole.MANAGER, "Mme Diallo, responsable de secteur", "06 12 34 56 78", False),
    ]
    for role, label, phone, public in referents:
        ResidenceReferent.objects.create(
            residence=residence,
            role=role,
            label=label,
            phone=phone,
            opening_hours="Mo-Th 08:30-12:30",
            is_public=public,
        )
    return residence


def staff_of(residence) -> User:
    user = User.objects.create_user("bailleur@example.org", "un-mot-de-passe-solide")
    Membership.objects.create(
        user=user, organisation=residence.landlord, role=MembershipRole.MEMBER
    )
    return user


def pdf_pages(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "affiche.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))[6:])


def decode_qr(pdf: bytes, tmp_path, name: str) -> str:
    """Render the poster at 150 dpi and read its QR code back, as a phone would."""
    pdf_path = tmp_path / f"{name}.pdf"
    pdf_path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf_path), str(tmp_path / name)],
        check=True,
    )
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(tmp_path / f"{name}.png")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert len(decoded) == 1, decoded
    return decoded[0]


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_crowded_poster_is_one_page_and_its_qr_code_opens_the_public_page_of_the_residence(
    client, celery_worker, site_settings, crowded, tmp_path
):
    residence = crowded
    client.force_login(staff_of(residence))
    url = reverse("guides:residence_poster", args=[residence.pk])
    for paper_format in ("A4", "A3"):
        pdf = fetch_pdf(client, f"{url}?format={paper_format}")
        assert pdf_pages(pdf, tmp_path) == 1, paper_format
        decoded = decode_qr(pdf, tmp_path, f"affiche-{paper_format}")
        assert decoded.endswith(public_path(residence)), decoded
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "Accueil clientèle d'Est Habitat" in text and "01 45 45 45 45" in text
        assert "Mme Diallo" not in text and "06 12 34 56 78" not in text
        assert "01 99 99 99 99" not in text
        for number in ("15", "17", "18", "112", "114", "3919"):
            assert number in text.split(), number

    client.logout()
    # The commune's poster (public) too: one sheet, its QR code to the commune's page.
    commune_pdf = fetch_pdf(client, reverse("guides:commune_poster", args=["93048"]))
    assert pdf_pages(commune_pdf, tmp_path) == 1
    commune_page = reverse("guides:commune_public", args=["93048"])
    assert decode_qr(commune_pdf, tmp_path, "affiche-commune").endswith(commune_page)
    assert client.get(commune_page).status_code == 200

    response = client.get(urlparse(decoded).path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Qui appeler près de chez vous ?" in page
    assert "Résidence des Lilas" in page
    for label in ("Accueil clientèle d'Est Habitat", "Conseillère sociale du secteur Lilas"):
        assert escape(label) in page
    assert 'href="tel:+33145454545"' in page
    assert "Permanence Perte d&#x27;autonomie 0" in page and "01 48 70 60 00" in page
    assert "du lundi" in page or "lun." in page  # hours in words, never "Mo-Fr"
    for hidden in ("Mme Diallo", "06 12 34 56 78", "01 99 99 99 99", "Mo-Fr", "PH off", "+33 "):
        assert hidden not in page, hidden


@pytest.mark.django_db
def test_a_public_page_needs_the_key_of_its_poster(client, residence):
    assert client.get(public_path(residence)).status_code == 200
    wrong = reverse("guides:residence_public", args=[residence.pk, "0123456789"])
    assert client.get(wrong).status_code == 404
    other_pk = reverse("guides:residence_public", args=[residence.pk + 1, residence.public_key])
    assert client.get(other_pk).status_code == 404


@pytest.mark.django_db
def test_the_commune_page_is_public_and_lists_only_public_contacts(
    client, site_settings, montreuil, crowded
):
    response = client.get(reverse("guides:commune_public", args=["93048"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Qui contacter à Montreuil ?" in page and "01 48 70 60 00" in page
    assert "3919" in page
    # A commune page shows no landlord's contacts, and never a professionals-only line.
    for hidden in ("Accueil clientèle d'Est Habitat", "Mme Diallo", "01 99 99 99 99"):
        assert escape(hidden) not in page, hidden
    assert client.get(reverse("guides:commune_public", args=["99999"])).status_code == 404


@pytest.mark.django_db
def test_only_the_landlords_staff_print_a_residence_poster(client, site_settings, residence):
    """The moderators of the residence's département see its sheet, but the poster is the
    landlord's: they are refused it; the landlord's members and gardiens are not."""
    url = reverse("guides:residence_poster", args=[residence.pk])
    moderator = User.objects.create_user(
        "moderateur93@example.org", "un-mot-de-passe-solide", moderated_departements=["93"]
    )
    moderator.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    client.force_login(moderator)
    assert client.get(reverse("orientation:residence", args=[residence.pk])).status_code == 200
    assert client.get(url).status_code == 403
    gardien = User.objects.create_user("gardien@example.org", "un-mot-de-passe-solide")
    residence.gardiens.add(gardien)
    for user in (staff_of(residence), gardien):
        client.force_login(user)
        assert client.get(url).status_code == 202, user.email
