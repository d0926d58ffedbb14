"""`date_maj` (reset by every save) becomes the first `verified_at` of each entry, by nobody;
the migration goes back too."""

from datetime import date

import pytest
from django.utils import timezone

BEFORE = [("directory", "0014_duplicates_and_source_identifiers")]
AFTER = [("directory", "0015_verification_and_freshness_ladder")]


@pytest.mark.django_db(transaction=True)
def test_the_last_update_date_becomes_the_first_verification_date(migrator):
    old = migrator(BEFORE)
    Organisation = old.get_model("directory", "Organisation")
    organisation = Organisation.objects.create(
        name="Association d'avant", slug="avant", date_maj=date(2025, 6, 30)
    )
    old.get_model("directory", "Service").objects.create(
        organisation=organisation, name="Visites", slug="visites", date_maj=date(2024, 1, 2)
    )

    new = migrator(AFTER)
    organisation = new.get_model("directory", "Organisation").objects.get(slug="avant")
    service = new.get_model("directory", "Service").objects.get(slug="visites")
    assert timezone.localtime(organisation.verified_at).date() == date(2025, 6, 30)
    assert timezone.localtime(organisation.verified_at).hour == 0
    assert timezone.localtime(service.verified_at).date() == date(2024, 1, 2)
    assert organisation.verified_by_id is None and organisation.freshness_stage == 0

    back = migrator(BEFORE)
    assert back.get_model("directory", "Service").objects.get(slug="visites").date_maj == date(
        2024, 1, 2
    )
    migrator(AFTER)
