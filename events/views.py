"""Agenda views: thin wrappers around the query helpers, forms and `registrations.py`.
Everything works without JavaScript; lists are paginated and their query count bounded."""

import calendar
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import csv as safe_csv
from core.http import client_ip
from core.languages import tenant_facing
from core.phones import phone_display
from core.ratelimit import Decision, hit
from directory.models import Commune, Organisation
from directory.roles import can_manage_organisation, managed_organisation_ids

from .forms import EventFilterForm, RegistrationForm
from .ical import build_calendar, build_occurrence_calendar, google_calendar_link
from .models import Attendance, EventOccurrence, EventPage, Registration, RegistrationStatus
from .registrations import (
    RegistrationRefused,
    cancel,
    mark_attendance,
    promote,
    register,
    registration_problem,
    waitlist_position,
)
from .tokens import registration_id_from_token, registration_token
from .translations import attach_reader_versions, reader_version, source_events, source_of

PAGE_SIZE = 20
RATE_LIMIT = (10, 3600)  # registrations per IP address per hour


# --- Query helpers --------------------------------------------------------------------------
def occurrences_with_seats():
    """Occurrences of published events, with what lists show, in a fixed number of queries.
    French events only (a translation has no sessions of its own: events/translations.py)."""
    return (
        source_events(EventOccurrence.objects.filter(event__live=True), through="event__")
        .select_related("event", "event__commune", "event__organiser")
        .annotate(
            booked=Coalesce(
                Sum("registrations__seats", filter=Q(registrations__status="confirmed")), 0
            )
        )
    )


def upcoming(now=None):
    return occurrences_with_seats().filter(end__gte=now or timezone.now()).order_by("start", "pk")


def paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def seats_left(occurrence) -> int | None:
    capacity = occurrence.event.capacity
    return None if capacity is None else max(capacity - occurrence.booked, 0)


def _listing(request, template, occurrences, **context):
    form = EventFilterForm(request.GET or None)
    page = paginate(request, form.apply(occurrences))
    for occurrence in page:
        occurrence.seats_left = seats_left(occurrence)
    attach_reader_versions(page.object_list)  # each event in the reader's language
    context.update({"form": form, "page_obj": page, "occurrences": page.object_list})
    return render(request, template, context)


# --- Lists ----------------------------------------------------------------------------------
@tenant_facing
def index(request):
    return _listing(request, "events/index.html", upcoming())


@tenant_facing
def archive(request):
    past = occurrences_with_seats().filter(end__lt=timezone.now()).order_by("-start", "-pk")
    return _listing(request, "events/archive.html", past)


@tenant_facing
def commune(request, slug):
    place = get_object_or_404(Commune, slug=slug)
    return _listing(
        request, "events/commune.html", upcoming().filter(event__commune=place), commune=place
    )


@tenant_facing
def organisation(request, slug):
    organiser = get_object_or_404(Organisation, slug=slug)
    occurrences = upcoming().filter(
        Q(event__organiser=organiser) | Q(event__place_organisation=organiser)
    )
    return _listing(request, "events/organisation.html", occurrences, organisation=organiser)


@tenant_facing
def month(request, year=None, month=None):
    today = timezone.localdate()
    year = year or today.year
    month = month or today.month
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404(_("Ce mois n'existe pas dans l'agenda."))
    tz = timezone.get_current_timezone()
    first = date(year, month, 1)
    following = (first + timedelta(days=32)).replace(day=1)
    previous = (first - timedelta(days=1)).replace(day=1)
    occurrences = list(
        source_events(
            EventOccurrence.objects.filter(
                event__live=True,
                start__lt=datetime.combine(following, time.min, tzinfo=tz),
                end__gte=datetime.combine(first, time.min, tzinfo=tz),
            ),
            through="event__",
        )
        .select_related("event")
        .order_by("start", "pk")
    )
    attach_reader_versions(occurrences)
    by_day = defaultdict(list)
    for occurrence in occurrences:
        by_day[timezone.localtime(occurrence.start).date()].append(occurrence)
    weeks = [
        [{"date": day, "in_month": day.month == month, "occurrences": by_day[day]} for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    return render(
        request,
        "events/month.html",
        {
            "month_start": first,
            "weeks": weeks,
            "today": today,
            "weekdays": [date(2024, 1, day) for day in range(1, 8)],  # a Monday to a Sunday
            "previous": previous,
            "next": following,
            "count": sum(len(items) for items in by_day.values()),
        },
    )


# --- iCal -----------------------------------------------------------------------------------
def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _cancelled_starts(event_ids):
    cancelled = defaultdict(list)
    rows = EventOccurrence.objects.filter(event_id__in=event_ids, cancelled=True).values_list(
        "event_id", "start"
    )
    for event_id, start in rows:
        cancelled[event_id].append(start)
    return cancelled


def feed(request):
    """The upcoming events matching the agenda filters, as one calendar to subscribe to."""
    form = EventFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            _("Filtres invalides : %(errors)s") % {"errors": form.errors.as_text()},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    event_ids = form.apply(upcoming()).values_list("event_id", flat=True).distinct()
    events = (
        source_events(EventPage.objects.live())
        .filter(pk__in=event_ids)
        .select_related("organiser", "place_organisation__commune", "address_commune")
        .select_related("place_residence__commune")
        .order_by("start")
    )
    content = build_calendar(
        events, _("Agenda Maillage"), _cancelled_starts([event.pk for event in events])
    )
    return _ics_response(content, "agenda-maillage.ics")


def event_ics(request, event_id):
    event = get_object_or_404(source_events(EventPage.objects.live()), pk=event_id)
    content = build_calendar([event], event.title, _cancelled_starts([event.pk]))
    return _ics_response(content, f"{event.slug}.ics")


def occurrence_ics(request, occurrence_id):
    """One session as a calendar file: what is offered after booking it."""
    occurrence = get_object_or_404(
        source_events(
            EventOccurrence.objects.filter(event__live=True), through="event__"
        ).select_related(
            "event__place_organisation__commune",
            "event__place_residence__commune",
            "event__address_commune",
        ),
        pk=occurrence_id,
    )
    local_start = timezone.localtime(occurrence.start)
    filename = f"{occurrence.event.slug}-{local_start:%Y%m%d-%H%M}.ics"
    return _ics_response(build_occurrence_calendar(occurrence), filename)


# --- Event page -----------------------------------------------------------------------------
def chosen_date(request) -> date | None:
    """The `?date=AAAA-MM-JJ` a card links with, or None when absent or not a date."""
    raw = request.GET.get("date", "") if request is not None else ""
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        return None


def _chosen_occurrence(event: EventPage, day: date | None):
    """The upcoming session on `day`, else the next one (None when none is left)."""
    sessions = upcoming().filter(event=event)
    if day is not None:
        tz = timezone.get_current_timezone()
        on_day = sessions.filter(
            start__gte=datetime.combine(day, time.min, tzinfo=tz),
            start__lt=datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz),
        ).first()
        if on_day is not None:
            return on_day
    return sessions.filter(cancelled=False).first() or sessions.first()


def event_page_context(event: EventPage, request) -> dict:
    """What the Wagtail event page shows besides its fields: the session the visitor came
    for (`?date=`, else the next one), the next sessions and links. A translation shows
    its French event's sessions (`source`: the event registrations and calendars act on)."""
    source = source_of(event)
    occurrences = list(
        upcoming().filter(event=source)[:12]
        if source.pk
        else []  # a preview of an unsaved page has no occurrence yet
    )
    chosen = _chosen_occurrence(source, chosen_date(request)) if source.pk else None
    if chosen is not None and all(o.pk != chosen.pk for o in occurrences):
        occurrences.insert(0, chosen)
    for occurrence in occurrences:
        occurrence.seats_left = seats_left(occurrence)
        occurrence.google_link = google_calendar_link(occurrence, event)
        occurrence.problem = registration_problem(occurrence)
        occurrence.is_chosen = chosen is not None and occurrence.pk == chosen.pk
    can_manage = bool(
        event.organiser_id
        and request is not None
        and can_manage_organisation(request.user, event.organiser)
    )
    chosen = next((o for o in occurrences if o.is_chosen), None)
    return {
        "occurrences": occurrences,
        "chosen": chosen,
        "can_manage": can_manage,
        "source": source,
    }


# --- Registration -----------------------------------------------------------------------------
def _count_registration_attempt(request) -> Decision:
    """Registration attempts are counted per client address, logged in or not."""
    limit, window = RATE_LIMIT
    return hit(f"events-register:ip:{client_ip(request) or 'unknown'}", limit, window)


@tenant_facing
def register_view(request, occurrence_id):
    occurrence = get_object_or_404(
        occurrences_with_seats().filter(event__live=True), pk=occurrence_id
    )
    occurrence.seats_left = seats_left(occurrence)
    problem = registration_problem(occurrence)
    form = RegistrationForm(request.POST or None)
    status = 200
    retry_after = None
    if request.method == "POST" and not problem:
        attempt = _count_registration_attempt(request)
        if not attempt.allowed:
            form.add_error(
                None, _("Trop d'inscriptions depuis votre connexion : réessayez dans une heure.")
            )
            status = 429
            retry_after = attempt.retry_after
        elif form.is_valid():
            try:
                registration = register(occurrence.pk, form.applicant())
            except RegistrationRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                if registration.status == RegistrationStatus.WAITLISTED:
                    messages.warning(request, _("Vous êtes sur liste d'attente."))
                else:
                    messages.success(request, _("Votre inscription est confirmée."))
                return redirect("events:registration", token=registration_token(registration))
        if status == 200:
            status = 400
    response = render(
        request,
        "events/register.html",
        {
            "occurrence": occurrence,
            # The event in the reader's language (its translation's title and address).
            "event": reader_version(occurrence.event),
            "form": form,
            "problem": problem,
        },
        status=status,
    )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def _registration_from_token(token):
    registration_id = registration_id_from_token(token)
    if registration_id is None:
        raise Http404(_("Ce lien d'inscription n'est pas valide."))
    return get_object_or_404(
        Registration.objects.select_related("occurrence__event"), pk=registration_id
    )


@tenant_facing
def registration_view(request, token):
    """The person's own registration: status, waitlist position, and a cancel button
    (a POST: mail scanners following the link must not cancel anything)."""
    registration = _registration_from_token(token)
    cancel_url = request.build_absolute_uri(reverse("events:registration", args=[token]))
    if request.method == "POST":
        if registration.occurrence.end < timezone.now():
            messages.error(request, _("Cette séance est passée."))
        else:
            registration, _promoted = cancel(registration.pk)
            messages.success(
                request, _("Votre inscription est annulée. Merci de nous avoir prévenus.")
            )
        return redirect("events:registration", token=token)
    return render(
        request,
        "events/registration.html",
        {
            "registration": registration,
            "occurrence": registration.occurrence,
            "event": reader_version(registration.occurrence.event),
            "position": waitlist_position(registration),
            "google_link": google_calendar_link(
                registration.occurrence, reader_version(registration.occurrence.event)
            ),
            # No e-mail will confirm it: the text to keep (or send oneself) is the confirmation.
            "sms_text": "" if registration.email else receipt_text(registration, cancel_url),
            "token": token,
        },
    )


def receipt_text(registration, cancel_url: str) -> str:
    """A short text (SMS length) with what to remember: event, date, place, how to cancel."""
    occurrence = registration.occurrence
    event = reader_version(occurrence.event)
    start = timezone.localtime(occurrence.start)
    when = f"{date_format(start, 'l j F Y')} {start:%H:%M}"
    place = _("en ligne") if event.is_online else (event.postal_address() or event.place_label())
    if registration.status == RegistrationStatus.WAITLISTED:
        status = _("Liste d'attente")
    else:
        status = _("Inscription confirmée")
    return _("%(status)s : %(title)s, %(when)s, %(place)s. Pour voir ou annuler : %(url)s") % {
        "status": status,
        "title": event.title,
        "when": when,
        "place": place,
        "url": cancel_url,
    }


@tenant_facing
def registration_receipt(request, token):
    """A printable receipt, with a text to copy into an SMS: the confirmation of people who
    registered with a phone only (nothing is sent to them, nothing more is stored)."""
    registration = _registration_from_token(token)
    if registration.status == RegistrationStatus.CANCELLED:
        return redirect("events:registration", token=token)
    cancel_url = request.build_absolute_uri(reverse("events:registration", args=[token]))
    return render(
        request,
        "events/receipt.html",
        {
            "registration": registration,
            "occurrence": registration.occurrence,
            "event": reader_version(registration.occurrence.event),
            "position": waitlist_position(registration),
            "cancel_url": cancel_url,
            "sms_text": receipt_text(registration, cancel_url),
        },
    )


# --- Organisers ----------------------------------------------------------------------------
def _managed_occurrence(request, occurrence_id) -> EventOccurrence:
    occurrence = get_object_or_404(
        EventOccurrence.objects.select_related("event", "event__organiser"), pk=occurrence_id
    )
    organiser = occurrence.event.organiser
    if organiser is None or not can_manage_organisation(request.user, organiser):
        raise PermissionDenied(_("Seuls les membres de l'organisation organisatrice y ont accès."))
    return occurrence


@login_required
def manage_index(request):
    organisation_ids = None if request.user.is_superuser else managed_organisation_ids(request.user)
    occurrences = upcoming()
    if organisation_ids is not None:
        occurrences = occurrences.filter(event__organiser_id__in=organisation_ids)
    occurrences = occurrences.annotate(
        waiting=Coalesce(
            Sum("registrations__seats", filter=Q(registrations__status="waitlisted")), 0
        )
    )
    page = paginate(request, occurrences)
    for occurrence in page:
        occurrence.seats_left = seats_left(occurrence)
    # The sessions that ended lately, to note who came (their registrations are kept
    # EVENT_REGISTRATION_RETENTION_MONTHS).
    past = occurrences_with_seats().filter(end__lt=timezone.now(), cancelled=False)
    if organisation_ids is not None:
        past = past.filter(event__organiser_id__in=organisation_ids)
    past = past.order_by("-start", "-pk")[:PAGE_SIZE]
    return render(request, "events/manage_index.html", {"page_obj": page, "past": past})


@login_required
def manage_occurrence(request, occurrence_id):
    occurrence = _managed_occurrence(request, occurrence_id)
    registrations = list(occurrence.registrations.all())
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITLISTED]
    cancelled = [r for r in registrations if r.status == RegistrationStatus.CANCELLED]
    booked = sum(r.seats for r in confirmed)
    return render(
        request,
        "events/manage_occurrence.html",
        {
            "occurrence": occurrence,
            "event": occurrence.event,
            "confirmed": confirmed,
            "waiting": waiting,
            "cancelled": cancelled,
            "booked": booked,
            # Attendance is noted once the session started (never for a cancelled one).
            "attendance_open": occurrence.start <= timezone.now() and not occurrence.cancelled,
            "attendance_choices": Attendance.choices,
        },
    )


@login_required
@require_POST
def manage_action(request, occurrence_id, registration_id):
    occurrence = _managed_occurrence(request, occurrence_id)
    registration = get_object_or_404(occurrence.registrations, pk=registration_id)
    action = request.POST.get("action")
    if action == "promote":
        promote(registration.pk)
        messages.success(request, _("%(name)s est inscrit.") % {"name": registration.name})
    elif action == "remove":
        _cancelled, promoted = cancel(registration.pk)
        message = _("L'inscription de %(name)s est annulée.") % {"name": registration.name}
        if promoted:
            message += " " + _("Sortis de la liste d'attente : %(names)s.") % {
                "names": ", ".join(r.name for r in promoted)
            }
        messages.success(request, message)
    elif action in Attendance.values:
        try:
            registration = mark_attendance(registration.pk, action)
        except RegistrationRefused as refusal:
            messages.error(request, str(refusal))
        else:
            if registration.attendance == Attendance.PRESENT:
                message = _("Présence notée : %(name)s.")
            else:
                message = _("Absence notée : %(name)s.")
            messages.success(request, message % {"name": registration.name})
    else:
        messages.error(request, _("Action inconnue."))
    return redirect("events:manage_occurrence", occurrence_id=occurrence.pk)


@login_required
def export_csv(request, occurrence_id):
    """The registrations of one occurrence, UTF-8 with BOM so spreadsheet software reads
    the accents right."""
    occurrence = _managed_occurrence(request, occurrence_id)
    local_start = timezone.localtime(occurrence.start)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"inscriptions-{occurrence.event.slug}-{local_start:%Y%m%d-%H%M}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(safe_csv.BOM)
    writer = safe_csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Nom"),
            _("E-mail"),
            _("Téléphone"),
            _("Places"),
            _("Statut"),
            _("Besoins pour venir"),
            _("Inscrit le"),
        ]
    )
    for registration in occurrence.registrations.all():
        writer.writerow(
            [
                registration.name,
                registration.email,
                # National format: "+33…" would be quoted as a formula by the CSV writer.
                phone_display(registration.phone),
                registration.seats,
                registration.get_status_display(),
                ", ".join(str(label) for label in registration.access_need_labels()),
                timezone.localtime(registration.created_at).strftime("%d/%m/%Y %H:%M"),
            ]
        )
    return response
