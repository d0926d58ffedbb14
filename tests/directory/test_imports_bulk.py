"""New entries of an import batch are created together (directory.imports.loading `_create`):
the same outcome as one by one — reports, identifiers, imported values, tags, slugs, search,
geocoding, orientation's candidates cache — in a few queries per batch."""

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from directory import tasks_geocoding
from directory.imports import loading
from directory.imports.models import ImportedValues
from directory.imports.records import OrganisationRecord, ParsedFile
from directory.models import Organisation, Service, SourceIdentifier
from orientation import candidates
from search.models import SearchDocument
from tests.directory.factories import OrganisationFactory

FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = pytest.mark.django_db
WORDS = (
    "Alizés", "Bruyères", "Capucines", "Dahlias", "Églantiers",
    "Fougères", "Genêts", "Hortensias", "Iris", "Jonquilles",
)  # fmt: skip


@pytest.fixture(autouse=True)
def communes(saint_denis, montreuil):
    return saint_denis, montreuil


def record(number: int, **fields) -> OrganisationRecord:
    values = {
        "source": "finess",
        "source_id": f"93000{number:04d}",
        "name": f"EHPAD Les Tilleuls {number}",
        "line": number + 1,
        "finess": f"93000{number:04d}",
        "address": "2 place Victor Hugo",
        "postcode": "93200",
        "insee_code": "93066",
        "phone": "+33148131313",
        "category_label": "EHPAD",
        "latitude": 48.936,
        "longitude": 2.357,
        "updated_on": date(2026, 11, 30),
        **fields,
    }
    return OrganisationRecord(**values)


def load(*records: OrganisationRecord) -> loading.LoadResult:
    return loading.load(ParsedFile(organisations=list(records)), status="published")


def outcomes(result: loading.LoadResult) -> dict[int, tuple[str, str]]:
    return {row.line: (row.outcome, row.message) for row in result.rows}


def test_a_hundred_new_establishments_take_fewer_queries_than_establishments(
    django_assert_max_num_queries,
):
    # Unlike one another (else the duplicates detection proposes every pair: 2 queries each).
    records = [
        record(
            number,
            name=f"{WORDS[number % 10]} {WORDS[number // 10]}",
            address=f"{number} rue {WORDS[number // 10]}",
            phone=f"+331481313{number:02d}",
        )
        for number in range(100)
    ]
    with django_assert_max_num_queries(100):  # one by one: about 1 800
        result = load(*records)
    assert result.count("created") == 100
    assert Organisation.objects.filter(source="finess").count() == 100


def test_bulk_created_entries_are_known_so_that_a_reimport_changes_nothing():
    load(*(record(number) for number in range(5)))

    entry = Organisation.objects.get(source_id="930000003")
    assert entry.phone == "+33148131313"
    assert entry.status == "published" and entry.published_at is not None
    assert timezone.localdate(entry.verified_at) == date(2026, 11, 30)
    assert list(entry.tags.names()) == ["EHPAD"]
    identifier = SourceIdentifier.objects.get(organisation=entry)
    assert (identifier.source, identifier.source_id) == ("finess", "930000003")
    assert entry.imported_values.values["phone"] == "+33148131313"
    assert ImportedValues.objects.filter(organisation__source="finess").count() == 5

    again = load(*(record(number) for number in range(5)))
    assert again.count("unchanged") == 5
    changed = load(record(3, phone="+33148131399"))
    assert changed.count("updated") == 1


def test_a_bad_record_of_a_batch_is_reported_and_the_others_created():
    result = load(
        record(1),
        record(2, email="pas-un-courriel"),
        record(3, insee_code="99999"),
        record(4),
        record(1, phone="+33148131399", line=6),  # the same establishment twice in one file
    )

    rows = outcomes(result)
    assert rows[2][0] == rows[5][0] == "created"
    assert rows[3][0] == "error" and "adresse e-mail" in rows[3][1]
    assert rows[4] == ("error", "Commune 99999 inconnue de l'annuaire.")
    assert rows[6][0] == "updated"
    assert set(Organisation.objects.values_list("source_id", flat=True)) == {
        "930000001",
        "930000004",
    }
    assert Organisation.objects.get(source_id="930000001").phone == "+33148131399"


def test_a_record_outside_the_territory_is_refused_with_its_services():
    parsed = ParsedFile(organisations=[record(1), record(2, insee_code="93048")])
    result = loading.load(parsed, status="published", territory=frozenset({"93"}))
    assert result.count("created") == 2
    result = loading.load(
        ParsedFile(organisations=[record(3)]), status="published", territory=frozenset({"75"})
    )
    assert outcomes(result)[4][0] == "refused"
    assert not Organisation.objects.filter(source_id="930000003").exists()


def test_new_entries_named_alike_get_distinct_slugs():
    OrganisationFactory(name="EHPAD Les Tilleuls", slug="ehpad-les-tilleuls")
    OrganisationFactory(name="EHPAD Les Tilleuls", slug="ehpad-les-tilleuls-2")

    load(*(record(number, name="EHPAD Les Tilleuls") for number in range(3)))

    slugs = Organisation.objects.filter(source="finess").values_list("slug", flat=True)
    assert sorted(slugs) == [
        "ehpad-les-tilleuls-3",
        "ehpad-les-tilleuls-4",
        "ehpad-les-tilleuls-5",
    ]


def test_search_finds_a_bulk_created_entry(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load(record(1), record(2))

    created = Organisation.objects.filter(source="finess")
    documents = SearchDocument.objects.filter(kind="organisation")
    assert set(documents.values_list("object_id", flat=True)) == {str(o.pk) for o in created}
    assert documents.get(object_id=str(created.get(source_id="930000001").pk)).title == (
        "EHPAD Les Tilleuls 1"
    )


def test_an_entry_imported_without_coordinates_is_queued_for_geocoding(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        load(record(1), record(2, latitude=None, longitude=None))

    queued = [c.args for c in callbacks if getattr(c, "func", None) is tasks_geocoding.enqueue]
    placed_by_the_geocoder = Organisation.objects.get(source_id="930000002")
    assert queued == [("directory.Organisation", placed_by_the_geocoder.pk)]


def test_the_candidates_cache_sees_services_created_by_an_import(
    saint_denis, django_capture_on_commit_callbacks
):
    candidates.forget()
    _, _, before = candidates.candidates_for(saint_denis, timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_data_inclusion", str(FIXTURES / "data_inclusion_93.json"))

    service = Service.objects.get(source_id="dora--ccas-saint-denis--domiciliation")
    _, _, after = candidates.candidates_for(saint_denis, timezone.now())
    assert service.pk not in before
    assert service.pk in after
