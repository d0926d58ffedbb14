"""Pages that wait for background work update themselves in place (static/js/status-poll.js)
instead of a timed refresh (WCAG 2.2.1): the import progress page, in a real browser."""

import pytest

from accounts.roles import MODERATORS_GROUP
from directory.imports.models import ImportKind, ImportRun, ImportStatus
from tests.accounts.factories import PASSWORD, UserFactory
from tests.directory.test_imports_admin import admin_access_group

pytestmark = pytest.mark.django_db(transaction=True)


def test_import_progress_updates_in_place_then_shows_the_report(site, live_server, page):
    moderator = UserFactory(email="moderatrice@exemple.org", moderated_departements=["93"])
    moderator.groups.add(admin_access_group(MODERATORS_GROUP))
    run = ImportRun.objects.create(
        kind=ImportKind.FINESS,
        status=ImportStatus.RUNNING,
        total=200,
        processed=50,
        user=moderator,
        territory=["93"],
    )
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name='username']", moderator.email)
    page.fill("input[name='password']", PASSWORD)
    page.locator("form button[type='submit']").first.click()
    page.wait_for_url("**/admin/")
    page.goto(f"{live_server.url}/admin/annuaire/imports/{run.pk}/")
    status = page.locator("div[role='status'][aria-live='polite']")
    assert "50 enregistrement(s) traité(s) sur 200." in status.inner_text()
    page.evaluate("window.notReloaded = true")

    # Progress is copied into the live region: no reload, focus and scroll stay put.
    ImportRun.objects.filter(pk=run.pk).update(processed=150)
    status.get_by_text("150 enregistrement(s) traité(s) sur 200.").wait_for()
    assert page.evaluate("window.notReloaded === true")
    assert page.locator("#import-progress").get_attribute("value") == "75"

    # Finished: the page loads once more and shows the counts and the report.
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.SUCCEEDED, processed=200, created_count=200
    )
    page.get_by_text("Télécharger le rapport ligne à ligne (CSV)").wait_for()
    assert page.evaluate("window.notReloaded === undefined")
    assert "200 créé(s)" in status.inner_text()
