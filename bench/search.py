"""Search latency benchmark (DESIGN.md §8): our PostgreSQL backend against Wagtail's stock
database search backend, on the same documents, in the same run.

    .venv/bin/python bench/search.py [--docs 100000] [--runs 40] [--keep]

It creates (or reuses) the database `maillage_bench` next to the configured one, migrates it,
fills `search_searchdocument` with N generated French documents spread over the communes of
the 93, indexes the same rows with Wagtail's backend (a proxy model declared here, so the
product's admin index never sees it), then times a fixed mix of queries:
single word, two words, acronym, typo, facet-filtered, radius (ours only: Wagtail cannot),
autocomplete; SQL level (the backend call) and full page (Django test client GET).
The development database is never touched.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# MAILLAGE_BENCH_DB: another name, to compare two checkouts side by side.
BENCH_DB = os.environ.get("MAILLAGE_BENCH_DB", "maillage_bench")

TITLES = [
    "Aide à domicile",
    "Service de soins infirmiers à domicile",
    "Accueil de jour pour personnes âgées",
    "Groupe de parole des aidants",
    "Atelier numérique",
    "Permanence d'accès aux droits",
    "Ergothérapeute conseil en aménagement",
    "Portage de repas",
    "Conciergerie senior",
    "Café social",
    "Transport accompagné",
    "Plateforme de répit des aidants",
    "Centre médico-psychologique",
    "Point conseil budget",
    "Médiation locative",
    "Accompagnement vers et dans le logement",
    "Visites de convivialité",
    "Prévention des chutes",
    "Équipe mobile psychiatrie précarité",
    "Local associatif disponible",
    "Tiers-lieu solidaire",
    "Forum des seniors",
    "Guide de l'adaptation du logement",
    "Soutien psychologique",
    "Bricolage et petits travaux",
    "Écrivain public",
    "Épicerie solidaire",
    "Habitat inclusif",
    "Accueil des personnes handicapées",
    "Maintien à domicile et autonomie",
]
QUALIFIERS = [
    "pour les aidants",
    "des seniors",
    "du quartier",
    "pour les familles",
    "intergénérationnel",
    "en résidence",
    "sur rendez-vous",
    "de proximité",
    "pour les locataires",
    "Alzheimer",
]
SENTENCES = [
    "Nous accompagnons les personnes âgées dans leurs démarches administratives.",
    "Les aidants familiaux trouvent ici écoute, conseils et temps de répit.",
    "Une ergothérapeute se déplace pour adapter le logement et prévenir les chutes.",
    "Permanence sans rendez-vous le mardi matin au centre social.",
    "Les locataires isolés reçoivent un appel régulier de nos bénévoles.",
    "Intervention à domicile pour le ménage, les courses et la préparation des repas.",
    "Accompagnement budgétaire et prévention des impayés de loyer.",
    "Orientation vers le CLIC, le CCAS ou la MDPH selon la situation.",
    "Ateliers collectifs pour apprendre à utiliser un smartphone et les services en ligne.",
    "Soutien aux personnes en souffrance psychique et à leur entourage.",
    "Aide à la constitution des dossiers APA et PCH.",
    "Le gardien peut signaler une situation préoccupante au service social.",
    "Transport accompagné vers les rendez-vous médicaux et les commerces.",
    "Local en rez-de-chaussée accessible aux personnes à mobilité réduite.",
    "Groupe de parole mensuel animé par une psychologue.",
    "Visites à domicile pour rompre l'isolement des seniors.",
    "Gestion locative adaptée pour les ménages fragiles.",
    "Prévention de la perte d'autonomie et du déclin cognitif.",
    "Accueil de jour pour les personnes atteintes de la maladie d'Alzheimer.",
    "Information sur les droits des locataires et les aides au logement.",
    "Service de téléassistance et de sécurité à domicile.",
    "Repas partagés et animations dans la salle commune de la résidence.",
    "Conseils en économies d'énergie et maîtrise des charges.",
    "Médiation en cas de troubles du voisinage.",
]
ACRONYMS = ["CLIC", "CCAS", "SAAD", "SSIAD", "CMP", "APA", "PCH", "MDPH", "CAF", "GLA", "AVDL"]
KINDS = [("service", 50), ("organisation", 25), ("offer", 10), ("premises", 5), ("event", 5)]
KINDS += [("guide", 5)]

QUERIES = {
    "single word": ["aide", "aidants", "logement", "repas", "isolement", "chutes", "psychologue"],
    "two words": ["aide domicile", "répit aidants", "atelier numérique", "accueil jour"],
    "acronym": ["CLIC", "CCAS", "SSIAD", "MDPH"],
    "typo": ["ergotérapeute", "alzeimer", "psycologue", "domicille"],
    "facet-filtered": ["aide|frais=gratuit", "aidants|mode_accueil=a-domicile"],
    "radius": ["aide@5", "repas@3", "aidants@10"],
    "open now": ["aide|ouvert=1", "aidants|ouvert=1", "|ouvert=1", "repas|ouvert=1@5"],
}
# Hours of the generated places (None: unknown), as the directory's projections store them.
HOURS = ["Mo-Fr 09:00-12:00,14:00-17:00; PH off", "Mo-Sa 08:30-18:30", "24/7"]
HOURS += ["Tu,Th 14:00-17:00", "Mo-Fr 09:00-17:00; PH off", None]
AUTOCOMPLETE = ["ergo", "aide à", "conci", "alzh", "portag", "médi", "grou", "épic"]


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    import django

    django.setup()
    from django.db import connection

    # As in production (test settings close the connection after each request).
    connection.settings_dict["CONN_MAX_AGE"] = 60


def ensure_database(base_url: str) -> str:
    import psycopg

    prefix, _, _name = base_url.rpartition("/")
    with psycopg.connect(base_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return f"{prefix}/{BENCH_DB}"


def generate(count: int, seed: int = 93):
    from search.registry import SearchDoc

    rng = random.Random(seed)
    communes_csv = ROOT / "demo" / "data" / "communes_93.csv"
    with communes_csv.open(encoding="utf-8") as handle:
        communes = list(csv.DictReader(handle, delimiter=";"))
    from data_inclusion.schema import v1

    thematiques = [t.value for t in v1.Thematique]
    publics = [p.value for p in v1.Public]
    modes = ["en-presentiel", "a-distance", "a-domicile"]
    categories = ["aide-a-domicile", "repit-aidants", "lien-social", "adaptation-logement"]
    categories += ["numerique", "sante-mentale", "acces-aux-droits", "maitrise-charges"]
    kinds = [k for k, weight in KINDS for _ in range(weight)]
    now = dt.datetime.now(dt.UTC)
    from directory.opening import interval_horizon, open_intervals

    intervals = {hours: open_intervals(hours) if hours else None for hours in HOURS}
    for number in range(count):
        commune = rng.choice(communes)
        title = f"{rng.choice(TITLES)} {rng.choice(QUALIFIERS)}"
        kind = rng.choice(kinds)
        hours = rng.choice(HOURS) if kind in ("service", "organisation") else None
        body = " ".join(rng.sample(SENTENCES, rng.randint(2, 5)))
        yield (
            kind,
            str(number),
            SearchDoc(
                title=title,
                body=body,
                url=f"/bench/{number}/",
                keywords=rng.sample(ACRONYMS, rng.randint(0, 2)),
                thematiques=rng.sample(thematiques, rng.randint(1, 3)),
                publics=rng.sample(publics, rng.randint(1, 2)),
                categories=rng.sample(categories, rng.randint(0, 2)),
                modes_accueil=rng.sample(modes, rng.randint(1, 2)),
                frais=[rng.choice(["gratuit", "payant"])],
                commune_code=commune["insee_code"],
                commune_name=commune["name"],
                latitude=float(commune["latitude"]) + rng.uniform(-0.01, 0.01),
                longitude=float(commune["longitude"]) + rng.uniform(-0.015, 0.015),
                visibility="professional" if rng.random() < 0.1 else "public",
                updated_at=now - dt.timedelta(days=rng.randint(0, 1100)),
                extra={"organisation": f"Structure {number % 4000}"},
                open_intervals=intervals[hours],
                opening_known_until=interval_horizon(),
            ),
        )


def wagtail_model():
    """A proxy of SearchDocument indexed by Wagtail's backend, declared for the bench only."""
    from django.db import models
    from wagtail.search import index

    from search.models import SearchDocument

    class BenchWagtailDocument(index.Indexed, SearchDocument):
        search_fields = [
            index.SearchField("title", boost=10),
            index.SearchField("keywords_text", boost=3),
            index.SearchField("body"),
            index.AutocompleteField("title"),
            index.FilterField("kind"),
            index.FilterField("visibility"),
            index.FilterField("commune_code"),
        ]

        objects = models.Manager()

        class Meta:
            proxy = True
            app_label = "search"

    # Wagtail adds this relation to indexed models when apps load; ours comes later.
    from modelsearch.abstract_models import TextIDGenericRelation
    from wagtail.search.models import IndexEntry

    TextIDGenericRelation(IndexEntry).contribute_to_class(BenchWagtailDocument, "index_entries")
    return BenchWagtailDocument


def fill(count: int, model) -> None:
    from django.db import connection
    from wagtail.search.backends import get_search_backend

    from search.backends.postgres import PostgresBackend
    from search.models import SearchDocument

    existing = SearchDocument.objects.count()
    wagtail = get_search_backend()
    if existing != count:
        print(f"Generating {count} documents…", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE search_searchdocument, search_searchterm")
            cursor.execute("DELETE FROM wagtailsearch_indexentry")
        backend = PostgresBackend()
        started = time.monotonic()
        batch = []
        for item in generate(count):
            batch.append(item)
            if len(batch) == 2000:
                backend.index_documents(batch)
                batch = []
        backend.index_documents(batch)
        words = backend.rebuild_lexicon()
        print(f"  ours: {time.monotonic() - started:.0f} s ({words} words in the lexicon)")
        started = time.monotonic()
        queryset = model.objects.order_by("pk")
        last = 0
        while True:
            chunk = list(queryset.filter(pk__gt=last)[:2000])
            if not chunk:
                break
            wagtail.add_bulk(model, chunk)
            last = chunk[-1].pk
        print(f"  Wagtail database backend: {time.monotonic() - started:.0f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchdocument")
            cursor.execute("VACUUM ANALYZE search_searchterm")
            cursor.execute("VACUUM ANALYZE wagtailsearch_indexentry")
    else:
        print(f"Reusing {count} documents already in {BENCH_DB}.")


def parse_spec(spec: str):
    """ "aide|frais=gratuit" / "aide@5" → (text, filters, radius)."""
    radius = None
    filters = {}
    if "@" in spec:
        spec, km = spec.split("@")
        radius = float(km)
    if "|" in spec:
        spec, condition = spec.split("|")
        key, value = condition.split("=")
        filters[key] = value
    return spec, filters, radius


def timed(function, runs: int) -> list[float]:
    function()  # warm up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def run(runs: int, model) -> None:
    from django.test import Client
    from wagtail.search.backends import get_search_backend

    from search.backends.postgres import PostgresBackend
    from search.query import SearchQuery

    ours = PostgresBackend()
    wagtail = get_search_backend()
    client = Client()
    bondy = (48.9022, 2.4828)
    attr = {"frais": "frais", "mode_accueil": "modes_accueil"}
    rows = []
    for kind, specs in QUERIES.items():
        sql, page, stock = [], [], []
        for spec in specs:
            text, filters, radius = parse_spec(spec)
            query = SearchQuery(
                text=text,
                **{attr[k]: (v,) for k, v in filters.items() if k in attr},
                open_now=filters.get("ouvert") == "1",
                near=bondy if radius else None,
                radius_km=radius,
            )
            sql += timed(lambda query=query: ours.search(query), runs)
            params = {"q": text, **filters}
            if radius:
                params.update(pres_de="93010", rayon=str(int(radius)))
            page += timed(lambda params=params: client.get("/recherche/", params), runs)
            if radius is None and "ouvert" not in filters:  # Wagtail has no such filter
                queryset = model.objects.filter(visibility="public")
                if filters:
                    # Wagtail filters on model fields only: the closest equivalent is `kind`.
                    queryset = queryset.filter(kind="service")

                def stock_search(text=text, queryset=queryset):
                    results = wagtail.search(text, queryset)
                    list(results[:20])
                    results.count()

                stock += timed(stock_search, runs)
        rows.append((kind, sql, page, stock))
    auto_ours = []
    auto_stock = []
    for prefix in AUTOCOMPLETE:
        auto_ours += timed(lambda prefix=prefix: ours.suggest(prefix), runs)
        auto_stock += timed(
            lambda prefix=prefix: list(
                wagtail.autocomplete(prefix, model.objects.filter(visibility="public"))[:8]
            ),
            runs,
        )
    auto_page = timed(lambda: client.get("/recherche/suggest", {"q": "ergo"}), runs)

    def fmt(values):
        if not values:
            return "      —      "
        return f"{statistics.median(values):6.1f} {percentile(values, 0.95):6.1f}"

    print()
    print(
        f"{'query type':<16} {'ours SQL p50/p95':>17} {'page p50/p95':>15} "
        f"{'Wagtail p50/p95':>16} {'ratio p50':>9}"
    )
    all_sql, all_page, all_stock, all_ours_comparable = [], [], [], []
    for kind, sql, page, stock in rows:
        ratio = f"{statistics.median(stock) / statistics.median(sql):8.1f}×" if stock else "   n/a"
        print(f"{kind:<16} {fmt(sql):>17} {fmt(page):>15} {fmt(stock):>16} {ratio:>9}")
        all_sql += sql
        all_page += page
        all_stock += stock
        if stock:
            all_ours_comparable += sql
    print(
        f"{'all':<16} {fmt(all_sql):>17} {fmt(all_page):>15} {fmt(all_stock):>16} "
        f"{statistics.median(all_stock) / statistics.median(all_ours_comparable):8.1f}×"
    )
    print(
        f"{'autocomplete':<16} {fmt(auto_ours):>17} {fmt(auto_page):>15} {fmt(auto_stock):>16} "
        f"{statistics.median(auto_stock) / statistics.median(auto_ours):8.1f}×"
    )
    print()
    sql_p95 = percentile(all_sql, 0.95)
    page_p95 = percentile(all_page, 0.95)
    auto_p95 = percentile(auto_ours, 0.95)
    speedup = statistics.median(all_stock) / statistics.median(all_ours_comparable)
    print(
        f"SQL p95 {sql_p95:.1f} ms (target ≤ 20) — page p95 {page_p95:.1f} ms (≤ 80) — "
        f"autocomplete p95 {auto_p95:.1f} ms (≤ 30) — {speedup:.1f}× Wagtail (≥ 5)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30, help="timed runs per query")
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "postgres://maillage@127.0.0.1:5544/maillage")
    setup_django(ensure_database(base))
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from demo.directory import load_communes

    load_communes()  # "près de" on the page resolves communes from the directory
    model = wagtail_model()
    fill(args.docs, model)
    run(args.runs, model)


if __name__ == "__main__":
    main()
