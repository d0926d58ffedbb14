"""Building blocks of the demo directory: plausible French names, descriptions and services
per typology. `demo.py` combines them deterministically over the communes of the 93."""

from directory.models import OrganisationKind as K
from directory.vocabularies import Category as C
from directory.vocabularies import Typology as T

STREETS = [
    "rue de la République",
    "avenue Jean-Jaurès",
    "rue Gabriel-Péri",
    "boulevard Paul-Vaillant-Couturier",
    "place de la Mairie",
    "rue Paul-Éluard",
    "avenue du Général-de-Gaulle",
    "rue Anatole-France",
    "allée des Tilleuls",
    "rue Victor-Hugo",
    "avenue Henri-Barbusse",
    "rue Jules-Guesde",
    "rue Danielle-Casanova",
    "chemin des Vignes",
    "rue de Paris",
    "avenue Salvador-Allende",
]

OPENING_HOURS = [
    "Mo-Fr 09:00-12:00,13:30-17:00; PH off",
    "Mo-Th 08:30-12:30,13:30-17:30; Fr 08:30-12:30; PH off",
    "Mo,Tu,Th,Fr 09:00-12:30,14:00-17:30; We 09:00-12:30; PH off",
    "Tu,Th 14:00-17:00; Sa 10:00-12:00; PH off",
    "Mo-Fr 09:00-17:00; PH off",
]
HOURS_AT_HOME = "Mo-Su 07:00-21:00"
HOURS_HELPLINE = "Mo-Fr 09:00-18:00; PH off"

SAAD_BRANDS = [
    "Les Aidants du Quotidien",
    "Domicile Services Solidaires",
    "Âge et Vie à Domicile",
    "Main Tendue Services",
    "Vivre Chez Soi",
    "Auxi'Life Est Parisien",
    "Présence Bienveillante",
    "Les Petites Mains",
]
ASSOCIATIONS = [
    ("Petits Frères des Pauvres — équipe de {commune}", [C.LIEN_SOCIAL]),
    ("Voisins et Soleil {commune}", [C.LIEN_SOCIAL, C.PERTE_AUTONOMIE]),
    ("Les Amis du Quartier", [C.LIEN_SOCIAL]),
    ("Association Relais Budget {commune}", [C.MAITRISE_CHARGES, C.IMPAYES_LOGEMENT]),
    ("Parcours Numérique {commune}", [C.NUMERIQUE]),
    ("Solidarité Femmes {commune}", [C.VIOLENCES]),
    ("Les Restos du Cœur — centre de {commune}", [C.ALIMENTATION]),
    ("Secours populaire — comité de {commune}", [C.ALIMENTATION, C.ACCES_AUX_DROITS]),
    ("Compagnons Bâtisseurs {commune}", [C.ADAPTATION_LOGEMENT]),
    ("France Alzheimer — antenne de {commune}", [C.REPIT_AIDANTS]),
    ("Unafam — délégation de {commune}", [C.SANTE_MENTALE, C.REPIT_AIDANTS]),
    ("Transport Solidaire {commune}", [C.MOBILITE]),
    ("Accès aux Droits Pour Tous {commune}", [C.ACCES_AUX_DROITS]),
    ("Les Jardins Partagés de {commune}", [C.LIEN_SOCIAL]),
    ("Bricol'Solidaire {commune}", [C.ADAPTATION_LOGEMENT]),
    ("Un Toit Partagé {commune}", [C.HEBERGEMENT]),
]
ESS_STRUCTURES = [
    ("Coopérative Conciergerie Solidaire {commune}", [C.LIEN_SOCIAL, C.AIDE_A_DOMICILE]),
    ("Régie de quartier de {commune}", [C.LIEN_SOCIAL, C.MAITRISE_CHARGES, C.EMPLOI_FORMATION]),
    ("Café social Le Comptoir — {commune}", [C.LIEN_SOCIAL]),
    ("Atelier Vélo Solidaire {commune}", [C.MOBILITE, C.PERMIS_VEHICULE]),
    ("Ressourcerie de {commune}", [C.ALIMENTATION, C.MAITRISE_CHARGES]),
    ("Tiers-lieu La Fabrique — {commune}", [C.LIEN_SOCIAL, C.NUMERIQUE, C.CREATION_ACTIVITE]),
    ("SCIC Habitat Adapté {commune}", [C.ADAPTATION_LOGEMENT]),
    ("Épicerie solidaire de {commune}", [C.ALIMENTATION]),
]

# Typology → (organisation kind, name pattern, presentation, number of organisations or None
# for one per commune or a tuple of INSEE codes where they are, services). A service: (name,
# description, categories, extra national thematiques, types, publics, fees, modes d'accueil,
# modes de mobilisation, mobilisé par, professionals only, mobile).
# Bobigny (93008) has every kind that the situations' primary answers need (tests/demo).
JUDICIAIRE = (
    "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire"
)
MAINTIEN_LOGEMENT = "logement-hebergement--se-maintenir-dans-le-logement"
CHANGER_LOGEMENT = "logement-hebergement--changer-de-logement"
S = dict
PROFILES = {
    T.CCAS: (
        K.PUBLIC_BODY,
        "CCAS de {commune}",
        "Le centre communal d'action sociale accueille les habitants de {commune} pour les "
        "aides facultatives, la domiciliation, l'instruction des demandes d'aide sociale et "
        "l'accompagnement des personnes âgées ou en difficulté.",
        None,
        [
            S(
                name="Accueil et aides sociales",
                description="Instruction des demandes d'aide sociale légale (APA, aide sociale à "
                "l'hébergement), aides facultatives d'urgence, domiciliation. Sur rendez-vous ou "
                "aux permanences.",
                categories=[C.ACCES_AUX_DROITS, C.MAITRISE_CHARGES],
                types=["accompagnement", "aide-financiere"],
                publics=["tous-publics"],
                fees="gratuit",
            ),
            S(
                name="Portage de repas à domicile",
                description="Livraison de repas équilibrés du lundi au samedi aux personnes âgées "
                "ou handicapées qui ne peuvent plus cuisiner. Tarif selon les ressources.",
                categories=[C.AIDE_A_DOMICILE, C.ALIMENTATION, C.PERTE_AUTONOMIE],
                types=["aide-materielle"],
                publics=["seniors", "personnes-en-situation-de-handicap"],
                fees="payant",
                at_home=True,
            ),
            S(
                name="Veille canicule et appels de convivialité",
                description="Inscription au registre des personnes fragiles ; appels réguliers "
                "et visites de bénévoles pour rompre l'isolement.",
                categories=[C.LIEN_SOCIAL, C.PERTE_AUTONOMIE],
                types=["accompagnement"],
                publics=["seniors"],
                fees="gratuit",
                modes=["a-distance"],
            ),
        ],
    ),
    T.SAAD: (
        K.MEDICO_SOCIAL,
        "SAAD {brand} — {commune}",
        "Service d'aide et d'accompagnement à domicile autorisé par le Département : aide à "
        "la toilette, aux repas, au ménage et aux courses, pour rester chez soi.",
        None,
        [
            S(
                name="Aide à domicile des personnes âgées",
                description="Intervention d'auxiliaires de vie pour les actes de la vie "
                "quotidienne. Prise en charge possible par l'APA ou la caisse de retraite.",
                categories=[C.AIDE_A_DOMICILE, C.PERTE_AUTONOMIE],
                types=["accompagnement"],
                publics=["seniors"],
                fees="payant",
                at_home=True,
            ),
            S(
                name="Garde de nuit et relais des aidants",
                description="Présence de nuit ou quelques heures en journée pour permettre à "
                "l'aidant de souffler.",
                categories=[C.REPIT_AIDANTS, C.AIDE_A_DOMICILE],
                types=["accompagnement"],
                publics=["seniors", "familles"],
                fees="payant",
                at_home=True,
            ),
        ],
    ),
    T.CLIC: (
        K.PUBLIC_BODY,
        "CLIC {epci}",
        "Le centre local d'information et de coordination informe les personnes âgées et "
        "leurs proches, évalue les besoins à domicile et coordonne les intervenants.",
        4,
        [
            S(
                name="Information et évaluation gérontologique",
                description="Un conseiller évalue la situation à domicile et propose un plan "
                "d'aide : aide à domicile, adaptation du logement, dossiers APA.",
                categories=[C.PERTE_AUTONOMIE, C.ACCES_AUX_DROITS, C.REPIT_AIDANTS],
                types=["information", "accompagnement"],
                publics=["seniors", "familles"],
                fees="gratuit",
                at_home=True,
            ),
        ],
    ),
    T.SSIAD: (
        K.MEDICO_SOCIAL,
        "SSIAD {commune}",
        "Service de soins infirmiers à domicile : infirmiers et aides-soignants interviennent "
        "sur prescription médicale auprès des personnes âgées ou handicapées.",
        8,
        [
            S(
                name="Soins infirmiers à domicile",
                description="Soins d'hygiène et soins techniques sur prescription médicale, "
                "pris en charge par l'Assurance maladie.",
                categories=[C.SOINS_A_DOMICILE, C.PERTE_AUTONOMIE],
                types=["accompagnement"],
                publics=["seniors", "personnes-en-situation-de-handicap"],
                fees="gratuit",
                at_home=True,
                professionals_only=True,
                mobilised_by=["professionnels"],
            ),
        ],
    ),
    T.SPASAD: (
        K.MEDICO_SOCIAL,
        "SPASAD {brand}",
        "Service polyvalent : aide et soins à domicile coordonnés par une même équipe.",
        3,
        [
            S(
                name="Aide et soins coordonnés à domicile",
                description="Une seule équipe pour l'aide à la vie quotidienne et les soins "
                "infirmiers, avec un projet individualisé.",
                categories=[C.AIDE_A_DOMICILE, C.SOINS_A_DOMICILE],
                types=["accompagnement"],
                publics=["seniors"],
                fees="payant",
                at_home=True,
            ),
        ],
    ),
    T.CMP: (
        K.MEDICO_SOCIAL,
        "CMP adultes de {commune}",
        "Centre médico-psychologique du secteur de psychiatrie : consultations, suivi et "
        "visites à domicile, sans avance de frais.",
        8,
        [
            S(
                name="Consultations de psychiatrie adulte",
                description="Premier rendez-vous avec un infirmier d'accueil, puis psychiatre, "
                "psychologue ou assistante sociale selon les besoins.",
                categories=[C.SANTE_MENTALE, C.ACCES_AUX_SOINS],
                types=["accompagnement"],
                publics=["tous-publics"],
                fees="gratuit",
            ),
            S(
                name="Ligne des partenaires du secteur",
                description="Ligne directe pour les bailleurs, gardiens et travailleurs sociaux "
                "inquiets pour un habitant (repli, logement encombré, incurie) : avis, "
                "orientation, visite possible.",
                categories=[C.SANTE_MENTALE],
                types=["information"],
                publics=["tous-publics"],
                fees="gratuit",
                modes=["a-distance"],
                professionals_only=True,
                mobilised_by=["professionnels"],
            ),
        ],
    ),
    T.EMPP: (
        K.MEDICO_SOCIAL,
        "Équipe mobile psychiatrie-précarité {epci}",
        "L'équipe va à la rencontre des personnes en souffrance psychique isolées ou sans "
        "suivi, à la demande des partenaires.",
        2,
        [
            S(
                name="Aller-vers en santé mentale",
                description="Infirmiers et travailleurs sociaux rencontrent la personne chez "
                "elle ou dans l'espace public, et l'accompagnent vers le soin, y compris en cas "
                "d'incurie ou de syndrome de Diogène.",
                categories=[C.SANTE_MENTALE, C.LIEN_SOCIAL],
                types=["accompagnement"],
                publics=["personnes-en-situation-durgence", "tous-publics"],
                fees="gratuit",
                at_home=True,
                professionals_only=True,
                mobilised_by=["professionnels"],
                mobile=True,
            ),
        ],
    ),
    T.EMG: (
        K.MEDICO_SOCIAL,
        "Équipe mobile de gériatrie {epci}",
        "Évaluation gériatrique à domicile à la demande du médecin traitant ou des "
        "partenaires sociaux.",
        2,
        [
            S(
                name="Évaluation gériatrique à domicile",
                description="Bilan de santé, de l'autonomie et de l'environnement ; "
                "recommandations au médecin traitant et aux aidants.",
                categories=[C.PERTE_AUTONOMIE, C.ACCES_AUX_SOINS],
                types=["accompagnement"],
                publics=["seniors"],
                fees="gratuit",
                at_home=True,
                professionals_only=True,
                mobilised_by=["professionnels"],
                mobile=True,
            ),
        ],
    ),
    T.CICAT: (
        K.MEDICO_SOCIAL,
        "CICAT de Seine-Saint-Denis",
        "Conseil indépendant sur les aides techniques : fauteuils, aides au transfert, "
        "domotique, aménagement de la salle de bains.",
        1,
        [
            S(
                name="Conseil en aides techniques",
                description="Essai de matériel en show-room et conseil d'un ergothérapeute, "
                "sans rien vendre.",
                categories=[C.ADAPTATION_LOGEMENT, C.HANDICAP, C.PERTE_AUTONOMIE],
                types=["information"],
                publics=["personnes-en-situation-de-handicap", "seniors"],
                fees="gratuit",
            ),
        ],
    ),
    T.ERGOTHERAPEUTE: (
        K.MEDICO_SOCIAL,
        "Cabinet d'ergothérapie {commune}",
        "Ergothérapeutes diplômés d'État : diagnostic du logement et préconisations d'adaptation.",
        4,
        [
            S(
                name="Diagnostic d'adaptation du logement",
                description="Visite à domicile, mises en situation et rapport de préconisations "
                "utilisable pour les aides de l'ANAH, de la caisse de retraite ou du bailleur.",
                categories=[C.ADAPTATION_LOGEMENT, C.PERTE_AUTONOMIE],
                types=["accompagnement"],
                publics=["seniors", "personnes-en-situation-de-handicap"],
                fees="payant",
                at_home=True,
            ),
        ],
    ),
    T.PRIF: (
        K.PUBLIC_BODY,
        "PRIF — Prévention retraite Île-de-France",
        "Les caisses de retraite franciliennes proposent des ateliers de prévention pour bien "
        "vieillir : équilibre, mémoire, logement, numérique.",
        1,
        [
            S(
                name="Ateliers Bien chez soi",
                description="Cinq séances collectives pour un logement pratique et sûr : gestes "
                "et postures, aides techniques, économies d'énergie.",
                categories=[C.ADAPTATION_LOGEMENT, C.LIEN_SOCIAL],
                types=["atelier"],
                publics=["seniors"],
                fees="gratuit",
            ),
            S(
                name="Ateliers Équilibre en mouvement",
                description="Prévention des chutes en douze séances, près de chez vous.",
                categories=[C.PERTE_AUTONOMIE, C.LIEN_SOCIAL],
                types=["atelier"],
                publics=["seniors"],
                fees="gratuit",
            ),
        ],
    ),
    T.SAVS: (
        K.MEDICO_SOCIAL,
        "SAVS {brand}",
        "Service d'accompagnement à la vie sociale pour adultes handicapés vivant en logement "
        "ordinaire, sur notification de la MDPH.",
        4,
        [
            S(
                name="Accompagnement à la vie sociale",
                description="Aide à la gestion du logement, du budget et des démarches, "
                "maintien des liens sociaux.",
                categories=[C.HANDICAP, C.LIEN_SOCIAL, C.MAITRISE_CHARGES],
                types=["accompagnement"],
                publics=["personnes-en-situation-de-handicap"],
                fees="gratuit",
                at_home=True,
                mobilised_by=["professionnels"],
            ),
        ],
    ),
    T.SAMSAH: (
        K.MEDICO_SOCIAL,
        "SAMSAH {brand}",
        "Accompagnement médico-social d'adultes handicapés, avec soins coordonnés, sur "
        "notification de la MDPH.",
        3,
        [
            S(
                name="Accompagnement médico-social à domicile",
                description="Suivi des soins, accompagnement vers les consultations et soutien "
                "à l'autonomie dans le logement.",
                categories=[C.HANDICAP, C.SANTE_MENTALE, C.SOINS_A_DOMICILE],
                types=["accompagnement"],
                publics=["personnes-en-situation-de-handicap"],
                fees="gratuit",
                at_home=True,
                professionals_only=True,
                mobilised_by=["professionnels"],
            ),
        ],
    ),
    T.ADIL: (
        K.PUBLIC_BODY,
        "ADIL de Seine-Saint-Denis",
        "Conseils juridiques, financiers et fiscaux gratuits sur le logement.",
        1,
        [
            S(
                name="Consultations juridiques logement",
                description="Impayés de loyer, charges, travaux, troubles de voisinage : un "
                "juriste répond par téléphone ou en permanence.",
                categories=[
                    C.IMPAYES_LOGEMENT,
                    C.ACCES_AUX_DROITS,
                    C.HEBERGEMENT,
                    C.CHANGER_LOGEMENT,
                ],
                types=["information"],
                publics=["tous-publics"],
                fees="gratuit",
                modes=["en-presentiel", "a-distance"],
            ),
        ],
    ),
    T.CDAS: (
        K.PUBLIC_BODY,
        "Service social départemental — circonscription de {commune}",
        "Les assistants de service social du Département accompagnent les familles et les "
        "personnes isolées : accès aux droits, budget, logement, protection.",
        8,
        [
            S(
                name="Accompagnement social global",
                description="Rendez-vous avec un assistant de service social du secteur ; "
                "visites à domicile si nécessaire.",
                categories=[C.ACCES_AUX_DROITS, C.IMPAYES_LOGEMENT, C.MAITRISE_CHARGES],
                types=["accompagnement"],
                publics=["tous-publics", "familles"],
                fees="gratuit",
            ),
            S(
                name="Signalement d'une personne vulnérable",
                description="Pour les professionnels : transmettre une information préoccupante "
                "sur un adulte vulnérable ou un enfant en danger.",
                categories=[C.PROTECTION_JURIDIQUE, C.VIOLENCES],
                types=["information"],
                publics=["tous-publics"],
                fees="gratuit",
                modes=["a-distance"],
                professionals_only=True,
                mobilised_by=["professionnels"],
            ),
        ],
    ),
    T.MJPM: (
        K.MEDICO_SOCIAL,
        "Service mandataire de protection des majeurs {brand}",
        "Exercice des mesures de tutelle et de curatelle confiées par le juge des contentieux "
        "de la protection.",
        3,
        [
            S(
                name="Information des familles sur les mesures de protection",
                description="Tutelle, curatelle, habilitation familiale : comprendre, demander "
                "et exercer une mesure.",
                categories=[C.PROTECTION_JURIDIQUE, C.REPIT_AIDANTS],
                types=["information"],
                publics=["familles", "seniors"],
                fees="gratuit",
            ),
        ],
    ),
    T.FRANCE_SERVICES: (
        K.PUBLIC_BODY,
        "France Services {commune}",
        "Un guichet unique pour les démarches : CAF, Assurance maladie, retraite, impôts, "
        "France Travail, ANTS.",
        6,
        [
            S(
                name="Aide aux démarches administratives en ligne",
                description="Des agents formés vous aident à créer vos comptes, remplir vos "
                "dossiers et joindre les administrations.",
                categories=[C.NUMERIQUE, C.ACCES_AUX_DROITS],
                types=["accompagnement"],
                publics=["tous-publics"],
                fees="gratuit",
            ),
        ],
    ),
    T.CAF: (
        K.PUBLIC_BODY,
        "CAF de la Seine-Saint-Denis — accueil de {commune}",
        "Prestations familiales, aides au logement, RSA, prime d'activité.",
        2,
        [
            S(
                name="Rendez-vous prestations et aides au logement",
                description="Sur rendez-vous pris en ligne ou par téléphone au 3230.",
                categories=[C.ACCES_AUX_DROITS, C.IMPAYES_LOGEMENT],
                types=["information"],
                publics=["familles", "tous-publics"],
                fees="gratuit",
            ),
        ],
    ),
    T.CPAM: (
        K.PUBLIC_BODY,
        "CPAM de la Seine-Saint-Denis — accueil de {commune}",
        "Assurance maladie : droits, complémentaire santé solidaire, accompagnement santé.",
        3,
        [
            S(
                name="Mission accompagnement santé",
                description="Pour les personnes qui renoncent à des soins : bilan des droits et "
                "accompagnement jusqu'aux rendez-vous médicaux.",
                categories=[C.ACCES_AUX_SOINS, C.ACCES_AUX_DROITS],
                types=["accompagnement"],
                publics=["tous-publics"],
                fees="gratuit",
                professionals_only=True,
                mobilised_by=["professionnels"],
            ),
            S(
                name="Bilan de prévention et dépistages",
                description="Un bilan de santé gratuit : vaccins, dépistages (dont les infections "
                "sexuellement transmissibles), conseils.",
                categories=[C.ACCES_AUX_SOINS, C.SANTE_SEXUELLE],
                types=["accompagnement"],
                publics=["tous-publics"],
                fees="gratuit",
            ),
        ],
    ),
    T.CARSAT: (
        K.PUBLIC_BODY,
        "CARSAT Île-de-France — service social régional",
        "Retraite et action sociale : aide au retour à domicile après hospitalisation, "
        "prévention de la perte d'autonomie.",
        1,
        [
            S(
                name="Aide au retour à domicile après hospitalisation",
                description="Aide ménagère temporaire et accompagnement social après une "
                "hospitalisation, pour les retraités du régime général.",
                categories=[C.AIDE_A_DOMICILE, C.PERTE_AUTONOMIE],
                types=["aide-financiere"],
                publics=["seniors"],
                fees="gratuit",
            ),
        ],
    ),
    T.MDPH: (
        K.PUBLIC_BODY,
        "MDPH de la Seine-Saint-Denis",
        "Maison départementale des personnes handicapées : dossiers AAH, PCH, RQTH, cartes.",
        1,
        [
            S(
                name="Accueil et aide au dossier MDPH",
                description="Aide pour remplir le formulaire, suivre la demande et comprendre "
                "les décisions.",
                categories=[C.HANDICAP, C.ACCES_AUX_DROITS],
                types=["information", "accompagnement"],
                publics=["personnes-en-situation-de-handicap"],
                fees="gratuit",
            ),
        ],
    ),
    T.PIMMS: (
        K.ESS,
        "PIMMS Médiation {commune}",
        "Point information médiation multi services : médiation avec les fournisseurs "
        "d'énergie, les transports et les administrations.",
        3,
        [
            S(
                name="Médiation énergie et factures",
                description="Comprendre ses factures, négocier un échéancier, demander le "
                "chèque énergie.",
                categories=[C.MAITRISE_CHARGES, C.ACCES_AUX_DROITS],
                types=["accompagnement"],
                publics=["tous-publics"],
                fees="gratuit",
            ),
            S(
                name="Bus de la médiation",
                description="Le bus s'installe près des résidences et des marchés pour "
                "répondre aux questions de factures et de démarches.",
                categories=[C.MAITRISE_CHARGES, C.NUMERIQUE],
                types=["information"],
                publics=["tous-publics", "residents-qpv-frr"],
                fees="gratuit",
                mobile=True,
            ),
        ],
    ),
    T.CSAPA: (
        K.MEDICO_SOCIAL,
        "CSAPA {commune}",
        "Centre de soins, d'accompagnement et de prévention en addictologie.",
        2,
        [
            S(
                name="Consultations addictologie",
                description="Alcool, tabac, cannabis, jeux : consultations anonymes et "
                "gratuites, accueil de l'entourage.",
                categories=[C.ADDICTIONS, C.ACCES_AUX_SOINS],
                types=["accompagnement"],
                publics=["tous-publics"],
                fees="gratuit",
            ),
        ],
    ),
    T.DAC: (
        K.MEDICO_SOCIAL,
        "DAC 93 — Dispositif d'appui à la coordination",
        "Appui aux professionnels pour les situations complexes : coordination du parcours de "
        "santé, sortie d'hospitalisation.",
        1,
        [
            S(
                name="Appui aux situations complexes",
                description="Un coordinateur de parcours aide le professionnel à organiser "
                "soins et aides autour d'une personne en difficulté.",
                categories=[C.PERTE_AUTONOMIE, C.SANTE_MENTALE],
                types=["accompagnement"],
                publics=["tous-publics"],
                fees="gratuit",
                modes=["a-distance", "en-presentiel"],
                professionals_only=True,
                mobilised_by=["professionnels"],
            ),
        ],
    ),
    T.GEM: (
        K.ESS,
        "GEM L'Entre-Deux — {commune}",
        "Groupe d'entraide mutuelle géré par et pour des personnes vivant avec des troubles "
        "psychiques.",
        3,
        [
            S(
                name="Accueil et activités entre pairs",
                description="Lieu convivial ouvert l'après-midi : sorties, ateliers, repas "
                "partagés.",
                categories=[C.SANTE_MENTALE, C.LIEN_SOCIAL],
                types=["atelier"],
                publics=["personnes-en-situation-de-handicap"],
                fees="gratuit",
            ),
        ],
    ),
    T.CENTRE_SOCIAL: (
        K.ESS,
        "Centre social {commune}",
        "Lieu d'accueil de quartier : activités pour tous les âges, permanences, projets "
        "d'habitants.",
        6,
        [
            S(
                name="Ateliers numériques seniors",
                description="Apprendre à utiliser smartphone, tablette et messagerie en petits "
                "groupes.",
                categories=[C.NUMERIQUE, C.LIEN_SOCIAL],
                types=["atelier"],
                publics=["seniors"],
                fees="gratuit",
            ),
            S(
                name="Café des habitants",
                description="Un moment convivial chaque semaine pour se rencontrer et proposer "
                "des projets.",
                categories=[C.LIEN_SOCIAL],
                types=["atelier"],
                publics=["tous-publics"],
                fees="gratuit",
            ),
            S(
                name="Ateliers de français pour adultes",
                description="Parler, lire et écrire le français de tous les jours : courses, "
                "rendez-vous, courrier.",
                categories=[C.SAVOIRS_DE_BASE],
                types=["atelier"],
                publics=["tous-publics"],
                fees="gratuit",
            ),
            S(
                name="Accueil parents-enfants",
                description="Un lieu pour jouer avec son enfant et échanger avec d'autres "
                "parents et des professionnels de la petite enfance.",
                categories=[C.FAMILLE],
                types=["atelier"],
                publics=["familles"],
                fees="gratuit",
            ),
        ],
    ),
    T.ACCUEIL_JOUR: (
        K.MEDICO_SOCIAL,
        "Accueil de jour Les Glycines — {commune}",
        "Accueil à la journée de personnes vivant avec une maladie d'Alzheimer ou apparentée.",
        3,
        [
            S(
                name="Accueil de jour Alzheimer",
                description="Une à plusieurs journées par semaine d'activités adaptées ; "
                "transport possible.",
                categories=[C.REPIT_AIDANTS, C.PERTE_AUTONOMIE],
                types=["accompagnement"],
                publics=["seniors"],
                fees="payant",
            ),
        ],
    ),
    T.PLATEFORME_REPIT: (
        K.MEDICO_SOCIAL,
        "Plateforme de répit des aidants {epci}",
        "Soutien aux proches aidants : écoute, formation, solutions de répit.",
        2,
        [
            S(
                name="Soutien et répit des aidants",
                description="Entretiens individuels, groupes de parole, relais à domicile "
                "quelques heures.",
                categories=[C.REPIT_AIDANTS],
                types=["accompagnement", "atelier"],
                publics=["familles", "seniors"],
                fees="gratuit",
            ),
        ],
    ),
    T.POINT_CONSEIL_BUDGET: (
        K.ESS,
        "Point conseil budget {commune}",
        "Conseil budgétaire gratuit et confidentiel labellisé par l'État.",
        3,
        [
            S(
                name="Conseil budget et surendettement",
                description="Faire le point sur son budget, prévenir les impayés, préparer un "
                "dossier de surendettement.",
                categories=[C.MAITRISE_CHARGES, C.IMPAYES_LOGEMENT],
                types=["accompagnement"],
                publics=["tous-publics"],
                fees="gratuit",
            ),
        ],
    ),
    T.CIDFF: (
        K.ESS,
        "CIDFF de Seine-Saint-Denis",
        "Information juridique et accompagnement des femmes, notamment victimes de violences.",
        1,
        [
            S(
                name="Accompagnement des victimes de violences",
                description="Juristes et psychologues reçoivent gratuitement et "
                "confidentiellement. En cas de danger : 17 ; écoute : 3919.",
                categories=[C.VIOLENCES, C.ACCES_AUX_DROITS],
                types=["accompagnement"],
                publics=["femmes", "familles"],
                fees="gratuit",
            ),
        ],
    ),
    T.DEPARTEMENT: (
        K.PUBLIC_BODY,
        "Département de la Seine-Saint-Denis — autonomie",
        "Direction de l'autonomie : APA, PCH, aide sociale à l'hébergement.",
        1,
        [
            S(
                name="Demande d'allocation personnalisée d'autonomie (APA)",
                description="L'APA finance une partie de l'aide à domicile des personnes de 60 "
                "ans et plus en perte d'autonomie (GIR 1 à 4).",
                categories=[C.PERTE_AUTONOMIE, C.ACCES_AUX_DROITS, C.AIDE_A_DOMICILE],
                types=["aide-financiere"],
                publics=["seniors"],
                fees="gratuit",
            ),
        ],
    ),
    T.CIAS: (
        K.PUBLIC_BODY,
        "CIAS {epci}",
        "Centre intercommunal d'action sociale.",
        1,
        [
            S(
                name="Aide sociale intercommunale",
                description="Aides facultatives et accompagnement social pour les habitants du "
                "territoire.",
                categories=[C.ACCES_AUX_DROITS],
                types=["accompagnement"],
                publics=["tous-publics"],
                fees="gratuit",
            ),
        ],
    ),
    T.MAIRIE: (
        K.PUBLIC_BODY,
        "Mairie de {commune} — service seniors",
        "Animations, transport accompagné et informations pour les retraités.",
        2,
        [
            S(
                name="Transport accompagné des seniors",
                description="Navette municipale sur réservation pour les courses et rendez-vous "
                "médicaux.",
                categories=[C.MOBILITE, C.LIEN_SOCIAL],
                types=["aide-materielle"],
                publics=["seniors"],
                fees="gratuit",
                at_home=True,
            ),
        ],
    ),
    T.SCHS: (
        K.PUBLIC_BODY,
        "Service communal d'hygiène et de santé de {commune}",
        "Le service d'hygiène de la ville intervient sur l'insalubrité, l'incurie, les "
        "nuisibles et les nuisances des animaux, en lien avec le CCAS et le secteur de "
        "psychiatrie.",
        ("93008", "93048", "93066", "93001", "93010"),
        [
            S(
                name="Hygiène et salubrité de l'habitat",
                description="Logement encombré ou insalubre, odeurs, nuisibles, animaux trop "
                "nombreux : un inspecteur de salubrité se déplace, évalue les risques et "
                "coordonne les suites avec les services sociaux.",
                categories=[],
                thematiques=[MAINTIEN_LOGEMENT],
                types=["accompagnement"],
                publics=["tous-publics"],
                fees="gratuit",
                at_home=True,
                mobilised_by=["professionnels", "usagers"],
            ),
        ],
    ),
    T.SIAO: (
        K.PUBLIC_BODY,
        "SIAO de la Seine-Saint-Denis — 115",
        "Le service intégré de l'accueil et de l'orientation gère le 115 et oriente vers "
        "l'hébergement d'urgence, l'hébergement d'insertion et le logement accompagné.",
        ("93008",),
        [
            S(
                name="Orientation vers un hébergement",
                description="Mise à l'abri et orientation vers un hébergement adapté ; le 115 "
                "répond jour et nuit, les travailleurs sociaux déposent les demandes "
                "d'insertion.",
                categories=[C.HEBERGEMENT],
                types=["information", "accompagnement"],
                publics=["personnes-en-situation-durgence", "tous-publics"],
                fees="gratuit",
                modes=["a-distance"],
            ),
        ],
    ),
    T.CHRS: (
        K.MEDICO_SOCIAL,
        "CHRS L'Escale — {commune}",
        "Centre d'hébergement et de réinsertion sociale : hébergement et accompagnement vers "
        "le logement, sur orientation du SIAO.",
        ("93008", "93066"),
        [
            S(
                name="Hébergement et accompagnement vers le logement",
                description="Hébergement temporaire, accompagnement social, budget et "
                "démarches, jusqu'à l'accès à un logement.",
                categories=[C.HEBERGEMENT, C.ACCES_AUX_DROITS],
                types=["accompagnement"],
                publics=["personnes-en-situation-durgence", "femmes", "familles"],
                fees="gratuit",
                professionals_only=True,
                mobilised_by=["professionnels"],
            ),
        ],
    ),
    T.PENSION_FAMILLE: (
        K.ESS,
        "Pension de famille Les Hirondelles — {commune}",
        "Logement durable avec des espaces partagés et deux hôtes présents en journée, pour "
        "des personnes isolées après un parcours de rue ou d'hébergement.",
        ("93048", "93010"),
        [
            S(
                name="Logement accompagné en pension de famille",
                description="Studios meublés, repas partagés, accompagnement au quotidien ; "
                "admission sur orientation du SIAO.",
                categories=[C.HEBERGEMENT, C.LIEN_SOCIAL],
                types=["accompagnement"],
                publics=["tous-publics"],
                fees="payant",
                mobilised_by=["professionnels"],
            ),
        ],
    ),
    T.EHPAD: (
        K.MEDICO_SOCIAL,
        "EHPAD Les Charmilles — {commune}",
        "Établissement d'hébergement pour personnes âgées dépendantes : hébergement "
        "permanent ou temporaire, soins et animation.",
        ("93008", "93048", "93055"),
        [
            S(
                name="Hébergement temporaire",
                description="Quelques semaines en établissement après une hospitalisation ou "
                "pour soulager l'aidant.",
                categories=[C.PERTE_AUTONOMIE, C.REPIT_AIDANTS],
                types=["accompagnement"],
                publics=["seniors"],
                fees="payant",
            ),
        ],
    ),
    T.RESIDENCE_AUTONOMIE: (
        K.PUBLIC_BODY,
        "Résidence autonomie Le Belvédère — {commune}",
        "Logements indépendants pour personnes âgées autonomes, avec espaces communs, "
        "restauration et animations.",
        ("93010", "93066", "93001"),
        [
            S(
                name="Logement en résidence autonomie",
                description="Studios et deux-pièces, gardien la nuit, repas et activités "
                "collectives au choix.",
                categories=[C.HEBERGEMENT, C.LIEN_SOCIAL],
                types=["accompagnement"],
                publics=["seniors"],
                fees="payant",
            ),
        ],
    ),
    T.OPERATEUR_HABITAT: (
        K.ESS,
        "Habitat et Territoires 93 — opérateur de l'amélioration de l'habitat",
        "Association agréée qui accompagne les habitants dans les travaux d'adaptation et "
        "pendant les réhabilitations, en lien avec les bailleurs.",
        ("93008",),
        [
            S(
                name="Accompagnement des locataires pendant les travaux",
                description="Une conseillère rencontre les locataires fragiles avant et "
                "pendant la réhabilitation : repères, relogement temporaire, adaptation du "
                "logement.",
                categories=[C.ADAPTATION_LOGEMENT, C.LIEN_SOCIAL],
                thematiques=[CHANGER_LOGEMENT],
                types=["accompagnement"],
                publics=["seniors", "personnes-en-situation-de-handicap", "tous-publics"],
                fees="gratuit",
                at_home=True,
            ),
        ],
    ),
    T.AVDL: (
        K.ESS,
        "Association Logement Accompagné {commune}",
        "Accompagnement vers et dans le logement, gestion locative adaptée et "
        "intermédiation locative, pour les ménages qui arrivent dans un logement ou risquent "
        "de le perdre.",
        ("93008", "93048", "93066"),
        [
            S(
                name="Accompagnement vers et dans le logement",
                description="Un travailleur social aide le ménage à s'installer, ouvrir ses "
                "droits, tenir son budget et garder le lien avec le bailleur.",
                categories=[C.IMPAYES_LOGEMENT, C.HEBERGEMENT, C.ACCES_AUX_DROITS],
                thematiques=[JUDICIAIRE],
                types=["accompagnement"],
                publics=["tous-publics"],
                fees="gratuit",
                at_home=True,
                mobilised_by=["professionnels"],
            ),
        ],
    ),
    T.CLSM: (
        K.PUBLIC_BODY,
        "Conseil local de santé mentale de {commune}",
        "Élus, psychiatrie, bailleurs et services sociaux se coordonnent pour les situations "
        "de santé mentale complexes.",
        ("93008", "93048"),
        [
            S(
                name="Cellule de situations complexes en santé mentale",
                description="Pour les professionnels : présenter une situation qui bloque et "
                "construire une réponse à plusieurs.",
                categories=[C.SANTE_MENTALE],
                types=["accompagnement"],
                publics=["tous-publics"],
                fees="gratuit",
                modes=["a-distance"],
                professionals_only=True,
                mobilised_by=["professionnels"],
            ),
        ],
    ),
    T.SPIP: (
        K.PUBLIC_BODY,
        "SPIP de la Seine-Saint-Denis — antenne de {commune}",
        "Le service pénitentiaire d'insertion et de probation suit les personnes placées sous "
        "main de justice et prépare les sorties de détention.",
        ("93008",),
        [
            S(
                name="Préparation et suivi des sorties de détention",
                description="Le conseiller d'insertion et de probation fait le lien avec le "
                "logement, les droits et les soins.",
                categories=[C.ACCES_AUX_DROITS],
                thematiques=[JUDICIAIRE],
                types=["accompagnement"],
                publics=["personnes-en-situation-juridique-specifique"],
                fees="gratuit",
                professionals_only=True,
                mobilised_by=["professionnels"],
            ),
        ],
    ),
}

GENERIC_SERVICES = {
    T.ASSOCIATION: (
        K.ESS,
        "Association de loi 1901 agissant auprès des habitants de {commune} et des environs.",
    ),
    T.ESS: (
        K.ESS,
        "Structure de l'économie sociale et solidaire implantée à {commune}.",
    ),
}

CATEGORY_SERVICE_NAMES = {
    C.LIEN_SOCIAL: (
        "Visites de convivialité",
        "Bénévoles qui rendent visite chaque semaine aux personnes isolées et proposent "
        "des sorties.",
    ),
    C.PERTE_AUTONOMIE: (
        "Petits services aux seniors",
        "Courses, accompagnement aux rendez-vous et petits dépannages pour les personnes âgées.",
    ),
    C.MAITRISE_CHARGES: (
        "Ateliers économies d'énergie",
        "Repérer les gaspillages, lire ses factures, installer des équipements économes.",
    ),
    C.IMPAYES_LOGEMENT: (
        "Permanence impayés de loyer",
        "Faire le point avec un bénévole formé et préparer le dialogue avec le bailleur.",
    ),
    C.NUMERIQUE: (
        "Permanence numérique",
        "Aide individuelle pour les démarches en ligne, sans jugement et sans rendez-vous.",
    ),
    C.VIOLENCES: (
        "Écoute et accompagnement des femmes",
        "Accueil confidentiel, orientation vers un hébergement et accompagnement juridique.",
    ),
    C.ALIMENTATION: (
        "Distribution alimentaire",
        "Colis et repas pour les personnes orientées par un travailleur social.",
    ),
    C.ACCES_AUX_DROITS: (
        "Permanence d'accès aux droits",
        "Informer sur les droits sociaux et aider à constituer les dossiers.",
    ),
    C.ADAPTATION_LOGEMENT: (
        "Petits travaux d'adaptation du logement",
        "Pose de barres d'appui, rehausseurs, éclairage et petits aménagements réalisés "
        "par des bénévoles encadrés.",
    ),
    C.REPIT_AIDANTS: (
        "Groupe de parole des aidants",
        "Échanger avec d'autres aidants, animé par un psychologue, une fois par mois.",
    ),
    C.SANTE_MENTALE: (
        "Soutien aux proches",
        "Écoute et information des familles confrontées aux troubles psychiques d'un proche.",
    ),
    C.MOBILITE: (
        "Transport solidaire",
        "Chauffeurs bénévoles pour les déplacements du quotidien, sur réservation.",
    ),
    C.HEBERGEMENT: (
        "Cohabitation intergénérationnelle",
        "Mise en relation d'un senior qui a une chambre libre avec un jeune en recherche "
        "de logement.",
    ),
    C.AIDE_A_DOMICILE: (
        "Conciergerie solidaire",
        "Services du quotidien pour les résidents : courses, pressing, petites réparations.",
    ),
}

RESIDENCE_NAMES = [
    "Les Tilleuls",
    "Les Courtillières",
    "Le Clos Fleuri",
    "Les Jardins de la Mare",
    "La Butte Verte",
    "Les Sablons",
    "Le Moulin",
    "Les Peupliers",
    "Cité des Poètes",
    "Les Hauts de Montreau",
    "La Noue",
    "Le Parc",
    "Les Marronniers",
    "La Source",
    "Les Acacias",
    "Le Belvédère",
    "Les Glycines",
    "Cité Jardin",
    "Les Lilas Blancs",
    "Le Village",
]
