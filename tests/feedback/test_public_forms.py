"""A visitor, without an account, reports an error on an organisation or service sheet or
suggests a missing service; robots (honeypot) and floods (rate limit per client address) are
turned away."""

import pytest
from django.test import override_settings
from django.urls import reverse

from feedback.models import REPORT_RECEIVED, SUGGESTION_RECEIVED, Report, ReportKind, ReportStatus
from notifications.models import Delivery
from tests.accounts.factories import clear_test_cache
from tests.directory.factories import OrganisationFactory, ServiceFactory

from .factories import admin_of, moderator_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    clear_test_cache()
    yield
    clear_test_cache()


def form_data(**overrides):
    return {
        "subject": "hours",
        "message": "Fermé le mercredi après-midi depuis septembre.",
        "reporter_email": "",
        "site_web": "",
        **overrides,
    }


def test_the_sheets_and_the_directory_link_to_the_forms(client, montreuil):
    organisation = OrganisationFactory(name="CCAS de Montreuil", commune=montreuil)
    service = ServiceFactory(organisation=organisation, name="Portage de repas")

    page = client.get(organisation.get_absolute_url()).content.decode()
    assert reverse("feedback:report_organisation", args=[organisation.slug]) in page
    assert "Signaler une erreur" in page
    page = client.get(service.get_absolute_url()).content.decode()
    assert reverse("feedback:report_service", args=[service.slug]) in page
    page = client.get(reverse("directory:home")).content.decode()
    # Under the introduction, not after some forty links to tab through on a phone.
    assert page.index(reverse("feedback:suggest")) < page.index('id="titre-categories"')


def test_a_visitor_reports_an_error_on_an_organisation_sheet_and_its_admin_is_told(
    client, montreuil
):
    organisation = OrganisationFactory(name="CCAS de Montreuil", commune=montreuil)
    admin = admin_of(organisation)
    url = reverse("feedback:report_organisation", args=[organisation.slug])

    page = client.get(url).content.decode()
    assert "N'écrivez rien sur une personne" in page
    response = client.post(url, form_data(reporter_email="habitante@exemple.fr"))

    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:thanks")
    report = Report.objects.get()
    assert report.kind == ReportKind.CORRECTION
    assert (report.organisation, report.service, report.subject) == (organisation, None, "hours")
    assert report.reporter_email == "habitante@exemple.fr"
    assert (report.departement, report.status) == ("93", ReportStatus.NEW)
    assert set(Delivery.objects.values_list("kind", "recipient")) == {(REPORT_RECEIVED, admin.pk)}
    assert client.get(response["Location"]).status_code == 200


def test_a_visitor_reports_an_error_on_a_service_sheet(client, montreuil):
    organisation = OrganisationFactory(name="Voisins Solidaires", commune=montreuil)
    service = ServiceFactory(organisation=organisation, name="Visites de convivialité")
    admin_of(organisation)

    response = client.post(
        reverse("feedback:report_service", args=[service.slug]), form_data(subject="gone")
    )

    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.organisation, report.service, report.subject) == (organisation, service, "gone")
    assert report.reporter_email == ""


def test_a_report_without_text_is_refused_in_french_and_keeps_what_was_typed(client, montreuil):
    organisation = OrganisationFactory(commune=montreuil)
    url = reverse("feedback:report_organisation", args=[organisation.slug])

    response = client.post(url, form_data(reporter_email="pas-une-adresse"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Cette adresse e-mail n&#x27;est pas valide." in page
    assert 'value="pas-une-adresse"' in page
    assert "Fermé le mercredi après-midi depuis septembre." in page
    assert 'value="hours" required id="id_subject_2" checked' in page
    empty = client.post(url, form_data(message=""))
    assert "Décrivez l&#x27;erreur en quelques mots." in empty.content.decode()
    too_long = client.post(url, form_data(message="x" * 2001))
    assert "trop long" in too_long.content.decode()
    assert not Report.objects.exists()


def test_a_robot_filling_the_honeypot_sends_nothing(client, montreuil):
    organisation = OrganisationFactory(commune=montreuil)
    admin_of(organisation)

    response = client.post(
        reverse("feedback:report_organisation", args=[organisation.slug]),
        form_data(site_web="http://spam.example"),
    )

    assert response.status_code == 200
    assert "Ce formulaire n&#x27;a pas pu être envoyé." in response.content.decode()
    assert not Report.objects.exists()
    assert not Delivery.objects.exists()


@override_settings(TRUSTED_PROXIES=[])
def test_the_rate_limit_blocks_the_next_report_and_a_forged_forwarded_for_does_not_bypass_it(
    client, montreuil, settings
):
    organisation = OrganisationFactory(commune=montreuil)
    url = reverse("feedback:report_organisation", args=[organisation.slug])
    limit = int(settings.FEEDBACK_RATE.partition("/")[0])

    for n in range(limit):
        response = client.post(url, form_data(), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        assert response.status_code == 302
    response = client.post(url, form_data(), HTTP_X_FORWARDED_FOR="198.51.100.77")

    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert Report.objects.count() == limit
    # Suggestions share the same counter.
    assert client.post(reverse("feedback:suggest"), {}).status_code == 429


def test_a_suggestion_reaches_the_moderators_of_its_communes_departement(client, montreuil):
    moderator = moderator_of("93")
    elsewhere = moderator_of("94")

    response = client.post(
        reverse("feedback:suggest"),
        {
            "name": "Café des aidants",
            "organisation_name": "Association Répit 93",
            "commune": montreuil.pk,
            "message": "Rencontres mensuelles pour les proches aidants.",
            "contact": "01 48 00 00 01, www.repit93.example",
            "reporter_email": "",
            "site_web": "",
        },
    )

    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.kind, report.commune, report.departement) == (
        ReportKind.SUGGESTION,
        montreuil,
        "93",
    )
    recipients = set(
        Delivery.objects.filter(kind=SUGGESTION_RECEIVED).values_list("recipient", flat=True)
    )
    assert recipients == {moderator.pk}
    assert elsewhere.pk not in recipients


def test_a_suggestion_needs_a_commune_of_the_list(client):
    response = client.post(
        reverse("feedback:suggest"),
        {
            "name": "Café des aidants",
            "organisation_name": "Répit 93",
            "commune": "999999",
            "message": "Rencontres mensuelles.",
            "contact": "01 48 00 00 01",
        },
    )
    assert response.status_code == 200
    assert "Choisissez une commune de la liste." in response.content.decode()
    assert not Report.objects.exists()
