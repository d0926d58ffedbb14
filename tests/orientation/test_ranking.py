"""The ranking rules, without Django or a database."""

import itertools
import math

from hypothesis import given
from hypothesis import strategies as st

from orientation.ranking import (
    AT_HOME,
    BROAD_TYPOLOGIES,
    CAPACITY_FULL,
    CAPACITY_WAITING,
    AgeGroup,
    Candidate,
    Need,
    Place,
    Reason,
    ReasonKind,
    Tier,
    distance_km,
    is_eligible,
    rank,
    tier,
)

MENTAL_HEALTH = "sante--sante-mentale"
DEPENDANCE = "famille--prise-en-charge-personne-dependante"
IMPAYES = "logement-hebergement--reduire-les-impayes-de-loyer"
BUDGET = "difficultes-financieres--ameliorer-sa-gestion-budgetaire"
MONTREUIL = Place("Montreuil", 48.8611, 2.4437)


def candidate(key, **kwargs):
    kwargs.setdefault("name", f"Service {key}")
    return Candidate(key=key, **kwargs)


def test_distance_between_montreuil_and_bobigny_is_about_5_km():
    assert math.isclose(distance_km(48.8611, 2.4437, 48.9077, 2.4397), 5.19, abs_tol=0.05)


def test_service_outside_its_eligibility_zone_is_never_proposed():
    need = Need(thematiques=frozenset({MENTAL_HEALTH}))
    excluded = candidate(1, thematiques=frozenset({MENTAL_HEALTH}), covers_place=False)
    covered = candidate(2, thematiques=frozenset({MENTAL_HEALTH}), covers_place=True)
    assert [r.candidate.key for r in rank(need, MONTREUIL, [excluded, covered])] == [2]


def test_service_must_match_by_thematique_or_typology():
    need = Need(thematiques=frozenset({MENTAL_HEALTH}), typologies=frozenset({"CMP"}))
    by_typology = candidate(1, typology="CMP")
    by_thematique = candidate(2, thematiques=frozenset({MENTAL_HEALTH}))
    unrelated = candidate(3, typology="SAAD", thematiques=frozenset({DEPENDANCE}))
    keys = {r.candidate.key for r in rank(need, MONTREUIL, [by_typology, by_thematique, unrelated])}
    assert keys == {1, 2}


def test_seniors_only_service_is_not_proposed_under_60():
    service = candidate(1, typology="CLIC", publics=frozenset({"seniors"}))
    need = Need(typologies=frozenset({"CLIC"}), age_group=AgeGroup.UNDER_60)
    assert not is_eligible(need, service)
    assert is_eligible(Need(typologies=frozenset({"CLIC"})), service)


def test_seniors_services_gain_for_older_people():
    need_75 = Need(primary_typologies=("CMP",), age_group=AgeGroup.FROM_75)
    general = candidate(1, typology="CMP", publics=frozenset({"tous-publics"}))
    seniors = candidate(2, typology="CMP", publics=frozenset({"seniors"}))
    ranked = rank(need_75, Place("Montreuil"), [general, seniors])
    assert [r.candidate.key for r in ranked] == [2, 1]
    assert Reason(ReasonKind.PUBLIC, "seniors") in ranked[0].reasons


def test_at_home_services_come_first_among_equally_relevant_ones():
    need = Need(
        thematiques=frozenset({DEPENDANCE}),
        primary_typologies=("CLIC", "SAAD"),
        prefers_at_home=True,
    )
    # The CLIC is closer, open, covers the place and matches kind AND thematique…
    clic = candidate(
        1,
        typology="CLIC",
        thematiques=frozenset({DEPENDANCE}),
        covers_place=True,
        latitude=48.8612,
        longitude=2.4438,
        open_now=True,
    )
    # …but the home help service, as relevant, comes to the person.
    saad = candidate(
        2, typology="SAAD", thematiques=frozenset({DEPENDANCE}), modes_accueil=frozenset({AT_HOME})
    )
    ranked = rank(need, MONTREUIL, [clic, saad])
    assert [r.candidate.key for r in ranked] == [2, 1]
    assert ranked[0].at_home_first
    assert Reason(ReasonKind.AT_HOME) in ranked[0].reasons
    # Without the preference the CLIC wins on score.
    plain = Need(thematiques=need.thematiques, primary_typologies=need.primary_typologies)
    assert [r.candidate.key for r in rank(plain, MONTREUIL, [clic, saad])] == [1, 2]


def test_coming_to_the_home_never_lifts_a_less_relevant_service():
    """Incurie in Bobigny: the CMP, far and closed, comes before the home-help company next
    door that comes to the home."""
    need = Need(
        thematiques=frozenset({MENTAL_HEALTH}),
        primary_typologies=("CMP", "EMPP", "CCAS"),
        typologies=frozenset({"SAAD"}),
        prefers_at_home=True,
    )
    cmp_ = candidate(1, typology="CMP", latitude=48.95, longitude=2.50, open_now=False)
    saad = candidate(
        2,
        typology="SAAD",
        thematiques=frozenset({DEPENDANCE}),
        modes_accueil=frozenset({AT_HOME}),
        covers_place=True,
        latitude=48.8612,
        longitude=2.4438,
        open_now=True,
    )
    assert [r.candidate.key for r in rank(need, MONTREUIL, [saad, cmp_])] == [1, 2]


def test_a_broad_kind_answers_only_through_what_its_service_does():
    """The CCAS "Accueil et aides sociales" answers rent arrears; its meal delivery does not."""
    need = Need(thematiques=frozenset({IMPAYES, BUDGET}), primary_typologies=("CCAS", "PCB"))
    welcome = candidate(1, typology="CCAS", thematiques=frozenset({BUDGET}))
    meals = candidate(
        2, typology="CCAS", thematiques=frozenset({DEPENDANCE}), modes_accueil=frozenset({AT_HOME})
    )
    budget_point = candidate(3, typology="PCB")  # specialised: answers on its own
    assert tier(need, welcome) == Tier.PRIMARY_AND_THEMATIQUE
    assert tier(need, meals) == Tier.NONE
    assert tier(need, budget_point) == Tier.PRIMARY
    assert [r.candidate.key for r in rank(need, MONTREUIL, [meals, budget_point, welcome])] == [
        1,
        3,
    ]


def test_relevance_tiers():
    need = Need(
        thematiques=frozenset({MENTAL_HEALTH}),
        primary_typologies=("CMP",),
        typologies=frozenset({"GEM", "CCAS"}),
    )
    assert tier(need, candidate(1, typology="CMP", thematiques=frozenset({MENTAL_HEALTH}))) == 4
    assert tier(need, candidate(2, typology="CMP")) == Tier.PRIMARY
    assert tier(need, candidate(3, typology="GEM", thematiques=frozenset({MENTAL_HEALTH}))) == 2
    assert tier(need, candidate(4, typology="GEM")) == Tier.SECONDARY_OR_THEMATIQUE
    assert tier(need, candidate(5, typology="CCAS")) == Tier.NONE
    assert tier(need, candidate(6, typology="ASSO", thematiques=frozenset({MENTAL_HEALTH}))) == 1
    assert tier(need, candidate(7, typology="SAAD", thematiques=frozenset({DEPENDANCE}))) == 0


def test_a_full_or_closed_service_goes_below_the_available_ones_of_its_tier_with_the_reason():
    need = Need(primary_typologies=("CMP",), typologies=frozenset({"GEM"}))
    full = candidate(1, typology="CMP", capacity=CAPACITY_FULL, latitude=48.8612, longitude=2.4438)
    closed = candidate(2, typology="CMP", closed_until="2027-03-01", open_now=False)
    waiting = candidate(3, typology="CMP", capacity=CAPACITY_WAITING, waiting_until="2027-02-01")
    available = candidate(4, typology="CMP", latitude=48.95, longitude=2.50)
    lower_tier = candidate(5, typology="GEM", latitude=48.8612, longitude=2.4438)
    ranked = rank(need, MONTREUIL, [full, closed, waiting, available, lower_tier])
    # Still above the less relevant tier: a full CMP remains a better answer than a GEM.
    assert [r.candidate.key for r in ranked][:2] == [4, 3]
    assert {r.candidate.key for r in ranked[2:4]} == {1, 2}
    assert ranked[4].candidate.key == 5
    reasons = {r.candidate.key: r.reasons for r in ranked}
    assert Reason(ReasonKind.FULL) in reasons[1]
    assert Reason(ReasonKind.CLOSED, "2027-03-01") in reasons[2]
    assert Reason(ReasonKind.WAITING_LIST, "2027-02-01") in reasons[3]


def test_one_service_of_each_kind_before_a_second_of_the_same_kind():
    need = Need(primary_typologies=("SAAD", "CMP"), prefers_at_home=True)
    saads = [
        candidate(i, typology="SAAD", modes_accueil=frozenset({AT_HOME}), covers_place=True)
        for i in range(1, 6)
    ]
    cmp_ = candidate(9, typology="CMP")
    ranked = rank(need, MONTREUIL, [*saads, cmp_])
    assert [r.candidate.typology for r in ranked][:2] == ["SAAD", "CMP"]


def test_a_situation_without_answers_proposes_no_service():
    """Danger immédiat: emergency numbers only."""
    pool = [candidate(1, typology="CMP"), candidate(2, typology="CCAS", thematiques=frozenset())]
    assert rank(Need(), MONTREUIL, pool) == []


def test_reasons_say_why():
    need = Need(thematiques=frozenset({MENTAL_HEALTH}), typologies=frozenset({"CMP"}))
    cmp_ = candidate(
        1,
        typology="CMP",
        thematiques=frozenset({MENTAL_HEALTH}),
        covers_place=True,
        latitude=48.8700,
        longitude=2.4437,
        open_now=True,
    )
    (ranked,) = rank(need, MONTREUIL, [cmp_])
    kinds = [reason.kind for reason in ranked.reasons]
    assert kinds == [
        ReasonKind.TYPOLOGY,
        ReasonKind.THEMATIQUE,
        ReasonKind.COVERS,
        ReasonKind.DISTANCE,
        ReasonKind.OPEN_NOW,
    ]
    assert Reason(ReasonKind.COVERS, "Montreuil") in ranked.reasons
    assert Reason(ReasonKind.DISTANCE, 1.0) in ranked.reasons


def test_nearer_ranks_first_at_equal_merit():
    need = Need(primary_typologies=("CMP", "EMPP", "SCHS"))
    far = candidate(1, typology="CMP", latitude=48.95, longitude=2.44)
    near = candidate(2, typology="EMPP", latitude=48.862, longitude=2.444)
    unknown = candidate(3, typology="SCHS")
    assert [r.candidate.key for r in rank(need, MONTREUIL, [far, unknown, near])] == [2, 1, 3]


def test_limit():
    need = Need(primary_typologies=("CMP",))
    services = [candidate(i, typology="CMP") for i in range(10)]
    assert len(rank(need, MONTREUIL, services, limit=3)) == 3


TYPOLOGIES = st.sampled_from(["CCAS", "ASSO", "CLIC", "SAAD", "CMP", "EMPP", ""])
THEMES = st.frozensets(st.sampled_from([MENTAL_HEALTH, DEPENDANCE, "remobilisation--lien-social"]))
candidates = st.builds(
    Candidate,
    key=st.integers(0, 10_000),
    name=st.text(max_size=5),
    thematiques=THEMES,
    typology=TYPOLOGIES,
    publics=st.frozensets(st.sampled_from(["seniors", "tous-publics", "femmes"])),
    modes_accueil=st.frozensets(st.sampled_from([AT_HOME, "en-presentiel", "a-distance"])),
    covers_place=st.sampled_from([True, False, None]),
    latitude=st.one_of(st.none(), st.floats(48.7, 49.0)),
    longitude=st.floats(2.2, 2.6),
    open_now=st.sampled_from([True, False, None]),
    capacity=st.sampled_from(["", CAPACITY_FULL, CAPACITY_WAITING]),
    closed_until=st.sampled_from(["", "2027-01-31"]),
)
needs = st.builds(
    Need,
    thematiques=THEMES,
    typologies=st.frozensets(TYPOLOGIES),
    primary_typologies=st.lists(TYPOLOGIES, unique=True, max_size=4).map(tuple),
    prefers_at_home=st.booleans(),
    age_group=st.sampled_from([None, *AgeGroup]),
)


@given(needs, st.lists(candidates, max_size=15))
def test_ranking_invariants(need, pool):
    ranked = rank(need, MONTREUIL, pool)
    # Only eligible services, never one whose zone excludes the place.
    assert all(r.candidate.covers_place is not False for r in ranked)
    assert len(ranked) == sum(is_eligible(need, c) for c in pool)
    # A broad kind never matches without a shared thematique.
    for r in ranked:
        if r.candidate.typology in BROAD_TYPOLOGIES:
            assert need.thematiques & r.candidate.thematiques
    # A more relevant service is never below a less relevant one, whatever coming to the home,
    # distance or opening hours; an unavailable one never above an available one of its tier.
    for before, after in itertools.pairwise(ranked):
        assert before.tier >= after.tier
        if before.tier == after.tier:
            assert before.available >= after.available
    if not need.prefers_at_home:
        assert not any(r.at_home_first for r in ranked)
