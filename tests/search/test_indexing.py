"""Indexing through the registry: directory organisations and services, on commit."""

import pytest
from django.core.management import call_command

from directory.models import Organisation, OrganisationKind, Service
from directory.vocabularies import Status
from search import indexing
from search.models import SearchDocument
from search.registry import get_projection

pytestmark = pytest.mark.django_db


def make_org(commune, status=Status.PUBLISHED, **kwargs):
    values = {
        "name": "CLIC de Bondy",
        "slug": "clic-bondy",
        "kind": OrganisationKind.MEDICO_SOCIAL,
        "typology": "CLIC",
        "commune": commune,
        "status": status,
        "phone": "+33148000000",
    }
    values.update(kwargs)
    return Organisation.objects.create(**values)


def test_projections_are_registered_by_app_discovery():
    assert get_projection("organisation").model is Organisation
    assert get_projection("service").model is Service


def test_published_organisation_is_indexed_on_commit(bondy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        organisation = make_org(bondy)
    document = SearchDocument.objects.get(kind="organisation", object_id=str(organisation.pk))
    assert document.title == "CLIC de Bondy"
    assert document.url == organisation.get_absolute_url()
    assert "CLIC" in document.keywords
    assert document.commune_code == "93010"
    assert document.latitude == pytest.approx(48.9022)  # the commune centroid


def test_drafts_are_not_indexed_and_unpublishing_removes(bondy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        organisation = make_org(bondy, status=Status.DRAFT)
    assert not SearchDocument.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        organisation.status = Status.PUBLISHED
        organisation.save()
    assert SearchDocument.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        organisation.status = Status.ARCHIVED
        organisation.save()
    assert not SearchDocument.objects.exists()


def test_service_document_and_reindex_with_its_organisation(
    bondy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organisation = make_org(bondy)
        service = Service.objects.create(
            organisation=organisation,
            name="Répit des aidants",
            slug="repit-aidants",
            description="Soutien aux aidants de personnes âgées.",
            thematiques=["famille--soutien-aidants"],
            categories=["repit-aidants"],
            reception_modes=["a-domicile"],
            fees="gratuit",
            status=Status.PUBLISHED,
            contact_is_professional_only=True,
        )
    document = SearchDocument.objects.get(kind="service", object_id=str(service.pk))
    assert document.modes_accueil == ["a-domicile"]
    assert document.frais == ["gratuit"]
    assert "k:service" in document.facet_keys and "g:repit-aidants" in document.facet_keys
    assert document.extra["organisation"] == "CLIC de Bondy"
    assert document.extra["phone"] == ""  # professional-only contact stays out
    with django_capture_on_commit_callbacks(execute=True):
        organisation.name = "CLIC Bondy-Est"
        organisation.save()
    document.refresh_from_db()
    assert document.extra["organisation"] == "CLIC Bondy-Est"
    with django_capture_on_commit_callbacks(execute=True):
        service.delete()
    assert not SearchDocument.objects.filter(kind="service").exists()


def test_search_reindex_command_rebuilds_and_drops_stale(bondy, capsys):

    make_org(bondy)
    SearchDocument.objects.all().delete()
    from search.backends.postgres import PostgresBackend
    from tests.search.conftest import CORPUS

    _kind, doc = CORPUS["ergo"]
    PostgresBackend().index_documents([("organisation", "999999", doc)])
    call_command("search_reindex", "--kind", "organisation")
    out = capsys.readouterr().out
    assert "1/1" in out and "1 documents indexés" in out
    assert list(SearchDocument.objects.values_list("title", flat=True)) == ["CLIC de Bondy"]


def test_search_reindex_refuses_unknown_kinds():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Type inconnu"):
        call_command("search_reindex", "--kind", "nope")


def test_demo_load_indexes_everything_idempotently(bondy):
    from demo import search as demo

    make_org(bondy)
    SearchDocument.objects.all().delete()
    first = demo.load()
    assert "1 organisation" in first
    assert demo.load() == first
    assert SearchDocument.objects.filter(kind="organisation").count() == 1


def index_passes(callbacks) -> int:
    """The reindexing passes among the queued on-commit callbacks."""
    return sum(1 for c in callbacks if getattr(c, "func", None) is indexing._index_ids)


def test_saves_within_deferred_are_indexed_in_one_pass(bondy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, indexing.deferred():
        for number in range(3):
            make_org(bondy, name=f"CLIC {number}", slug=f"clic-{number}")
        assert index_passes(callbacks) == 0  # nothing queued per save
    assert index_passes(callbacks) == 1  # one reindexing pass for the three
    assert set(SearchDocument.objects.values_list("title", flat=True)) == {
        "CLIC 0",
        "CLIC 1",
        "CLIC 2",
    }
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        make_org(bondy, name="CLIC 3", slug="clic-3")
    assert index_passes(callbacks) == 1  # outside it, each save as before
    assert SearchDocument.objects.count() == 4
