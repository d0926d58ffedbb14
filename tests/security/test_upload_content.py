"""Uploads are what their name says: a PNG named `.pdf` or `.eps` is refused (photos of
offers and premises, Wagtail documents), and documents are served with the type of their
extension and `X-Content-Type-Options: nosniff`."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.models import Collection

from core.uploads import check_content_matches_extension
from tests.accounts.factories import clear_test_cache

from .world import build_world, png_bytes

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world():
    return build_world()


@pytest.mark.parametrize("name", ["plan.pdf", "plan.eps", "salle.jpg"])
def test_a_png_named_otherwise_is_refused_as_a_photo(client, world, name):
    entry = world.sides["A"].draft_premises
    client.force_login(world.users["landlord"])
    url = reverse("offers:add_photo", kwargs={"kind": "locaux", "pk": entry.pk})
    before = entry.photos.count()
    clear_test_cache()
    upload = SimpleUploadedFile(name, png_bytes(20, 20), "image/png")
    response = client.post(url, {"image": upload, "alt_text": "La salle"}, follow=True)
    assert "Ce fichier est une image PNG mais son nom se termine par" in response.content.decode()
    assert entry.photos.count() == before
    clear_test_cache()
    upload = SimpleUploadedFile("salle.png", png_bytes(20, 20), "image/png")
    response = client.post(url, {"image": upload, "alt_text": "La salle"}, follow=True)
    assert "Photo ajoutée." in response.content.decode()
    assert entry.photos.get(sort_order=before).image.file.name.endswith(".png")


def document_form(name: str, content: bytes):
    form_class = get_document_form(get_document_model())
    return form_class(
        data={"title": "Plan d'accès", "collection": Collection.get_first_root_node().pk},
        files={"file": SimpleUploadedFile(name, content, "application/octet-stream")},
    )


@pytest.mark.parametrize("name", ["plan.pdf", "plan.docx", "plan.csv"])
def test_a_png_named_as_a_document_is_refused(world, name):
    form = document_form(name, png_bytes(20, 20))
    assert not form.is_valid()
    assert "ne correspond pas à son extension" in str(form.errors["file"])


def test_a_real_pdf_is_served_as_a_pdf_with_nosniff(client, world):
    form = document_form("plan.pdf", PDF)
    assert form.is_valid(), form.errors
    document = form.save()
    response = client.get(reverse("wagtaildocs_serve", args=[document.pk, document.filename]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_text_and_office_files_pass_when_their_content_matches():
    check_content_matches_extension(SimpleUploadedFile("liste.csv", b"nom;commune\nA;Montreuil\n"))
    check_content_matches_extension(SimpleUploadedFile("note.docx", b"PK\x03\x04rest"))
    check_content_matches_extension(SimpleUploadedFile("inconnu.xyz", png_bytes(2, 2)))
