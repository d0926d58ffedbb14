"""The nightly data·inclusion sync, against a loopback server answering as the national API
does (v1: bearer token, `code_departement` filter, `page`/`size` pagination, `items`/`pages`
pages, `score_qualite` on services, `doublons` on structures)."""

from __future__ import annotations

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from core.tasks import RETRY_KWARGS
from demo.directory import load_communes
from directory.imports.models import (
    DataInclusionSync,
    DuplicateHint,
    ImportKind,
    ImportRun,
    ImportStatus,
)
from directory.imports.sync import ApiUnavailable, Client, directory_pairs, sync
from directory.imports.tasks import sync_data_inclusion
from directory.models import DuplicateCandidate, Organisation, Service
from directory.vocabularies import Status
from tests.conftest import free_port
from tests.directory.factories import (
    MembershipFactory,
    OrganisationFactory,
    ServiceFactory,
    real_commune,
)
from tests.directory.test_hours_field import browser_form

pytestmark = pytest.mark.django_db

TOKEN = "jeton-de-test"


def structure(ident: str, name: str, insee: str, postcode: str, **extra) -> dict:
    source = ident.split("--")[0]
    return {
        "source": source,
        "id": ident,
        "nom": name,
        "date_maj": "2025-02-14",
        "description": f"{name} accueille les habitants.",
        "code_insee": insee,
        "code_postal": postcode,
        "adresse": "1 place de la Mairie",
        "telephone": "01 49 33 60 00",
        "score_qualite": 0.6,
        "doublons": [],
        **extra,
    }


def service(ident: str, structure_id: str, name: str, score: float, **extra) -> dict:
    return {
        "source": structure_id.split("--")[0],
        "id": ident,
        "structure_id": structure_id,
        "nom": name,
        "description": f"{name} : sur rendez-vous.",
        "date_maj": "2025-02-14",
        "type": "accompagnement",
        "thematiques": [
            "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"
        ],
        "frais": "gratuit",
        "modes_accueil": ["en-presentiel"],
        "modes_mobilisation": ["se-presenter"],
        "mobilisable_par": ["usagers"],
        "score_qualite": score,
        **extra,
    }


EPICERIE = "soliguide--epicerie-montreuil"
ACCES_AUX_DROITS = (
    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"
)


def national_data() -> tuple[list[dict], list[dict]]:
    structures = [
        structure(
            "dora--ccas-saint-denis",
            "CCAS de Saint-Denis",
            "93066",
            "93200",
            reseaux_porteurs=["ccas-cias"],
            doublons=[{"source": "soliguide", "id": "soliguide--ccas-st-denis"}],
        ),
        structure("soliguide--epicerie-montreuil", "Épicerie solidaire", "93048", "93100"),
        structure("dora--maison-bobigny", "Maison des familles", "93008", "93000"),
        structure("dora--mairie-boulogne", "Mairie de Boulogne", "92012", "92100"),
    ]
    services = [
        service("dora--ccas-saint-denis--ordi", "dora--ccas-saint-denis", "Prêt d'ordi", 0.8),
        service(
            "soliguide--epicerie-montreuil--colis", "soliguide--epicerie-montreuil", "Colis", 0.5
        ),
        service("dora--maison-bobigny--atelier", "dora--maison-bobigny", "Atelier parents", 0.9),
        service("dora--mairie-boulogne--etat-civil", "dora--mairie-boulogne", "État civil", 1.0),
    ]
    return structures, services


class FakeApi:
    """The national API on 127.0.0.1: what it holds, how it fails, what it was asked."""

    def __init__(self) -> None:
        self.structures, self.services = national_data()
        self.honour_departement = True
        self.failures: list[tuple[int, dict]] = []  # answered first, one per request
        self.always_fail: int | None = None
        self.requests: list[tuple[str, dict[str, list[str]], str]] = []
        self.lock = threading.Lock()

    def departement(self, record: dict) -> str:
        insee = record.get("code_insee")
        if not insee:  # a service without its own place: its structure's
            owner = record["structure_id"]
            insee = next(s["code_insee"] for s in self.structures if s["id"] == owner)
        return insee[:2]

    def answer(self, path: str, query: dict[str, list[str]], authorization: str):
        with self.lock:
            self.requests.append((path, query, authorization))
            if authorization != f"Bearer {TOKEN}":
                return 401, {}, {"detail": "Not authenticated"}
            if self.always_fail is not None:
                return self.always_fail, {}, {"detail": "Internal Server Error"}
            if self.failures:
                status, headers = self.failures.pop(0)
                return status, headers, {"detail": "error"}
            records = {
                "/api/v1/structures": self.structures,
                "/api/v1/services": self.services,
            }.get(path)
            if records is None:
                return 404, {}, {"detail": "Not Found"}
            wanted = query.get("code_departement", [None])[0]
            if wanted and self.honour_departement:
                records = [r for r in records if self.departement(r) == wanted]
            page, size = int(query.get("page", ["1"])[0]), int(query.get("size", ["5000"])[0])
            items = records[(page - 1) * size : page * size]
            pages = -(-len(records) // size)
            body = {"items": items, "total": len(records), "page": page, "size": len(items)}
            return 200, {}, {**body, "pages": pages}

    def get(self, path: str) -> list[dict[str, list[str]]]:
        return [query for asked, query, _ in self.requests if asked == path]


@pytest.fixture
def api():
    fake = FakeApi()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            url = urlsplit(self.path)
            status, headers, body = fake.answer(
                url.path, parse_qs(url.query), self.headers.get("Authorization", "")
            )
            content = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(content)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/api/v1"
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def communes(settings):
    settings.MAILLAGE_DEPARTEMENTS = ["93"]
    settings.DATA_INCLUSION_SOURCES = []
    load_communes()


def client_for(api, *, token: str = TOKEN, sleeps: list | None = None, **options) -> Client:
    recorded = sleeps if sleeps is not None else []
    options = {"page_size": 2, "backoff": 1.0, "sleep": recorded.append, **options}
    return Client(api.url, token, **options)


def test_first_sync_imports_the_departement_page_by_page_with_scores_and_duplicate_hints(api):
    outcome = sync(client=client_for(api))

    run = outcome.run
    assert run.status == ImportStatus.SUCCEEDED, run.message
    assert run.kind == ImportKind.DATA_INCLUSION
    assert run.filename == "API data·inclusion (93)"
    assert [row["message"] for row in run.report if row["outcome"] == "error"] == []
    assert (run.created_count, run.error_count, run.skipped_count) == (6, 0, 0)
    assert set(Organisation.objects.values_list("source_id", flat=True)) == {
        "dora--ccas-saint-denis",
        "soliguide--epicerie-montreuil",
        "dora--maison-bobigny",
    }
    assert set(Organisation.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    scores = dict(Service.objects.values_list("source_id", "source_quality_score"))
    assert scores == {
        "dora--ccas-saint-denis--ordi": 0.8,
        "soliguide--epicerie-montreuil--colis": 0.5,
        "dora--maison-bobigny--atelier": 0.9,
    }
    hint = DuplicateHint.objects.get()
    assert (hint.structure_id, hint.structure_source) == ("dora--ccas-saint-denis", "dora")
    assert (hint.duplicate_id, hint.duplicate_source) == ("soliguide--ccas-st-denis", "soliguide")
    assert directory_pairs([hint]) == []  # the other one is not in the directory (yet)
    other = OrganisationFactory(source="data-inclusion", source_id="soliguide--ccas-st-denis")
    ccas = Organisation.objects.get(source_id="dora--ccas-saint-denis")
    assert directory_pairs([hint]) == [(ccas, other)]
    # Every page followed, only the 93 asked for, with the token.
    assert [q["page"] for q in api.get("/api/v1/structures")] == [["1"], ["2"]]
    assert [q["page"] for q in api.get("/api/v1/services")] == [["1"], ["2"]]
    assert {q["code_departement"][0] for _, q, _ in api.requests} == {"93"}
    assert {auth for _, _, auth in api.requests} == {f"Bearer {TOKEN}"}
    state = DataInclusionSync.current()
    assert state.since == run.started_at
    assert state.last_run == run and state.last_error == ""
    assert state.counts["structures"] == 3 and state.counts["services"] == 3
    assert (state.counts["duplicate_hints"], state.counts["duplicate_pairs"]) == (1, 0)


def test_records_of_another_departement_are_ignored_even_when_the_api_sends_them(api):
    api.honour_departement = False

    run = sync(client=client_for(api)).run

    assert run.status == ImportStatus.SUCCEEDED
    assert run.skipped_count == 2  # the Boulogne structure and its service
    assert not Organisation.objects.filter(source_id="dora--mairie-boulogne").exists()
    assert not Service.objects.filter(source_id__startswith="dora--mairie-boulogne").exists()
    assert Organisation.objects.count() == 3


def test_incremental_sync_loads_only_what_changed_since_the_last_successful_run(api):
    first = sync(client=client_for(api)).run
    assert first.status == ImportStatus.SUCCEEDED
    today = date.today().isoformat()
    changed = api.services[2]
    changed.update(nom="Atelier des parents", date_maj=today, score_qualite=0.95)
    api.services.append(
        service("dora--ccas-saint-denis--bus", "dora--ccas-saint-denis", "Bus numérique", 0.7)
    )
    api.services[-1]["date_maj"] = today

    outcome = sync(client=client_for(api))

    run = outcome.run
    assert run.status == ImportStatus.SUCCEEDED, run.message
    assert outcome.skipped_unchanged == 5  # 3 structures and 2 services left out
    assert (run.created_count, run.updated_count) == (1, 1)
    assert run.unchanged_count == 5
    assert "5 enregistrement(s) inchangé(s) depuis le" in run.message
    atelier = Service.objects.get(source_id="dora--maison-bobigny--atelier")
    assert atelier.name == "Atelier des parents"
    assert atelier.source_quality_score == 0.95
    assert Service.objects.get(source_id="dora--ccas-saint-denis--bus").organisation.name == (
        "CCAS de Saint-Denis"
    )
    assert DataInclusionSync.current().since == run.started_at > first.started_at

    everything = sync(client=client_for(api), full=True)
    assert everything.skipped_unchanged == 0
    assert everything.run.unchanged_count == 7


def test_a_server_error_is_retried_with_backoff_and_the_run_succeeds(api):
    api.failures = [(500, {}), (503, {})]
    sleeps: list[float] = []

    run = sync(client=client_for(api, sleeps=sleeps)).run

    assert run.status == ImportStatus.SUCCEEDED, run.message
    assert sleeps == [1.0, 2.0]  # exponential backoff
    assert Organisation.objects.count() == 3


def test_too_many_requests_waits_as_long_as_the_server_asks_within_the_cap(api):
    api.failures = [(429, {"Retry-After": "7"}), (429, {"Retry-After": "3600"})]
    sleeps: list[float] = []

    run = sync(client=client_for(api, sleeps=sleeps, max_delay=30.0)).run

    assert run.status == ImportStatus.SUCCEEDED
    assert sleeps == [7.0, 30.0]


def test_repeated_server_errors_fail_the_run_and_keep_the_watermark(api):
    first = sync(client=client_for(api)).run
    api.always_fail = 500
    sleeps: list[float] = []

    outcome = sync(client=client_for(api, sleeps=sleeps, attempts=4))

    run = outcome.run
    assert run.status == ImportStatus.FAILED
    assert outcome.transient
    assert "n'a pas répondu (HTTP 500) après 4 essais" in run.message
    assert run.message.endswith("/api/v1/structures")
    assert sleeps == [1.0, 2.0, 4.0]
    state = DataInclusionSync.current()
    assert state.since == first.started_at  # the next run starts from the last good one
    assert state.last_run == run and state.last_error == run.message
    assert Organisation.objects.count() == 3


def test_a_refused_token_fails_at_once_with_a_clear_message(api):
    outcome = sync(client=client_for(api, token=""))

    run = outcome.run
    assert run.status == ImportStatus.FAILED
    assert not outcome.transient
    assert "refuse le jeton (HTTP 401)" in run.message
    assert "DATA_INCLUSION_API_TOKEN" in run.message
    assert len(api.requests) == 1  # not retried
    assert DataInclusionSync.current().since is None
    assert Organisation.objects.count() == 0


def test_without_a_token_the_sync_is_disabled(api, settings):
    settings.DATA_INCLUSION_API_URL = api.url
    settings.DATA_INCLUSION_API_TOKEN = ""

    assert sync_data_inclusion() == "disabled"
    with pytest.raises(CommandError, match="DATA_INCLUSION_API_TOKEN est vide"):
        call_command("sync_data_inclusion")
    assert not ImportRun.objects.exists()
    assert api.requests == []


def test_the_command_and_the_nightly_task_sync_with_the_configured_api(api, settings, capsys):
    settings.DATA_INCLUSION_API_URL = api.url
    settings.DATA_INCLUSION_API_TOKEN = TOKEN
    settings.DATA_INCLUSION_SOURCES = ["dora"]

    call_command("sync_data_inclusion")

    assert "Terminé : 6 créé(s)" in capsys.readouterr().out
    assert {q["sources"][0] for _, q, _ in api.requests} == {"dora"}
    assert sync_data_inclusion() == ImportStatus.SUCCEEDED
    assert ImportRun.objects.filter(status=ImportStatus.SUCCEEDED).count() == 2


def test_a_site_admin_finds_the_sync_in_the_imports_report(api, client):
    run = sync(client=client_for(api)).run
    admin = User.objects.create_superuser("admin@example.org", "motdepasse-solide")
    client.force_login(admin)

    listing = client.get(reverse("directory_imports")).content.decode()
    detail = client.get(reverse("directory_imports_detail", args=[run.pk])).content.decode()
    report = client.get(reverse("directory_imports_report", args=[run.pk])).content.decode()

    assert "API data·inclusion (93)" in listing
    assert "API data·inclusion (93)" in detail
    assert "dora--ccas-saint-denis;CCAS de Saint-Denis;" in report


def test_the_command_reports_a_failed_sync(api, settings):
    settings.DATA_INCLUSION_API_URL = api.url
    settings.DATA_INCLUSION_API_TOKEN = "mauvais-jeton"

    with pytest.raises(CommandError, match="refuse le jeton"):
        call_command("sync_data_inclusion")
    assert ImportRun.objects.get().status == ImportStatus.FAILED


def test_a_file_import_with_the_api_records_keeps_their_quality_score(tmp_path):
    structures, services = national_data()
    path = tmp_path / "data-inclusion.json"
    path.write_text(json.dumps({"structures": structures, "services": services}))

    call_command("import_data_inclusion", str(path))

    run = ImportRun.objects.get()
    assert (run.status, run.created_count, run.skipped_count) == (ImportStatus.SUCCEEDED, 6, 2)
    assert Service.objects.get(source_id="dora--ccas-saint-denis--ordi").source_quality_score == 0.8


def test_a_partner_sees_the_quality_score_in_the_admin_and_cannot_change_it(client):
    organisation = OrganisationFactory(commune=real_commune("Montreuil"), postcode="93100")
    member = MembershipFactory(organisation=organisation, role="admin").user
    service = ServiceFactory(organisation=organisation, source_quality_score=0.8)
    client.force_login(member)
    url = reverse("directory_service:edit", args=[service.pk])

    page = client.get(url)

    assert page.status_code == 200
    assert "Score de qualité data·inclusion" in page.text
    data = browser_form(page.text)
    assert "source_quality_score" not in data
    data["source_quality_score"] = ["1"]
    data["name"] = ["Nouveau nom"]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    service.refresh_from_db()
    assert (service.name, service.source_quality_score) == ("Nouveau nom", 0.8)


def test_the_nightly_task_is_retried_later_when_the_api_stays_down(api, settings, monkeypatch):
    settings.DATA_INCLUSION_API_TOKEN = TOKEN
    monkeypatch.setattr(Client, "from_settings", classmethod(lambda cls: client_for(api)))
    api.always_fail = 502

    with pytest.raises(ApiUnavailable, match="HTTP 502"):
        sync_data_inclusion()

    assert issubclass(ApiUnavailable, RETRY_KWARGS["autoretry_for"])
    assert ImportRun.objects.get().status == ImportStatus.FAILED


def test_a_duplicate_hint_between_two_entries_of_the_directory_reaches_the_moderators_queue(api):
    other = OrganisationFactory(source="data-inclusion", source_id="soliguide--ccas-st-denis")

    sync(client=client_for(api))
    sync(client=client_for(api), full=True)

    ccas = Organisation.objects.get(source_id="dora--ccas-saint-denis")
    candidate = DuplicateCandidate.objects.get()
    assert {candidate.left_id, candidate.right_id} == {ccas.pk, other.pk}
    assert {"code": "hint", "value": "data·inclusion"} in candidate.reasons
    assert DataInclusionSync.current().counts["duplicate_pairs"] == 1
