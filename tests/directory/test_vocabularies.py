"""Our categories cover the national vocabulary (issue #15: addictions and "changer de
logement" belonged to no category, so entries tagged with them were found under none)."""

from data_inclusion.schema import v1

from api.filters import categories_for
from directory.vocabularies import CATEGORY_THEMATIQUES, Category, thematiques_for


def test_every_national_thematique_belongs_to_one_of_our_categories():
    mapped = {thematique for values in CATEGORY_THEMATIQUES.values() for thematique in values}
    unmapped = [t.value for t in v1.Thematique if t.value not in mapped]
    assert unmapped == []


def test_every_category_maps_onto_national_thematiques_only():
    known = {t.value for t in v1.Thematique}
    assert set(CATEGORY_THEMATIQUES) == set(Category.values)
    for category, thematiques in CATEGORY_THEMATIQUES.items():
        assert thematiques, category
        assert set(thematiques) <= known, category


def test_an_addictions_service_is_found_under_the_addictions_category():
    assert categories_for([v1.Thematique.SANTE__ADDICTIONS.value]) == [Category.ADDICTIONS]
    assert thematiques_for([Category.ADDICTIONS]) == [v1.Thematique.SANTE__ADDICTIONS.value]


def test_a_tenant_who_wants_to_move_is_found_under_changer_de_logement():
    assert Category.CHANGER_LOGEMENT in categories_for(
        [v1.Thematique.LOGEMENT_HEBERGEMENT__CHANGER_DE_LOGEMENT.value]
    )
