"""Who may apply to a call: the pure rule, without a database."""

from funding.eligibility import Criteria, Profile, is_eligible

ESS_MONTREUIL = Profile(
    kind="ess", themes=frozenset({"lien-social"}), commune_code="93048", departement="93"
)


def test_a_call_without_criteria_is_open_to_every_organisation_of_its_departement():
    assert is_eligible(Criteria(departement="93"), ESS_MONTREUIL)
    assert not is_eligible(Criteria(departement="94"), ESS_MONTREUIL), (
        "an organisation of another département"
    )


def test_the_organisation_kind_must_be_among_those_listed():
    assert is_eligible(Criteria(kinds=frozenset({"ess", "landlord"})), ESS_MONTREUIL)
    assert not is_eligible(Criteria(kinds=frozenset({"medico_social"})), ESS_MONTREUIL)


def test_one_shared_theme_is_enough_and_an_organisation_without_services_has_none():
    assert is_eligible(Criteria(themes=frozenset({"lien-social", "numerique"})), ESS_MONTREUIL)
    assert not is_eligible(Criteria(themes=frozenset({"numerique"})), ESS_MONTREUIL)
    no_services = Profile("ess", frozenset(), "93048", "93")
    assert not is_eligible(Criteria(themes=frozenset({"lien-social"})), no_services)


def test_a_call_listing_communes_excludes_the_rest_of_the_departement():
    criteria = Criteria(departement="93", communes=frozenset({"93048", "93006"}))
    assert is_eligible(criteria, ESS_MONTREUIL)
    saint_denis = Profile("ess", frozenset({"lien-social"}), "93066", "93")
    assert not is_eligible(criteria, saint_denis)
    no_commune = Profile("ess", frozenset({"lien-social"}), None, None)
    assert not is_eligible(criteria, no_commune)
