"""Situations from the seeds, complete: add the missing default situations and set the new
defaults (primary answers, narrower thematiques…) on the existing ones, field by field, only
where moderators have not edited them: a field is updated when it still holds the value the
previous defaults gave it (`PREVIOUS`, frozen here) or already the new one. A situation whose
kinds were edited gets, as primary answers, the new primary kinds it still lists.

Reversible: going back restores the previous values on the fields this migration changed
(same rule) and removes the situations it added."""

from django.db import migrations

from orientation import defaults

FIELDS = (
    "order",
    "label",
    "description",
    "is_danger",
    "thematiques",
    "typologies",
    "publics",
    "prefers_at_home",
    "questions",
)

PREVIOUS = {
    "perte-autonomie": {
        "order": 0,
        "label": "Perte d'autonomie, mobilité",
        "description": "Le locataire a du mal à se déplacer, à monter les "
        "escaliers, à faire ses courses ou son ménage ; il a "
        "peut-être chuté.",
        "is_danger": False,
        "thematiques": [
            "famille--prise-en-charge-personne-dependante",
            "logement-hebergement--se-maintenir-dans-le-logement",
            "mobilite--etre-accompagne-dans-son-parcours-mobilite",
        ],
        "typologies": ["CLIC", "SAAD", "SSIAD", "SPASAD", "CICAT", "ERGO", "EMG", "CCAS"],
        "publics": ["seniors", "personnes-en-situation-de-handicap"],
        "prefers_at_home": True,
        "questions": "La personne sait-elle que vous appelez ? Est-elle d'accord "
        "?\n"
        "Depuis quand avez-vous remarqué ce changement ?\n"
        "Qu'est-ce qui est devenu difficile : escaliers, courses, "
        "ménage, toilette ?\n"
        "Un proche, une aide à domicile ou un infirmier passent-ils "
        "déjà ?\n"
        "Le logement a-t-il un ascenseur ? Des marches à l'entrée "
        "?",
    },
    "isolement": {
        "order": 10,
        "label": "Isolement",
        "description": "Le locataire ne sort plus, ne reçoit personne, ne relève plus "
        "son courrier ; les voisins s'inquiètent.",
        "is_danger": False,
        "thematiques": [
            "remobilisation--lien-social",
            "remobilisation--activites-sportives-et-culturelles",
        ],
        "typologies": ["CCAS", "CLIC", "CS", "ASSO", "PRIF", "GEM"],
        "publics": ["seniors", "tous-publics"],
        "prefers_at_home": False,
        "questions": "La personne sait-elle que vous appelez ? Est-elle d'accord ?\n"
        "Depuis quand la personne ne sort-elle plus ?\n"
        "A-t-elle de la famille ou des amis qui passent ?\n"
        "Accepterait-elle une visite, un appel régulier, une activité "
        "près de chez elle ?",
    },
    "logement-encombre": {
        "order": 20,
        "label": "Logement encombré, incurie",
        "description": "Accumulation d'objets, odeurs, nuisibles, logement qui "
        "n'est plus entretenu.",
        "is_danger": False,
        "thematiques": [
            "logement-hebergement--se-maintenir-dans-le-logement",
            "sante--sante-mentale",
            "equipement-et-alimentation--aide-menagere",
        ],
        "typologies": ["CCAS", "CDAS", "CMP", "EMPP", "SAAD", "CLIC"],
        "publics": ["tous-publics"],
        "prefers_at_home": True,
        "questions": "La personne sait-elle que vous appelez ? Est-elle "
        "d'accord ?\n"
        "Y a-t-il un risque immédiat (incendie, issue bloquée, "
        "fuite) ? Si oui, appelez le 18.\n"
        "Depuis quand la situation dure-t-elle ?\n"
        "Un travailleur social suit-il déjà la personne ?",
    },
    "souffrance-psychique": {
        "order": 30,
        "label": "Souffrance psychique",
        "description": "Propos inquiétants, comportement qui a changé, "
        "repli, angoisse ; la personne semble en détresse.",
        "is_danger": False,
        "thematiques": ["sante--sante-mentale"],
        "typologies": ["CMP", "EMPP", "GEM", "SAVS", "SAMSAH", "CSAPA"],
        "publics": ["tous-publics"],
        "prefers_at_home": False,
        "questions": "La personne parle-t-elle de mettre fin à ses jours ? "
        "Si oui, appelez le 15 (ou le 3114, numéro national de "
        "prévention du suicide).\n"
        "La personne sait-elle que vous appelez ? Est-elle "
        "d'accord ?\n"
        "Qu'avez-vous observé, concrètement, et depuis quand "
        "?\n"
        "La personne est-elle déjà suivie (elle peut vous le "
        "dire, sans détail) ?",
    },
    "troubles-voisinage": {
        "order": 40,
        "label": "Troubles du voisinage",
        "description": "Bruit, conflits répétés, tensions entre voisins dans la résidence.",
        "is_danger": False,
        "thematiques": [
            "remobilisation--lien-social",
            "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
        ],
        "typologies": ["ASSO", "PIMMS", "MAIRIE", "CCAS", "CS"],
        "publics": ["tous-publics"],
        "prefers_at_home": False,
        "questions": "Quels faits (dates, heures, nature des nuisances), sans "
        "jugement sur les personnes ?\n"
        "Une médiation a-t-elle déjà été tentée ?\n"
        "Le conflit cache-t-il une autre difficulté (souffrance "
        "psychique, isolement) ?",
    },
    "impayes": {
        "order": 50,
        "label": "Impayés de loyer",
        "description": "Retards de loyer ou de charges, courriers de relance, peur de l'expulsion.",
        "is_danger": False,
        "thematiques": [
            "logement-hebergement--reduire-les-impayes-de-loyer",
            "difficultes-financieres--ameliorer-sa-gestion-budgetaire",
            "difficultes-financieres--situation-dendettement-surendettement",
            "logement-hebergement--se-maintenir-dans-le-logement",
        ],
        "typologies": ["CCAS", "CDAS", "PCB", "ADIL", "CAF"],
        "publics": ["tous-publics"],
        "prefers_at_home": False,
        "questions": "La personne sait-elle que vous appelez ? Est-elle d'accord ?\n"
        "Depuis combien de mois les loyers sont-ils impayés ?\n"
        "Le service contentieux du bailleur est-il informé ?\n"
        "La personne a-t-elle fait valoir ses droits (aides au logement, "
        "FSL) ?",
    },
    "violences-conjugales": {
        "order": 60,
        "label": "Violences conjugales",
        "description": "Cris, coups entendus, traces, peur : une personne "
        "subit peut-être des violences de son conjoint ou "
        "ex-conjoint.",
        "is_danger": True,
        "thematiques": ["famille--surmonter-conflits-separation-violence"],
        "typologies": ["CIDFF", "CDAS", "CCAS", "ASSO"],
        "publics": ["femmes", "familles"],
        "prefers_at_home": False,
        "questions": "En cas de danger immédiat, appelez le 17 (ou le 114 "
        "par SMS).\n"
        "La victime peut appeler le 3919, anonyme et gratuit, "
        "24 h/24.\n"
        "Parlez-lui seule, dans un lieu sûr ; ne confrontez "
        "jamais l'auteur.\n"
        "Notez les faits observés (date, heure), sans les "
        "diffuser.",
    },
    "sortie-hospitalisation": {
        "order": 70,
        "label": "Sortie d'hospitalisation",
        "description": "La personne rentre chez elle après un séjour à "
        "l'hôpital et risque de ne pas s'en sortir seule.",
        "is_danger": False,
        "thematiques": [
            "sante--acces-aux-soins",
            "famille--prise-en-charge-personne-dependante",
            "logement-hebergement--se-maintenir-dans-le-logement",
        ],
        "typologies": ["SSIAD", "SAAD", "SPASAD", "DAC", "CLIC", "EMG"],
        "publics": ["seniors", "tous-publics"],
        "prefers_at_home": True,
        "questions": "La personne sait-elle que vous appelez ? Est-elle "
        "d'accord ?\n"
        "Quand la sortie est-elle prévue, ou a-t-elle eu "
        "lieu ?\n"
        "Le service social de l'hôpital a-t-il organisé des "
        "aides ?\n"
        "Le logement est-il accessible (ascenseur en "
        "service, marches) ?",
    },
    "sortie-detention": {
        "order": 80,
        "label": "Sortie de détention",
        "description": "Une personne revient dans le logement après une incarcération.",
        "is_danger": False,
        "thematiques": [
            "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire",
            "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
            "logement-hebergement--se-maintenir-dans-le-logement",
        ],
        "typologies": ["CDAS", "CCAS", "ASSO", "FS"],
        "publics": ["personnes-en-situation-juridique-specifique", "tous-publics"],
        "prefers_at_home": False,
        "questions": "La personne sait-elle que vous appelez ? Est-elle "
        "d'accord ?\n"
        "Un conseiller d'insertion et de probation (SPIP) suit-il "
        "la personne ?\n"
        "Ses droits (ressources, assurance maladie, aides au "
        "logement) sont-ils ouverts ?",
    },
    "aidant-epuise": {
        "order": 90,
        "label": "Aidant épuisé",
        "description": "Un proche s'occupe seul d'une personne âgée, malade ou "
        "handicapée et n'en peut plus.",
        "is_danger": False,
        "thematiques": ["famille--soutien-aidants", "famille--prise-en-charge-personne-dependante"],
        "typologies": ["PFR", "AJ", "CLIC", "CCAS", "SAAD"],
        "publics": ["seniors", "familles", "tous-publics"],
        "prefers_at_home": False,
        "questions": "La personne sait-elle que vous appelez ? Est-elle d'accord "
        "?\n"
        "L'aidant connaît-il les solutions de répit (accueil de jour, "
        "relais à domicile) ?\n"
        "La personne aidée a-t-elle des aides (APA, PCH, aide à "
        "domicile) ?",
    },
    "aide-a-domicile": {
        "order": 100,
        "label": "Besoin d'aide à domicile",
        "description": "Ménage, courses, repas, toilette : la personne a besoin d'aide chez elle.",
        "is_danger": False,
        "thematiques": [
            "equipement-et-alimentation--aide-menagere",
            "famille--prise-en-charge-personne-dependante",
        ],
        "typologies": ["SAAD", "SPASAD", "SSIAD", "CCAS", "CLIC"],
        "publics": ["seniors", "personnes-en-situation-de-handicap", "tous-publics"],
        "prefers_at_home": True,
        "questions": "La personne sait-elle que vous appelez ? Est-elle d'accord "
        "?\n"
        "Pour quoi la personne a-t-elle besoin d'aide : ménage, "
        "repas, courses, toilette ?\n"
        "A-t-elle déjà demandé l'APA ou la PCH ?",
    },
    "numerique-demarches": {
        "order": 110,
        "label": "Difficultés numériques, démarches",
        "description": "La personne n'arrive pas à faire ses démarches en "
        "ligne (CAF, retraite, impôts) ou à comprendre un "
        "courrier administratif.",
        "is_danger": False,
        "thematiques": [
            "numerique--acceder-a-des-services-en-ligne",
            "numerique--maitriser-les-fondamentaux-du-numerique",
            "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
        ],
        "typologies": ["FS", "PIMMS", "CCAS", "CS", "ASSO"],
        "publics": ["tous-publics", "seniors"],
        "prefers_at_home": False,
        "questions": "La personne sait-elle que vous appelez ? Est-elle "
        "d'accord ?\n"
        "Quelle démarche est bloquée (organisme, courrier reçu) "
        "?\n"
        "La personne a-t-elle un téléphone, un ordinateur, une "
        "adresse e-mail ?",
    },
    "danger-immediat": {
        "order": 120,
        "label": "Danger immédiat",
        "description": "Une vie est menacée : malaise, violence, incendie, "
        "personne qui ne répond plus. Appelez d'abord les "
        "secours.",
        "is_danger": True,
        "thematiques": [
            "logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
            "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
            "famille--surmonter-conflits-separation-violence",
        ],
        "typologies": ["CCAS", "CDAS", "EMPP"],
        "publics": ["personnes-en-situation-durgence", "tous-publics"],
        "prefers_at_home": False,
        "questions": "Appelez d'abord le 15, le 17, le 18 ou le 112 ; restez en "
        "ligne.\n"
        "Dites où vous êtes : adresse, bâtiment, étage, code "
        "d'accès.\n"
        "Une fois les secours prévenus, informez votre "
        "responsable.",
    },
}


def forward(apps, schema_editor):
    Situation = apps.get_model("orientation", "Situation")
    by_slug = {situation.slug: situation for situation in Situation.objects.all()}
    for data in defaults.SITUATIONS:
        new = defaults.situation_values(data)
        situation = by_slug.get(data["slug"])
        if situation is None:
            Situation.objects.create(**new)
            continue
        old = PREVIOUS.get(data["slug"], {})
        kinds_unedited = situation.typologies in (old.get("typologies"), new["typologies"])
        for field in FIELDS:
            if getattr(situation, field) in (old.get(field), new[field]):
                setattr(situation, field, new[field])
        if not situation.primary_typologies:
            if kinds_unedited:
                situation.primary_typologies = new["primary_typologies"]
            else:
                kept = set(situation.typologies)
                situation.primary_typologies = [
                    kind for kind in new["primary_typologies"] if kind in kept
                ]
        situation.save()


def backward(apps, schema_editor):
    Situation = apps.get_model("orientation", "Situation")
    added = [data["slug"] for data in defaults.SITUATIONS if data["slug"] not in PREVIOUS]
    Situation.objects.filter(slug__in=added).delete()
    news = {data["slug"]: defaults.situation_values(data) for data in defaults.SITUATIONS}
    for situation in Situation.objects.filter(slug__in=list(PREVIOUS)):
        old, new = PREVIOUS[situation.slug], news.get(situation.slug, {})
        for field in FIELDS:
            if field in new and getattr(situation, field) == new[field]:
                setattr(situation, field, old[field])
        situation.save()


class Migration(migrations.Migration):
    dependencies = [("orientation", "0006_situation_primary_typologies")]

    operations = [migrations.RunPython(forward, backward)]
