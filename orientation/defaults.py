"""Default orientation data, loaded by the data migrations and by `demo.load()`.

Situations come from the seeds (gardiens' working groups 000, 002–003, and 004 on accompanied
housing); thematiques are data·inclusion slugs, typologies the values of
`directory.vocabularies.Typology`. Moderators edit all of it in the Wagtail admin afterwards;
loading never overwrites their edits (migration 0005 updates only unedited fields)."""

from django.utils.text import slugify

# Thematique slugs, spelled out once (they are data·inclusion values, checked by a test).
DEPENDANCE = "famille--prise-en-charge-personne-dependante"
MAINTIEN_LOGEMENT = "logement-hebergement--se-maintenir-dans-le-logement"
MOBILITE = "mobilite--etre-accompagne-dans-son-parcours-mobilite"
LIEN_SOCIAL = "remobilisation--lien-social"
ACTIVITES = "remobilisation--activites-sportives-et-culturelles"
AIDE_MENAGERE = "equipement-et-alimentation--aide-menagere"
SANTE_MENTALE = "sante--sante-mentale"
ACCES_SOINS = "sante--acces-aux-soins"
ACCES_DROITS = "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"
DEMARCHES = (
    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"
)
JUDICIAIRE = (
    "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire"
)
IMPAYES = "logement-hebergement--reduire-les-impayes-de-loyer"
BUDGET = "difficultes-financieres--ameliorer-sa-gestion-budgetaire"
SURENDETTEMENT = "difficultes-financieres--situation-dendettement-surendettement"
VIOLENCES = "famille--surmonter-conflits-separation-violence"
AIDANTS = "famille--soutien-aidants"
SERVICES_EN_LIGNE = "numerique--acceder-a-des-services-en-ligne"
FONDAMENTAUX_NUMERIQUE = "numerique--maitriser-les-fondamentaux-du-numerique"
HEBERGEMENT_TEMPORAIRE = "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"

ADDICTIONS = "sante--addictions"
ALIMENTATION = "equipement-et-alimentation--alimentation"
CHANGER_LOGEMENT = "logement-hebergement--changer-de-logement"
ACCES_LOGEMENT = "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement"

CONSENT = "La personne sait-elle que vous appelez ? Est-elle d'accord ?"

# Each situation names its primary answers (`primary_typologies`, best first: the kinds of
# structures the seeds send the gardien to), secondary kinds (`typologies`) and the national
# thematiques a service must share to answer it. Broad kinds (CCAS, CDAS, associations…)
# answer only through a service whose thematiques match (orientation/ranking.py). Thematiques
# are chosen narrow on purpose: "se maintenir dans le logement" is carried by meal delivery and
# small repairs too, so it is left out of situations it does not answer.
SITUATIONS = [
    {
        "slug": "perte-autonomie",
        "label": "Perte d'autonomie, mobilité",
        "description": (
            "Le locataire a du mal à se déplacer, à monter les escaliers, à faire ses courses "
            "ou son ménage ; il a peut-être chuté."
        ),
        "is_danger": False,
        "thematiques": [DEPENDANCE, MAINTIEN_LOGEMENT, MOBILITE],
        "primary_typologies": ["CLIC", "SAAD", "SPASAD", "ERGO", "CCAS"],
        "typologies": ["SSIAD", "CICAT", "EMG", "DEPT", "PRIF"],
        "publics": ["seniors", "personnes-en-situation-de-handicap"],
        "prefers_at_home": True,
        "questions": [
            CONSENT,
            "Depuis quand avez-vous remarqué ce changement ?",
            "Qu'est-ce qui est devenu difficile : escaliers, courses, ménage, toilette ?",
            "Un proche, une aide à domicile ou un infirmier passent-ils déjà ?",
            "Le logement a-t-il un ascenseur ? Des marches à l'entrée ?",
        ],
    },
    {
        "slug": "isolement",
        "label": "Isolement",
        "description": (
            "Le locataire ne sort plus, ne reçoit personne, ne relève plus son courrier ; "
            "les voisins s'inquiètent."
        ),
        "is_danger": False,
        "thematiques": [LIEN_SOCIAL, ACTIVITES],
        "primary_typologies": ["CCAS", "CLIC", "ASSO", "CS"],
        "typologies": ["PRIF", "GEM", "MAIRIE", "ESS", "EMPP"],
        "publics": ["seniors", "tous-publics"],
        "prefers_at_home": False,
        "questions": [
            CONSENT,
            "Depuis quand la personne ne sort-elle plus ?",
            "A-t-elle de la famille ou des amis qui passent ?",
            "Accepterait-elle une visite, un appel régulier, une activité près de chez elle ?",
        ],
    },
    {
        "slug": "logement-encombre",
        "label": "Logement encombré, incurie",
        "description": (
            "Accumulation d'objets, odeurs, nuisibles, logement qui n'est plus entretenu "
            "(on parle parfois de syndrome de Diogène)."
        ),
        "is_danger": False,
        "thematiques": [SANTE_MENTALE, ACCES_DROITS],
        "primary_typologies": ["CMP", "EMPP", "CCAS", "CDAS", "SCHS", "CLIC"],
        "typologies": ["DAC", "CLSM", "SAAD", "MJPM"],
        "publics": ["tous-publics"],
        "prefers_at_home": True,
        "questions": [
            CONSENT,
            "Y a-t-il un risque immédiat (incendie, issue bloquée, fuite) ? Si oui, appelez le 18.",
            "Depuis quand la situation dure-t-elle ?",
            "Un travailleur social suit-il déjà la personne ?",
            "Pour les plus de 60 ans, le point d'information pour les personnes âgées (CLIC) "
            "peut évaluer la situation à domicile.",
        ],
    },
    {
        "slug": "souffrance-psychique",
        "label": "Souffrance psychique",
        "description": (
            "Propos inquiétants, comportement qui a changé, repli, angoisse ; la personne "
            "semble en détresse."
        ),
        "is_danger": False,
        "thematiques": [SANTE_MENTALE],
        "primary_typologies": ["CMP", "EMPP"],
        "typologies": ["GEM", "SAVS", "SAMSAH", "DAC", "CLSM", "CSAPA"],
        "publics": ["tous-publics"],
        "prefers_at_home": False,
        "questions": [
            "La personne parle-t-elle de mettre fin à ses jours ? Si oui, appelez le 15 "
            "(ou le 3114, numéro national de prévention du suicide).",
            CONSENT,
            "Qu'avez-vous observé, concrètement, et depuis quand ?",
            "La personne est-elle déjà suivie (elle peut vous le dire, sans détail) ?",
        ],
    },
    {
        "slug": "troubles-voisinage",
        "label": "Troubles du voisinage",
        "description": "Bruit, conflits répétés, tensions entre voisins dans la résidence.",
        "is_danger": False,
        "thematiques": [JUDICIAIRE, ACCES_DROITS],
        "primary_typologies": ["ADIL", "PIMMS", "ASSO", "MAIRIE"],
        "typologies": ["CMP", "EMPP", "CCAS", "CS"],
        "publics": ["tous-publics"],
        "prefers_at_home": False,
        "questions": [
            "Quels faits (dates, heures, nature des nuisances), sans jugement sur les personnes ?",
            "Une médiation a-t-elle déjà été tentée ?",
            "Le conflit cache-t-il une autre difficulté (souffrance psychique, isolement) ?",
        ],
    },
    {
        "slug": "impayes",
        "label": "Impayés de loyer",
        "description": "Retards de loyer ou de charges, courriers de relance, peur de l'expulsion.",
        "is_danger": False,
        "thematiques": [IMPAYES, BUDGET, SURENDETTEMENT],
        "primary_typologies": ["CCAS", "CDAS", "PCB", "ADIL", "CAF"],
        "typologies": ["AVDL", "PIMMS", "MJPM", "ASSO", "FS"],
        "publics": ["tous-publics"],
        "prefers_at_home": False,
        "questions": [
            CONSENT,
            "Depuis combien de mois les loyers sont-ils impayés ?",
            "Le service contentieux du bailleur est-il informé ?",
            "La personne a-t-elle fait valoir ses droits (aides au logement, FSL) ?",
        ],
    },
    {
        "slug": "violences-conjugales",
        "label": "Violences conjugales",
        "description": (
            "Cris, coups entendus, traces, peur : une personne subit peut-être des violences "
            "de son conjoint ou ex-conjoint."
        ),
        "is_danger": True,
        "thematiques": [VIOLENCES],
        "primary_typologies": ["CIDFF", "ASSO", "CDAS"],
        "typologies": ["CCAS", "SIAO", "CHRS"],
        "publics": ["femmes", "familles"],
        "prefers_at_home": False,
        "questions": [
            "En cas de danger immédiat, appelez le 17 (ou le 114 par SMS).",
            "La victime peut appeler le 3919, anonyme et gratuit, 24 h/24.",
            "Parlez-lui seule, dans un lieu sûr ; ne confrontez jamais l'auteur.",
            "Notez les faits observés (date, heure), sans les diffuser.",
        ],
    },
    {
        "slug": "sortie-hospitalisation",
        "label": "Sortie d'hospitalisation",
        "description": (
            "La personne rentre chez elle après un séjour à l'hôpital et risque de ne pas "
            "s'en sortir seule."
        ),
        "is_danger": False,
        "thematiques": [ACCES_SOINS, DEPENDANCE],
        "primary_typologies": ["SSIAD", "SPASAD", "SAAD", "DAC", "CLIC"],
        "typologies": ["EMG", "CARSAT", "CCAS"],
        "publics": ["seniors", "tous-publics"],
        "prefers_at_home": True,
        "questions": [
            CONSENT,
            "Quand la sortie est-elle prévue, ou a-t-elle eu lieu ?",
            "Le service social de l'hôpital a-t-il organisé des aides ?",
            "Le logement est-il accessible (ascenseur en service, marches) ?",
        ],
    },
    {
        "slug": "sortie-detention",
        "label": "Sortie de détention",
        "description": "Une personne revient dans le logement après une incarcération.",
        "is_danger": False,
        "thematiques": [JUDICIAIRE, ACCES_DROITS],
        "primary_typologies": ["SPIP", "CDAS", "CCAS", "AVDL"],
        "typologies": ["FS", "ASSO", "CSAPA"],
        "publics": ["personnes-en-situation-juridique-specifique", "tous-publics"],
        "prefers_at_home": False,
        "questions": [
            CONSENT,
            "Un conseiller d'insertion et de probation (SPIP) suit-il la personne ?",
            "Ses droits (ressources, assurance maladie, aides au logement) sont-ils ouverts ?",
        ],
    },
    {
        "slug": "aidant-epuise",
        "label": "Aidant épuisé",
        "description": (
            "Un proche s'occupe seul d'une personne âgée, malade ou handicapée et n'en peut plus."
        ),
        "is_danger": False,
        "thematiques": [AIDANTS],
        "primary_typologies": ["PFR", "AJ", "CLIC"],
        "typologies": ["SAAD", "CCAS", "ASSO"],
        "publics": ["seniors", "familles", "tous-publics"],
        "prefers_at_home": False,
        "questions": [
            CONSENT,
            "L'aidant connaît-il les solutions de répit (accueil de jour, relais à domicile) ?",
            "La personne aidée a-t-elle des aides (APA, PCH, aide à domicile) ?",
        ],
    },
    {
        "slug": "aide-a-domicile",
        "label": "Besoin d'aide à domicile",
        "description": "Ménage, courses, repas, toilette : la personne a besoin d'aide chez elle.",
        "is_danger": False,
        "thematiques": [AIDE_MENAGERE, DEPENDANCE],
        "primary_typologies": ["SAAD", "SPASAD", "SSIAD", "CCAS"],
        "typologies": ["CLIC", "DEPT"],
        "publics": ["seniors", "personnes-en-situation-de-handicap", "tous-publics"],
        "prefers_at_home": True,
        "questions": [
            CONSENT,
            "Pour quoi la personne a-t-elle besoin d'aide : ménage, repas, courses, toilette ?",
            "A-t-elle déjà demandé l'APA ou la PCH ?",
        ],
    },
    {
        "slug": "numerique-demarches",
        "label": "Difficultés numériques, démarches",
        "description": (
            "La personne n'arrive pas à faire ses démarches en ligne (CAF, retraite, impôts) "
            "ou à comprendre un courrier administratif."
        ),
        "is_danger": False,
        "thematiques": [SERVICES_EN_LIGNE, FONDAMENTAUX_NUMERIQUE, DEMARCHES],
        "primary_typologies": ["FS", "PIMMS", "CS"],
        "typologies": ["CCAS", "ASSO"],
        "publics": ["tous-publics", "seniors"],
        "prefers_at_home": False,
        "questions": [
            CONSENT,
            "Quelle démarche est bloquée (organisme, courrier reçu) ?",
            "La personne a-t-elle un téléphone, un ordinateur, une adresse e-mail ?",
        ],
    },
    {
        "slug": "panne-ascenseur",
        "label": "Panne d'ascenseur : une personne ne peut plus sortir",
        "description": (
            "L'ascenseur est en panne et une personne âgée ou handicapée ne peut plus descendre "
            "faire ses courses ou aller à ses rendez-vous."
        ),
        "is_danger": False,
        "thematiques": [ALIMENTATION, AIDE_MENAGERE, DEPENDANCE],
        "primary_typologies": ["CCAS", "SAAD", "CLIC"],
        "typologies": ["SPASAD", "MAIRIE", "ASSO", "ESS"],
        "publics": ["seniors", "personnes-en-situation-de-handicap"],
        "prefers_at_home": True,
        "questions": [
            CONSENT,
            "La panne est-elle signalée au bailleur ? Quand la réparation est-elle prévue ?",
            "La personne a-t-elle de quoi manger et ses médicaments pour les jours à venir ?",
            "Un rendez-vous médical ou un soin doit-il être déplacé ?",
        ],
    },
    {
        "slug": "travaux-rehabilitation",
        "label": "Travaux, réhabilitation : la personne perd ses repères",
        "description": (
            "Pendant des travaux dans la résidence ou le logement, une personne fragile est "
            "perdue, angoissée ou ne peut plus vivre normalement chez elle."
        ),
        "is_danger": False,
        "thematiques": [LIEN_SOCIAL, CHANGER_LOGEMENT, ACCES_LOGEMENT],
        "primary_typologies": ["OPHABITAT", "CLIC", "CCAS"],
        "typologies": ["ERGO", "EMG", "DAC", "CS", "ASSO"],
        "publics": ["seniors", "personnes-en-situation-de-handicap", "tous-publics"],
        "prefers_at_home": True,
        "questions": [
            CONSENT,
            "Le chargé d'opération ou le service social du bailleur est-il informé ?",
            "Qu'est-ce qui a changé pour la personne : bruit, accès, relogement temporaire ?",
            "Un proche ou un professionnel l'accompagne-t-il déjà ?",
        ],
    },
    {
        "slug": "addictions",
        "label": "Addictions",
        "description": (
            "Alcool, drogues, médicaments, jeux : la consommation d'une personne met en danger "
            "sa santé, son logement ou la tranquillité de la résidence."
        ),
        "is_danger": False,
        "thematiques": [ADDICTIONS, SANTE_MENTALE],
        "primary_typologies": ["CSAPA", "CMP", "EMPP"],
        "typologies": ["CDAS", "CCAS", "GEM"],
        "publics": ["tous-publics"],
        "prefers_at_home": False,
        "questions": [
            "Y a-t-il un danger immédiat (malaise, violence) ? Si oui, appelez le 15 ou le 17.",
            CONSENT,
            "Qu'avez-vous observé, concrètement, et depuis quand ?",
            "L'entourage peut aussi être reçu, anonymement, dans un centre d'addictologie.",
        ],
    },
    {
        "slug": "animaux-hygiene",
        "label": "Animaux, hygiène : nuisances venant d'un logement",
        "description": (
            "Trop d'animaux, odeurs, nuisibles, manque d'hygiène qui gêne les voisins ou "
            "menace la santé de la personne."
        ),
        "is_danger": False,
        "thematiques": [SANTE_MENTALE, ACCES_DROITS],
        "primary_typologies": ["SCHS", "CCAS", "CDAS", "CMP"],
        "typologies": ["EMPP", "SAAD", "ASSO"],
        "publics": ["tous-publics"],
        "prefers_at_home": True,
        "questions": [
            CONSENT,
            "Qu'avez-vous constaté (odeurs, nuisibles, nombre d'animaux), et depuis quand ?",
            "Les voisins ou le bailleur ont-ils déjà signalé la situation ?",
            "La personne semble-t-elle en souffrance ou dépassée ?",
        ],
    },
    {
        "slug": "nouveau-locataire-fragile",
        "label": "Arrivée d'un nouveau locataire fragile",
        "description": (
            "Un nouveau locataire semble perdu : premier logement, sortie d'hébergement, "
            "difficultés à gérer le budget ou les démarches."
        ),
        "is_danger": False,
        "thematiques": [ACCES_DROITS, BUDGET, ACCES_LOGEMENT],
        "primary_typologies": ["AVDL", "CDAS", "CCAS"],
        "typologies": ["CS", "SAVS", "CAF", "FS", "PIMMS"],
        "publics": ["tous-publics"],
        "prefers_at_home": False,
        "questions": [
            CONSENT,
            "La personne a-t-elle reçu le livret d'accueil et les explications sur le logement ?",
            "Un travailleur social l'accompagnait-il avant son arrivée ?",
            "Ses droits (aides au logement, assurance habitation, énergie) sont-ils ouverts ?",
        ],
    },
    {
        "slug": "refus-aide",
        "label": "Refus de toute aide",
        "description": (
            "La personne va mal mais refuse toute aide, ne répond pas aux courriers et "
            "n'ouvre pas aux professionnels."
        ),
        "is_danger": False,
        "thematiques": [SANTE_MENTALE, LIEN_SOCIAL],
        "primary_typologies": ["EMPP", "CCAS", "DAC", "CMP"],
        "typologies": ["CLIC", "CDAS", "EMG", "MJPM"],
        "publics": ["tous-publics"],
        "prefers_at_home": True,
        "questions": [
            "Y a-t-il un danger immédiat pour la personne ou pour d'autres ? Si oui, appelez "
            "le 15, le 17 ou le 18.",
            "Qu'avez-vous observé, concrètement, et depuis quand ?",
            "Qui garde un lien avec elle (voisin, proche, commerçant) ?",
        ],
    },
    {
        "slug": "troubles-cognitifs",
        "label": "Troubles de la mémoire, désorientation",
        "description": (
            "La personne se perd dans la résidence, oublie de fermer le gaz ou l'eau, ne "
            "reconnaît plus les lieux ou les voisins."
        ),
        "is_danger": False,
        "thematiques": [ACCES_SOINS, SANTE_MENTALE, AIDANTS],
        "primary_typologies": ["CLIC", "DAC", "EMG", "CMP"],
        "typologies": ["AJ", "PFR", "SSIAD", "MJPM", "CCAS"],
        "publics": ["seniors", "tous-publics"],
        "prefers_at_home": True,
        "questions": [
            CONSENT,
            "Y a-t-il un danger dans le logement (gaz, eau, porte ouverte la nuit) ?",
            "Un proche ou un médecin traitant est-il au courant ?",
            "Depuis quand avez-vous remarqué ces changements ?",
        ],
    },
    {
        "slug": "deuil-isolement",
        "label": "Deuil, isolement soudain",
        "description": (
            "La personne a perdu son conjoint ou un proche et se retrouve seule, sans repères "
            "ni ressources."
        ),
        "is_danger": False,
        "thematiques": [LIEN_SOCIAL, ACCES_DROITS],
        "primary_typologies": ["CCAS", "CLIC", "ASSO", "CS"],
        "typologies": ["CARSAT", "CAF", "GEM", "PRIF"],
        "publics": ["seniors", "tous-publics"],
        "prefers_at_home": False,
        "questions": [
            CONSENT,
            "La personne a-t-elle de la famille ou des amis qui passent ?",
            "Ses ressources ont-elles changé (pension de réversion, aides au logement) ?",
            "Accepterait-elle une visite ou un appel régulier ?",
        ],
    },
    {
        "slug": "danger-immediat",
        "label": "Danger immédiat",
        "description": (
            "Une vie est menacée : malaise, violence, incendie, personne qui ne répond plus. "
            "Appelez d'abord les secours."
        ),
        "is_danger": True,
        # Emergency numbers only: no service is proposed (no thematique, no kind).
        "thematiques": [],
        "primary_typologies": [],
        "typologies": [],
        "publics": [],
        "prefers_at_home": False,
        "questions": [
            "Appelez d'abord le 15, le 17, le 18 ou le 112 ; restez en ligne.",
            "Dites où vous êtes : adresse, bâtiment, étage, code d'accès.",
            "Une fois les secours prévenus, informez votre responsable.",
        ],
    },
]

# (acronym, term, plain-French definition, related situation slug or "")
GLOSSARY = [
    (
        "AAH",
        "Allocation aux adultes handicapés",
        "Une aide financière versée par la CAF aux adultes handicapés qui ont peu de ressources.",
        "",
    ),
    (
        "ADIL",
        "Agence départementale d'information sur le logement",
        "Des juristes qui renseignent gratuitement locataires et propriétaires sur leurs droits : "
        "bail, loyers, impayés, expulsion.",
        "impayes",
    ),
    (
        "ANAH",
        "Agence nationale de l'habitat",
        "L'agence de l'État qui finance des travaux de rénovation et d'adaptation du logement "
        "pour les propriétaires aux revenus modestes.",
        "perte-autonomie",
    ),
    (
        "ANTS",
        "Agence nationale des titres sécurisés",
        "Le site de l'État où l'on demande en ligne carte d'identité, passeport, permis de "
        "conduire et carte grise.",
        "numerique-demarches",
    ),
    (
        "APA",
        "Allocation personnalisée d'autonomie",
        "Une aide du Département pour les personnes de 60 ans et plus qui ont besoin d'aide "
        "dans la vie quotidienne. Elle paie par exemple une aide à domicile.",
        "perte-autonomie",
    ),
    (
        "ARS",
        "Agence régionale de santé",
        "L'État en région pour la santé : elle finance et contrôle hôpitaux, EHPAD, centres de "
        "santé et services de soins.",
        "",
    ),
    (
        "AVDL",
        "Accompagnement vers et dans le logement",
        "Un accompagnement par un travailleur social pour accéder à un logement ou s'y maintenir.",
        "impayes",
    ),
    (
        "CAF",
        "Caisse d'allocations familiales",
        "L'organisme qui verse les aides au logement, les prestations familiales, l'AAH et le RSA.",
        "",
    ),
    (
        "CARSAT",
        "Caisse d'assurance retraite et de la santé au travail",
        "La caisse qui verse la retraite des salariés et finance des aides pour bien vieillir "
        "chez soi.",
        "",
    ),
    (
        "CCAPEX",
        "Commission de coordination des actions de prévention des expulsions locatives",
        "Une commission départementale qui examine les situations d'impayés pour éviter "
        "l'expulsion.",
        "impayes",
    ),
    (
        "CCAS",
        "Centre communal d'action sociale",
        "Le service social de la mairie : aides, domiciliation, accompagnement des personnes "
        "âgées ou en difficulté.",
        "",
    ),
    (
        "CDAS",
        "Circonscription départementale d'action sociale",
        "Le service social du Département près de chez soi : des assistants sociaux reçoivent "
        "toute personne en difficulté.",
        "",
    ),
    (
        "CESF",
        "Conseiller en économie sociale et familiale",
        "Un travailleur social qui aide à gérer le budget, les charges et la vie quotidienne du "
        "logement. Beaucoup de bailleurs en ont un.",
        "impayes",
    ),
    (
        "CHRS",
        "Centre d'hébergement et de réinsertion sociale",
        "Un hébergement avec un accompagnement social, pour des personnes sans logement ou qui "
        "fuient des violences. On y entre par le SIAO.",
        "",
    ),
    (
        "CIAS",
        "Centre intercommunal d'action sociale",
        "Le CCAS de plusieurs communes regroupées : mêmes aides, même accompagnement.",
        "",
    ),
    (
        "CICAT",
        "Centre d'information et de conseil sur les aides techniques",
        "Des ergothérapeutes conseillent sur le matériel et l'aménagement du logement quand on "
        "perd en autonomie.",
        "perte-autonomie",
    ),
    (
        "CIDFF",
        "Centre d'information sur les droits des femmes et des familles",
        "Des juristes et conseillers informent gratuitement les femmes et les familles : "
        "séparation, violences, droits, emploi.",
        "violences-conjugales",
    ),
    (
        "CLIC",
        "Centre local d'information et de coordination",
        "Un guichet d'information pour les personnes âgées et leurs proches : aides à domicile, "
        "APA, entrée en établissement.",
        "perte-autonomie",
    ),
    (
        "EMG",
        "Équipe mobile de gériatrie",
        "Des soignants spécialistes des personnes âgées (médecin, infirmier, travailleur "
        "social) qui viennent évaluer la situation, à l'hôpital ou à domicile, et conseillent "
        "le médecin traitant.",
        "perte-autonomie",
    ),
    (
        "FALC",
        "Facile à lire et à comprendre",
        "Une façon d'écrire avec des phrases courtes et des mots simples, pour que tout le "
        "monde comprenne, notamment les personnes qui ont des difficultés à lire.",
        "",
    ),
    (
        "LSF",
        "Langue des signes française",
        "La langue des personnes sourdes, faite de gestes. Un atelier « en LSF » a un interprète.",
        "",
    ),
    (
        "PMR",
        "Personne à mobilité réduite",
        "Une personne qui se déplace difficilement : fauteuil roulant, canne, poussette, âge. "
        "« Accès PMR » veut dire sans marche ou avec une rampe.",
        "",
    ),
    (
        "QPV",
        "Quartier prioritaire de la politique de la ville",
        "Un quartier où l'État et la commune mettent des moyens en plus (écoles, emploi, "
        "associations) parce que beaucoup d'habitants ont de faibles revenus.",
        "",
    ),
    (
        "FRR",
        "France ruralités revitalisation",
        "Des communes rurales où l'État aide l'installation d'entreprises et de services. Le "
        "terme apparaît dans les publics du référentiel national.",
        "",
    ),
    (
        "CLSM",
        "Conseil local de santé mentale",
        "Un lieu où la mairie, la psychiatrie, les bailleurs et les associations de la commune "
        "cherchent ensemble des solutions pour des personnes en souffrance psychique.",
        "souffrance-psychique",
    ),
    (
        "CMP",
        "Centre médico-psychologique",
        "Un lieu de soins publics et gratuits en santé mentale : psychiatres, psychologues, "
        "infirmiers.",
        "souffrance-psychique",
    ),
    (
        "CNAV",
        "Caisse nationale d'assurance vieillesse",
        "La caisse de retraite des salariés, au niveau national ; en région, ce sont les Carsat.",
        "",
    ),
    (
        "CPAM",
        "Caisse primaire d'assurance maladie",
        "L'Assurance maladie du département : remboursement des soins, complémentaire santé "
        "solidaire.",
        "",
    ),
    (
        "CSAPA",
        "Centre de soins, d'accompagnement et de prévention en addictologie",
        "Un centre gratuit qui soigne et accompagne les personnes qui ont un problème avec "
        "l'alcool, le tabac, les drogues ou les jeux, et leurs proches.",
        "",
    ),
    (
        "DAC",
        "Dispositif d'appui à la coordination",
        "Une équipe qui aide les professionnels quand la situation d'une personne est complexe "
        "(santé, autonomie, social) : elle trouve qui fait quoi et coordonne.",
        "",
    ),
    (
        "DALO",
        "Droit au logement opposable",
        "Un recours pour les personnes mal logées ou sans logement qui n'ont pas eu de "
        "proposition : une commission peut obliger l'État à les reloger.",
        "",
    ),
    (
        "EHPAD",
        "Établissement d'hébergement pour personnes âgées dépendantes",
        "Une maison de retraite médicalisée, pour les personnes âgées qui ne peuvent plus "
        "vivre chez elles.",
        "",
    ),
    (
        "EMPP",
        "Équipe mobile psychiatrie-précarité",
        "Des soignants en psychiatrie qui vont à la rencontre de personnes en grande précarité "
        "ou isolées, là où elles sont, y compris à domicile.",
        "souffrance-psychique",
    ),
    (
        "EPCI",
        "Établissement public de coopération intercommunale",
        "Un regroupement de communes (communauté d'agglomération, établissement public "
        "territorial) qui gère ensemble certains services, comme l'habitat.",
        "",
    ),
    (
        "ESH",
        "Entreprise sociale pour l'habitat",
        "Un bailleur social qui a la forme d'une société (ancienne « société anonyme d'HLM »).",
        "",
    ),
    (
        "ESS",
        "Économie sociale et solidaire",
        "Les associations, coopératives, mutuelles et entreprises à but social.",
        "",
    ),
    (
        "FSL",
        "Fonds de solidarité pour le logement",
        "Une aide du Département pour payer une dette de loyer, d'énergie ou un dépôt de garantie.",
        "impayes",
    ),
    (
        "GEM",
        "Groupe d'entraide mutuelle",
        "Une association de personnes qui vivent avec des troubles psychiques, pour se "
        "retrouver, faire des activités et sortir de l'isolement.",
        "souffrance-psychique",
    ),
    (
        "GIR",
        "Groupe iso-ressources",
        "Un niveau de perte d'autonomie, de 1 (très dépendant) à 6 (autonome). Il ouvre droit "
        "ou non à l'APA.",
        "perte-autonomie",
    ),
    (
        "GLA",
        "Gestion locative adaptée",
        "Une gestion du logement plus proche du locataire, par une association, pour prévenir "
        "les difficultés.",
        "",
    ),
    (
        "HLM",
        "Habitation à loyer modéré",
        "Un logement social, loué moins cher par un bailleur social à des ménages aux "
        "ressources limitées.",
        "",
    ),
    (
        "MDPH",
        "Maison départementale des personnes handicapées",
        "Le guichet unique pour les droits des personnes handicapées : AAH, PCH, carte "
        "mobilité inclusion.",
        "",
    ),
    (
        "MJPM",
        "Mandataire judiciaire à la protection des majeurs",
        "La personne ou le service nommé par le juge pour exercer une tutelle ou une curatelle : "
        "il aide à gérer l'argent et les papiers.",
        "",
    ),
    (
        "OPH",
        "Office public de l'habitat",
        "Un bailleur social public, rattaché à une commune, un territoire ou un département.",
        "",
    ),
    (
        "PCB",
        "Point conseil budget",
        "Un lieu gratuit où l'on aide à faire le point sur son budget, ses dettes et ses "
        "charges, avant que les impayés s'accumulent.",
        "impayes",
    ),
    (
        "PCH",
        "Prestation de compensation du handicap",
        "Une aide du Département qui finance l'aide humaine, le matériel ou l'aménagement du "
        "logement d'une personne handicapée.",
        "perte-autonomie",
    ),
    (
        "PIMMS",
        "Point information médiation multi services",
        "Un lieu d'accueil où des médiateurs aident dans les démarches : énergie, eau, "
        "transports, démarches en ligne.",
        "numerique-demarches",
    ),
    (
        "PRIF",
        "Prévention retraite Île-de-France",
        "Les caisses de retraite d'Île-de-France proposent des ateliers gratuits pour bien "
        "vieillir : équilibre, mémoire, numérique.",
        "isolement",
    ),
    (
        "PSP",
        "Plan stratégique de patrimoine",
        "Le plan à long terme d'un bailleur pour ses immeubles : travaux, adaptation, ventes.",
        "",
    ),
    (
        "RQTH",
        "Reconnaissance de la qualité de travailleur handicapé",
        "Une décision de la MDPH qui ouvre des aides pour trouver ou garder un emploi quand on "
        "a un handicap.",
        "",
    ),
    (
        "RSA",
        "Revenu de solidarité active",
        "Un revenu minimum versé par la CAF aux personnes qui ont peu ou pas de ressources.",
        "",
    ),
    (
        "SAAD",
        "Service d'aide et d'accompagnement à domicile",
        "Des aides à domicile viennent chez la personne pour le ménage, les repas, les courses, "
        "la toilette.",
        "aide-a-domicile",
    ),
    (
        "SAMSAH",
        "Service d'accompagnement médico-social pour adultes handicapés",
        "Une équipe avec des soignants qui accompagne chez eux des adultes handicapés.",
        "souffrance-psychique",
    ),
    (
        "SAMU",
        "Service d'aide médicale urgente",
        "Le 15 : des médecins répondent jour et nuit et envoient les secours en cas "
        "d'urgence médicale.",
        "danger-immediat",
    ),
    (
        "SAVS",
        "Service d'accompagnement à la vie sociale",
        "Une équipe qui aide des adultes handicapés à vivre chez eux : budget, démarches, "
        "vie sociale.",
        "",
    ),
    (
        "SCHS",
        "Service communal d'hygiène et de santé",
        "Le service de la mairie qui agit quand un logement met en danger la santé : "
        "insalubrité, nuisibles, logement encombré.",
        "logement-encombre",
    ),
    (
        "SCIC",
        "Société coopérative d'intérêt collectif",
        "Une entreprise de l'économie sociale et solidaire dont salariés, usagers, habitants "
        "et collectivités sont ensemble les associés.",
        "",
    ),
    (
        "SIAO",
        "Service intégré d'accueil et d'orientation",
        "Le service qui oriente vers un hébergement d'urgence ou un logement accompagné "
        "(numéro 115).",
        "danger-immediat",
    ),
    (
        "SOLIHA",
        "Solidaires pour l'habitat",
        "Un réseau d'associations qui aide les ménages modestes à adapter ou rénover leur "
        "logement : visite, dossier d'aides, suivi des travaux.",
        "perte-autonomie",
    ),
    (
        "SPASAD",
        "Service polyvalent d'aide et de soins à domicile",
        "Un service qui réunit aide à domicile et soins infirmiers à domicile.",
        "aide-a-domicile",
    ),
    (
        "SPIP",
        "Service pénitentiaire d'insertion et de probation",
        "Les conseillers qui suivent les personnes condamnées et préparent la sortie de "
        "prison : logement, droits, soins.",
        "sortie-detention",
    ),
    (
        "SSIAD",
        "Service de soins infirmiers à domicile",
        "Des infirmiers et aides-soignants viennent à domicile, sur prescription médicale.",
        "sortie-hospitalisation",
    ),
    (
        "TFPB",
        "Taxe foncière sur les propriétés bâties",
        "Un impôt payé par les bailleurs ; certains travaux d'adaptation permettent de la réduire.",
        "",
    ),
    (
        "UDAF",
        "Union départementale des associations familiales",
        "Une association qui représente les familles ; elle exerce aussi des tutelles et "
        "curatelles et aide à gérer un budget.",
        "",
    ),
    (
        "",
        "Habitat inclusif",
        "Des logements ordinaires avec un espace partagé et un animateur, pour des personnes "
        "âgées ou handicapées qui veulent vivre chez elles sans être seules.",
        "isolement",
    ),
    (
        "",
        "Bail glissant",
        "Une association loue le logement et le sous-loue ; quand le locataire est prêt, le "
        "bail passe à son nom.",
        "",
    ),
    (
        "IML",
        "Intermédiation locative",
        "Une association se place entre le propriétaire et le ménage (sous-location, mandat de "
        "gestion) et garantit le paiement.",
        "",
    ),
    (
        "",
        "Mutation",
        "Un changement de logement chez le même bailleur, par exemple pour un logement plus "
        "petit ou adapté.",
        "perte-autonomie",
    ),
    (
        "",
        "France Services",
        "Un guichet près de chez soi où des agents aident pour les démarches de la CAF, de "
        "l'Assurance maladie, de la retraite, des impôts.",
        "numerique-demarches",
    ),
    (
        "",
        "Incurie",
        "Une personne ne prend plus soin d'elle ni de son logement : saleté, odeurs, objets qui "
        "s'accumulent. C'est souvent le signe d'une souffrance ; elle a besoin d'aide, pas "
        "d'un reproche.",
        "logement-encombre",
    ),
    (
        "",
        "Pension de famille",
        "Une petite résidence de logements autonomes avec des espaces partagés et des hôtes "
        "présents, pour des personnes seules qui ont connu la rue ou l'isolement.",
        "",
    ),
    (
        "",
        "Résidence autonomie",
        "Des logements pour personnes âgées autonomes, avec des services (repas, animations, "
        "présence la journée) et un loyer modéré.",
        "perte-autonomie",
    ),
    (
        "",
        "Syndrome de Diogène",
        "Une forme grave d'incurie : la personne accumule des objets ou des déchets chez elle, "
        "s'isole et refuse souvent l'aide. Elle a besoin d'un suivi en santé mentale.",
        "logement-encombre",
    ),
]


def situation_values(data: dict) -> dict:
    """A default situation as model field values (questions joined, order from its rank)."""
    order = next(i for i, item in enumerate(SITUATIONS) if item["slug"] == data["slug"])
    return {**data, "questions": "\n".join(data["questions"]), "order": order * 10}


def load_situations(Situation) -> int:
    """Create the default situations that do not exist yet (by slug). Returns the count."""
    # The migration state of an older migration may not have every field yet.
    fields = {field.name for field in Situation._meta.get_fields()}
    created = 0
    for data in SITUATIONS:
        values = {key: value for key, value in situation_values(data).items() if key in fields}
        _, was_created = Situation.objects.get_or_create(slug=data["slug"], defaults=values)
        created += was_created
    return created


# Term → what people type for it (GlossaryTerm.synonyms): search finds each by the others.
GLOSSARY_SYNONYMS = {
    "Incurie": ("syndrome de Diogène", "Diogène", "logement encombré", "manque d'hygiène"),
    "Syndrome de Diogène": ("Diogène", "incurie", "logement encombré", "accumulation d'objets"),
    # Not "service d'hygiène": words of a phrase are ANDed, and "service" + "hygiène" is also
    # every home-care service that gives "soins d'hygiène".
    "Service communal d'hygiène et de santé": ("hygiène de l'habitat", "insalubrité"),
    "Mutation": ("changement de logement", "échange de logement"),
    "France Services": ("maison France services",),
}


def load_glossary(GlossaryTerm, Situation) -> int:
    """Create the default glossary terms that do not exist yet (by term), and give an acronym
    to a default term stored without one. Never changes what moderators wrote otherwise."""
    situations = {s.slug: s for s in Situation.objects.all()}
    created = 0
    for acronym, term, definition, situation_slug in GLOSSARY:
        row, was_created = GlossaryTerm.objects.get_or_create(
            term=term,
            defaults={
                "acronym": acronym,
                "slug": slugify(acronym or term),
                "definition": definition,
                "situation": situations.get(situation_slug),
            },
        )
        created += was_created
        if not was_created and acronym and not row.acronym:
            GlossaryTerm.objects.filter(pk=row.pk).update(acronym=acronym)
    return created


def load_glossary_synonyms(GlossaryTerm) -> int:
    """Fill the search synonyms of the default terms whose synonyms are still empty."""
    filled = 0
    for term, synonyms in GLOSSARY_SYNONYMS.items():
        filled += GlossaryTerm.objects.filter(term=term, synonyms="").update(
            synonyms="\n".join(synonyms)
        )
    return filled
