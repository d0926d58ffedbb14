"""Orientation end to end through the real view: every default situation, zones, at-home
first, emergency numbers first, professional-only contacts, query counts."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Site

from directory.models import Membership, MembershipRole, OrganisationKind
from directory.vocabularies import AT_HOME, Status
from home.models import NATIONAL_EMERGENCY_NUMBERS, EmergencyNumber, SiteSettings
from orientation import defaults, ranking
from orientation.models import Situation
from tests.directory.factories import CommuneFactory, OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

URL = reverse("orientation:index")


def service_for(situation, commune, name, *, zone=None, **kwargs):
    """A published service matching `situation` by its first primary answer and thematique."""
    organisation = OrganisationFactory(
        name=f"Structure {name}", typology=situation.primary_typologies[0], commune=commune
    )
    return ServiceFactory(
        organisation=organisation,
        name=name,
        thematiques=situation.thematiques[:1],
        categories=[],
        publics=["tous-publics"],
        eligibility_zone=zone if zone is not None else [],
        **kwargs,
    )


def result_names(response):
    return [result.service.name for result in response.context["results"]]


def test_vocabulary_constants_match_the_directory():
    from data_inclusion.schema import v1

    assert ranking.AT_HOME == AT_HOME
    assert v1.Public.SENIORS.value == ranking.SENIORS
    assert v1.Public.TOUS_PUBLICS.value == ranking.ALL_PUBLICS


def test_default_situations_use_national_vocabularies():
    from data_inclusion.schema import v1

    from directory.vocabularies import Typology

    thematiques = {t.value for t in v1.Thematique}
    publics = {p.value for p in v1.Public}
    assert Situation.objects.count() == len(defaults.SITUATIONS) == 21
    for situation in Situation.objects.all():
        assert set(situation.thematiques) <= thematiques, situation.slug
        assert set(situation.publics) <= publics, situation.slug
        assert set(situation.typologies) <= set(Typology.values), situation.slug
        assert set(situation.primary_typologies) <= set(Typology.values), situation.slug
        assert situation.question_list


@pytest.mark.parametrize(
    "slug", [s["slug"] for s in defaults.SITUATIONS if s["slug"] != "danger-immediat"]
)
def test_each_situation_proposes_a_relevant_service_and_respects_zones(
    client, slug, montreuil, bobigny
):
    situation = Situation.objects.get(slug=slug)
    service_for(situation, montreuil, "Service qui couvre", zone=[montreuil.insee_code])
    service_for(situation, bobigny, "Service du département", zone=[])
    service_for(situation, bobigny, "Service réservé à Bobigny", zone=[bobigny.insee_code])
    elsewhere = CommuneFactory(insee_code="75056", name="Paris", latitude=48.85, longitude=2.35)
    service_for(situation, elsewhere, "Service parisien")  # default zone: its département

    response = client.get(URL, {"situation": slug, "commune": "Montreuil"})

    assert response.status_code == 200
    names = result_names(response)
    assert "Service qui couvre" in names
    assert "Service du département" in names
    assert "Service réservé à Bobigny" not in names
    assert "Service parisien" not in names
    first = response.context["results"][0]
    assert first.reasons, "each result says why it is proposed"


def test_results_explain_why_in_french(client, montreuil):
    situation = Situation.objects.get(slug="souffrance-psychique")
    organisation = OrganisationFactory(
        name="CMP adulte", typology="CMP", commune=montreuil, latitude=48.8611, longitude=2.46
    )
    ServiceFactory(
        organisation=organisation,
        name="Consultations CMP",
        thematiques=situation.thematiques,
        categories=[],
        eligibility_zone=[montreuil.insee_code],
        opening_hours="Mo-Su 00:00-24:00",
    )
    content = client.get(URL, {"situation": situation.slug, "commune": "93100"}).content.decode()
    for why in (
        "centre médico-psychologique de secteur",
        "répond à : santé mentale",
        "couvre Montreuil",
        "à 1,2 km",
        "ouvert maintenant",
    ):
        assert why in content


def test_at_home_services_rank_first_among_equally_relevant_ones(client, montreuil):
    situation = Situation.objects.get(slug="perte-autonomie")
    clic = OrganisationFactory(
        name="CLIC de Montreuil",
        typology="CLIC",
        commune=montreuil,
        latitude=48.8611,
        longitude=2.4437,
    )
    ServiceFactory(
        organisation=clic,
        name="Accueil du CLIC",
        thematiques=situation.thematiques,
        categories=[],
        eligibility_zone=[montreuil.insee_code],
        reception_modes=["en-presentiel"],
        opening_hours="Mo-Su 00:00-24:00",
    )
    saad = OrganisationFactory(
        name="Aide à domicile Est",
        typology="SAAD",
        commune=montreuil,
        latitude=48.90,
        longitude=2.50,
    )
    ServiceFactory(
        organisation=saad,
        name="Aide à domicile",
        thematiques=situation.thematiques[:1],
        categories=[],
        reception_modes=[AT_HOME],
    )
    response = client.get(URL, {"situation": situation.slug, "commune": "Montreuil"})
    assert result_names(response) == ["Aide à domicile", "Accueil du CLIC"]
    assert "intervient à domicile" in response.content.decode()


@pytest.fixture
def site_with_emergency_numbers(db):
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    for order, (number, label) in enumerate([("15", "SAMU"), ("17", "Police"), ("3919", "VFI")]):
        EmergencyNumber.objects.create(
            settings=settings, number=number, label=label, sort_order=order
        )
    return settings


@pytest.mark.parametrize("slug", ["danger-immediat", "violences-conjugales"])
def test_emergency_numbers_come_first_for_danger(
    client, slug, montreuil, site_with_emergency_numbers
):
    situation = Situation.objects.get(slug="violences-conjugales")
    service_for(situation, montreuil, "Service local")
    content = client.get(URL, {"situation": slug, "commune": "Montreuil"}).content.decode()
    main = content[content.index('<main id="contenu"') :]
    emergency = main.index('class="emergency orientation-emergency"')
    if slug == "danger-immediat":
        # Emergency numbers only: no service list, even where services exist.
        assert "Service local" not in main
        assert "Aucun service ne les remplace" in main
    else:
        assert emergency < main.index("Service local")
    assert emergency < main.index('id="resultats-titre"')
    for number in ("15", "17", "3919"):
        assert f'href="tel:{number}"' in main[emergency : main.index('id="resultats-titre"')]


def test_emergency_numbers_fall_back_to_national_list_without_settings(client, montreuil):
    content = client.get(URL, {"situation": "danger-immediat", "commune": "Montreuil"})
    assert 'href="tel:112"' in content.content.decode()


def test_no_emergency_box_for_other_situations(client, montreuil, site_with_emergency_numbers):
    content = client.get(URL, {"situation": "isolement", "commune": "Montreuil"}).content.decode()
    assert "orientation-emergency" not in content


def test_danger_flag_is_data(client, montreuil, site_with_emergency_numbers):
    Situation.objects.filter(slug="isolement").update(is_danger=True)
    content = client.get(URL, {"situation": "isolement", "commune": "Montreuil"}).content.decode()
    assert "orientation-emergency" in content


def test_professional_only_contacts(client, django_user_model, montreuil):
    situation = Situation.objects.get(slug="isolement")
    service_for(
        situation,
        montreuil,
        "Ligne des pros",
        contact_is_professional_only=True,
        phone="+33149000001",
    )
    params = {"situation": "isolement", "commune": "Montreuil"}
    anonymous = client.get(URL, params).content.decode()
    assert "01 49 00 00 01" not in anonymous
    assert "Réservé aux professionnels" in anonymous

    pro = django_user_model.objects.create_user("pro@example.org", "x")
    Membership.objects.create(
        user=pro,
        organisation=OrganisationFactory(kind=OrganisationKind.ESS),
        role=MembershipRole.MEMBER,
    )
    client.force_login(pro)
    content = client.get(URL, params).content.decode()
    assert 'href="tel:+33149000001"' in content
    assert "01 49 00 00 01" in content


def test_drafts_and_unpublished_organisations_are_not_proposed(client, montreuil):
    situation = Situation.objects.get(slug="isolement")
    service_for(situation, montreuil, "Brouillon", status=Status.DRAFT)
    hidden_org = OrganisationFactory(typology="CCAS", commune=montreuil, status=Status.DRAFT)
    ServiceFactory(organisation=hidden_org, name="Org non publiée", thematiques=[], categories=[])
    response = client.get(URL, {"situation": "isolement", "commune": "Montreuil"})
    assert result_names(response) == []
    assert "Aucun service publié" in response.content.decode()


def test_commune_input_errors_are_clear(client, montreuil, settings):
    response = client.get(URL, {"situation": "isolement", "commune": "Atlantide"})
    assert response.status_code == 200
    assert "Aucune commune ne correspond à « Atlantide »." in response.content.decode()
    CommuneFactory(insee_code="77305", name="Montreuil", slug="montreuil-77")
    # The homonym of a département the portal does not serve is left aside…
    response = client.get(URL, {"situation": "isolement", "commune": "montreuil"})
    assert response.context["commune"] == montreuil
    # …two homonyms of the served territory are both proposed.
    settings.MAILLAGE_DEPARTEMENTS = ["93", "77"]
    response = client.get(URL, {"situation": "isolement", "commune": "montreuil"})
    assert "Plusieurs communes correspondent" in response.content.decode()
    response = client.get(URL, {"situation": "isolement", "commune": "93048"})
    assert response.context["commune"] == montreuil
    response = client.get(URL, {"situation": "n-existe-pas", "commune": "93048"})
    assert response.status_code == 200
    assert response.context["form"].errors["situation"]
    response = client.get(URL, {"situation": "isolement"})
    assert "Indiquez une commune." in response.content.decode()


def test_empty_form_lists_situations(client):
    response = client.get(URL)
    content = response.content.decode()
    assert response.status_code == 200
    for situation in defaults.SITUATIONS:
        assert situation["label"].replace("'", "&#x27;") in content


def test_query_count(client, montreuil, django_assert_max_num_queries):
    situation = Situation.objects.get(slug="isolement")
    for index in range(15):
        service_for(situation, montreuil, f"Service {index}")
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"situation": "isolement", "commune": "Montreuil"})
    assert len(response.context["results"]) == 12


def test_call_sheet_has_contact_hours_questions_and_no_person_field(client, montreuil):
    situation = Situation.objects.get(slug="isolement")
    service = service_for(situation, montreuil, "Visites de convivialité", phone="+33149000002")
    response = client.get(
        reverse("orientation:call_sheet", args=[service.slug]), {"situation": "isolement"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'href="tel:+33149000002"' in content
    assert "du lundi au vendredi de 9 h à 12 h et de 14 h à 17 h, fermé les jours fériés" in content
    for question in situation.question_list:
        assert question.replace("'", "&#x27;") in content
    main = content.split('<main id="contenu"')[1].split("</main>")[0]
    assert "<textarea" not in main
    assert all('type="hidden"' in tag for tag in re.findall(r"<input[^>]*>", main))


def test_call_sheet_of_an_unpublished_service_is_404(client, montreuil):
    situation = Situation.objects.get(slug="isolement")
    service = service_for(situation, montreuil, "Brouillon", status=Status.DRAFT)
    assert client.get(reverse("orientation:call_sheet", args=[service.slug])).status_code == 404


def test_orientation_box_and_footer_show_the_numbers_stored_once(
    client, montreuil, site_with_emergency_numbers
):
    def numbers_shown():
        content = client.get(URL, {"situation": "danger-immediat", "commune": "Montreuil"})
        page = content.content.decode()
        box = page[page.index('class="emergency orientation-emergency"') : page.index("</section>")]
        footer = page[page.index('<footer id="pied-de-page"') :]
        return re.findall(r'href="tel:([^"]+)"', box), re.findall(r'href="tel:([^"]+)"', footer)

    assert numbers_shown() == (["15", "17", "3919"], ["15", "17", "3919"])
    changed = EmergencyNumber.objects.get(number="3919")
    changed.number, changed.label = "3114", "Prévention du suicide"
    changed.save()
    assert numbers_shown() == (["15", "17", "3114"], ["15", "17", "3114"])


def test_without_stored_numbers_a_danger_shows_the_national_list_of_the_store_module(
    client, montreuil
):
    page = client.get(URL, {"situation": "danger-immediat", "commune": "Montreuil"})
    box = page.content.decode().split('class="emergency orientation-emergency"')[1]
    shown = re.findall(r'href="tel:([^"]+)"', box.split("</section>")[0])
    assert shown == [number for number, _label, _text in NATIONAL_EMERGENCY_NUMBERS]
