"""The ranking rules, without Django or a database."""

import itertools
import math

from hypothesis import given
from hypothesis import strategies as st

from orientation.ranking import (
    AT_HOME,
    AgeGroup,
    Candidate,
    Need,
    Place,
    Reason,
    ReasonKind,
    distance_km,
    is_eligible,
    rank,
)

MENTAL_HEALTH = "sante--sante-mentale"
DEPENDANCE = "famille--prise-en-charge-personne-dependante"
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
    need_75 = Need(typologies=frozenset({"CCAS"}), age_group=AgeGroup.FROM_75)
    general = candidate(1, typology="CCAS", publics=frozenset({"tous-publics"}))
    seniors = candidate(2, typology="CCAS", publics=frozenset({"seniors"}))
    ranked = rank(need_75, Place("Montreuil"), [general, seniors])
    assert [r.candidate.key for r in ranked] == [2, 1]
    assert Reason(ReasonKind.PUBLIC, "seniors") in ranked[0].reasons


def test_at_home_services_come_first_when_the_situation_prefers_them():
    need = Need(
        thematiques=frozenset({DEPENDANCE}),
        typologies=frozenset({"CLIC", "SAAD"}),
        prefers_at_home=True,
    )
    # The CLIC is closer, open, covers the place and matches typology AND thematique…
    clic = candidate(
        1,
        typology="CLIC",
        thematiques=frozenset({DEPENDANCE}),
        covers_place=True,
        latitude=48.8612,
        longitude=2.4438,
        open_now=True,
    )
    # …but the home help service comes to the person.
    saad = candidate(2, typology="SAAD", modes_accueil=frozenset({AT_HOME}))
    ranked = rank(need, MONTREUIL, [clic, saad])
    assert [r.candidate.key for r in ranked] == [2, 1]
    assert ranked[0].at_home_first
    assert Reason(ReasonKind.AT_HOME) in ranked[0].reasons
    # Without the preference the CLIC wins on score.
    plain = Need(thematiques=need.thematiques, typologies=need.typologies)
    assert [r.candidate.key for r in rank(plain, MONTREUIL, [clic, saad])] == [1, 2]


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
    need = Need(typologies=frozenset({"CCAS"}))
    far = candidate(1, typology="CCAS", latitude=48.95, longitude=2.44)
    near = candidate(2, typology="CCAS", latitude=48.862, longitude=2.444)
    unknown = candidate(3, typology="CCAS")
    assert [r.candidate.key for r in rank(need, MONTREUIL, [far, unknown, near])] == [2, 1, 3]


def test_limit():
    need = Need(typologies=frozenset({"CCAS"}))
    services = [candidate(i, typology="CCAS") for i in range(10)]
    assert len(rank(need, MONTREUIL, services, limit=3)) == 3


TYPOLOGIES = st.sampled_from(["CCAS", "CLIC", "SAAD", "CMP", ""])
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
)
needs = st.builds(
    Need,
    thematiques=THEMES,
    typologies=st.frozensets(TYPOLOGIES),
    prefers_at_home=st.booleans(),
    age_group=st.sampled_from([None, *AgeGroup]),
)


@given(needs, st.lists(candidates, max_size=15))
def test_ranking_invariants(need, pool):
    ranked = rank(need, MONTREUIL, pool)
    # Only eligible services, never one whose zone excludes the place.
    assert all(r.candidate.covers_place is not False for r in ranked)
    assert len(ranked) == sum(is_eligible(need, c) for c in pool)
    # At-home services form the head of the list when the situation prefers them.
    tiers = [r.at_home_first for r in ranked]
    assert tiers == sorted(tiers, reverse=True)
    if not need.prefers_at_home:
        assert not any(tiers)
    # Within a tier, scores never increase.
    for before, after in itertools.pairwise(ranked):
        if before.at_home_first == after.at_home_first:
            assert before.score >= after.score
