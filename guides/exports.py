"""PDF exports of guides (per commune) and hall posters (per residence or commune).

A request computes the export's cache key from everything the PDF would show; an export with
that key is served if it is built, else created and built by Celery (`tasks.py`). Any change
to the guide (a new published revision), to a directory entry it shows (`updated_at`) or to
the emergency numbers gives a new key, hence a new build: PDFs are never staler than that.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.pdf import html_to_one_page_pdf, html_to_pdf
from core.phones import phone_display, phone_e164
from core.tasks import enqueue_after_commit
from directory.models import Commune, Residence
from directory.opening import hours_in_words
from directory.vocabularies import Category
from home.models import EmergencyNumber

from .contacts import ContactEntry, ContactResolver, category_label
from .models import ExportKind, ExportStatus, GuideExport, GuidePage, PaperFormat
from .qr import qr_svg_data_uri

# Bump when the PDF templates change in a way that must rebuild every cached PDF.
TEMPLATE_VERSION = "3"
# An export still not built after this long is queued again (worker lost, broker flushed).
REQUEUE_AFTER = timedelta(minutes=10)
# A failed build is tried again on a later request, not on every refresh of the waiting page.
RETRY_FAILED_AFTER = timedelta(seconds=30)
# The most contacts a poster or public page lists (the poster drops rows to fit one page).
MAX_POSTER_CONTACTS = 10
# On the public page, the nearest few of each poster category (the poster takes one).
PUBLIC_PAGE_PER_CATEGORY = 3
# How a poster is made to fit one sheet: the first of these (most rows, largest type) that
# WeasyPrint lays out on one page wins (`core.pdf.html_to_one_page_pdf`).
POSTER_LEVELS = [(10, 0), (8, 1), (6, 2), (6, 3), (5, 3), (5, 4), (4, 4), (3, 5)]
# What a hall poster shows when it is not made from one guide: one nearest contact each.
POSTER_CATEGORIES = [
    Category.PERTE_AUTONOMIE,
    Category.AIDE_A_DOMICILE,
    Category.REPIT_AIDANTS,
    Category.LIEN_SOCIAL,
    Category.ACCES_AUX_DROITS,
    Category.SANTE_MENTALE,
]


def cache_key(*parts: object) -> str:
    """A stable SHA-256 of the ordered parts (strings, numbers, None, lists of those)."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, list | tuple):
            for item in part:
                digest.update(str(item).encode())
                digest.update(b"\x1f")
        else:
            digest.update(("" if part is None else str(part)).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


# --- Guides ------------------------------------------------------------------------------------
def guide_resolver(guide: GuidePage, commune: Commune | None) -> ContactResolver:
    return ContactResolver(commune=commune).prepare(guide.body)


def guide_cache_key(guide: GuidePage, commune: Commune | None, resolver: ContactResolver) -> str:
    return cache_key(
        ExportKind.GUIDE_PDF,
        TEMPLATE_VERSION,
        guide.pk,
        guide.live_revision_id,
        commune.insee_code if commune else "",
        resolver.source_fingerprint(),
    )


def request_guide_pdf(guide: GuidePage, commune: Commune | None) -> GuideExport:
    """The export of this guide for this commune: built, or queued for building."""
    resolver = guide_resolver(guide, commune)
    key = guide_cache_key(guide, commune, resolver)
    return _get_or_queue(
        key, kind=ExportKind.GUIDE_PDF, guide=guide, commune=commune, paper_format=PaperFormat.A4
    )


def render_guide_html(guide: GuidePage, commune: Commune | None) -> str:
    """The PDF's HTML in the guide's own language (an Arabic translation: `lang="ar"`,
    right to left)."""
    resolver = guide_resolver(guide, commune)
    with translation.override(guide.locale.language_code):
        return render_to_string(
            "guides/pdf/guide.html",
            {
                "page": guide,
                "commune": commune,
                "contact_resolver": resolver,
                "for_print": True,
                "generated_on": timezone.localdate(),
                "page_url": absolute_url(guide.url or ""),
            },
        )


# --- Posters -----------------------------------------------------------------------------------
@dataclass
class PosterContent:
    title: str
    place: str
    commune: Commune
    contacts: list[tuple[str, ContactEntry]]
    emergency_numbers: list
    qr_url: str
    resolver: ContactResolver
    referents: list = field(default_factory=list)


def public_referent_entries(residence: Residence | None) -> list[tuple[str, ContactEntry]]:
    """The landlord's contacts for the residence that it marked visible to tenants
    (`ResidenceReferent.is_public`): role, label, phone, e-mail and hours, nothing else."""
    if residence is None:
        return []
    landlord = residence.landlord.name
    return [
        (
            str(_("Votre bailleur : %(role)s") % {"role": referent.get_role_display()}),
            ContactEntry(
                name=referent.label,
                organisation=landlord,
                phone=phone_display(referent.phone),
                phone_e164=phone_e164(referent.phone),
                email=referent.email,
                address="",
                postcode="",
                commune="",
                opening_hours=hours_in_words(referent.opening_hours),
                url="",
            ),
        )
        for referent in residence.referents.filter(is_public=True)
    ]


def public_page_url(*, commune: Commune, residence: Residence | None = None) -> str:
    """The public « Qui appeler près de chez vous » page a poster's QR code opens."""
    if residence is not None:
        return absolute_url(
            reverse("guides:residence_public", args=[residence.pk, residence.public_key])
        )
    return absolute_url(reverse("guides:commune_public", args=[commune.insee_code]))


def poster_content(
    *,
    commune: Commune,
    residence: Residence | None = None,
    guide: GuidePage | None = None,
    per_category: int = 1,
) -> PosterContent:
    """What a hall poster (and the public page its QR code opens) shows: the landlord's public
    contacts for the residence, key contacts for the commune (from the guide's contact blocks
    or, without a guide, the nearest `per_category` of each poster category, never a
    professionals-only contact), the emergency numbers and the public page's address."""
    resolver = ContactResolver(commune=commune)
    referents = public_referent_entries(residence)
    contacts: list[tuple[str, ContactEntry]] = []
    seen: set[str] = set()
    if guide is not None:
        resolver.prepare(guide.body)
        values = [
            (
                child.value.get("title") or category_label(child.value.get("category") or ""),
                child.value,
            )
            for child in guide.body
            if child.block_type == "contact"
        ]
    else:
        values = [
            (
                str(category.label),
                {"mode": "nearest", "category": category.value, "limit": per_category},
            )
            for category in POSTER_CATEGORIES
        ]
    for heading, value in values:
        for entry in resolver.resolve(value):
            if entry.url + entry.name not in seen and len(contacts) < MAX_POSTER_CONTACTS:
                seen.add(entry.url + entry.name)
                contacts.append((heading, entry))
    if residence is not None:
        place = f"{residence.name} — {residence.address}, {residence.postcode} {commune.name}"
    else:
        place = commune.name
    qr_url = public_page_url(commune=commune, residence=residence)
    title = guide.title if guide is not None else str(_("Qui appeler près de chez vous ?"))
    return PosterContent(
        title=title,
        place=place,
        commune=commune,
        contacts=contacts,
        emergency_numbers=emergency_numbers(),
        qr_url=qr_url,
        resolver=resolver,
        referents=referents,
    )


def poster_cache_key(
    content: PosterContent,
    *,
    residence: Residence | None,
    guide: GuidePage | None,
    paper_format: str,
) -> str:
    return cache_key(
        ExportKind.POSTER,
        TEMPLATE_VERSION,
        paper_format,
        content.commune.insee_code,
        f"{residence.pk}:{residence.updated_at.isoformat()}" if residence else "",
        f"{guide.pk}:{guide.live_revision_id}" if guide else "",
        content.qr_url,
        [f"{n.number}:{n.label}:{n.description}" for n in content.emergency_numbers],
        [f"{h}:{e.name}:{e.phone}:{e.email}:{e.opening_hours}" for h, e in content.referents],
        content.resolver.source_fingerprint(),
    )


def request_poster(
    *,
    commune: Commune,
    residence: Residence | None = None,
    guide: GuidePage | None = None,
    paper_format: str = PaperFormat.A4,
) -> GuideExport:
    language = poster_language(guide)
    with translation.override(language):
        content = poster_content(commune=commune, residence=residence, guide=guide)
    key = poster_cache_key(content, residence=residence, guide=guide, paper_format=paper_format)
    return _get_or_queue(
        cache_key(key, language),
        kind=ExportKind.POSTER,
        guide=guide,
        commune=commune,
        residence=residence,
        paper_format=paper_format,
        language=language,
    )


def poster_language(guide: GuidePage | None) -> str:
    """A poster made from a guide is in the guide's language; without a guide, in the reader's
    (a content language: /ar/ gives an Arabic poster), French otherwise."""
    if guide is not None:
        return guide.locale.language_code
    language = translation.get_language()
    if language in dict(settings.WAGTAIL_CONTENT_LANGUAGES):
        return language
    return settings.LANGUAGE_CODE


def render_poster_html(export: GuideExport, level: int = 0) -> str:
    """The poster at a density `level` of POSTER_LEVELS (0: most rows, largest type), in its
    guide's language (the language it was asked in without a guide)."""
    language = export.guide.locale.language_code if export.guide else export.language
    with translation.override(language):
        content = poster_content(
            commune=export.commune, residence=export.residence, guide=export.guide
        )
        max_rows, density = POSTER_LEVELS[level]
        rows = (content.referents + content.contacts)[:max_rows]
        return render_to_string(
            "guides/pdf/poster.html",
            {
                "poster": content,
                "rows": rows,
                "density": density,
                "paper_format": export.paper_format,
                "qr_data_uri": qr_svg_data_uri(content.qr_url),
                "generated_on": timezone.localdate(),
            },
        )


def emergency_numbers() -> list:
    """The site's emergency numbers (SiteSettings of the default site), in their order."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return []
    return list(EmergencyNumber.objects.filter(settings__site=site).order_by("sort_order"))


# --- Queue and build ---------------------------------------------------------------------------
def _get_or_queue(key: str, **fields) -> GuideExport:
    export = GuideExport.objects.filter(cache_key=key).first()
    if export is None:
        try:
            with transaction.atomic():
                export = GuideExport.objects.create(cache_key=key, **fields)
        except IntegrityError:
            # Another request created it at the same moment: it queued the build.
            return GuideExport.objects.get(cache_key=key)
        _queue(export)
        return export
    age = timezone.now() - export.requested_at
    if (export.status == ExportStatus.FAILED and age > RETRY_FAILED_AFTER) or (
        export.status in (ExportStatus.PENDING, ExportStatus.BUILDING) and age > REQUEUE_AFTER
    ):
        GuideExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.PENDING, requested_at=timezone.now()
        )
        export.refresh_from_db()
        _queue(export)
    elif export.status == ExportStatus.READY and not export.file.storage.exists(export.file.name):
        # The file was removed from storage: build it again.
        GuideExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.PENDING, requested_at=timezone.now(), file=""
        )
        export.refresh_from_db()
        _queue(export)
    return export


# The Celery task that builds an export (guides/tasks.py).
BUILD_TASK = "guides.build_export"


def _queue(export: GuideExport) -> None:
    enqueue_after_commit(BUILD_TASK, export.pk)


def export_filename(export: GuideExport) -> str:
    if export.kind == ExportKind.GUIDE_PDF:
        stem = export.guide.slug
    elif export.residence_id:
        stem = f"affiche-{slugify(export.residence.name)}-{export.paper_format.lower()}"
    else:
        stem = f"affiche-{export.commune.slug}-{export.paper_format.lower()}"
    commune = export.commune.insee_code if export.commune_id else "departement"
    return f"{stem}-{commune}-{export.cache_key[:12]}.pdf"


def build(export_id: int) -> bool:
    """Build one export's PDF and store it; False if it was already built (a duplicate task).
    Older builds of the same document are deleted once this one is stored."""
    with transaction.atomic():
        export = (
            GuideExport.objects.select_for_update(of=("self",))
            .select_related("guide", "commune", "residence")
            .filter(pk=export_id)
            .first()
        )
        if export is None or export.status == ExportStatus.READY:
            return False
        export.status = ExportStatus.BUILDING
        export.save(update_fields=["status"])
    if export.kind == ExportKind.GUIDE_PDF:
        html = render_guide_html(export.guide.specific, export.commune)
        pdf = html_to_pdf(html)
    else:
        pdf = html_to_one_page_pdf(
            render_poster_html(export, level) for level in range(len(POSTER_LEVELS))
        )
    name = export_filename(export)
    export.file.save(name, ContentFile(pdf), save=False)
    export.status = ExportStatus.READY
    export.built_at = timezone.now()
    export.build_count += 1
    export.error = ""
    export.save(update_fields=["file", "status", "built_at", "build_count", "error"])
    _delete_superseded(export)
    return True


def mark_failed(export_id: int, error: str) -> None:
    GuideExport.objects.filter(pk=export_id).exclude(status=ExportStatus.READY).update(
        status=ExportStatus.FAILED, error=error[:2000]
    )


def _delete_superseded(export: GuideExport) -> None:
    older = GuideExport.objects.filter(
        kind=export.kind,
        guide_id=export.guide_id,
        commune_id=export.commune_id,
        residence_id=export.residence_id,
        paper_format=export.paper_format,
        requested_at__lt=export.requested_at,
    ).exclude(pk=export.pk)
    for old in older:
        if old.file:
            old.file.delete(save=False)
        old.delete()


# --- URLs --------------------------------------------------------------------------------------
def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path
