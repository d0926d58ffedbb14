"""Orientation views: thin, the rules live in ranking.py and selection.py."""

from dataclasses import dataclass, replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import is_professional
from core import counters
from core.languages import tenant_facing
from core.pdf import html_to_one_page_pdf
from core.redirects import pop_remembered_next, redirect_back
from directory.models import Residence, Service
from directory.roles import is_landlord_staff, residences_of

from .callbacks import can_request_callback
from .candidates import orient
from .emergency import emergency_numbers, numbers_for
from .forms import OrientationForm
from .models import Favourite, GlossaryTerm, Situation
from .permissions import can_view_residence
from .places import locate
from .selection import place_for, status_of

RESIDENCE_SHEET_PER_SITUATION = 2
# The residence sheet's PDF tries these (services per situation, denser type) in turn and
# keeps the first that fits one A4 page: it is pinned on a wall, never two sheets.
RESIDENCE_PDF_LEVELS = [(2, False), (2, True), (1, False), (1, True)]
RESIDENCE_PDF_STYLESHEETS = ("css/orientation.css",)


def landlord_referents(user, residence) -> list:
    """The landlord's own contacts for `residence` ("d'abord, votre bailleur"), for the
    landlord's staff and gardiens only: nobody else sees them."""
    if residence is None or not is_landlord_staff(user, residence):
        return []
    return list(residence.referents.all())


def _favourite_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(user.favourite_services.values_list("service_id", flat=True))


def _callback_query(user, situation, commune, residence) -> str:
    """The query string of « Demander un rappel » on each result card, for the users who may
    ask one (empty: no button)."""
    if situation.is_danger or not can_request_callback(user):
        return ""  # in danger, the emergency numbers, not a callback
    place = {"residence": residence.pk} if residence else {"commune": commune.insee_code}
    return urlencode({"situation": situation.slug, **place})


# What the orientation was asked: carried in links (never stored) so that « Retour à
# l'orientation » shows the same answers again.
ORIENTATION_KEYS = ("situation", "residence", "commune", "address", "age_group", "open_now")


def orientation_query(params) -> str:
    return urlencode({key: params[key] for key in ORIENTATION_KEYS if params.get(key)})


@tenant_facing
def index(request):
    """Pick a situation and a place; see the services to call, best first, and why."""
    if "situation" in request.GET:
        form = OrientationForm(request.GET, user=request.user)
    else:
        # Links such as "?residence=12" from a residence sheet pre-fill the place.
        initial = {key: request.GET.get(key) for key in ("residence", "commune")}
        form = OrientationForm(initial=initial, user=request.user)
    context = {"form": form, "situations": Situation.objects.all()}
    if form.is_bound and form.is_valid():
        situation = form.cleaned_data["situation"]
        commune = form.cleaned_data["place_commune"]
        residence = form.cleaned_data.get("residence")
        located = locate(commune, residence=residence, address=form.cleaned_data.get("address", ""))
        if located.warning:
            messages.warning(request, located.warning)
        results = orient(
            [situation],
            commune,
            place_for(commune, located.latitude, located.longitude),
            age_group=form.cleaned_data.get("age_group", ""),
            open_now=form.cleaned_data["open_now"],
        )[situation.pk]
        counters.count(
            "orientation",
            situation=situation.slug,
            commune=commune.insee_code,
            answers=len(results),
        )
        favourite_ids = _favourite_ids(request.user)
        for result in results:
            result.is_favourite = result.service.pk in favourite_ids
        context.update(
            situation=situation,
            commune=commune,
            results=results,
            emergency=emergency_numbers(request) if situation.is_danger else [],
            professional=is_professional(request.user),
            callback_query=_callback_query(request.user, situation, commune, residence),
            referents=landlord_referents(request.user, residence),
            residence=residence,
            open_now=form.cleaned_data["open_now"],
            orientation_query=orientation_query(request.GET),
        )
    return render(request, "orientation/index.html", context)


@tenant_facing
def call_sheet(request, slug):
    """« Préparer l'appel »: one service, how to reach it, its hours and what to prepare.
    Printable; never carries anything about the person."""
    service = get_object_or_404(
        Service.objects.public().select_related("organisation", "organisation__commune", "commune"),
        slug=slug,
    )
    situation = Situation.objects.filter(slug=request.GET.get("situation", "")).first()
    context = {
        "service": service,
        "situation": situation,
        "status": status_of(service, timezone.now()),
        "professional": is_professional(request.user),
        "emergency": emergency_numbers(request) if situation and situation.is_danger else [],
        "is_favourite": service.pk in _favourite_ids(request.user),
        "back_query": orientation_query(request.GET),
    }
    return render(request, "orientation/call_sheet.html", context)


@dataclass
class SheetRow:
    """One situation of a residence sheet: its emergency numbers (danger situations) and the
    services to call (none for the situations whose only answer is the emergency services)."""

    situation: Situation
    results: list
    numbers: list


def _residence_sheet_context(request, pk):
    residence = get_object_or_404(Residence.objects.select_related("commune", "landlord"), pk=pk)
    if not can_view_residence(request.user, residence):
        raise PermissionDenied
    situations = list(Situation.objects.all())
    located = locate(residence.commune, residence=residence)
    results = orient(
        situations,
        residence.commune,
        place_for(residence.commune, located.latitude, located.longitude),
        limit=RESIDENCE_SHEET_PER_SITUATION,
    )
    emergency = emergency_numbers(request)
    rows = [
        SheetRow(
            situation=situation,
            results=[] if situation.emergency_only else results[situation.pk],
            numbers=numbers_for(situation, emergency),
        )
        for situation in situations
    ]
    return {
        "residence": residence,
        "rows": rows,
        "referents": landlord_referents(request.user, residence),
        "callback_query": (
            urlencode({"residence": residence.pk}) if can_request_callback(request.user) else ""
        ),
        "landlord_staff": is_landlord_staff(request.user, residence),
        "emergency": emergency,
        "professional": True,
        "generated_at": timezone.localtime(),
    }


@login_required
def residence_sheet(request, pk):
    """A residence's sheet: for each situation, the nearest services to call (its PDF: one
    A4 page)."""
    return render(request, "orientation/residence.html", _residence_sheet_context(request, pk))


@login_required
def my_residences(request):
    """« Mes résidences »: a gardien's residences, and for landlord staff every residence of
    their landlord, with their sheet, PDF, hall posters and public page."""
    residences = list(residences_of(request.user))
    return render(request, "orientation/residences.html", {"residences": residences})


@login_required
def residence_pdf(request, pk):
    context = _residence_sheet_context(request, pk)

    def version(per_situation: int, dense: bool) -> str:
        rows = [replace(row, results=row.results[:per_situation]) for row in context["rows"]]
        level = {**context, "rows": rows, "dense": dense}
        return render(request, "orientation/residence_pdf.html", level).content.decode()

    document = html_to_one_page_pdf(
        (version(*level) for level in RESIDENCE_PDF_LEVELS), RESIDENCE_PDF_STYLESHEETS
    )
    counters.count("pdf", kind="residence_sheet")
    response = HttpResponse(document, content_type="application/pdf")
    filename = f"fiche-residence-{context['residence'].slug}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@tenant_facing
def glossary(request):
    terms = sorted(
        GlossaryTerm.objects.select_related("situation"), key=lambda t: t.heading.casefold()
    )
    letters = sorted({term.heading[:1].upper() for term in terms})
    return render(request, "orientation/glossary.html", {"terms": terms, "letters": letters})


@login_required
def favourites(request):
    """« Mes services favoris »."""
    items = request.user.favourite_services.select_related(
        "service", "service__organisation", "service__organisation__commune", "service__commune"
    ).filter(service__in=Service.objects.public())
    return render(
        request,
        "orientation/favourites.html",
        {"favourites": items, "professional": is_professional(request.user)},
    )


@require_POST
@login_required
def toggle_favourite(request, slug):
    service = get_object_or_404(Service.objects.public(), slug=slug)
    favourite, created = Favourite.objects.get_or_create(user=request.user, service=service)
    if created:
        messages.success(request, _("« %(name)s » ajouté à vos favoris.") % {"name": service.name})
    else:
        favourite.delete()
        messages.success(request, _("« %(name)s » retiré de vos favoris.") % {"name": service.name})
    return redirect_back(request, reverse("orientation:favourites"))


@login_required
def after_login(request):
    """Where login lands when the login form carried no `next` (settings.LOGIN_REDIRECT_URL
    points here): the page the visitor asked for before an e-mail confirmation or a password
    reset interrupted the login (remembered by `core.redirects`), else a gardien of exactly one
    residence on its sheet, others on their dashboard."""
    remembered = pop_remembered_next(request)
    if remembered:
        return HttpResponseRedirect(remembered)
    residences = list(request.user.residences.values_list("pk", flat=True)[:2])
    if len(residences) == 1:
        return redirect("orientation:residence", pk=residences[0])
    return redirect("accounts:dashboard")
