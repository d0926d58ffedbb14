"""A small hand-written French corpus, indexed through the real PostgreSQL backend."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from orientation import defaults
from orientation import glossary as orientation_glossary
from orientation.models import GlossaryTerm, Situation
from search.backends.postgres import PostgresBackend
from search.registry import SearchDoc

BONDY = (48.9022, 2.4828)
MONTREUIL = (48.8611, 2.4437)
AUBERVILLIERS = (48.9146, 2.3821)
SAINT_DENIS = (48.9362, 2.3574)
PANTIN = (48.8944, 2.4093)
FAR_AWAY = (48.6000, 2.9000)  # about 45 km from Bondy, outside the département

NOW = timezone.make_aware(dt.datetime(2026, 6, 1, 12, 0))


def doc(title, body="", *, kind="service", place=BONDY, commune=("93010", "Bondy"), **kwargs):
    return kind, SearchDoc(
        title=title,
        body=body,
        url=f"/test/{kind}/{abs(hash(title)) % 10_000_000}/",
        latitude=place[0] if place else None,
        longitude=place[1] if place else None,
        commune_code=commune[0],
        commune_name=commune[1],
        updated_at=kwargs.pop("updated_at", NOW),
        **kwargs,
    )


CORPUS = {
    "ergo": doc(
        "Ergothérapeute à domicile",
        "Conseils pour adapter le logement et soutenir les aidants.",
        thematiques=["logement-hebergement--se-maintenir-dans-le-logement"],
        publics=["personnes-handicapees"],
        modes_accueil=["a-domicile"],
        frais=["payant"],
        categories=["adaptation-logement"],
    ),
    "alzheimer": doc(
        "Accueil de jour Alzheimer",
        "Un temps de répit pour les aidants familiaux, deux jours par semaine.",
        place=MONTREUIL,
        commune=("93048", "Montreuil"),
        thematiques=["famille--soutien-aidants"],
        publics=["seniors-65"],
        modes_accueil=["en-presentiel"],
        frais=["payant"],
        categories=["repit-aidants"],
    ),
    "clic": doc(
        "CLIC de Bondy",
        "Information et orientation des personnes âgées et de leurs proches.",
        kind="organisation",
        keywords=["CLIC"],
        publics=["seniors-65"],
    ),
    "clic_long": doc(
        "Centre local d'information et de coordination de Saint-Denis",
        "Évaluation des besoins, plan d'aide, coordination gérontologique.",
        kind="organisation",
        place=SAINT_DENIS,
        commune=("93066", "Saint-Denis"),
        publics=["seniors-65"],
    ),
    "groupe": doc(
        "Groupe de parole pour aidants",
        "Une aide aux aidants : échanger entre pairs chaque mois.",
        place=AUBERVILLIERS,
        commune=("93001", "Aubervilliers"),
        thematiques=["famille--soutien-aidants"],
        publics=["familles-enfants"],
        modes_accueil=["en-presentiel"],
        frais=["gratuit"],
        categories=["repit-aidants"],
    ),
    "ccas": doc(
        "Centre communal d'action sociale de Pantin",
        "Aides facultatives, domiciliation, accompagnement social.",
        kind="organisation",
        place=PANTIN,
        commune=("93055", "Pantin"),
        frais=["gratuit"],
    ),
    "educ": doc(
        "Éducatrice spécialisée en prévention",
        "Accompagnement des jeunes et des familles du quartier.",
        place=PANTIN,
        commune=("93055", "Pantin"),
        publics=["jeunes"],
        frais=["gratuit"],
    ),
    "securite": doc(
        "Securite des seniors a la maison",
        "Atelier de prevention des chutes, sans accents dans le texte.",
        kind="event",
        place=MONTREUIL,
        commune=("93048", "Montreuil"),
        publics=["seniors-65"],
    ),
    "pro": doc(
        "Ligne directe des gardiens vers le CMP",
        "Numéro réservé aux professionnels pour signaler une souffrance psychique.",
        visibility="professional",
        categories=["sante-mentale"],
    ),
    "far": doc(
        "Aide à domicile de Melun",
        "Ménage, courses et aide aux aidants, loin du département.",
        place=FAR_AWAY,
        commune=("77288", "Melun"),
        modes_accueil=["a-domicile"],
        frais=["payant"],
    ),
    "nowhere": doc(
        "Guide des aidants",
        "Tout savoir sur l'allocation personnalisée d'autonomie et le répit.",
        kind="guide",
        place=None,
        commune=("", ""),
    ),
}


@pytest.fixture
def backend():
    return PostgresBackend()


@pytest.fixture
def glossary(db):
    """Orientation's glossary, search's only source of acronyms: its rows come from a data
    migration, which a transactional test elsewhere may have flushed (reloading is idempotent)."""
    defaults.load_glossary(GlossaryTerm, Situation)
    defaults.load_glossary_synonyms(GlossaryTerm)
    cache.delete(orientation_glossary.CACHE_KEY)


@pytest.fixture
def corpus(db, backend, glossary):
    """Index the corpus (object id = key) and build the lexicon."""
    backend.index_documents((kind, key, document) for key, (kind, document) in CORPUS.items())
    backend.rebuild_lexicon()
    return CORPUS


@pytest.fixture
def commune_places():
    """The communes of the corpus as "près de" choices (a provider like the directory's)."""
    from search import places

    class CorpusPlaces:
        def communes(self):
            return [
                places.Place("93010", "Bondy", *BONDY),
                places.Place("93048", "Montreuil", *MONTREUIL),
            ]

        def geocode(self, address, commune_code=""):
            return None

    provider = CorpusPlaces()
    saved = list(places._providers)
    places._providers[:] = [provider]
    places.clear_cache()
    yield provider
    places._providers[:] = saved
    places.clear_cache()


@pytest.fixture
def professional(db):
    from accounts.models import User
    from directory.models import Membership, MembershipRole, Organisation, OrganisationKind

    user = User.objects.create_user(email="gardien@example.org", password="x" * 12)
    organisation = Organisation.objects.create(
        name="Bailleur test", slug="bailleur-test", kind=OrganisationKind.LANDLORD
    )
    Membership.objects.create(user=user, organisation=organisation, role=MembershipRole.GARDIEN)
    return user
