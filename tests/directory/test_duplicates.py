"""Duplicates across sources: a CCAS imported from FINESS and from data·inclusion is proposed
once, merged by a moderator of its territory, and later imports of both sources update the
survivor without recreating the duplicate (directory.duplicates, imports/loading.py)."""

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import ModelLogEntry

from accounts.models import User
from accounts.roles import MODERATORS_GROUP
from demo.directory import load_communes
from directory import data_inclusion_export, duplicates
from directory.imports.models import ImportKind, ImportRun, ImportStatus
from directory.imports.runner import execute
from directory.models import (
    DuplicateCandidate,
    DuplicateStatus,
    Membership,
    Organisation,
    Service,
    SourceIdentifier,
)
from directory.tasks import detect_duplicates
from directory.vocabularies import Status
from search.models import SearchDocument
from tests.directory.factories import MembershipFactory, OrganisationFactory

FIXTURES = Path(__file__).parent / "fixtures"
FINESS_FILE = FIXTURES / "duplicates_finess.csv"
DI_FILE = FIXTURES / "duplicates_data_inclusion.json"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def communes():
    load_communes()


def import_finess(content: bytes | None = None) -> ImportRun:
    run = ImportRun.objects.create(kind=ImportKind.FINESS, filename="finess.csv")
    run = execute(run, content if content is not None else FINESS_FILE.read_bytes())
    assert run.status == ImportStatus.SUCCEEDED, run.message
    return run


def import_data_inclusion(content: bytes | None = None) -> ImportRun:
    run = ImportRun.objects.create(kind=ImportKind.DATA_INCLUSION, filename="di.json")
    run = execute(run, content if content is not None else DI_FILE.read_bytes())
    assert run.status == ImportStatus.SUCCEEDED, run.message
    return run


def ccas_from_finess() -> Organisation:
    return Organisation.objects.get(source="finess", source_id="930000102")


def ccas_from_data_inclusion() -> Organisation:
    return Organisation.objects.get(source="data-inclusion", source_id="dora--ccas-bondy")


def pair_of(a: Organisation, b: Organisation) -> DuplicateCandidate:
    left, right = sorted([a.pk, b.pk])
    return DuplicateCandidate.objects.get(left_id=left, right_id=right)


def moderator(email: str, departements: list[str]) -> User:
    user = User.objects.create_user(email, "motdepasse-solide", moderated_departements=departements)
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user.groups.add(group)
    return user


def codes(candidate: DuplicateCandidate) -> set[str]:
    return {reason["code"] for reason in candidate.reasons}


def test_a_ccas_from_finess_and_data_inclusion_is_proposed_once_as_a_duplicate():
    import_finess()
    import_data_inclusion()

    ccas = pair_of(ccas_from_finess(), ccas_from_data_inclusion())
    assert (ccas.score, ccas.status) == (100, DuplicateStatus.OPEN)
    assert "siret" in codes(ccas)

    cmp_finess = Organisation.objects.get(source="finess", source_id="930000128")
    cmp_di = Organisation.objects.get(source_id="soliguide--cmp-bagnolet")
    cmp_pair = pair_of(cmp_finess, cmp_di)  # no SIRET: names, address and phone alike
    assert {"name", "phone"} <= codes(cmp_pair)
    assert duplicates.MIN_SCORE <= cmp_pair.score < 100
    assert DuplicateCandidate.objects.count() == 2

    import_finess()
    import_data_inclusion()
    assert detect_duplicates() == 2  # the nightly pass finds the same two, proposed once
    assert DuplicateCandidate.objects.count() == 2


def test_a_data_inclusion_record_keeps_its_upstream_source(client):
    import_data_inclusion()

    ccas = ccas_from_data_inclusion()
    assert (ccas.source, ccas.upstream_source) == ("data-inclusion", "dora")
    identifier = SourceIdentifier.objects.get(organisation=ccas)
    assert (identifier.source, identifier.source_id, identifier.upstream_source) == (
        "data-inclusion",
        "dora--ccas-bondy",
        "dora",
    )
    service = Service.objects.get(source_id="dora--ccas-bondy--domiciliation")
    assert service.upstream_source == "dora"
    assert Organisation.objects.get(source_id="soliguide--cmp-bagnolet").upstream_source == (
        "soliguide"
    )
    body = client.get(f"/api/v1/organisations/{ccas.pk}").json()
    assert (body["source"], body["source_amont"]) == ("data-inclusion", "dora")


def test_an_entry_imported_before_identifiers_still_matches_on_re_import(bondy):
    # Imported before this change: (source, source id) on the entry only, no identifier.
    old = OrganisationFactory(
        name="CCAS de Bondy",
        commune=bondy,
        source="data-inclusion",
        source_id="dora--ccas-bondy",
    )
    assert not SourceIdentifier.objects.exists()

    run = import_data_inclusion()

    assert Organisation.objects.filter(source_id="dora--ccas-bondy").count() == 1
    old.refresh_from_db()
    assert old.upstream_source == "dora"
    assert SourceIdentifier.objects.get(source_id="dora--ccas-bondy").organisation == old
    assert run.created_count == 2  # the CMP and the service; the CCAS was updated


def test_merge_keeps_one_entry_and_re_imports_of_both_sources_update_the_survivor(
    client, django_capture_on_commit_callbacks
):
    import_finess()
    import_data_inclusion()
    survivor, loser = ccas_from_finess(), ccas_from_data_inclusion()
    member = MembershipFactory(organisation=loser, role="admin").user
    candidate = pair_of(survivor, loser)
    moderator93 = moderator("moderatrice93@exemple.fr", ["93"])
    client.force_login(moderator93)
    side = "left" if candidate.left_id == survivor.pk else "right"
    loser_side = "right" if side == "left" else "left"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/annuaire/doublons/{candidate.pk}/",
            {"action": "merge", "survivor": side, "field_name": loser_side},
        )
    assert response.status_code == 302

    survivor.refresh_from_db()
    loser.refresh_from_db()
    assert survivor.name == "CCAS de Bondy"  # chosen from data·inclusion
    assert survivor.email == "ccas@ville-bondy.fr"  # empty on the survivor: the other's
    assert survivor.finess == "930000102"
    assert survivor.field_sources["name"] == "data-inclusion"
    assert survivor.field_sources["email"] == "data-inclusion"
    assert survivor.field_sources["finess"] == "finess"
    assert (loser.merged_into, loser.status) == (survivor, Status.ARCHIVED)
    assert set(survivor.source_identifiers.values_list("source", "source_id")) == {
        ("finess", "930000102"),
        ("data-inclusion", "dora--ccas-bondy"),
    }
    assert Service.objects.get(source_id="dora--ccas-bondy--domiciliation").organisation == (
        survivor
    )
    assert Membership.objects.get(user=member).organisation == survivor
    candidate.refresh_from_db()
    assert (candidate.status, candidate.decided_by) == (DuplicateStatus.MERGED, moderator93)
    assert "directory.merge" in ModelLogEntry.objects.for_instance(survivor).values_list(
        "action", flat=True
    )
    assert "directory.merged_into" in ModelLogEntry.objects.for_instance(loser).values_list(
        "action", flat=True
    )
    documents = SearchDocument.objects.filter(kind="organisation")
    assert not documents.filter(object_id=str(loser.pk)).exists()
    assert documents.get(object_id=str(survivor.pk)).title == "CCAS de Bondy"

    # Both sources again, each with a change of its own (and data·inclusion a phone the
    # merge took from FINESS).
    di = json.loads(DI_FILE.read_text())
    di["structures"][0]["description"] = "Accueil social, domiciliation et aides facultatives."
    di["structures"][0]["telephone"] = "01 48 50 44 99"
    finess = FINESS_FILE.read_bytes().replace(b"0148504400", b"0148504401")
    organisations, candidates = Organisation.objects.count(), DuplicateCandidate.objects.count()

    finess_run = import_finess(finess)
    di_run = import_data_inclusion(json.dumps(di).encode())

    assert (finess_run.created_count, di_run.created_count) == (0, 0)
    assert finess_run.conflict_count == di_run.conflict_count == 0
    assert Organisation.objects.count() == organisations
    assert DuplicateCandidate.objects.count() == candidates
    survivor.refresh_from_db()
    loser.refresh_from_db()
    assert survivor.description == "Accueil social, domiciliation et aides facultatives."
    assert survivor.phone == "+33148504401"  # FINESS's field, not data·inclusion's
    assert survivor.name == "CCAS de Bondy"
    assert loser.description == "Le CCAS accompagne les Bondynois dans leurs démarches sociales."

    # The old address and the old API id lead to the survivor; the export leaves it out.
    response = client.get(loser.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"] == survivor.get_absolute_url()
    response = client.get(f"/api/v1/organisations/{loser.pk}")
    assert response.status_code == 301
    assert response["Location"] == f"/api/v1/organisations/{survivor.pk}"
    assert client.get(response["Location"]).json()["id"] == survivor.pk
    exported = {record["id"] for record in data_inclusion_export.export_structures().records}
    assert data_inclusion_export.structure_id(loser.pk) not in exported
    assert data_inclusion_export.structure_id(survivor.pk) in exported


def test_a_moderator_of_another_departement_cannot_see_or_merge_the_pair(client):
    import_finess()
    import_data_inclusion()
    candidate = pair_of(ccas_from_finess(), ccas_from_data_inclusion())
    client.force_login(moderator("moderateur94@exemple.fr", ["94"]))

    listing = client.get("/admin/annuaire/doublons/")
    assert listing.status_code == 200
    assert "CCAS de Bondy" not in listing.content.decode()
    assert client.get(f"/admin/annuaire/doublons/{candidate.pk}/").status_code == 404
    response = client.post(
        f"/admin/annuaire/doublons/{candidate.pk}/", {"action": "merge", "survivor": "left"}
    )
    assert response.status_code == 404
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.OPEN
    assert not Organisation.objects.filter(merged_into__isnull=False).exists()


def test_a_pair_dismissed_by_a_moderator_is_not_proposed_again_by_the_nightly_detection(client):
    import_finess()
    import_data_inclusion()
    cmp_pair = pair_of(
        Organisation.objects.get(source_id="930000128"),
        Organisation.objects.get(source_id="soliguide--cmp-bagnolet"),
    )
    client.force_login(moderator("moderatrice93@exemple.fr", ["93"]))
    page = client.get(f"/admin/annuaire/doublons/{cmp_pair.pk}/")
    assert page.status_code == 200
    assert "duplicate-differs" in page.content.decode()  # the differences are highlighted

    response = client.post(f"/admin/annuaire/doublons/{cmp_pair.pk}/", {"action": "dismiss"})
    assert response.status_code == 302

    detect_duplicates()
    import_data_inclusion()
    cmp_pair.refresh_from_db()
    assert cmp_pair.status == DuplicateStatus.DISMISSED
    assert DuplicateCandidate.objects.count() == 2
    listing = client.get("/admin/annuaire/doublons/").content.decode()
    assert "Bagnolet" not in listing
    assert "CCAS de Bondy" in listing


def test_a_duplicate_hint_from_a_source_proposes_the_pair(bondy):
    a = OrganisationFactory(name="Maison des solidarités", commune=bondy, phone="+33148000001")
    b = OrganisationFactory(name="Épicerie du cœur", commune=bondy, phone="+33148000002")

    candidate = duplicates.record_duplicate_hint(b, a, "doublon signalé par data·inclusion")

    assert (candidate.left_id, candidate.right_id) == tuple(sorted([a.pk, b.pk]))
    assert candidate.score == duplicates.HINT_SCORE
    assert codes(candidate) == {"hint"}


def test_the_admin_shows_each_field_s_source_and_the_upstream_source(client, admin_user):
    import_finess()
    import_data_inclusion()
    survivor, loser = ccas_from_finess(), ccas_from_data_inclusion()
    duplicates.merge(pair_of(survivor, loser), survivor, {"name": "loser"}, user=admin_user)
    client.force_login(admin_user)

    page = client.get(f"/admin/annuaire/organisations/edit/{survivor.pk}/").content.decode()
    assert "Source de chaque champ (après fusion)" in page
    assert "dora--ccas-bondy (dora)" in page  # the identifier taken over, with its producer
    service = Service.objects.get(source_id="dora--ccas-bondy--domiciliation")
    page = client.get(f"/admin/annuaire/services/edit/{service.pk}/").content.decode()
    assert "Source amont" in page


@pytest.mark.django_db(transaction=True)
def test_entries_imported_before_the_migration_get_their_source_identifier(migrator):
    old = migrator([("directory", "0013_service_source_quality_score")])
    Organisation_ = old.get_model("directory", "Organisation")
    imported = Organisation_.objects.create(
        name="CCAS de Bondy", slug="ccas-de-bondy", source="finess", source_id="930000102"
    )
    Organisation_.objects.create(name="Saisie ici", slug="saisie-ici")

    new = migrator([("directory", "0014_duplicates_and_source_identifiers")])

    identifiers = new.get_model("directory", "SourceIdentifier").objects.all()
    assert [(i.entity, i.organisation_id, i.source, i.source_id) for i in identifiers] == [
        ("organisation", imported.pk, "finess", "930000102")
    ]


def test_a_moderator_compares_the_pair_in_words_not_in_stored_codes(client):
    """Phones as dialled in France, communes by name and postcode, sources by their names —
    never « +33… », an INSEE code or an importer's slug."""
    import_finess()
    import_data_inclusion()
    candidate = pair_of(ccas_from_finess(), ccas_from_data_inclusion())
    client.force_login(moderator("moderatrice93@exemple.fr", ["93"]))

    page = client.get(f"/admin/annuaire/doublons/{candidate.pk}/").content.decode()
    assert "01 48 50 44 00" in page and "+33148504400" not in page
    assert "Bondy (93140)" in page and "(93010)" not in page
    assert "data·inclusion (dora)" in page and "FINESS ·" in page
    assert "data-inclusion (dora)" not in page
    freshness = client.get("/admin/annuaire/fraicheur/").content.decode()
    assert ">data·inclusion</option>" in freshness and "<td>FINESS</td>" in freshness
    assert ">data-inclusion<" not in freshness and ">finess<" not in freshness
