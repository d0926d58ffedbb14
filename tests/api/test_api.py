"""The JSON API: lists and filters, cursor pagination, permissions, tokens, rate limit,
conditional GET and French errors."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.http import http_date

from api.models import ApiToken, hash_key
from api.pagination import decode_cursor, encode_cursor
from directory.models import Service
from directory.vocabularies import Status
from tests.directory.factories import ServiceFactory


def ids(response) -> list[int]:
    return [record["id"] for record in response.json()["results"]]


# --- Lists and filters ------------------------------------------------------------------------
@pytest.mark.django_db
def test_each_list_returns_only_public_entries(client, directory):
    ServiceFactory(organisation=directory["organisations"][0], status=Status.DRAFT)
    services = client.get("/api/v1/services").json()
    assert services["total"] == 3
    assert {r["nom"] for r in services["results"]} == {s.name for s in directory["services"]}
    assert client.get("/api/v1/organisations").json()["total"] == 2
    offers = client.get("/api/v1/offres").json()
    assert [r["id"] for r in offers["results"]] == [directory["offer"].pk]
    premises = client.get("/api/v1/locaux").json()
    assert [r["id"] for r in premises["results"]] == [directory["premises"].pk]
    events = client.get("/api/v1/evenements").json()
    assert [r["id"] for r in events["results"]] == [directory["event"].pk]
    assert events["results"][0]["prochaines_seances"]
    assert events["results"][0]["url"].startswith("http")
    communes = client.get("/api/v1/communes", {"departement": "93"}).json()
    assert {"93066", "93048"} <= {c["code_insee"] for c in communes["results"]}
    detail = client.get(f"/api/v1/services/{directory['services'][0].pk}")
    assert detail.status_code == 200 and detail.json()["nom"] == "Aide à domicile"


@pytest.mark.django_db
def test_filters_match_the_search_facets(client, directory):
    aide, ecoute, cafe = directory["services"]

    def service_ids(**params):
        response = client.get("/api/v1/services", params)
        assert response.status_code == 200, response.content
        return set(ids(response))

    assert service_ids(thematique="sante--sante-mentale") == {ecoute.pk}
    # A category maps onto its national thematique even when the service stores none.
    cafe_thematique = "famille--soutien-aidants"
    Service.objects.filter(pk=cafe.pk).update(thematiques=[])
    assert service_ids(thematique=cafe_thematique) == {cafe.pk}
    assert service_ids(categorie="repit-aidants") == {cafe.pk}
    assert service_ids(commune="93048") == {cafe.pk}
    assert service_ids(departement="93") == {aide.pk, ecoute.pk, cafe.pk}
    assert service_ids(kind="ess") == {cafe.pk}
    assert service_ids(public="seniors") == {aide.pk, ecoute.pk, cafe.pk}
    assert service_ids(public="femmes") == set()
    # Saint-Denis is about 10 km from Montreuil.
    near_saint_denis = {"lat": 48.9362, "lon": 2.3574}
    assert service_ids(**near_saint_denis, radius_km=3) == {aide.pk, ecoute.pk}
    assert service_ids(**near_saint_denis, radius_km=20) == {aide.pk, ecoute.pk, cafe.pk}
    distances = client.get("/api/v1/services", {**near_saint_denis, "radius_km": 20}).json()
    assert all(r["distance_km"] is not None for r in distances["results"])

    organisations = client.get("/api/v1/organisations", {"thematique": "sante--sante-mentale"})
    assert ids(organisations) == [directory["organisations"][0].pk]
    premises = client.get("/api/v1/locaux", {"commune": "93066"})
    assert ids(premises) == []
    events = client.get("/api/v1/evenements", {"commune": "93066", "type": "atelier_numerique"})
    assert ids(events) == [directory["event"].pk]


@pytest.mark.django_db
def test_modified_since_picks_up_changes(client, directory):
    aide = directory["services"][0]
    later = timezone.now() + timedelta(seconds=1)
    Service.objects.filter(pk=aide.pk).update(updated_at=later + timedelta(minutes=5))
    response = client.get("/api/v1/services", {"modified_since": later.isoformat()})
    assert ids(response) == [aide.pk]
    # A date alone is accepted (midnight, Paris time).
    assert client.get("/api/v1/services", {"modified_since": "2000-01-01"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("resource", ["services", "organisations", "locaux"])
def test_a_denormal_coordinate_is_read_as_zero_not_a_server_error(client, resource):
    # Found by schemathesis: lon=-5e-324 made earthdistance's ll_to_earth underflow (500).
    params = {"lat": 52.9194, "lon": -5e-324, "radius_km": 0.999}
    assert client.get(f"/api/v1/{resource}", params).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "status", "parameter"),
    [
        ({"lat": "abc"}, 422, "lat"),
        ({"lat": 91, "lon": 2, "radius_km": 1}, 422, "lat"),
        ({"radius_km": 500, "lat": 48, "lon": 2}, 422, "radius_km"),
        ({"lat": 48.9}, 400, "radius_km"),
        ({"thematique": "cuisine"}, 422, "thematique"),
        ({"commune": "Saint-Denis"}, 422, "commune"),
        ({"modified_since": "hier"}, 422, "modified_since"),
        ({"modified_since": "0.5"}, 422, "modified_since"),
        ({"cursor": "bm9wZQ"}, 400, "cursor"),
        ({"limit": 0}, 422, "limit"),
        ({"commune": "93066\x00"}, 422, "commune"),
    ],
)
def test_invalid_filters_get_a_french_error(client, params, status, parameter):
    response = client.get("/api/v1/services", params)
    assert response.status_code == status
    body = response.json()
    assert body["detail"]
    assert parameter in [error["parametre"] for error in body["erreurs"]]
    # French, not pydantic's English.
    assert not any("Input should" in e["message"] for e in body["erreurs"])


@pytest.mark.django_db
def test_modified_since_takes_any_year_as_its_document_says(client, directory):
    everything = client.get("/api/v1/services").json()["total"]
    assert everything
    early = client.get("/api/v1/services", {"modified_since": "0001-01-01T00:00:00+14:00"})
    assert early.status_code == 200 and early.json()["total"] == everything
    late = client.get("/api/v1/services", {"modified_since": "9999-12-31T23:59:59-12:00"})
    assert late.status_code == 200 and late.json()["total"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", ".csv"])
def test_offers_refuse_a_point_with_a_clear_error(client, suffix):
    response = client.get(f"/api/v1/offres{suffix}", {"lat": 48.9, "lon": 2.4, "radius_km": 2})
    assert response.status_code == 400
    assert "filtrez par commune ou département" in response.json()["detail"]


@pytest.mark.django_db
def test_openapi_document_says_lat_lon_and_radius_go_together_and_not_on_offers(client):
    document = client.get("/api/v1/openapi.json").json()
    for path in ("services", "organisations", "locaux", "evenements", "services.csv"):
        parameters = document["paths"][f"/api/v1/{path}"]["get"]["parameters"]
        names = [p["name"] for p in parameters]
        assert not {"lat", "lon", "radius_km"} & set(names)
        (point,) = [p for p in parameters if p["name"] == "point"]
        assert (point["in"], point["style"], point["explode"]) == ("query", "form", True)
        assert point["schema"]["required"] == ["lat", "lon", "radius_km"]
        assert "vont ensemble" in point["description"]
    for path in ("offres", "offres.csv"):
        names = [p["name"] for p in document["paths"][f"/api/v1/{path}"]["get"]["parameters"]]
        assert not {"point", "lat", "lon", "radius_km"} & set(names)
    cursor = next(
        p
        for p in document["paths"]["/api/v1/services"]["get"]["parameters"]
        if p["name"] == "cursor"
    )
    assert "opaque" in cursor["description"]
    assert "pattern" not in str(cursor["schema"])
    since = next(
        p
        for p in document["paths"]["/api/v1/services"]["get"]["parameters"]
        if p["name"] == "modified_since"
    )
    assert "minimum" not in str(since["schema"]) and "date" in str(since["schema"])


@pytest.mark.django_db
def test_unknown_ids_are_a_french_404(client):
    response = client.get("/api/v1/services/123456789")
    assert response.status_code == 404
    assert response.json()["detail"] == "Ressource introuvable."


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_the_page(
    client, directory, django_assert_max_num_queries
):
    organisation = directory["organisations"][0]
    for number in range(30):
        ServiceFactory(organisation=organisation, name=f"Service en plus {number}")
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/services", {"limit": 50})
    assert len(response.json()["results"]) == 33
    with django_assert_max_num_queries(6):
        client.get("/api/v1/evenements")
    with django_assert_max_num_queries(4):
        client.get("/api/v1/locaux")


# --- Pagination --------------------------------------------------------------------------------
def test_cursor_round_trip():
    assert decode_cursor(encode_cursor(42)) == 42
    assert decode_cursor(None) == 0


@pytest.mark.django_db
def test_paging_while_records_are_inserted_neither_repeats_nor_skips(client, organisation):
    initial = [ServiceFactory(organisation=organisation).pk for _ in range(12)]
    seen: list[int] = []
    inserted: list[int] = []
    url = "/api/v1/services?limit=5"
    while url:
        body = client.get(url).json()
        seen.extend(record["id"] for record in body["results"])
        # Someone publishes two services between our requests, and one is deleted.
        if len(inserted) < 6:
            inserted.extend(ServiceFactory(organisation=organisation).pk for _ in range(2))
        url = body["next"]
    assert len(seen) == len(set(seen)), "a record was repeated"
    assert set(initial) <= set(seen), "a record was skipped"
    assert set(inserted) <= set(seen)
    assert seen == sorted(seen)


@pytest.mark.django_db
def test_records_modified_behind_the_cursor_are_found_with_modified_since(client, organisation):
    services = [ServiceFactory(organisation=organisation) for _ in range(4)]
    first = client.get("/api/v1/services", {"limit": 2}).json()
    sync_started = timezone.now()
    Service.objects.filter(pk=services[0].pk).update(
        name="Nom corrigé", updated_at=sync_started + timedelta(seconds=1)
    )
    rest = client.get(first["next"]).json()
    assert services[0].pk not in ids_of(rest)  # not re-inserted into the sequence
    changed = client.get("/api/v1/services", {"modified_since": sync_started.isoformat()})
    assert [r["nom"] for r in changed.json()["results"]] == ["Nom corrigé"]


def ids_of(body) -> list[int]:
    return [record["id"] for record in body["results"]]


# --- Partners, tokens, permissions ------------------------------------------------------------
@pytest.mark.django_db
def test_professional_only_contacts_need_a_partner_token(client, directory, partner):
    token, key = partner
    ecoute = directory["services"][1]
    url = f"/api/v1/services/{ecoute.pk}"

    anonymous = client.get(url).json()
    assert anonymous["contact_reserve_professionnels"] is True
    assert anonymous["telephone"] is None and anonymous["courriel"] is None
    listed = {r["id"]: r for r in client.get("/api/v1/services").json()["results"]}
    assert listed[ecoute.pk]["telephone"] is None
    csv_text = b"".join(client.get("/api/v1/services.csv").streaming_content).decode()
    assert "+33148222222" not in csv_text

    with_token = client.get(url, headers={"Authorization": f"Bearer {key}"}).json()
    assert with_token["telephone"] == "+33148222222"
    assert with_token["courriel"] == "equipe@ccas-saint-denis.example"
    with_header = client.get(url, headers={"X-Api-Key": key}).json()
    assert with_header["telephone"] == "+33148222222"
    csv_text = b"".join(
        client.get("/api/v1/services.csv", headers={"X-Api-Key": key}).streaming_content
    ).decode()
    assert "'+33148222222" in csv_text
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_only_a_hash_of_the_key_is_stored(partner):
    token, key = partner
    assert key not in (token.key_hash, token.key_start)
    assert token.key_hash == hash_key(key)
    assert ApiToken.objects.filter(key_hash=hash_key(key)).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("revoked", [True, False])
def test_revoked_or_unknown_keys_are_refused(client, partner, revoked):
    token, key = partner
    if revoked:
        token.revoke()
    else:
        key = key + "x"
    response = client.get("/api/v1/services", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 401
    assert response.json()["detail"] == "Clé d'API inconnue ou révoquée."
    assert "Bearer" in response["WWW-Authenticate"]


# --- Rate limit ----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_rate_limit_answers_429_with_retry_after(client, settings, partner):
    settings.API_RATE_LIMITS = {"anonymous": (3, 60), "partner": (6, 60)}
    # An address of its own, so that earlier runs in the same minute do not count.
    address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(256)}"
    statuses = [client.get("/api/v1/communes", REMOTE_ADDR=address).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/communes", REMOTE_ADDR=address)
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited.json()["detail"].startswith("Trop de requêtes")

    # A partner has its own, higher limit, whatever its address.
    _token, key = partner
    headers = {"X-Api-Key": key}
    partner_statuses = [
        client.get("/api/v1/communes", REMOTE_ADDR=address, headers=headers).status_code
        for _ in range(7)
    ]
    assert partner_statuses == [200] * 6 + [429]


# --- Conditional GET --------------------------------------------------------------------------
@pytest.mark.django_db
def test_etag_and_last_modified_give_304(client, directory):
    first = client.get("/api/v1/services")
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag and last_modified

    cached = client.get("/api/v1/services", headers={"If-None-Match": etag})
    assert cached.status_code == 304 and cached.content == b""
    assert cached["ETag"] == etag
    fresh = client.get("/api/v1/services", headers={"If-Modified-Since": last_modified})
    assert fresh.status_code == 304

    # A change gives a new ETag and a later Last-Modified.
    service = directory["services"][0]
    service.name = "Aide et soins à domicile"
    service.save()
    changed = client.get("/api/v1/services", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    old = http_date((timezone.now() - timedelta(days=1)).timestamp())
    assert client.get("/api/v1/services", headers={"If-Modified-Since": old}).status_code == 200
    # The partner's body differs (contacts), so does its ETag.
    assert "Authorization" in changed["Vary"]
