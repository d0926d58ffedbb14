"""A year of demo figures for the dashboards and the gap map (/pilotage/): orientations by
situation × commune with their number of answers, sheet views and clicks of a few
organisations, callback requests, event registrations and zero-result searches. Aggregates
only, like the real counters (core/counters.py), written through the flush's own writer so
that days and months agree. Drawn from a fixed seed; written once, while no orientation has
been counted yet (a second load, or a site already in use, changes nothing)."""

import datetime
import json
import random

from django.db import connection

from core import counters
from core.models import DailyCounter
from directory.models import Commune, Organisation, OrganisationKind, Service
from orientation.models import Situation

DAYS = 365
SEED = 2026
# Searches that found nothing, as people typed them (no digit, no "@": see core.counters).
ZERO_RESULT_TERMS = ["syllogomanie", "punaises de lit", "aide aux devoirs", "bailleur social"]


def _dimensions(**values) -> str:
    checked = {name: counters.check_value(name, value) for name, value in values.items()}
    return json.dumps(checked, sort_keys=True, ensure_ascii=False)


def _rows(today, communes, situations, organisations, services):
    draw = random.Random(SEED)
    for age in range(DAYS):
        day = today - datetime.timedelta(days=age)
        weekday = day.weekday() < 5
        for _ in range(draw.randint(4, 12) if weekday else draw.randint(0, 3)):
            situation = draw.choice(situations)
            commune = draw.choice(communes)
            answers = draw.choice([0, 1, 2, 3, 4, 5, 5, 5])
            yield (
                day,
                "orientation",
                _dimensions(situation=situation.slug, commune=commune.insee_code, answers=answers),
                draw.randint(1, 3),
            )
        for organisation in organisations:
            views = draw.randint(0, 6 if weekday else 2)
            if views:
                yield (
                    day,
                    "sheet_view",
                    _dimensions(kind="organisation", organisation=organisation.pk),
                    views,
                )
            for metric in ("click_call", "click_email", "click_directions"):
                if draw.random() < 0.25:
                    yield (
                        day,
                        metric,
                        _dimensions(kind="organisation", organisation=organisation.pk),
                        1,
                    )
        for service in services:
            views = draw.randint(0, 4 if weekday else 1)
            if views:
                yield (
                    day,
                    "sheet_view",
                    _dimensions(
                        kind="service", service=service.pk, organisation=service.organisation_id
                    ),
                    views,
                )
        if weekday and draw.random() < 0.3:
            service = draw.choice(services)
            yield (
                day,
                "callback_request",
                _dimensions(
                    outcome="sent",
                    situation=draw.choice(situations).slug,
                    organisation=service.organisation_id,
                ),
                1,
            )
        if draw.random() < 0.5:
            yield day, "search_zero_result", _dimensions(), draw.randint(1, 4)
        if draw.random() < 0.2:
            yield (
                day,
                "search_zero_result_term",
                _dimensions(term=draw.choice(ZERO_RESULT_TERMS)),
                1,
            )
        if weekday and draw.random() < 0.15:
            organiser = draw.choice(organisations)
            for outcome in ("confirmed", "attended"):
                yield (
                    day,
                    "event_registration",
                    _dimensions(outcome=outcome, organisation=organiser.pk),
                    draw.randint(1, 5),
                )


def load() -> str:
    if DailyCounter.objects.filter(metric="orientation").exists():
        return "chiffres déjà présents : rien d'ajouté"
    communes = list(Commune.objects.filter(departement_code="93").order_by("insee_code")[:15])
    situations = list(Situation.objects.order_by("pk"))
    # The demo accounts' organisations first (their « Nos chiffres » page), then others.
    partners = Organisation.objects.filter(
        kind__in=[OrganisationKind.MEDICO_SOCIAL, OrganisationKind.ESS, OrganisationKind.LANDLORD]
    )
    organisations = list(partners.filter(memberships__isnull=False).distinct().order_by("pk"))
    organisations += list(partners.exclude(pk__in=[o.pk for o in organisations]).order_by("pk"))
    organisations = organisations[:12]
    services = list(Service.objects.filter(organisation__in=organisations).order_by("pk")[:20])
    if not (communes and situations and organisations and services):
        return "pas d'annuaire de démonstration : aucun chiffre"
    rows = list(_rows(counters.today(), communes, situations, organisations, services))
    with connection.cursor() as cursor:
        counters.add_rows(cursor, rows)
    return f"{len(rows)} chiffres quotidiens sur {DAYS} jours"
