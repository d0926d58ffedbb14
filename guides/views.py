"""Views of the guides: PDF and poster downloads, the large-print switch (the page contexts
are in reader.py)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.views import serve as wagtail_serve

from core import counters
from core.languages import tenant_facing
from core.pagecache import LARGE_PRINT_COOKIE
from core.redirects import redirect_back
from directory.models import Commune, Residence
from directory.public_links import check_public_key
from directory.roles import is_landlord_staff
from home.models import EmergencyNumber

from . import exports
from .models import ExportStatus, GuideIndexPage, GuidePage, PaperFormat
from .reader import commune_from_request

LARGE_PRINT_MAX_AGE = 365 * 24 * 3600
PENDING_REFRESH_SECONDS = 3


# --- Index -------------------------------------------------------------------------------------
@tenant_facing
def guide_index(request):
    """`guides:index`: the guide index page, served by Wagtail where it lives."""
    index = (
        GuideIndexPage.objects.live()
        .public()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("path")
        .first()
    )
    if index is None:
        raise Http404(_("Aucun guide n'est encore publié."))
    url = index.get_url(request)
    if url and url != request.path:
        return HttpResponseRedirect(url)
    # Wagtail serves the page's path below the language prefix ("/en/guides/" → "guides/").
    return wagtail_serve(request, translate_url(request.path, settings.LANGUAGE_CODE).lstrip("/"))


# --- Large print -------------------------------------------------------------------------------
@tenant_facing
@csrf_exempt  # a display preference: the guide pages' toggle carries no token, so they set
# no CSRF cookie and stay cacheable; a forged request can only change the text size.
@require_POST
def large_print(request):
    """Switch large print on or off (a cookie read by the templates); no JavaScript needed."""
    response = redirect_back(request, reverse("guides:index"))
    if request.POST.get("large_print") == "1":
        response.set_cookie(
            LARGE_PRINT_COOKIE,
            "1",
            max_age=LARGE_PRINT_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    else:
        response.delete_cookie(LARGE_PRINT_COOKIE, samesite="Lax")
    return response


# --- PDF downloads -----------------------------------------------------------------------------
def published_guide_in_reader_language(slug: str) -> GuidePage | None:
    """The live guide with this slug in the reader's language, else the French one (a PDF or a
    poster asked under /ar/ is the Arabic translation once it is published)."""
    guides = GuidePage.objects.live().public().filter(slug=slug, alias_of__isnull=True)
    for language in dict.fromkeys((get_language(), settings.LANGUAGE_CODE)):
        guide = guides.filter(locale__language_code=language).order_by("path").first()
        if guide is not None:
            return guide
    return None


def _published_guide(slug: str) -> GuidePage:
    guide = published_guide_in_reader_language(slug)
    if guide is None:
        raise Http404(_("Ce guide n'existe pas ou n'est pas publié."))
    return guide


def _serve_or_wait(request, export, *, title: str, counted: dict):
    """The PDF when it is ready (counted then: metric "pdf" with the `counted` dimensions,
    one per file handed over), else the "being prepared" page (not counted)."""
    if export.status == ExportStatus.READY and export.file:
        counters.count("pdf", **counted)
        response = FileResponse(
            export.file.open("rb"),
            content_type="application/pdf",
            filename=export.file.name.rsplit("/", 1)[-1],
        )
        response["Cache-Control"] = "private, max-age=300"
        return response
    response = render(
        request,
        "guides/pdf_pending.html",
        {
            "title": title,
            "failed": export.status == ExportStatus.FAILED,
            "refresh_seconds": PENDING_REFRESH_SECONDS,
        },
        status=202,
    )
    response["Retry-After"] = str(PENDING_REFRESH_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@tenant_facing
def guide_pdf(request, slug: str):
    """`/guides/<slug>/pdf?commune=93048`: the guide as a PDF with that commune's contacts."""
    guide = _published_guide(slug)
    form, commune = commune_from_request(request)
    if form.is_bound and commune is None:
        return render(
            request,
            "guides/pdf_commune_error.html",
            {"guide": guide, "commune_form": form},
            status=400,
        )
    export = exports.request_guide_pdf(guide, commune)
    # Only the commune of a localised PDF is kept: nothing about who asked for it.
    counted = {"kind": "guide_pdf", "commune": commune.insee_code if commune else None}
    return _serve_or_wait(request, export, title=guide.title, counted=counted)


class PosterForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=PaperFormat.choices, required=False)
    guide = forms.SlugField(label=_("Guide"), required=False)

    def clean_guide(self):
        slug = self.cleaned_data["guide"]
        if not slug:
            return None
        guide = published_guide_in_reader_language(slug)
        if guide is None:
            raise forms.ValidationError(_("Ce guide n'existe pas ou n'est pas publié."))
        return guide


def _poster(request, *, commune: Commune, residence: Residence | None, title: str):
    form = PosterForm(request.GET)
    if not form.is_valid():
        return render(
            request, "guides/poster_error.html", {"form": form, "title": title}, status=400
        )
    export = exports.request_poster(
        commune=commune,
        residence=residence,
        guide=form.cleaned_data["guide"],
        paper_format=form.cleaned_data["format"] or PaperFormat.A4,
    )
    counted = {"kind": "poster", "commune": commune.insee_code}
    return _serve_or_wait(request, export, title=title, counted=counted)


@tenant_facing
def residence_poster(request, pk: int):
    """A hall poster for a residence: the landlord's product, made only by the landlord's own
    people (`directory.roles.is_landlord_staff`: its members, the residence's gardiens) and
    site admins. Moderators and other professionals get a 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    residence = get_object_or_404(Residence.objects.select_related("commune", "landlord"), pk=pk)
    if not is_landlord_staff(request.user, residence):
        raise PermissionDenied
    return _poster(request, commune=residence.commune, residence=residence, title=residence.name)


@tenant_facing
def commune_poster(request, insee_code: str):
    """A poster of key contacts and emergency numbers for a commune (public)."""
    commune = get_object_or_404(Commune, insee_code=insee_code)
    return _poster(request, commune=commune, residence=None, title=commune.name)


# --- Public « Qui appeler près de chez vous » pages (what the posters' QR codes open) -----------
def _public_contacts(request, *, commune: Commune, residence: Residence | None):
    content = exports.poster_content(
        commune=commune, residence=residence, per_category=exports.PUBLIC_PAGE_PER_CATEGORY
    )
    return render(
        request,
        "guides/public_contacts.html",
        {
            "poster": content,
            "residence": residence,
            "emergency": content.emergency_numbers or EmergencyNumber.national(),
        },
    )


@tenant_facing
def residence_public(request, pk: int, key: str):
    """The public page of a residence's hall poster: no login, the landlord's contacts it made
    public, public contacts near the building (never a professionals-only one) and the
    emergency numbers. The URL carries a key (`directory.public_links`): residences cannot be
    listed by counting."""
    if not check_public_key(pk, key):
        raise Http404(_("Cette page n'existe pas."))
    residence = get_object_or_404(Residence.objects.select_related("commune", "landlord"), pk=pk)
    return _public_contacts(request, commune=residence.commune, residence=residence)


@tenant_facing
def commune_public(request, insee_code: str):
    """The public page of a commune's poster."""
    commune = get_object_or_404(Commune, insee_code=insee_code)
    return _public_contacts(request, commune=commune, residence=None)
