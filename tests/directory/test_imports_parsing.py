"""Parsers of the directory imports: real-format files in, records and row errors out.

No database: the parsers are pure functions."""

import json
from pathlib import Path

import pytest
from pyproj import Geod

from directory.imports import datainclusion, finess, generic_csv
from directory.models import OrganisationKind
from directory.vocabularies import Typology

FIXTURES = Path(__file__).parent / "fixtures"
GEOD = Geod(ellps="WGS84")


def metres_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


# --- Coordinates -----------------------------------------------------------------------------
def test_lambert93_origin_converts_to_its_defining_point():
    # Lambert-93 is defined with false easting 700 000 m and false northing 6 600 000 m at
    # 3° E, 46° 30' N: the one point whose WGS84 position is known exactly.
    latitude, longitude = finess.to_wgs84(700_000, 6_600_000, 2154)
    assert metres_between(latitude, longitude, 46.5, 3.0) < 1


def test_lambert93_round_trip_in_seine_saint_denis():
    latitude, longitude = finess.to_wgs84(652_633, 6_871_157)
    assert 48.9 < latitude < 49.0 and 2.3 < longitude < 2.4  # Saint-Denis
    x, y = finess._transformer(2154).transform(longitude, latitude, direction="INVERSE")
    assert abs(x - 652_633) < 0.001
    assert abs(y - 6_871_157) < 0.001


def test_overseas_rows_use_their_utm_zone():
    assert finess.crs_of("1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,UTM_S40") == 2975
    assert finess.crs_of("", "9D") == 2975
    assert finess.crs_of("1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93", "93") == 2154
    # UTM 40S: the central meridian (57° E) crosses the equator at (500 000, 10 000 000).
    latitude, longitude = finess.to_wgs84(500_000, 10_000_000, 2975)
    assert metres_between(latitude, longitude, 0.0, 57.0) < 1
    assert finess.insee_code("9D", "411") == "97411"
    assert finess.insee_code("93", "066") == "93066"


# --- FINESS ------------------------------------------------------------------------------------
@pytest.fixture
def finess_file() -> bytes:
    return (FIXTURES / "finess_etalab_93.csv").read_bytes()


def test_finess_extract_is_parsed_by_row_kind(finess_file):
    parsed = finess.parse(finess_file, departements={"93"})

    by_number = {record.source_id: record for record in parsed.organisations}
    assert set(by_number) == {"930000011", "930000029", "930000045", "930000060"}
    assert parsed.skipped == 1  # the Paris establishment
    assert len(parsed.errors) == 1
    error = parsed.errors[0]
    assert error.line == 7
    assert "9 champs au lieu de 32" in error.reason
    assert error.source_id == "930000086"

    ssiad = by_number["930000011"]
    assert ssiad.source == "finess"
    assert ssiad.finess == "930000011"
    assert ssiad.name == "SSIAD de l'Amicale de Saint-Denis"
    assert ssiad.kind == OrganisationKind.MEDICO_SOCIAL
    assert ssiad.typology == Typology.SSIAD
    assert ssiad.category_label == ""
    assert ssiad.address == "12 Rue DE LA REPUBLIQUE"
    assert ssiad.postcode == "93200"
    assert ssiad.insee_code == "93066"
    assert ssiad.phone == "+33148131313"
    assert ssiad.siret == "77550048100012"
    assert ssiad.updated_on.isoformat() == "2024-05-02"
    # Lambert 93 (653 055.3, 6 870 982.3) is where the fixture put it, in Saint-Denis.
    assert metres_between(ssiad.latitude, ssiad.longitude, 48.9371, 2.3592) < 1


def test_finess_latin1_text_numbers_and_categories(finess_file):
    by_number = {r.source_id: r for r in finess.parse(finess_file).organisations}
    saad = by_number["930000029"]
    assert saad.name == "Aide à domicile de Bobigny"  # decoded from ISO-8859-1
    assert saad.typology == Typology.SAAD
    assert saad.address == "3 B Avenue PAUL VAILLANT COUTURIER"  # "BP 42" is not an address
    assert saad.phone == "+33141600000"

    cmp_ = by_number["930000045"]
    assert cmp_.typology == Typology.CMP
    assert cmp_.address_complement == "Bâtiment B"
    assert cmp_.latitude is None  # no geolocation row: the geocoder will place it
    assert cmp_.phone == ""
    assert any("Téléphone" in warning for warning in cmp_.warnings)

    ehpad = by_number["930000060"]
    assert ehpad.typology == Typology.EHPAD  # category 500
    assert ehpad.category_label == ""
    assert ehpad.kind == OrganisationKind.MEDICO_SOCIAL


def test_finess_without_departement_filter_keeps_every_establishment(finess_file):
    parsed = finess.parse(finess_file)
    assert parsed.skipped == 0
    assert "750000010" in {r.source_id for r in parsed.organisations}


def test_finess_unknown_row_kind_is_an_error():
    parsed = finess.parse("finess;etalab;96;2026-03-11\nautrechose;1;2\n")
    assert [(e.line, e.reason) for e in parsed.errors] == [
        (2, "Type de ligne « autrechose » inconnu.")
    ]


# --- data·inclusion ------------------------------------------------------------------------------
@pytest.fixture
def data_inclusion_file() -> bytes:
    return (FIXTURES / "data_inclusion_93.json").read_bytes()


def test_data_inclusion_records_are_validated_with_the_schema(data_inclusion_file):
    parsed = datainclusion.parse(data_inclusion_file, departements={"93"})

    assert [r.source_id for r in parsed.organisations] == [
        "dora--ccas-saint-denis",
        "soliguide--epicerie-montreuil",
    ]
    assert parsed.skipped == 2  # the Paris structure and its service
    reasons = {e.source_id: e.reason for e in parsed.errors}
    assert set(reasons) == {
        "dora--x",
        "dora--x--service",
        "dora--ccas-saint-denis--sans-description",
    }
    assert reasons["dora--x"].startswith("structure n° 3 — ")
    assert "nom" in reasons["dora--x"] and "courriel" in reasons["dora--x"]
    assert "structure « dora--x » est en erreur" in reasons["dora--x--service"]
    assert "description" in reasons["dora--ccas-saint-denis--sans-description"]

    ccas = parsed.organisations[0]
    assert ccas.source == "data-inclusion"
    assert ccas.typology == Typology.CCAS
    assert ccas.kind == OrganisationKind.PUBLIC_BODY
    assert ccas.reseaux_porteurs == ["ccas-cias"]
    assert ccas.phone == "+33149336000"
    assert (ccas.latitude, ccas.longitude) == (48.9359, 2.3578)
    assert ccas.opening_hours == "Mo-Fr 08:30-12:00,13:30-17:00; PH off"

    epicerie = parsed.organisations[1]
    assert epicerie.phone == ""
    assert epicerie.warnings  # the unreadable phone number is reported, the row kept

    services = {s.source_id: s for s in parsed.services}
    domiciliation = services["dora--ccas-saint-denis--domiciliation"]
    assert domiciliation.structure_source_id == "dora--ccas-saint-denis"
    assert domiciliation.types == ["accompagnement"]
    assert domiciliation.fees == "gratuit"
    assert domiciliation.mobilisable_by == ["professionnels", "usagers"]
    assert domiciliation.eligibility_zone == ["93066"]
    assert services["soliguide--epicerie-montreuil--colis"].eligibility_zone == []


def test_data_inclusion_two_files(data_inclusion_file):
    payload = json.loads(data_inclusion_file)
    structures = json.dumps(payload["structures"]).encode()
    services = json.dumps(payload["services"]).encode()
    parsed = datainclusion.parse(structures, services, departements={"93"})
    assert len(parsed.organisations) == 2
    assert len(parsed.services) == 2


def test_data_inclusion_unreadable_file():
    with pytest.raises(datainclusion.UnreadableFile, match="JSON illisible"):
        datainclusion.parse(b"{not json")
    with pytest.raises(datainclusion.UnreadableFile, match="liste"):
        datainclusion.parse(b'"a string"')


# --- Generic CSV -------------------------------------------------------------------------------
def test_generic_csv_with_bom_and_semicolons():
    parsed = generic_csv.parse((FIXTURES / "generic_93.csv").read_bytes(), source="asso93")

    by_id = {r.source_id: r for r in parsed.organisations}
    assert set(by_id) == {"asso-1", "asso-2", "asso-5"}
    errors = {e.line: e.reason for e in parsed.errors}
    assert set(errors) == {4, 5}
    assert errors[4] == "Nom manquant."
    assert "code INSEE attendu" in errors[5]

    bondy = by_id["asso-1"]
    assert bondy.source == "asso93"
    assert bondy.kind == OrganisationKind.ESS
    assert bondy.typology == Typology.ASSOCIATION
    assert bondy.website == "https://voisins-bondy.fr"
    assert bondy.phone == "+33148470000"
    assert bondy.insee_code == "93010"

    repit = by_id["asso-2"]
    assert repit.kind == OrganisationKind.MEDICO_SOCIAL
    assert repit.category_label == "Plateforme de répit des aidants"
    assert repit.siret == "" and repit.email == "" and repit.opening_hours == ""
    assert len(repit.warnings) == 3

    services = {s.source_id: s for s in parsed.services}
    visits = services["asso-1--visites-a-domicile"]
    assert visits.structure_source_id == "asso-1"
    assert visits.thematiques == ["remobilisation--lien-social"]
    assert visits.publics == ["seniors"]
    assert visits.modes_accueil == ["a-domicile", "en-presentiel"]
    cafe = services["asso-5--cafe-social"]
    assert cafe.publics == ["tous-publics"]
    assert cafe.thematiques == []
    assert any("inconnue" in warning for warning in cafe.warnings)


def test_generic_csv_with_commas_and_no_bom():
    content = (
        "nom,commune,code_postal,latitude,longitude\n"
        'Centre social "Le Lien",93066,93200,48.93,2.35\n'
        "Sans coordonnées,93066,93200,,\n"
    ).encode()
    parsed = generic_csv.parse(content)
    first, second = parsed.organisations
    assert first.name == 'Centre social "Le Lien"'
    assert (first.latitude, first.longitude) == (48.93, 2.35)
    assert first.source == "csv"
    assert first.source_id == "centre-social-le-lien-93066"
    assert second.latitude is None and not second.warnings


def test_generic_csv_refuses_other_encodings_and_missing_columns():
    with pytest.raises(generic_csv.UnreadableFile, match="UTF-8"):
        generic_csv.parse("nom;commune\nCafé;93066\n".encode("cp1252"))
    with pytest.raises(generic_csv.UnreadableFile, match="nom"):
        generic_csv.parse(b"titre;commune\nx;93066\n")
