"""Verification kept apart from edits: the signed one-click « rien n'a changé » link of the
update reminder, « J'ai vérifié » in the partner space, a moderator's publication, and the
freshness ladder (badge, left out of « Qui appeler ? » and posters, unpublished), each step
announced once to the organisation's admins and the territory's moderators."""

import re
from datetime import date, timedelta
from email.header import decode_header, make_header

import pytest
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.roles import MODERATORS_GROUP
from demo.directory import load_communes
from directory import freshness, moderation, notifications
from directory.freshness_views import PAGE_SIZE
from directory.models import FRESHNESS_STAGE, VERIFIED, Organisation, Service
from directory.quality import update_due_date
from directory.verification_links import SALT, make_token
from directory.vocabularies import THEMATIQUE_CHOICES, Category, FreshnessStage, Status
from guides.contacts import nearest_services
from notifications.models import Channel, Delivery
from notifications.sending import deliver_many
from orientation import candidates, selection
from tests.accounts.factories import UserFactory
from tests.directory.factories import MembershipFactory, OrganisationFactory, ServiceFactory
from tests.directory.test_imports_loading import finess_run
from tests.orientation.factories import SituationFactory

pytestmark = pytest.mark.filterwarnings(
    "ignore:A permission policy for Delivery:DeprecationWarning"
)

LONG_AGO = timezone.now() - timedelta(days=400)


def make_moderator(email, departements):
    user = UserFactory(email=email, moderated_departements=departements)
    user.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    return user


@pytest.fixture
def world(db, bobigny):
    organisation = OrganisationFactory(
        name="Voisins Solidaires",
        commune=bobigny,
        postcode="93000",
        verified_at=LONG_AGO,
        update_frequency="yearly",
    )
    service = ServiceFactory(
        organisation=organisation, name="Visites", verified_at=LONG_AGO, update_frequency="yearly"
    )
    return {
        "organisation": organisation,
        "service": service,
        "admin": MembershipFactory(organisation=organisation, role="admin").user,
        "member": MembershipFactory(organisation=organisation, role="member").user,
        "moderator": make_moderator("moderatrice93@exemple.fr", ["93"]),
        "other_moderator": make_moderator("moderateur94@exemple.fr", ["94"]),
    }


def link_of(organisation) -> str:
    return reverse("directory:verify", args=[make_token(organisation.pk, organisation.verified_at)])


# --- One-click link -------------------------------------------------------------------------------
def test_the_one_click_link_confirms_the_organisation_and_its_services_without_login(client, world):
    organisation, service = world["organisation"], world["service"]
    url = link_of(organisation)

    # A GET (what a mail scanner does) only shows what will be confirmed.
    page = client.get(url)
    assert page.status_code == 200
    assert "Voisins Solidaires" in page.text and "Visites" in page.text
    assert "ai vérifié : tout est à jour" in page.text
    organisation.refresh_from_db()
    assert organisation.verified_at == LONG_AGO

    done = client.post(url)
    assert done.status_code == 200 and "confirmées à jour" in done.text
    organisation.refresh_from_db()
    service.refresh_from_db()
    assert organisation.verified_on == service.verified_on == timezone.localdate()
    assert organisation.verified_by is None
    (log,) = ModelLogEntry.objects.for_instance(organisation).filter(action=VERIFIED)
    assert log.data["via"] == "link" and log.data["services"][0]["name"] == "Visites"


def test_a_reused_link_says_it_was_already_used_and_changes_nothing(client, world):
    organisation = world["organisation"]
    url = link_of(organisation)
    client.post(url)
    organisation.refresh_from_db()
    first = organisation.verified_at

    again = client.post(url)
    assert again.status_code == 200 and "déjà servi" in again.text
    organisation.refresh_from_db()
    assert organisation.verified_at == first
    assert ModelLogEntry.objects.filter(action=VERIFIED).count() == 1


def test_an_expired_link_is_refused(client, world, monkeypatch, settings):
    organisation = world["organisation"]
    settings.VERIFICATION_LINK_DAYS = 30
    old = signing.b62_encode(int((timezone.now() - timedelta(days=31)).timestamp()))
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: old)
    url = link_of(organisation)
    monkeypatch.undo()
    response = client.post(url)
    assert response.status_code == 410 and "expiré" in response.text
    organisation.refresh_from_db()
    assert organisation.verified_at == LONG_AGO


def test_a_link_cannot_verify_another_organisation(client, world):
    organisation = world["organisation"]
    other = OrganisationFactory(name="Autre association", verified_at=LONG_AGO)
    token = make_token(organisation.pk, organisation.verified_at)
    # The payload rewritten to another organisation, the signature kept: refused.
    value, _, rest = token.partition(":")
    forged_value = signing.b64_encode(
        signing.JSONSerializer().dumps({"o": other.pk, "v": "never"})
    ).decode()
    forged = f"{forged_value}:{rest}"
    assert value != forged_value
    response = client.post(reverse("directory:verify", args=[forged]))
    assert response.status_code == 404 and "pas valide" in response.text
    # A token signed for another purpose (another salt) is refused as well.
    foreign = signing.TimestampSigner(salt=SALT + "-autre").sign_object({"o": other.pk, "v": ""})
    assert client.post(reverse("directory:verify", args=[foreign])).status_code == 404
    other.refresh_from_db()
    assert other.verified_at == LONG_AGO


# --- Edits are not verifications ------------------------------------------------------------------
def test_a_typo_fix_in_the_admin_does_not_count_as_a_verification(client, world):
    service, admin = world["service"], world["admin"]
    client.force_login(admin)
    edit_url = reverse("directory_service:edit", args=[service.pk])
    data = {
        "organisation": world["organisation"].pk,
        "name": "Visites à domicile",
        "slug": service.slug,
        "description": "Des bénévoles rendent visite aux personnes isolées chaque semaine.",
        "phone": "01 48 70 12 34",
        "email": "",
        "fees": "gratuit",
        "update_frequency": "yearly",
        "eligibility_zone": "93008",
        "stops-TOTAL_FORMS": "0",
        "stops-INITIAL_FORMS": "0",
        "stops-MIN_NUM_FORMS": "0",
        "stops-MAX_NUM_FORMS": "1000",
    }
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors
    service.refresh_from_db()
    assert service.name == "Visites à domicile"
    assert service.verified_at == LONG_AGO


def test_the_organisation_admin_confirms_everything_is_up_to_date_in_the_partner_space(
    client, world
):
    organisation, admin = world["organisation"], world["admin"]
    Organisation.objects.filter(pk=organisation.pk).update(freshness_stage=FreshnessStage.TO_CHECK)
    url = reverse("accounts:verify", args=[organisation.slug])
    client.force_login(world["member"])  # a plain member may not
    assert client.post(url).status_code == 403
    client.force_login(admin)
    assert "ai vérifié : tout est à jour" in client.get(reverse("accounts:dashboard")).text
    assert client.post(url).status_code == 302
    organisation.refresh_from_db()
    world["service"].refresh_from_db()
    assert organisation.verified_by == admin and world["service"].verified_by == admin
    assert organisation.freshness_stage == FreshnessStage.FRESH


def test_the_admin_edit_page_offers_the_verification_to_admins_and_the_territory_s_moderators(
    client, world
):
    organisation = world["organisation"]
    url = reverse("directory_verify_organisation", args=[organisation.pk])
    client.force_login(world["other_moderator"])  # another territory
    assert client.post(url).status_code == 404
    client.force_login(world["admin"])
    edit = client.get(reverse("directory_organisation:edit", args=[organisation.pk]))
    assert url in edit.text
    assert "Visites" in client.get(url).text  # what will be confirmed
    organisation.refresh_from_db()
    assert organisation.verified_at == LONG_AGO  # a GET confirms nothing
    client.force_login(world["moderator"])
    assert client.post(url).status_code == 302
    organisation.refresh_from_db()
    assert organisation.verified_by == world["moderator"]
    assert organisation.verified_on == timezone.localdate()


# --- The ladder -----------------------------------------------------------------------------------
def day_of(organisation, after_due: int) -> date:
    return update_due_date(organisation.verified_on, "yearly") + timedelta(days=after_due)


def stages(*entries):
    return [type(e).objects.get(pk=e.pk).freshness_stage for e in entries]


def test_each_ladder_step_comes_at_its_date_and_is_announced_once(
    world, django_capture_on_commit_callbacks
):
    organisation, service = world["organisation"], world["service"]
    admin, moderator = world["admin"], world["moderator"]

    def run(day):
        with django_capture_on_commit_callbacks(execute=False):
            freshness.run_ladder(day)
            freshness.run_ladder(day)  # twice the same day: nothing more

    run(day_of(organisation, -1))
    assert stages(organisation, service) == [FreshnessStage.FRESH] * 2
    assert not Delivery.objects.exists()

    run(day_of(organisation, 1))  # due: the reminder, with the one-click link
    assert stages(organisation, service) == [FreshnessStage.REMINDED] * 2
    (reminder,) = Delivery.objects.filter(channel=Channel.EMAIL, kind="update_reminder")
    assert reminder.email == admin.email

    run(day_of(organisation, 30))  # one day short of the « à vérifier » step
    assert stages(organisation, service) == [FreshnessStage.REMINDED] * 2
    run(day_of(organisation, 31))
    assert stages(organisation, service) == [FreshnessStage.TO_CHECK] * 2
    run(day_of(organisation, 61))
    assert stages(organisation, service) == [FreshnessStage.HIDDEN] * 2
    run(day_of(organisation, 91))
    assert stages(organisation, service) == [FreshnessStage.UNPUBLISHED] * 2
    organisation.refresh_from_db()
    service.refresh_from_db()
    assert organisation.status == service.status == Status.ARCHIVED
    archived = ModelLogEntry.objects.for_instance(service).get(action=moderation.ARCHIVE)
    assert archived.user is None and "dépubliée" in archived.data["reason"]

    # One log row per step, each announced once to the admin and the territory's moderator
    # (not the other territory's), by email and in the inbox.
    steps = ModelLogEntry.objects.filter(action=FRESHNESS_STAGE).order_by("pk")
    assert [row.data["stage"] for row in steps] == [2, 3, 4]
    emails = Delivery.objects.filter(channel=Channel.EMAIL, kind="freshness_stage")
    assert sorted(emails.values_list("email", "object_id")) == sorted(
        (email, row.pk) for row in steps for email in (admin.email, moderator.email)
    )
    assert Delivery.objects.filter(channel=Channel.INBOX, kind="freshness_stage").count() == 6
    assert deliver_many([d.pk for d in emails])["sent"] == 6
    subjects = {str(make_header(decode_header(m.subject))) for m in mail.outbox}
    assert any("À vérifier" in s for s in subjects) and any("Dépubliée" in s for s in subjects)

    # Nothing more afterwards.
    run(day_of(organisation, 200))
    assert ModelLogEntry.objects.filter(action=FRESHNESS_STAGE).count() == 3


def test_a_long_overdue_entry_still_gets_every_warning_before_being_unpublished(
    world, django_capture_on_commit_callbacks
):
    organisation = world["organisation"]
    today = day_of(organisation, 300)
    with django_capture_on_commit_callbacks(execute=False):
        freshness.run_ladder(today)
        assert stages(organisation) == [FreshnessStage.REMINDED]
        freshness.run_ladder(today + timedelta(days=29))
        assert stages(organisation) == [FreshnessStage.REMINDED]
        freshness.run_ladder(today + timedelta(days=30))
        assert stages(organisation) == [FreshnessStage.TO_CHECK]
        freshness.run_ladder(today + timedelta(days=59))
        assert stages(organisation) == [FreshnessStage.TO_CHECK]
        freshness.run_ladder(today + timedelta(days=60))
        assert stages(organisation) == [FreshnessStage.HIDDEN]


def test_a_verification_resets_the_stage_and_the_badge(client, world):
    organisation, service = world["organisation"], world["service"]
    for model, entry in ((Organisation, organisation), (Service, service)):
        model.objects.filter(pk=entry.pk).update(freshness_stage=FreshnessStage.TO_CHECK)
    page = client.get(organisation.get_absolute_url())
    assert "À vérifier : informations vérifiées le" in page.text
    client.post(link_of(organisation))
    assert stages(organisation, service) == [FreshnessStage.FRESH] * 2
    assert "À vérifier" not in client.get(organisation.get_absolute_url()).text
    assert "À vérifier" not in client.get(service.get_absolute_url()).text


def test_a_moderator_publishing_an_entry_verifies_it(world, django_capture_on_commit_callbacks):
    service = world["service"]
    Service.objects.filter(pk=service.pk).update(
        status=Status.SUBMITTED, freshness_stage=FreshnessStage.HIDDEN
    )
    service.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False):
        moderation.publish(service, world["moderator"])
    service.refresh_from_db()
    assert service.verified_on == timezone.localdate()
    assert service.verified_by == world["moderator"]
    assert service.freshness_stage == FreshnessStage.FRESH


# --- Left out of « Qui appeler ? » and posters ---------------------------------------------
def test_services_left_out_by_the_ladder_are_absent_from_orientation_answers(montreuil):
    thematique = THEMATIQUE_CHOICES[0][0]
    situation = SituationFactory(thematiques=[thematique])
    organisation = OrganisationFactory(commune=montreuil, postcode="93100")
    for name in ("Gardée", "Cachée"):
        ServiceFactory(organisation=organisation, name=name, thematiques=[thematique])
    place = selection.place_for(montreuil)
    now = timezone.now()

    def names(results):
        return {r.service.name for rows in results.values() for r in rows}

    candidates.forget()
    assert names(selection.orient([situation], montreuil, place, now=now)) == {"Gardée", "Cachée"}
    assert names(candidates.orient([situation], montreuil, place, now=now)) == {"Gardée", "Cachée"}
    Service.objects.filter(name="Cachée").update(freshness_stage=FreshnessStage.HIDDEN)
    candidates.forget()
    assert names(selection.orient([situation], montreuil, place, now=now)) == {"Gardée"}
    assert names(candidates.orient([situation], montreuil, place, now=now)) == {"Gardée"}
    # The organisation left out: none of its services.
    Organisation.objects.filter(pk=organisation.pk).update(freshness_stage=FreshnessStage.HIDDEN)
    candidates.forget()
    assert names(candidates.orient([situation], montreuil, place, now=now)) == set()


def test_a_stale_service_is_not_printed_on_posters(montreuil):
    organisation = OrganisationFactory(commune=montreuil, postcode="93100")
    service = ServiceFactory(organisation=organisation, categories=[Category.PERTE_AUTONOMIE.value])
    assert nearest_services(Category.PERTE_AUTONOMIE.value, montreuil, 3) == [service]
    Organisation.objects.filter(pk=organisation.pk).update(freshness_stage=FreshnessStage.HIDDEN)
    assert nearest_services(Category.PERTE_AUTONOMIE.value, montreuil, 3) == []


# --- End to end: the reminder's link through the real worker and SMTP -----------------------------
@pytest.mark.django_db(transaction=True)
@pytest.mark.celery
def test_the_reminder_email_carries_a_link_that_verifies_in_one_click(
    client, celery_worker, smtp, bobigny
):
    organisation = OrganisationFactory(
        name="Voisins Solidaires", commune=bobigny, verified_at=LONG_AGO, update_frequency="yearly"
    )
    admin = MembershipFactory(organisation=organisation, role="admin").user
    assert notifications.send_update_reminders() == 1
    (message,) = smtp.wait_for(1)
    body = next(
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() == "text/plain"
    )
    assert message["X-Envelope-To"] == admin.email
    url = re.search(r"https?://\S+/annuaire/verifier/\S+/", body).group(0)
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert "/admin/annuaire/organisations/edit/" in body  # and a link to edit
    assert client.post("/" + path).status_code == 200
    organisation.refresh_from_db()
    assert organisation.verified_on == timezone.localdate()
    assert "déjà servi" in client.post("/" + path).text
    # The reminder is not sent twice.
    assert notifications.send_update_reminders() == 0
    assert len(smtp.wait_for(2, timeout=3)) == 1


# --- The moderators' freshness page ---------------------------------------------------------------
def test_moderators_see_their_territory_s_sheets_oldest_verification_first(
    client, world, django_assert_max_num_queries
):
    organisation = world["organisation"]
    Organisation.objects.filter(pk=organisation.pk).update(
        freshness_stage=FreshnessStage.TO_CHECK, source="dora", source_id="d-1"
    )
    recent = ServiceFactory(organisation=organisation, name="Récente")
    elsewhere = OrganisationFactory(
        name="Hors territoire", commune=None, verified_at=LONG_AGO - timedelta(days=9)
    )
    url = reverse("directory_freshness")

    client.force_login(world["admin"])  # not a moderator
    assert client.get(url).status_code in {302, 403}

    client.force_login(world["moderator"])
    client.get(url)  # the admin shell's own first-visit queries (menus, session) out of the way
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    names = [row["name"] for row in page.context["rows"]]
    assert names[-1] == "Récente" and set(names[:2]) == {"Voisins Solidaires", "Visites"}
    assert elsewhere.name not in names  # no département: site admins only
    counts = {c["value"]: c["count"] for c in page.context["stage_counts"]}
    assert counts[FreshnessStage.TO_CHECK] == 1 and counts[FreshnessStage.FRESH] == 2
    assert reverse("directory_service:edit", args=[recent.pk]) in page.text

    # More rows, same number of queries (no N+1).
    for n in range(5):
        ServiceFactory(organisation=organisation, name=f"Autre {n}")
    with django_assert_max_num_queries(len(queries)):
        assert len(client.get(url).context["rows"]) == 8

    # Filters: rung, kind, source, commune.
    only = client.get(url, {"etape": FreshnessStage.TO_CHECK}).context["rows"]
    assert [row["name"] for row in only] == ["Voisins Solidaires"]
    services = client.get(url, {"type": "service"}).context["rows"]
    assert {row["kind_label"] for row in services} == {"Service"} and len(services) == 7
    assert len(client.get(url, {"source": "dora"}).context["rows"]) == 1
    assert client.get(url, {"commune": "montreuil"}).context["rows"] == []

    # Another territory's moderator sees none of it.
    client.force_login(world["other_moderator"])
    assert client.get(url).context["rows"] == []


def test_the_freshness_page_goes_through_every_sheet_page_by_page_oldest_first(client, world):
    organisation = world["organisation"]
    for n in range(PAGE_SIZE + 5):
        ServiceFactory(
            organisation=organisation, name=f"Service {n:02d}", verified_at=LONG_AGO + timedelta(n)
        )
    client.force_login(world["moderator"])
    url = reverse("directory_freshness")

    first = client.get(url, {"type": "service"})
    second = client.get(url, {"type": "service", "page": 2})

    names = [row["name"] for row in first.context["rows"] + second.context["rows"]]
    assert len(names) == len(set(names)) == PAGE_SIZE + 5 + 1  # and the demo world's service
    dates = [row["verified_at"] for row in first.context["rows"] + second.context["rows"]]
    assert dates == sorted(dates)
    assert "type=service&amp;page=2" in first.text and "Page 1 sur 2" in first.text


# --- Imports: the source's own date ---------------------------------------------------------------
def test_an_import_takes_the_source_s_date_and_never_moves_a_local_verification_back(db):
    load_communes()
    finess_run()
    ssiad = Organisation.objects.get(source_id="930000011")
    assert ssiad.verified_on == date(2024, 5, 2) and ssiad.verified_by is None
    assert ssiad.date_maj == date(2024, 5, 2)  # what the API and the export publish

    admin = MembershipFactory(organisation=ssiad, role="admin").user
    freshness.verify_organisation(ssiad, user=admin)
    ssiad.refresh_from_db()
    verified = ssiad.verified_at
    finess_run()  # the same file again: its older date does not undo the verification
    ssiad.refresh_from_db()
    assert ssiad.verified_at == verified and ssiad.verified_by == admin
