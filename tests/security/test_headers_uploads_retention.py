"""Response headers (CSP with nonces on every public page type, production security
settings), upload limits (size, pixels, raster formats only) and personal-data retention.

`manage.py check --deploy` is already run by tests/portal/test_security.py: here we check
the values it does not look at (Referrer-Policy, HSTS length and preload, cookie flags)."""

import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.accounts.factories import clear_test_cache

from .world import build_world, png_bytes

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def world():
    return build_world()


def public_pages(world):
    a = world.sides["A"]
    return [
        "/",
        reverse("directory:home"),
        reverse("directory:organisation", kwargs={"slug": a.ess.slug}),
        reverse("directory:service", kwargs={"slug": a.service.slug}),
        reverse("directory:commune", kwargs={"slug": world.commune.slug}),
        reverse("directory:category", kwargs={"slug": "aide-a-domicile"}),
        reverse("search:search") + "?q=aide+%C3%A0+domicile",
        reverse("search:search") + "?q=zzzzqqqq",
        reverse("orientation:index"),
        reverse("orientation:glossary"),
        reverse("offers:home"),
        reverse("offers:offer", kwargs={"pk": a.offer.pk}),
        reverse("offers:premises_list"),
        reverse("offers:premises", kwargs={"pk": a.premises.pk}),
        reverse("events:index"),
        reverse("events:month_current"),
        a.event.url,
        reverse("events:register", kwargs={"occurrence_id": a.occurrence.pk}),
        reverse("guides:index"),
        world.guide.url,
        reverse("account_login"),
        reverse("account_signup"),
        "/cette-page-n-existe-pas/",
    ]


def test_every_public_page_type_has_a_nonce_csp(client, world):
    for url in public_pages(world):
        response = client.get(url, follow=True)  # /guides/ redirects to the guides index
        assert response.status_code in (200, 404), url
        policy = response.headers.get("Content-Security-Policy", "")
        assert policy, f"no CSP on {url}"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        directives = dict(
            [*part.strip().split(" ", 1), ""][:2] for part in policy.split(";") if part.strip()
        )
        nonce = re.search(r"'nonce-([^']+)'", directives["script-src"]).group(1)
        assert f"'nonce-{nonce}'" in directives["style-src"], url
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        html = response.content.decode()
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
            if "src=" in tag and "<script" in tag:
                continue  # external scripts come from 'self'
            assert f'nonce="{nonce}"' in tag, f"{url}: inline {tag} without the nonce"
        assert not re.search(r"<[^>]+\sstyle=", html), f"{url}: style= attribute"
        assert not re.search(r"<[^>]+\son[a-z]+=", html), f"{url}: inline event handler"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_nonce_changes_on_every_response(client):

    from demo import home as demo

    demo.load()  # the home page itself, whatever earlier tests left in the database
    first = client.get("/").headers["Content-Security-Policy"]
    assert "'nonce-" in first
    second = client.get("/").headers["Content-Security-Policy"]
    assert first != second


def test_production_settings_harden_transport_and_cookies():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "maillage.example",
        "SITE_URL": "https://maillage.example",
    }
    env.pop("SECURE_SSL_REDIRECT", None)
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ["
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', "
        "'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', 'SECURE_REFERRER_POLICY', "
        "'SECURE_CONTENT_TYPE_NOSNIFF', 'X_FRAME_OPTIONS', 'DEBUG']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_HSTS_PRELOAD"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] and values["X_FRAME_OPTIONS"] == "DENY"
    assert values["DEBUG"] is False


# --- Uploads --------------------------------------------------------------------------------
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(1)</script><rect width="10" height="10"/></svg>'
)


def noisy_png(width: int, height: int) -> bytes:
    """A PNG that does not compress (random pixels), to exceed a size limit."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(("kind", "user"), [("offres", "ess"), ("locaux", "landlord")])
def test_photos_refuse_svg_oversize_and_pixel_bombs(client, world, settings, kind, user):
    side = world.sides["A"]
    entry = side.draft_offer if kind == "offres" else side.draft_premises
    client.force_login(world.users[user])
    url = reverse("offers:add_photo", kwargs={"kind": kind, "pk": entry.pk})
    before = entry.photos.count()

    def post(name, content, content_type="image/png"):
        clear_test_cache()
        upload = SimpleUploadedFile(name, content, content_type)
        response = client.post(url, {"image": upload, "alt_text": "La salle"}, follow=True)
        return response.content.decode()

    assert "Téléversez une image valide" in post("logo.svg", SVG, "image/svg+xml")
    # An SVG renamed .png is no raster image either.
    assert "Téléversez une image valide" in post("logo.png", SVG)
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10_000
    assert "pèse plus de" in post("lourde.png", noisy_png(100, 100))
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100
    assert "trop de pixels" in post("bombe.png", png_bytes(20, 20))
    assert entry.photos.count() == before  # nothing was attached
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 128_000_000
    assert "Photo ajoutée." in post("salle.png", png_bytes(20, 20))
    assert entry.photos.count() == before + 1


def test_wagtail_image_form_refuses_svg(world):
    from wagtail.images import get_image_model
    from wagtail.images.forms import get_image_form

    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    form_class = get_image_form(get_image_model())
    form = form_class(
        data={"title": "Logo"},
        files={"file": SimpleUploadedFile("logo.svg", SVG, "image/svg+xml")},
    )
    assert not form.is_valid()
    assert "file" in form.errors
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS <= 128_000_000


# --- Retention --------------------------------------------------------------------------------
def test_event_registrations_are_purged_by_beat(world):
    from events.models import EventOccurrence, RegistrationStatus
    from events.registrations import purge_old_registrations

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert any(entry["task"] == "events.purge_registrations" for entry in schedule.values())
    occurrence = world.sides["A"].occurrence
    occurrence.registrations.create(
        name="En attente", phone="0600000000", status=RegistrationStatus.WAITLISTED
    )
    months = settings.EVENT_REGISTRATION_RETENTION_MONTHS
    # Just inside the retention period: kept. Just after: every registration deleted,
    # waitlisted and cancelled ones included.
    inside = occurrence.end + timedelta(days=30 * months - 2)
    assert purge_old_registrations(inside) == 0
    after = occurrence.end + timedelta(days=31 * months + 2)
    assert purge_old_registrations(after) == 3  # side B's registration too (same date)
    assert not occurrence.registrations.exists()
    assert EventOccurrence.objects.filter(pk=occurrence.pk).exists()  # the event stays
