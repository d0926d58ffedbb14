"""`manage.py import_communes`: INSEE's COG commune file plus La Poste's postcodes and
centroids (and INSEE's EPCI composition) become communes, for the chosen départements."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from directory.communes_import import import_communes
from directory.models import Commune

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
COG = FIXTURES / "v_commune_2025_extrait.csv"
CENTROIDS = FIXTURES / "laposte_hexasmal_extrait.csv"
EPCI = FIXTURES / "epci_extrait.csv"
COG_HEADER = "TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT\n"
POSTE_HEADER = (
    "#Code_commune_INSEE;Nom_de_la_commune;Code_postal;Libellé_d_acheminement;Ligne_5;"
    "coordonnees_gps\n"
)


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_communes", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_communes_of_two_departements_are_imported_from_the_cog_and_la_poste():
    out, err = run(
        "--cog", str(COG), "--centroids", str(CENTROIDS), "--epci", str(EPCI),
        "--departements", "93,69",
    )  # fmt: skip

    assert err == ""
    assert "9 créée(s), 0 mise(s) à jour, 0 inchangée(s), 0 ligne(s) écartée(s)" in out
    assert sorted(Commune.objects.values_list("insee_code", flat=True)) == [
        "69123", "69259", "69264", "69266", "93001", "93008", "93039", "93048", "93066",
    ]  # fmt: skip
    villeurbanne = Commune.objects.get(insee_code="69266")
    assert (villeurbanne.name, villeurbanne.slug, villeurbanne.departement_code) == (
        "Villeurbanne",
        "villeurbanne",
        "69",
    )
    assert (villeurbanne.latitude, villeurbanne.longitude) == (45.7707, 4.8885)
    assert villeurbanne.postcodes == ["69100"]
    assert (villeurbanne.epci_code, villeurbanne.epci_name) == ("200046977", "Métropole de Lyon")
    # The name is INSEE's LIBELLE, article included; several postcodes are gathered.
    assert Commune.objects.get(insee_code="93039").name == "L'Île-Saint-Denis"
    assert Commune.objects.get(insee_code="93066").postcodes == ["93200", "93210", "93380"]
    # No EPCI file line: no EPCI.
    assert Commune.objects.get(insee_code="69264").epci_code == ""


def test_lyon_gets_the_postcodes_and_the_mean_centre_of_its_arrondissements():
    import_communes(COG, CENTROIDS, departements={"69"})

    lyon = Commune.objects.get(insee_code="69123")
    assert lyon.postcodes == ["69001", "69002", "69003"]
    assert lyon.latitude == pytest.approx((45.7699 + 45.7493 + 45.7597) / 3)
    assert lyon.longitude == pytest.approx((4.8292 + 4.8264 + 4.8494) / 3)
    # Arrondissements and communes déléguées are no communes of their own.
    assert not Commune.objects.filter(insee_code__in=["69381", "69382", "69383"]).exists()


def test_a_second_import_changes_nothing_and_an_existing_commune_keeps_its_url(montreuil):
    montreuil.slug = "montreuil-sous-bois"
    montreuil.latitude = 48.0
    montreuil.save()

    first = import_communes(COG, CENTROIDS, EPCI, departements={"93", "69"})
    second = import_communes(COG, CENTROIDS, EPCI, departements={"93", "69"})

    assert (first.created, first.updated, first.unchanged) == (8, 1, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 9)
    assert second.problems == []
    montreuil.refresh_from_db()
    assert (montreuil.slug, montreuil.latitude) == ("montreuil-sous-bois", 48.8611)
    # The EPCI an operator set stays when no EPCI file is given.
    assert montreuil.epci_name == "Est Ensemble"
    assert Commune.objects.filter(insee_code="93048").count() == 1


def test_two_homonyms_of_two_departements_get_two_urls():
    import_communes(COG, CENTROIDS, departements={"93", "974"})

    assert Commune.objects.get(insee_code="93066").slug == "saint-denis"
    reunion = Commune.objects.get(insee_code="97411")
    assert (reunion.slug, reunion.departement_code) == ("saint-denis-974", "974")
    assert reunion.postcodes == ["97400", "97490"]
    assert (reunion.latitude, reunion.longitude) == (-20.9331, 55.4471)


def test_unknown_and_malformed_lines_are_reported_with_their_line_number(tmp_path):
    cog = tmp_path / "v_commune.csv"
    cog.write_text(
        COG_HEADER
        + "COM,69266,84,69,69M,691,0,VILLEURBANNE,Villeurbanne,Villeurbanne,,\n"
        + "COM,69259,84,69,69M,691,0,VENISSIEUX,Vénissieux\n"
        + "COM,69XYZ,84,69,69M,691,0,NULLE PART,Nulle part,Nulle part,,\n"
        + "COM,69264,84,69,69D,692,0,VILLEFRANCHE SUR SAONE,Villefranche-sur-Saône,"
        "Villefranche-sur-Saône,,\n" + "XYZ,69123,84,69,69M,691,0,LYON,Lyon,Lyon,,\n",
        encoding="utf-8",
    )
    centroids = tmp_path / "laposte.csv"
    centroids.write_text(
        POSTE_HEADER
        + "69266;VILLEURBANNE;69100;VILLEURBANNE;;45.7707, 4.8885\n"
        + "69266;VILLEURBANNE;6910;VILLEURBANNE;;45.7707, 4.8885\n"
        + "69999;INCONNUE;69999;INCONNUE;;45.7, 4.8\n"
        + "69266;VILLEURBANNE;69100;VILLEURBANNE;;quarante-cinq\n"
        + "93048;MONTREUIL;93100;MONTREUIL;;48.8611, 2.4436\n",
        encoding="utf-8",
    )

    out, err = run("--cog", str(cog), "--centroids", str(centroids), "--departements", "69")

    assert err.splitlines() == [
        "v_commune.csv, ligne 3 : ligne mal formée (9 champs au lieu de 12).",
        "laposte.csv, ligne 3 : code postal invalide « 6910 ».",
        "laposte.csv, ligne 4 : commune 69999 inconnue du COG.",
        "laposte.csv, ligne 5 : coordonnées invalides « quarante-cinq ».",
        "v_commune.csv, ligne 4 : code commune invalide « 69XYZ ».",
        "v_commune.csv, ligne 5 : commune 69264 (Villefranche-sur-Saône) absente du fichier "
        "des centres.",
        "v_commune.csv, ligne 6 : type de commune inconnu « XYZ ».",
    ]
    assert "1 créée(s)" in out
    assert list(Commune.objects.values_list("insee_code", flat=True)) == ["69266"]


def test_a_file_without_the_expected_columns_is_refused(tmp_path):
    cog = tmp_path / "communes.csv"
    cog.write_text("code;nom\n69266;Villeurbanne\n", encoding="utf-8")

    with pytest.raises(CommandError, match="colonnes manquantes : typecom, com, dep, libelle"):
        run("--cog", str(cog), "--centroids", str(CENTROIDS))
    with pytest.raises(CommandError, match="Code de département invalide : 6"):
        run("--cog", str(COG), "--centroids", str(CENTROIDS), "--departements", "6")
    assert not Commune.objects.exists()


@override_settings(MAILLAGE_DEPARTEMENTS=["69"])
def test_without_departements_the_import_keeps_those_the_portal_serves():
    run("--cog", str(COG), "--centroids", str(CENTROIDS))

    assert set(Commune.objects.values_list("departement_code", flat=True)) == {"69"}
    assert Commune.objects.count() == 4
