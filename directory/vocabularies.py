"""Directory vocabularies (DESIGN.md §5).

National vocabularies come from `data_inclusion.schema.v1`: we store their slug values and
build Django choices from the enums, never retyping them. Our own categories (closer to what
gardiens and carers ask for) each map onto national thematiques, so that an entry tagged with
a category can be exported to data·inclusion."""

from data_inclusion.schema import v1
from django.db import models
from django.utils.translation import gettext_lazy as _


def enum_choices(enum) -> list[tuple[str, str]]:
    """Django choices from a data·inclusion enum: (slug, French label)."""
    return [(member.value, member.label) for member in enum]


THEMATIQUE_CHOICES = enum_choices(v1.Thematique)
PUBLIC_CHOICES = enum_choices(v1.Public)
TYPE_SERVICE_CHOICES = enum_choices(v1.TypeService)
FRAIS_CHOICES = enum_choices(v1.Frais)
MODE_MOBILISATION_CHOICES = enum_choices(v1.ModeMobilisation)
PERSONNE_MOBILISATRICE_CHOICES = enum_choices(v1.PersonneMobilisatrice)
RESEAU_PORTEUR_CHOICES = enum_choices(v1.ReseauPorteur)

THEMATIQUE_LABELS = dict(THEMATIQUE_CHOICES)
PUBLIC_LABELS = dict(PUBLIC_CHOICES)
TYPE_SERVICE_LABELS = dict(TYPE_SERVICE_CHOICES)
MODE_MOBILISATION_LABELS = dict(MODE_MOBILISATION_CHOICES)
PERSONNE_MOBILISATRICE_LABELS = dict(PERSONNE_MOBILISATRICE_CHOICES)

# --- Modes d'accueil ---------------------------------------------------------------------------
# data·inclusion knows only "en-presentiel" and "a-distance". Services that come to the person's
# home (aide à domicile, SSIAD, équipes mobiles) are essential here: "a-domicile" is our own
# extra mode, exported as "en-presentiel" (someone physically meets the person).
AT_HOME = "a-domicile"
MODE_ACCUEIL_CHOICES = [*enum_choices(v1.ModeAccueil), (AT_HOME, _("À domicile"))]
MODE_ACCUEIL_LABELS = dict(MODE_ACCUEIL_CHOICES)
MODE_ACCUEIL_EXPORT = {
    v1.ModeAccueil.EN_PRESENTIEL.value: v1.ModeAccueil.EN_PRESENTIEL.value,
    v1.ModeAccueil.A_DISTANCE.value: v1.ModeAccueil.A_DISTANCE.value,
    AT_HOME: v1.ModeAccueil.EN_PRESENTIEL.value,
}


def export_modes_accueil(modes: list[str]) -> list[str]:
    """Our modes d'accueil as data·inclusion values (deduplicated, in a stable order)."""
    exported = {MODE_ACCUEIL_EXPORT[mode] for mode in modes if mode in MODE_ACCUEIL_EXPORT}
    return sorted(exported)


# --- National vocabularies shown to readers --------------------------------------------------
# The data·inclusion enums read by people, by the name the `labels` filter and the translation
# side table (directory.LabelTranslation) use; the package ships their French labels only.
FRAIS_LABELS = dict(FRAIS_CHOICES)
NATIONAL_VOCABULARIES: dict[str, dict[str, str]] = {
    "thematiques": THEMATIQUE_LABELS,
    "publics": PUBLIC_LABELS,
    "types": TYPE_SERVICE_LABELS,
    "frais": FRAIS_LABELS,
    "modes_accueil": dict(enum_choices(v1.ModeAccueil)),
    "modes_mobilisation": MODE_MOBILISATION_LABELS,
    "mobilisateurs": PERSONNE_MOBILISATRICE_LABELS,
}


class NationalVocabulary(models.TextChoices):
    THEMATIQUES = "thematiques", _("Thématiques")
    PUBLICS = "publics", _("Publics")
    TYPES = "types", _("Types de service")
    FRAIS = "frais", _("Frais")
    MODES_ACCUEIL = "modes_accueil", _("Modes d'accueil")
    MODES_MOBILISATION = "modes_mobilisation", _("Modes de mobilisation")
    MOBILISATEURS = "mobilisateurs", _("Personnes mobilisatrices")


# --- Our categories ------------------------------------------------------------------------------
class Category(models.TextChoices):
    """What gardiens, carers and tenants look for; broader than one national thematique."""

    ADAPTATION_LOGEMENT = "adaptation-logement", _("Adaptation du logement")
    AIDE_A_DOMICILE = "aide-a-domicile", _("Aide à domicile")
    SOINS_A_DOMICILE = "soins-a-domicile", _("Soins à domicile")
    PERTE_AUTONOMIE = "perte-autonomie", _("Perte d'autonomie")
    HANDICAP = "handicap", _("Handicap")
    REPIT_AIDANTS = "repit-aidants", _("Répit et soutien des aidants")
    LIEN_SOCIAL = "lien-social", _("Lien social et isolement")
    SANTE_MENTALE = "sante-mentale", _("Santé mentale, souffrance psychique")
    ACCES_AUX_DROITS = "acces-aux-droits", _("Accès aux droits")
    MAITRISE_CHARGES = "maitrise-charges", _("Maîtrise des charges et budget")
    IMPAYES_LOGEMENT = "impayes-logement", _("Impayés et maintien dans le logement")
    PROTECTION_JURIDIQUE = "protection-juridique", _("Protection juridique des majeurs")
    VIOLENCES = "violences", _("Violences conjugales et intrafamiliales")
    NUMERIQUE = "numerique", _("Démarches et aide numérique")
    MOBILITE = "mobilite", _("Mobilité et transport accompagné")
    ALIMENTATION = "alimentation", _("Alimentation et aide matérielle")
    ACCES_AUX_SOINS = "acces-aux-soins", _("Accès aux soins")
    HEBERGEMENT = "hebergement", _("Hébergement et accès au logement")
    CHANGER_LOGEMENT = "changer-logement", _("Changer de logement, mutation")
    ADDICTIONS = "addictions", _("Addictions")
    SANTE_SEXUELLE = "sante-sexuelle", _("Santé sexuelle")
    FAMILLE = "famille", _("Famille, parentalité et garde d'enfants")
    SAVOIRS_DE_BASE = "savoirs-de-base", _("Français, lecture, écriture, calcul")
    EMPLOI_FORMATION = "emploi-formation", _("Emploi et formation")
    CREATION_ACTIVITE = "creation-activite", _("Créer son activité")
    PERMIS_VEHICULE = "permis-vehicule", _("Permis et véhicule")


T = v1.Thematique

# Every national thematique belongs to at least one category (tests/directory/test_vocabularies.py
# iterates the enum), so that an imported or API entry tagged with any thematique can be found
# through our categories. An entry of a category is exported with all of the category's
# thematiques, so a thematique goes to a category whose entries do that work (or to a category
# of its own), never to a neighbour just to be placed.
CATEGORY_THEMATIQUES: dict[str, tuple[str, ...]] = {
    Category.ADAPTATION_LOGEMENT: (T.LOGEMENT_HEBERGEMENT__SE_MAINTENIR_DANS_LE_LOGEMENT.value,),
    Category.AIDE_A_DOMICILE: (
        T.EQUIPEMENT_ET_ALIMENTATION__AIDE_MENAGERE.value,
        T.FAMILLE__PRISE_EN_CHARGE_PERSONNE_DEPENDANTE.value,
    ),
    Category.SOINS_A_DOMICILE: (
        T.SANTE__ACCES_AUX_SOINS.value,
        T.FAMILLE__PRISE_EN_CHARGE_PERSONNE_DEPENDANTE.value,
    ),
    Category.PERTE_AUTONOMIE: (
        T.FAMILLE__PRISE_EN_CHARGE_PERSONNE_DEPENDANTE.value,
        T.LOGEMENT_HEBERGEMENT__SE_MAINTENIR_DANS_LE_LOGEMENT.value,
    ),
    Category.HANDICAP: (T.SANTE__CONSTITUER_UN_DOSSIER_MDPH_INVALIDITE.value,),
    Category.REPIT_AIDANTS: (T.FAMILLE__SOUTIEN_AIDANTS.value,),
    Category.LIEN_SOCIAL: (
        T.REMOBILISATION__LIEN_SOCIAL.value,
        T.REMOBILISATION__ACTIVITES_SPORTIVES_ET_CULTURELLES.value,
        T.REMOBILISATION__BENEVOLAT_ACTION_CITOYENNE.value,
        T.REMOBILISATION__BIEN_ETRE_CONFIANCE_EN_SOI.value,
    ),
    Category.SANTE_MENTALE: (T.SANTE__SANTE_MENTALE.value,),
    Category.ACCES_AUX_DROITS: (
        T.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__ACCOMPAGNEMENT_POUR_LACCES_AUX_DROITS.value,
        T.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__ACCOMPAGNEMENT_AUX_DEMARCHES_ADMINISTRATIVES.value,
        T.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__ACCOMPAGNEMENT_POUR_LACCES_A_LA_CITOYENNETE.value,
        T.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__CONNAITRE_SES_DROITS_FACE_A_UNE_DISCRIMINATION.value,
        T.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__PRENDRE_EN_COMPTE_UNE_PROBLEMATIQUE_JUDICIAIRE.value,
    ),
    Category.MAITRISE_CHARGES: (
        T.DIFFICULTES_FINANCIERES__AMELIORER_SA_GESTION_BUDGETAIRE.value,
        T.DIFFICULTES_FINANCIERES__PREVENIR_UNE_DEGRADATION_DE_LA_SITUATION_FINANCIERE.value,
        T.DIFFICULTES_FINANCIERES__ACQUERIR_UNE_AUTONOMIE_BUDGETAIRE.value,
        T.DIFFICULTES_FINANCIERES__SITUATION_DENDETTEMENT_SURENDETTEMENT.value,
    ),
    Category.IMPAYES_LOGEMENT: (
        T.LOGEMENT_HEBERGEMENT__REDUIRE_LES_IMPAYES_DE_LOYER.value,
        T.LOGEMENT_HEBERGEMENT__SE_MAINTENIR_DANS_LE_LOGEMENT.value,
    ),
    Category.PROTECTION_JURIDIQUE: (
        T.DIFFICULTES_FINANCIERES__METTRE_EN_PLACE_UNE_MESURE_DE_PROTECTION_FINANCIERE.value,
        T.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__BENEFICIER_DUNE_MESURE_DACCOMPAGNEMENT_ADAPTE.value,
    ),
    Category.VIOLENCES: (T.FAMILLE__SURMONTER_CONFLITS_SEPARATION_VIOLENCE.value,),
    Category.NUMERIQUE: (
        T.NUMERIQUE__ACCEDER_A_DES_SERVICES_EN_LIGNE.value,
        T.NUMERIQUE__MAITRISER_LES_FONDAMENTAUX_DU_NUMERIQUE.value,
        T.NUMERIQUE__ACCEDER_A_UNE_CONNEXION_INTERNET.value,
        T.NUMERIQUE__ACQUERIR_UN_EQUIPEMENT.value,
    ),
    Category.MOBILITE: (
        T.MOBILITE__ETRE_ACCOMPAGNE_DANS_SON_PARCOURS_MOBILITE.value,
        T.MOBILITE__UTILISER_DES_SERVICES_DE_MOBILITE_DOUCE_PARTAGEE_COLLECTIVE.value,
    ),
    Category.ALIMENTATION: (
        T.EQUIPEMENT_ET_ALIMENTATION__ALIMENTATION.value,
        T.EQUIPEMENT_ET_ALIMENTATION__ELECTROMENAGER.value,
        T.EQUIPEMENT_ET_ALIMENTATION__HABILLEMENT.value,
    ),
    Category.ACCES_AUX_SOINS: (T.SANTE__ACCES_AUX_SOINS.value,),
    Category.HEBERGEMENT: (
        T.LOGEMENT_HEBERGEMENT__RECHERCHER_UNE_SOLUTION_DHEBERGEMENT_TEMPORAIRE.value,
        T.LOGEMENT_HEBERGEMENT__SINFORMER_SUR_LES_DEMARCHES_LIEES_A_LACCES_AU_LOGEMENT.value,
    ),
    Category.CHANGER_LOGEMENT: (
        T.LOGEMENT_HEBERGEMENT__CHANGER_DE_LOGEMENT.value,
        T.LOGEMENT_HEBERGEMENT__LOUER_UN_LOGEMENT.value,
        T.LOGEMENT_HEBERGEMENT__ACHETER_UN_LOGEMENT.value,
    ),
    Category.ADDICTIONS: (T.SANTE__ADDICTIONS.value,),
    Category.SANTE_SEXUELLE: (T.SANTE__SANTE_SEXUELLE.value,),
    Category.FAMILLE: (
        T.FAMILLE__GARDE_DENFANTS.value,
        T.FAMILLE__SOUTIEN_A_LA_PARENTALITE_ET_A_LEDUCATION.value,
    ),
    Category.SAVOIRS_DE_BASE: (
        T.LECTURE_ECRITURE_CALCUL__MAITRISER_LE_FRANCAIS.value,
        T.LECTURE_ECRITURE_CALCUL__MAITRISER_LE_CALCUL.value,
    ),
    # Whole national themes: an employment or training service is found under one category.
    Category.EMPLOI_FORMATION: tuple(
        t.value
        for t in T
        if t.value.startswith(
            (
                "choisir-un-metier--",
                "preparer-sa-candidature--",
                "trouver-un-emploi--",
                "se-former--",
                "souvrir-a-linternational--",
            )
        )
    ),
    Category.CREATION_ACTIVITE: tuple(
        t.value for t in T if t.value.startswith("creer-une-entreprise--")
    ),
    Category.PERMIS_VEHICULE: (
        T.MOBILITE__ACCEDER_A_UN_VEHICULE.value,
        T.MOBILITE__ENTRETENIR_REPARER_SON_VEHICULE.value,
        T.MOBILITE__FINANCER_MA_MOBILITE.value,
        T.MOBILITE__PREPARER_UN_PERMIS.value,
    ),
}


def thematiques_for(categories, thematiques=()) -> list[str]:
    """National thematiques of an entry: its own plus those its categories map onto."""
    result = set(thematiques)
    for category in categories:
        result.update(CATEGORY_THEMATIQUES.get(category, ()))
    return sorted(result)


# --- Typologies -------------------------------------------------------------------------------
class Typology(models.TextChoices):
    """Kinds of actors met in the seeds, with their full French names."""

    CCAS = "CCAS", _("CCAS — Centre communal d'action sociale")
    CIAS = "CIAS", _("CIAS — Centre intercommunal d'action sociale")
    CLIC = "CLIC", _("CLIC — Centre local d'information et de coordination gérontologique")
    SAAD = "SAAD", _("SAAD — Service d'aide et d'accompagnement à domicile")
    SSIAD = "SSIAD", _("SSIAD — Service de soins infirmiers à domicile")
    SPASAD = "SPASAD", _("SPASAD — Service polyvalent d'aide et de soins à domicile")
    CMP = "CMP", _("CMP — Centre médico-psychologique")
    EMPP = "EMPP", _("Équipe mobile psychiatrie-précarité")
    EMG = "EMG", _("Équipe mobile de gériatrie")
    CICAT = "CICAT", _("CICAT — Centre d'information et de conseil sur les aides techniques")
    ERGOTHERAPEUTE = "ERGO", _("Ergothérapeute")
    PRIF = "PRIF", _("PRIF — Prévention retraite Île-de-France")
    SAVS = "SAVS", _("SAVS — Service d'accompagnement à la vie sociale")
    SAMSAH = "SAMSAH", _("SAMSAH — Service d'accompagnement médico-social pour adultes handicapés")
    ADIL = "ADIL", _("ADIL — Agence départementale d'information sur le logement")
    CDAS = "CDAS", _("Service social départemental (CDAS, circonscription de service social)")
    MJPM = (
        "MJPM",
        _("Mandataire judiciaire à la protection des majeurs (UDAF, association tutélaire)"),
    )
    ASSOCIATION = "ASSO", _("Association")
    ESS = "ESS", _("Structure de l'économie sociale et solidaire")
    BAILLEUR = "BAILLEUR", _("Bailleur social")
    FRANCE_SERVICES = "FS", _("France Services")
    CAF = "CAF", _("CAF — Caisse d'allocations familiales")
    CPAM = "CPAM", _("CPAM — Caisse primaire d'assurance maladie")
    CARSAT = "CARSAT", _("CARSAT — Caisse d'assurance retraite et de la santé au travail")
    MDPH = "MDPH", _("MDPH — Maison départementale des personnes handicapées")
    PIMMS = "PIMMS", _("PIMMS — Point information médiation multi services")
    CSAPA = "CSAPA", _("CSAPA — Centre de soins, d'accompagnement et de prévention en addictologie")
    DAC = "DAC", _("DAC — Dispositif d'appui à la coordination")
    GEM = "GEM", _("GEM — Groupe d'entraide mutuelle")
    MAIRIE = "MAIRIE", _("Mairie")
    DEPARTEMENT = "DEPT", _("Conseil départemental")
    CENTRE_SOCIAL = "CS", _("Centre social")
    ACCUEIL_JOUR = "AJ", _("Accueil de jour (maladie d'Alzheimer et apparentées)")
    PLATEFORME_REPIT = "PFR", _("Plateforme d'accompagnement et de répit des aidants")
    POINT_CONSEIL_BUDGET = "PCB", _("Point conseil budget")
    CIDFF = "CIDFF", _("CIDFF — Centre d'information sur les droits des femmes et des familles")
    PORTEUR_PROJET = "PROJET", _("Porteur de projet (habitat inclusif, tiers-lieu…)")
    EHPAD = "EHPAD", _("EHPAD — Établissement d'hébergement pour personnes âgées dépendantes")
    RESIDENCE_AUTONOMIE = "RA", _("Résidence autonomie (ex-foyer-logement)")
    SIAO = "SIAO", _("SIAO — Service intégré de l'accueil et de l'orientation (115)")
    CHRS = "CHRS", _("CHRS — Centre d'hébergement et de réinsertion sociale")
    PENSION_FAMILLE = "PENSION", _("Pension de famille (maison relais)")
    SCHS = "SCHS", _("SCHS — Service communal d'hygiène et de santé")
    OPERATEUR_HABITAT = "OPHABITAT", _("Opérateur d'amélioration de l'habitat (type SOLIHA)")
    AVDL = (
        "AVDL",
        _(
            "Association d'accompagnement vers et dans le logement (AVDL, gestion locative "
            "adaptée, intermédiation locative)"
        ),
    )
    CLSM = "CLSM", _("CLSM — Conseil local de santé mentale")
    SPIP = "SPIP", _("SPIP — Service pénitentiaire d'insertion et de probation")


# What a person reads in "Pourquoi ce service :" for each kind of structure: plain French,
# never "structure de type …" (orientation/reasons.py; a test checks every kind has one).
TYPOLOGY_REASONS = {
    Typology.CCAS: _("service social de la commune"),
    Typology.CIAS: _("service social intercommunal"),
    Typology.CLIC: _("point d'information et de coordination pour les personnes âgées"),
    Typology.SAAD: _("aide à domicile"),
    Typology.SSIAD: _("soins infirmiers à domicile"),
    Typology.SPASAD: _("aide et soins à domicile"),
    Typology.CMP: _("centre médico-psychologique de secteur"),
    Typology.EMPP: _("équipe mobile psychiatrie-précarité, qui va vers les personnes"),
    Typology.EMG: _("équipe mobile de gériatrie"),
    Typology.CICAT: _("conseil en aides techniques"),
    Typology.ERGOTHERAPEUTE: _("ergothérapeute"),
    Typology.PRIF: _("prévention pour bien vieillir"),
    Typology.SAVS: _("accompagnement à la vie sociale des adultes handicapés"),
    Typology.SAMSAH: _("accompagnement médico-social des adultes handicapés"),
    Typology.ADIL: _("juristes du logement, conseil gratuit"),
    Typology.CDAS: _("service social du Département"),
    Typology.MJPM: _("protection juridique des majeurs (tutelle, curatelle)"),
    Typology.ASSOCIATION: _("association"),
    Typology.ESS: _("structure de l'économie sociale et solidaire"),
    Typology.BAILLEUR: _("bailleur social"),
    Typology.FRANCE_SERVICES: _("guichet d'aide aux démarches"),
    Typology.CAF: _("caisse d'allocations familiales, aides au logement"),
    Typology.CPAM: _("assurance maladie"),
    Typology.CARSAT: _("caisse de retraite"),
    Typology.MDPH: _("maison départementale des personnes handicapées"),
    Typology.PIMMS: _("point de médiation pour les factures et les démarches"),
    Typology.CSAPA: _("centre de soins en addictologie"),
    Typology.DAC: _("appui aux professionnels pour les situations complexes"),
    Typology.GEM: _("groupe d'entraide entre personnes concernées"),
    Typology.MAIRIE: _("mairie"),
    Typology.DEPARTEMENT: _("Département"),
    Typology.CENTRE_SOCIAL: _("centre social du quartier"),
    Typology.ACCUEIL_JOUR: _("accueil de jour pour les personnes malades d'Alzheimer"),
    Typology.PLATEFORME_REPIT: _("répit et soutien des aidants"),
    Typology.POINT_CONSEIL_BUDGET: _("conseil budget gratuit et confidentiel"),
    Typology.CIDFF: _("droits des femmes et aide aux victimes de violences"),
    Typology.PORTEUR_PROJET: _("porteur de projet"),
    Typology.EHPAD: _("maison de retraite médicalisée"),
    Typology.RESIDENCE_AUTONOMIE: _("résidence autonomie pour personnes âgées"),
    Typology.SIAO: _("orientation vers un hébergement d'urgence ou d'insertion"),
    Typology.CHRS: _("centre d'hébergement et de réinsertion sociale"),
    Typology.PENSION_FAMILLE: _("pension de famille"),
    Typology.SCHS: _("service d'hygiène et de santé de la ville"),
    Typology.OPERATEUR_HABITAT: _("opérateur d'amélioration de l'habitat"),
    Typology.AVDL: _("accompagnement vers et dans le logement"),
    Typology.CLSM: _("conseil local de santé mentale"),
    Typology.SPIP: _("service d'insertion et de probation"),
}


# --- Capacity of a service ---------------------------------------------------------------------
class Capacity(models.TextChoices):
    """Whether a service takes new people now (stated by the partner; ranking uses it)."""

    OPEN = "accepte", _("Accepte de nouvelles personnes")
    WAITING = "attente", _("Liste d'attente")
    FULL = "complet", _("Complet pour le moment")


# --- Moderation and freshness ----------------------------------------------------------------
class Status(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumise à validation")
    PUBLISHED = "published", _("Publiée")
    ARCHIVED = "archived", _("Archivée")


class FreshnessStage(models.IntegerChoices):
    """How far an entry went up the escalation ladder since its last verification
    (`directory.freshness`); a verification brings it back to FRESH."""

    FRESH = 0, _("À jour")
    REMINDED = 1, _("Rappel envoyé")
    TO_CHECK = 2, _("À vérifier")
    HIDDEN = 3, _("Retirée de « Qui appeler ? »")
    UNPUBLISHED = 4, _("Dépubliée")


class UpdateFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Tous les mois")
    QUARTERLY = "quarterly", _("Tous les trimestres")
    HALF_YEARLY = "half_yearly", _("Tous les six mois")
    YEARLY = "yearly", _("Tous les ans")


# Months between two expected updates.
UPDATE_FREQUENCY_MONTHS = {
    UpdateFrequency.MONTHLY: 1,
    UpdateFrequency.QUARTERLY: 3,
    UpdateFrequency.HALF_YEARLY: 6,
    UpdateFrequency.YEARLY: 12,
}


class GeocodingPrecision(models.TextChoices):
    """How precisely lat/lon locate the address (filled by the geocoder)."""

    HOUSENUMBER = "housenumber", _("Numéro de rue")
    STREET = "street", _("Rue")
    MUNICIPALITY = "municipality", _("Commune")
    CENTROID = "centroid", _("Centre de la commune")
    MANUAL = "manual", _("Saisie manuelle")


# The import sources (`source` of an entry, `imports/*.SOURCE`) as people name them; a source
# named at a CSV import is shown as it was typed.
SOURCE_LABELS = {
    "finess": "FINESS",
    "data-inclusion": "data·inclusion",
    "csv": _("fichier CSV"),
}


def source_label(source: str) -> str:
    """« data-inclusion » → « data·inclusion », « finess » → « FINESS »; "" stays ""."""
    return str(SOURCE_LABELS.get(source, source))
