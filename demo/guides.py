"""Demo guides, written from the seeds (000: « guide des informations et services » for
tenants; 001: adaptation, CARSAT, TFPB, mutations choisies; 002/003: fragile situations;
004: the AVDL/GLA reference: first steps in a new home, unpaid rent, charges). Every figure
and rule cites its source (a seed, or the public text it comes from).

Idempotent: a guide that already exists (same slug under the index) gets a new published
revision when its demo content changed, and nothing when it did not."""

from __future__ import annotations

import datetime as dt

from django.apps import apps

from demo.home import ensure_home_page
from directory.vocabularies import Category
from guides.models import Audience, GuideIndexPage, GuidePage, Theme

INDEX_SLUG = "guides"


def _text(html: str) -> dict:
    return {"type": "text", "value": html}


def _steps(title: str, steps: list[tuple[str, str]]) -> dict:
    return {
        "type": "steps",
        "value": {"title": title, "steps": [{"title": t, "text": x} for t, x in steps]},
    }


def _faq(title: str, questions: list[tuple[str, str]]) -> dict:
    return {
        "type": "faq",
        "value": {
            "title": title,
            "questions": [{"question": q, "answer": a} for q, a in questions],
        },
    }


def _src(text: str, date: str = "", url: str = "") -> dict:
    return {"text": text, "date": date, "url": url}


# The seeds, as a reader can find them (/work/shared/seeds in the project's notes).
SEED_000 = _src(
    "Département de la Seine-Saint-Denis et Action Tank Entreprise & Pauvreté, groupe de "
    "travail inter-bailleurs, synthèse des actions",
    "septembre 2020",
)
SEED_001 = _src(
    "Gérontopôle Nouvelle-Aquitaine, fiche technique « Mettre en place une stratégie senior "
    "multidimensionnelle dans le logement social »"
)
SEED_002 = _src("Bilan du projet « 300 logements accompagnés en Ille-et-Vilaine »", "30 avril 2016")
SEED_004 = _src(
    "Référentiel de l'accompagnement vers et dans le logement (AVDL) et de la gestion "
    "locative adaptée (GLA)",
    "janvier 2011",
)
LOI_1989 = "Loi n° 89-462 du 6 juillet 1989 tendant à améliorer les rapports locatifs"
LOI_BESSON = "Loi n° 90-449 du 31 mai 1990 visant à la mise en œuvre du droit au logement"


def _source(source: dict) -> dict:
    """The source of the block just above (text, steps, questions, definition)."""
    return {"type": "source", "value": source}


def _figure(figure: str, label: str, source: dict) -> dict:
    return {"type": "key_figure", "value": {"figure": figure, "label": label, "source": source}}


def _callout(kind: str, title: str, html: str, source: dict | None = None) -> dict:
    return {
        "type": "callout",
        "value": {"kind": kind, "title": title, "text": html, "source": source or _src("")},
    }


def _contact(title: str, category: str, limit: int = 1, note: str = "") -> dict:
    return {
        "type": "contact",
        "value": {
            "title": title,
            "mode": "nearest",
            "category": category,
            "limit": limit,
            "service": None,
            "organisation": None,
            "note": note,
        },
    }


def _events(title: str, event_type: str = "", limit: int = 3) -> dict:
    return {
        "type": "event_list",
        "value": {
            "title": title,
            "event_type": event_type,
            "reader_commune_only": False,
            "limit": limit,
        },
    }


def _term(acronym: str, term: str, definition: str) -> dict:
    """A glossary block written here; `_link_glossary` swaps in the shared glossary's term
    when it has this acronym (looked up when the guide is created, not at import)."""
    return {
        "type": "glossary_term",
        "value": {"glossary_term": None, "term": f"{acronym} — {term}", "definition": definition},
        "acronym": acronym,
    }


def _link_glossary(body: list[dict]) -> list[dict]:
    GlossaryTerm = (
        apps.get_model("orientation", "GlossaryTerm") if apps.is_installed("orientation") else None
    )
    linked = []
    for block in body:
        block = dict(block)
        acronym = block.pop("acronym", None)
        if acronym and GlossaryTerm is not None:
            pk = (
                GlossaryTerm.objects.filter(acronym__iexact=acronym)
                .values_list("pk", flat=True)
                .first()
            )
            block["value"] = {**block["value"], "glossary_term": pk}
        linked.append(block)
    return linked


BIEN_VIEILLIR = {
    "slug": "bien-vieillir-chez-soi",
    "title": "Bien vieillir chez soi : adapter son logement",
    "summary": (
        "Pour les locataires âgés et leurs proches : ce qu'on peut changer dans le logement, "
        "qui paie, comment le demander et qui peut vous aider près de chez vous."
    ),
    # Its title's theme; its easy-read version stays under "Adapter son logement".
    "theme": Theme.STAYING_HOME,
    "audiences": [Audience.OLDER_TENANTS, Audience.CARERS],
    "body": [
        _text(
            "<h2>Rester chez soi, en sécurité</h2>"
            "<p>Avec l'âge, une baignoire trop haute, des marches ou un couloir sombre peuvent "
            "devenir dangereux. La plupart des chutes ont lieu à la maison. Souvent, quelques "
            "aménagements suffisent : une douche à la place de la baignoire, des barres "
            "d'appui, des prises et des interrupteurs plus hauts, un éclairage qui s'allume "
            "tout seul la nuit.</p>"
            "<p>Vous êtes locataire d'un logement social : ces travaux se demandent à votre "
            "bailleur. Vous n'avez pas à les faire vous-même.</p>"
        ),
        _steps(
            "Demander l'adaptation de votre logement",
            [
                (
                    "Parlez-en à votre gardien ou à votre bailleur",
                    "Dites ce qui vous gêne au quotidien : entrer dans la baignoire, monter "
                    "les marches, vous relever. Pas besoin de donner de détail médical.",
                ),
                (
                    "Un professionnel vient voir votre logement",
                    "Souvent un ergothérapeute : il regarde comment vous vivez chez vous et "
                    "propose les aménagements utiles.",
                ),
                (
                    "Votre bailleur vous propose des travaux… ou un autre logement",
                    "Si votre immeuble n'a pas d'ascenseur par exemple, un logement mieux situé "
                    "peut être plus adapté que des travaux. C'est vous qui décidez.",
                ),
                (
                    "Les travaux sont faits",
                    "Demandez à être prévenu des dates et à savoir qui contacter pendant le "
                    "chantier. Des aides techniques peuvent être prêtées en attendant.",
                ),
            ],
        ),
        _figure(
            "3 500 €",
            "par logement au plus : le plafond des travaux prévu par la convention que chaque "
            "bailleur social signe avec sa Carsat, pour adapter un nombre de logements sur "
            "plusieurs années",
            SEED_001,
        ),
        _callout(
            "info",
            "Votre bailleur peut déduire ces travaux de sa taxe foncière",
            "<p>Les dépenses d'accessibilité et d'adaptation des logements aux personnes en "
            "situation de handicap peuvent être déduites de la taxe foncière que paie votre "
            "bailleur (dégrèvement de TFPB, article 1391 C du Code général des impôts), à "
            "certaines conditions :</p>"
            "<ul><li><strong>Des logements de plus de 15 ans</strong> : ceux de moins de 15 "
            "ans, et ceux exonérés de taxe foncière, sont exclus.</li>"
            "<li><strong>Des travaux pour le handicap</strong> : dans le logement, le "
            "dégrèvement ne vaut a priori que pour les personnes en situation de handicap "
            "(handicap physique, mobilité réduite, déficience sensorielle) ; certaines "
            "personnes âgées en font partie, pas toutes, et les centres des impôts "
            "l'interprètent diversement. Les travaux de l'immeuble et de ses abords "
            "(cheminement, accès), eux, sont déductibles et profitent à tous les locataires "
            "âgés.</li>"
            "<li><strong>Une demande à temps</strong> : les dépenses payées l'année N sont "
            "déduites de la taxe de l'année N+1, et le bailleur doit en faire la demande au "
            "plus tard le 31/12 de l'année N+2.</li></ul>"
            "<p>N'hésitez donc pas à demander : l'adaptation n'est pas une faveur.</p>",
            {
                **SEED_001,
                "text": SEED_001["text"] + ", d'après l'article 1391 C du Code général des impôts",
            },
        ),
        _term(
            "CARSAT",
            "Caisse d'assurance retraite et de la santé au travail",
            "La caisse qui verse la retraite du régime général. Elle aide aussi à adapter "
            "les logements des retraités.",
        ),
        _term(
            "TFPB",
            "Taxe foncière sur les propriétés bâties",
            "L'impôt que paie le propriétaire d'un immeuble. Les bailleurs sociaux peuvent "
            "en déduire certains travaux d'adaptation.",
        ),
        _contact(
            "Qui peut vous conseiller pour adapter votre logement ?",
            Category.ADAPTATION_LOGEMENT,
            limit=2,
        ),
        _contact(
            "Besoin d'aide au quotidien ou d'une évaluation ?",
            Category.PERTE_AUTONOMIE,
            note="Le CLIC ou le CCAS de votre commune vous orientent vers les bonnes aides.",
        ),
        _faq(
            "Questions fréquentes",
            [
                (
                    "Est-ce que les travaux vont augmenter mon loyer ?",
                    "<p>Non : une adaptation acceptée par votre bailleur ne change pas votre "
                    "loyer. Demandez-le par écrit si vous avez un doute.</p>",
                ),
                (
                    "Combien de temps cela prend-il ?",
                    "<p>Quelques semaines à plusieurs mois selon les travaux. Demandez à votre "
                    "bailleur un calendrier. En attendant, un centre d'aides techniques peut "
                    "prêter du matériel (siège de douche, rehausseur…).</p>",
                ),
                (
                    "Je vis au 3e étage sans ascenseur. Que faire ?",
                    "<p>Des travaux dans la salle de bains ne régleront pas l'escalier. "
                    "Parlez avec votre bailleur d'un changement de logement : voir notre "
                    "guide « Changer de logement ».</p>",
                ),
            ],
        ),
    ],
}

BIEN_VIEILLIR_FALC = {
    "slug": "bien-vieillir-chez-soi-facile-a-lire",
    "title": "Adapter mon logement (facile à lire)",
    "summary": "Mon logement devient difficile pour moi. Je peux demander des travaux.",
    "theme": Theme.HOME_ADAPTATION,
    "audiences": [Audience.OLDER_TENANTS],
    "is_easy_read": True,
    "proofread_by": "un groupe de relecteurs en situation de handicap intellectuel",
    "proofread_on": dt.date(2025, 3, 14),
    "body": [
        _text(
            "<p>Je vieillis.</p><p>Ma baignoire est trop haute.</p>"
            "<p>J'ai peur de tomber.</p>"
            "<p>Je peux demander des travaux.</p>"
            "<p>Les travaux sont faits par mon bailleur.</p>"
            "<p>Le bailleur est le propriétaire de mon logement.</p>"
        ),
        _steps(
            "Comment faire ?",
            [
                ("Je parle à mon gardien.", "Je dis ce qui est difficile pour moi."),
                ("Une personne vient chez moi.", "Elle regarde mon logement."),
                ("Le bailleur fait les travaux.", "Je ne paie pas les travaux."),
            ],
        ),
        _callout(
            "warning",
            "En cas de danger",
            "<p>J'appelle le 15, le 17 ou le 18.</p><p>Avec un portable, j'appelle le 112.</p>",
        ),
        _contact("Qui peut m'aider ?", Category.ADAPTATION_LOGEMENT),
    ],
}

APA_SOURCE = _src(
    "Code de l'action sociale et des familles, articles L. 232-1 et R. 232-1 (allocation "
    "personnalisée d'autonomie)"
)

AIDANTS = {
    "slug": "aidants-ou-trouver-du-soutien",
    "title": "Aidants : où trouver du soutien",
    "summary": (
        "Vous aidez un parent, un conjoint, un voisin âgé ou malade ? Vous n'êtes pas seul : "
        "écoute, répit, aides financières et groupes de parole existent près de chez vous."
    ),
    "theme": Theme.CARERS,
    "audiences": [Audience.CARERS],
    "body": [
        _text(
            "<h2>Vous êtes aidant</h2>"
            "<p>Faire les courses, gérer les papiers, passer tous les jours, rassurer la "
            "nuit : aider un proche prend du temps et de l'énergie. Beaucoup d'aidants ne se "
            "reconnaissent pas comme tels et attendent d'être épuisés pour demander de "
            "l'aide. Il n'y a pas de honte à se faire relayer.</p>"
        ),
        _callout(
            "tip",
            "Les signes qu'il faut souffler",
            "<ul><li>Vous dormez mal ou êtes souvent irritable.</li>"
            "<li>Vous n'avez plus de temps pour vous ni pour vos amis.</li>"
            "<li>Vous vous sentez coupable dès que vous vous absentez.</li></ul>",
        ),
        _steps(
            "Trois démarches pour être épaulé",
            [
                (
                    "Faire évaluer les besoins de votre proche",
                    "L'APA (à domicile, à partir de 60 ans) ou la PCH (handicap) peuvent "
                    "financer une aide à domicile. Le CLIC ou le CCAS vous aident à faire la "
                    "demande.",
                ),
                (
                    "Prendre du répit",
                    "Accueil de jour, hébergement temporaire, relais à domicile : une "
                    "plateforme de répit vous présente les solutions proches.",
                ),
                (
                    "Parler avec d'autres aidants",
                    "Groupes de parole, cafés des aidants, formations : on y trouve des "
                    "astuces et du réconfort.",
                ),
            ],
        ),
        _source(APA_SOURCE),
        _term(
            "APA",
            "Allocation personnalisée d'autonomie",
            "Une aide du Département pour les personnes de 60 ans et plus qui ont besoin "
            "d'aide pour les gestes de la vie quotidienne.",
        ),
        _source(APA_SOURCE),
        _contact("Soutien et répit des aidants près de chez vous", Category.REPIT_AIDANTS, 2),
        _contact("Aide à domicile pour votre proche", Category.AIDE_A_DOMICILE),
        _events("Prochains groupes de parole et temps d'information", "groupe_parole"),
        _callout(
            "warning",
            "Maltraitance, épuisement",
            "<p>Si vous craignez de ne plus y arriver ou si une personne âgée ou handicapée "
            "est maltraitée, appelez le 3977 (écoute et conseil, anonyme).</p>",
        ),
    ],
}

ISOLEMENT = {
    "slug": "rompre-l-isolement",
    "title": "Rompre l'isolement",
    "summary": (
        "Des idées et des contacts pour voir du monde, être appelé régulièrement et garder "
        "le lien avec son quartier, même quand on sort peu."
    ),
    "theme": Theme.SOCIAL_TIES,
    "audiences": [Audience.OLDER_TENANTS, Audience.CARERS, Audience.GARDIENS],
    "body": [
        _text(
            "<h2>Garder le lien</h2>"
            "<p>Après un deuil, un départ à la retraite ou des problèmes de santé, on peut "
            "se retrouver seul sans l'avoir choisi. Près de chez vous, des associations, "
            "le CCAS et votre bailleur proposent des activités et des visites.</p>"
            "<ul><li><strong>Café social</strong> : un lieu pour prendre un café et discuter, "
            "sans inscription.</li>"
            "<li><strong>Appels réguliers</strong> : un bénévole vous appelle chaque semaine, "
            "à l'heure qui vous convient.</li>"
            "<li><strong>Ateliers numériques</strong> : apprendre à faire des appels vidéo "
            "avec ses petits-enfants ou ses démarches en ligne.</li>"
            "<li><strong>Transport accompagné</strong> : pour aller aux activités, chez le "
            "médecin ou faire ses courses.</li></ul>"
        ),
        _contact("Activités et visites près de chez vous", Category.LIEN_SOCIAL, 3),
        _contact("Aide pour les démarches en ligne", Category.NUMERIQUE),
        _contact("Se déplacer accompagné", Category.MOBILITE),
        _events("Prochains rendez-vous conviviaux"),
        _callout(
            "info",
            "Un voisin ne donne plus de nouvelles ?",
            "<p>Courrier qui s'accumule, volets toujours fermés : parlez-en à votre "
            "gardien. Il sait qui prévenir.</p>",
        ),
    ],
}

MUTATION = {
    "slug": "changer-de-logement",
    "title": "Changer de logement quand le sien ne convient plus",
    "summary": (
        "Logement trop grand depuis le départ des enfants, étages sans ascenseur : la "
        "mutation choisie permet de déménager dans le parc social, dans de bonnes "
        "conditions."
    ),
    "theme": Theme.MOVING,
    "audiences": [Audience.OLDER_TENANTS, Audience.CARERS],
    "body": [
        _text(
            "<h2>La mutation choisie</h2>"
            "<p>Une « mutation », c'est un changement de logement chez le même bailleur ou "
            "chez un autre bailleur social. Personne ne peut vous y obliger : c'est vous qui "
            "la demandez, quand votre logement ne vous convient plus.</p>"
            "<p>Quitter un logement où l'on a vécu longtemps est difficile : les souvenirs, "
            "le quartier, les voisins, les commerçants. Les bailleurs le savent et peuvent "
            "proposer des conditions pour faciliter ce choix.</p>"
        ),
        _callout(
            "tip",
            "Ce que vous pouvez demander",
            "<ul><li>Un loyer maintenu ou plus bas, pour un logement plus petit mais mieux "
            "situé et mieux adapté.</li>"
            "<li>Une aide financière et pratique pour le déménagement.</li>"
            "<li>Un logement dans le même quartier, et si possible dans le même immeuble.</li>"
            "</ul>",
        ),
        _steps(
            "Les étapes",
            [
                (
                    "En parler à votre bailleur",
                    "Votre gardien ou le chargé de clientèle vous explique les possibilités.",
                ),
                (
                    "Déposer ou mettre à jour votre demande de logement social",
                    "Indiquez la raison : logement trop grand, étage, besoin d'ascenseur.",
                ),
                (
                    "Visiter avant de décider",
                    "Vous pouvez refuser une proposition qui ne vous convient pas.",
                ),
                (
                    "Préparer le déménagement",
                    "Trier, donner, se faire aider : demandez ce que le bailleur prend en charge.",
                ),
            ],
        ),
        _contact("Aide pour les démarches de logement", Category.HEBERGEMENT),
        _contact("Faire valoir vos droits", Category.ACCES_AUX_DROITS),
        _faq(
            "Questions fréquentes",
            [
                (
                    "Vais-je payer plus cher ?",
                    "<p>Pas forcément : un logement plus petit peut coûter moins cher, et "
                    "certains bailleurs maintiennent le loyer au mètre carré. Demandez une "
                    "simulation avant d'accepter.</p>",
                ),
                (
                    "Et si je préfère rester ?",
                    "<p>C'est votre droit. Votre bailleur peut alors étudier l'adaptation de "
                    "votre logement (voir « Bien vieillir chez soi »).</p>",
                ),
            ],
        ),
    ],
}

FRAGILITES = {
    "slug": "reperer-les-fragilites",
    "title": "Repérer les fragilités : guide pour les gardiens",
    "summary": (
        "Pour les gardiens et le personnel de proximité : les signes qui doivent alerter, "
        "ce qu'il faut faire, ce qu'il ne faut pas faire, et qui appeler."
    ),
    "theme": Theme.FRAILTY,
    "audiences": [Audience.GARDIENS, Audience.PROFESSIONALS],
    "body": [
        _text(
            "<h2>Vous êtes souvent le premier à voir</h2>"
            "<p>Vous croisez les locataires tous les jours. Un changement d'habitude peut "
            "être le premier signe d'une difficulté : perte d'autonomie, isolement, "
            "souffrance psychique, violences, difficultés d'argent. Votre rôle n'est pas de "
            "soigner ni d'enquêter, mais d'alerter les bonnes personnes.</p>"
        ),
        _callout(
            "info",
            "Signes qui doivent alerter",
            "<ul><li>Courrier qui s'accumule, volets fermés plusieurs jours.</li>"
            "<li>Une personne qui semble perdue, qui ne reconnaît plus les lieux.</li>"
            "<li>Des chutes, des difficultés nouvelles à marcher ou à porter ses courses.</li>"
            "<li>Odeurs, encombrement, nuisibles : un logement qui se dégrade.</li>"
            "<li>Des impayés soudains chez un locataire jusque-là régulier.</li>"
            "<li>Des cris, des bruits de dispute, une personne qui a peur.</li></ul>",
        ),
        _steps(
            "Que faire ?",
            [
                (
                    "En cas de danger immédiat, appeler les secours",
                    "15 (Samu), 17 (police), 18 (pompiers), 112. Violences conjugales : "
                    "3919. Maltraitance d'une personne âgée : 3977.",
                ),
                (
                    "Parler avec la personne, si c'est possible",
                    "Avec respect, sans juger. Lui demander si elle accepte d'être aidée.",
                ),
                (
                    "Transmettre à votre responsable",
                    "Selon la procédure de votre bailleur. Décrivez des faits (« courrier non "
                    "relevé depuis 10 jours »), jamais un diagnostic.",
                ),
                (
                    "Orienter vers le bon interlocuteur",
                    "CCAS, CLIC, CMP, service social : voir les contacts ci-dessous.",
                ),
            ],
        ),
        _callout(
            "warning",
            "Ce qu'il ne faut pas faire",
            "<p>Ne notez aucune information de santé sur un locataire dans vos outils ou vos "
            "messages. Ne promettez pas ce que vous ne pouvez pas tenir. Ne restez pas seul "
            "avec une situation qui vous inquiète : parlez-en.</p>",
        ),
        _term(
            "CMP",
            "Centre médico-psychologique",
            "Un centre public de consultations en santé mentale, gratuit, rattaché à l'hôpital.",
        ),
        _term(
            "CLIC",
            "Centre local d'information et de coordination",
            "Il renseigne les personnes âgées et leurs proches et coordonne les aides.",
        ),
        _contact("Perte d'autonomie d'une personne âgée", Category.PERTE_AUTONOMIE),
        _contact("Souffrance psychique", Category.SANTE_MENTALE),
        _contact("Violences conjugales et intrafamiliales", Category.VIOLENCES),
        _contact("Impayés et maintien dans le logement", Category.IMPAYES_LOGEMENT),
        _events("Formations et temps d'échange pour les gardiens", "formation_gardiens"),
    ],
}


# --- Guides for every tenant (seed 004: AVDL/GLA; seed 003: situations complexes) ------------
PREMIERS_PAS = {
    "slug": "premieres-semaines-nouveau-logement",
    "title": "Les premières semaines dans votre nouveau logement",
    "summary": (
        "Vous venez d'emménager : les démarches à faire tout de suite, votre budget logement, "
        "le fonctionnement du logement et qui peut vous aider près de chez vous."
    ),
    "theme": Theme.NEW_HOME,
    "audiences": [Audience.TENANTS, Audience.GARDIENS],
    "body": [
        _text(
            "<h2>Bienvenue chez vous</h2>"
            "<p>Ce guide est un livret d'accueil : il vous aide à prendre en main votre "
            "logement, ses papiers, son budget et son quartier. Gardez-le avec votre bail. "
            "Votre gardien et votre bailleur sont là pour répondre à vos questions.</p>"
        ),
        _steps(
            "Les démarches des premiers jours",
            [
                (
                    "Faire l'état des lieux d'entrée avec votre bailleur",
                    "Notez tout ce qui est abîmé ou ne marche pas, pièce par pièce. Dans les dix "
                    "jours qui suivent, vous pouvez demander au bailleur de le compléter.",
                ),
                (
                    "Assurer votre logement",
                    "L'assurance habitation est obligatoire pour un locataire. Donnez "
                    "l'attestation à votre bailleur à la remise des clés, puis chaque année "
                    "quand il la demande.",
                ),
                (
                    "Ouvrir les compteurs d'électricité, de gaz et d'eau",
                    "Relevez les chiffres des compteurs le jour de l'entrée, puis choisissez "
                    "vos contrats.",
                ),
                (
                    "Demander l'aide au logement à la CAF",
                    "L'aide peut être versée directement à votre bailleur (tiers payant) : "
                    "votre loyer à payer est alors plus bas.",
                ),
                (
                    "Choisir comment payer le loyer",
                    "Virement, prélèvement, paiement en plusieurs fois dans le mois : "
                    "demandez à votre bailleur ce qui est possible pour coller à vos rentrées "
                    "d'argent.",
                ),
            ],
        ),
        _source(
            {
                **SEED_004,
                "text": SEED_004["text"] + ", brique « Aide aux premiers pas dans le "
                "logement » ; loi du 6 juillet 1989, articles 3-2 et 7",
            }
        ),
        _callout(
            "tip",
            "Votre budget logement",
            "<p>Votre budget ne se limite pas au loyer : comptez aussi les charges, "
            "l'assurance, l'électricité, le gaz, l'eau, et parfois la garde des enfants ou "
            "les transports de votre nouveau quartier. Faites le bilan des dépenses et des "
            "rentrées d'argent du mois, et anticipez les factures.</p>"
            "<p>Si vous en avez besoin, le Fonds de solidarité pour le logement (FSL) du "
            "Département peut aider à l'entrée dans le logement (FSL accès : dépôt de "
            "garantie, premier loyer, garanties).</p>",
            {**SEED_004, "text": SEED_004["text"] + ", brique 2.3"},
        ),
        _text(
            "<h2>Prendre en main le logement</h2>"
            "<ul><li>Demandez le mode d'emploi des équipements (chauffage, ventilation, "
            "chauffe-eau) et gardez les livrets d'entretien.</li>"
            "<li>Aérez chaque jour et ne bouchez jamais les grilles d'aération : c'est ce "
            "qui évite l'humidité et les moisissures.</li>"
            "<li>Sachez qui appeler en cas de fuite, de panne ou de coupure : votre gardien, "
            "le numéro d'urgence de votre bailleur, les contrats d'entretien.</li>"
            "<li>Découvrez le quartier : commerces, transports, centre social, "
            "associations.</li></ul>"
        ),
        _term(
            "FSL",
            "Fonds de solidarité pour le logement",
            "Une aide du Département pour entrer dans un logement ou s'y maintenir : dépôt "
            "de garantie, dettes de loyer, factures d'énergie et d'eau.",
        ),
        _term(
            "CAF",
            "Caisse d'allocations familiales",
            "Elle verse les aides au logement et les prestations familiales.",
        ),
        _contact("Aides au logement, démarches, droits", Category.ACCES_AUX_DROITS, 2),
        _contact("Conseil budget et énergie près de chez vous", Category.MAITRISE_CHARGES, 2),
        _contact("Rencontrer vos voisins, sortir de chez soi", Category.LIEN_SOCIAL, 2),
        _faq(
            "Questions fréquentes",
            [
                (
                    "Qui paie les réparations ?",
                    "<p>Le petit entretien et les menues réparations sont à la charge du "
                    "locataire ; les grosses réparations et le remplacement des équipements "
                    "usés sont à la charge du bailleur. En cas de doute, demandez à votre "
                    "gardien avant de faire des travaux.</p>",
                ),
                (
                    "Je me sens seul dans ce nouveau quartier. À qui en parler ?",
                    "<p>À votre gardien, au centre social ou au CCAS de votre commune : ils "
                    "connaissent les activités et les associations proches.</p>",
                ),
            ],
        ),
        _source(_src(LOI_1989 + ", articles 6 et 7 (obligations du bailleur et du locataire)")),
    ],
}

PREMIERS_PAS_FALC = {
    "slug": "premieres-semaines-nouveau-logement-facile-a-lire",
    "title": "J'arrive dans mon nouveau logement (facile à lire)",
    "summary": "J'arrive dans mon logement. Voici ce que je fais les premiers jours.",
    "theme": Theme.NEW_HOME,
    "audiences": [Audience.TENANTS],
    "is_easy_read": True,
    "proofread_by": "un groupe de relecteurs en situation de handicap intellectuel",
    "proofread_on": dt.date(2025, 9, 18),
    "body": [
        _text(
            "<p>J'ai un nouveau logement.</p>"
            "<p>Je suis locataire.</p>"
            "<p>Le bailleur est le propriétaire de mon logement.</p>"
        ),
        _steps(
            "Les premiers jours",
            [
                ("Je visite le logement avec le bailleur.", "Je dis ce qui est cassé."),
                ("J'assure mon logement.", "C'est obligatoire."),
                ("Je demande l'aide au logement.", "Je la demande à la CAF."),
                ("Je choisis comment payer mon loyer.", "Je paie mon loyer chaque mois."),
            ],
        ),
        _source(_src(LOI_1989 + ", articles 3-2 et 7")),
        _callout(
            "info",
            "Un problème ?",
            "<p>J'en parle à mon gardien.</p><p>Il sait qui appeler.</p>",
        ),
        _contact("Qui peut m'aider ?", Category.ACCES_AUX_DROITS),
    ],
}

IMPAYES = {
    "slug": "impayes-de-loyer-agir-tot",
    "title": "Impayés de loyer : agir tôt pour garder son logement",
    "summary": (
        "Un loyer non payé n'est pas une fatalité : plus on agit tôt, plus il y a de "
        "solutions. Qui appeler, quelles aides demander, comment éviter l'expulsion."
    ),
    "theme": Theme.RENT_ARREARS,
    "audiences": [Audience.TENANTS, Audience.CARERS, Audience.GARDIENS],
    "body": [
        _text(
            "<h2>Le premier loyer impayé : le bon moment pour agir</h2>"
            "<p>Une perte d'emploi, une séparation, une maladie, une aide qui s'arrête : un "
            "impayé arrive vite. Ce qui aggrave la situation, c'est le silence. Si vous "
            "répondez aux courriers et prenez contact tôt, un accord amiable est presque "
            "toujours possible, et l'expulsion est évitable.</p>"
        ),
        _steps(
            "Que faire ?",
            [
                (
                    "Contactez votre bailleur tout de suite",
                    "Expliquez ce qui se passe et proposez ce que vous pouvez payer. Un plan "
                    "d'apurement (rembourser la dette petit à petit, en plus du loyer) peut "
                    "être signé.",
                ),
                (
                    "Prévenez la CAF de tout changement",
                    "Revenus en baisse, séparation, naissance : votre aide au logement est "
                    "recalculée. Une aide non demandée est une aide perdue.",
                ),
                (
                    "Faites le point sur votre budget",
                    "Un Point conseil budget ou le CCAS vous aide, gratuitement et en toute "
                    "confidentialité, à faire le tri dans les dépenses et les dettes.",
                ),
                (
                    "Demandez une aide du FSL",
                    "Le Fonds de solidarité pour le logement du Département peut aider à payer "
                    "une dette de loyer pour rester dans son logement. Le travailleur social "
                    "du CCAS ou du service social départemental monte la demande avec vous.",
                ),
                (
                    "Si vous recevez un courrier d'un commissaire de justice",
                    "Un commandement de payer ou une assignation au tribunal : ne l'ignorez "
                    "pas. Appelez l'ADIL, qui vous conseille gratuitement sur vos droits, et "
                    "allez à l'audience : le juge peut accorder des délais.",
                ),
            ],
        ),
        _source(
            {
                **SEED_004,
                "text": SEED_004["text"] + ", brique 2.5 « Aide au maintien dans le logement »",
            }
        ),
        _callout(
            "info",
            "La commission de prévention des expulsions (CCAPEX)",
            "<p>Dans chaque département, la CCAPEX réunit l'État, le Département, la CAF, les "
            "bailleurs et les associations pour trouver une solution avant l'expulsion. Votre "
            "bailleur ou un travailleur social peut lui signaler votre situation.</p>",
            _src(LOI_BESSON + ", article 7-2"),
        ),
        _callout(
            "warning",
            "La trêve hivernale ne supprime pas la dette",
            "<p>Du 1er novembre au 31 mars, une expulsion ne peut pas être exécutée. Mais la "
            "dette continue de courir et la procédure continue : profitez de ces mois pour "
            "trouver une solution.</p>",
            _src("Code des procédures civiles d'exécution, article L. 412-6"),
        ),
        _term(
            "CCAPEX",
            "Commission de prévention des expulsions",
            "La commission de coordination des actions de prévention des expulsions "
            "locatives : elle cherche des solutions pour les locataires menacés d'expulsion.",
        ),
        _term(
            "ADIL",
            "Agence départementale d'information sur le logement",
            "Des juristes qui renseignent gratuitement les locataires et les propriétaires "
            "sur leurs droits.",
        ),
        _term(
            "FSL",
            "Fonds de solidarité pour le logement",
            "Une aide du Département pour entrer dans un logement ou s'y maintenir : dettes "
            "de loyer, factures d'énergie et d'eau.",
        ),
        _contact("Impayés et maintien dans le logement", Category.IMPAYES_LOGEMENT, 3),
        _contact("Faire le point sur son budget", Category.MAITRISE_CHARGES, 2),
        _contact("Faire valoir ses droits", Category.ACCES_AUX_DROITS),
        _callout(
            "tip",
            "Gardiens : vous voyez un impayé soudain ?",
            "<p>Un locataire jusque-là régulier qui ne paie plus, c'est souvent le signe d'un "
            "changement de vie. Sans enquêter, proposez-lui les contacts de ce guide et "
            "parlez-en à votre responsable, selon la procédure de votre bailleur.</p>",
        ),
    ],
}

IMPAYES_FALC = {
    "slug": "impayes-de-loyer-facile-a-lire",
    "title": "Je ne peux pas payer mon loyer (facile à lire)",
    "summary": "Je ne peux pas payer mon loyer. Je demande de l'aide tout de suite.",
    "theme": Theme.RENT_ARREARS,
    "audiences": [Audience.TENANTS],
    "is_easy_read": True,
    "proofread_by": "un groupe de relecteurs en situation de handicap intellectuel",
    "proofread_on": dt.date(2025, 9, 18),
    "body": [
        _text(
            "<p>Je ne peux pas payer mon loyer.</p>"
            "<p>Je ne reste pas seul.</p>"
            "<p>Je demande de l'aide tout de suite.</p>"
        ),
        _steps(
            "Ce que je fais",
            [
                ("J'appelle mon bailleur.", "Je dis ce que je peux payer."),
                ("J'appelle la CAF.", "Je dis ce qui a changé pour moi."),
                ("Je vais au CCAS de ma mairie.", "Une personne m'aide pour mon budget."),
                ("Je lis tous les courriers.", "Je ne jette pas les courriers."),
            ],
        ),
        _contact("Qui peut m'aider ?", Category.IMPAYES_LOGEMENT, 2),
    ],
}

VOISIN_PSY = {
    "slug": "voisin-en-souffrance-psychique",
    "title": "Un voisin en souffrance psychique : que faire ?",
    "summary": (
        "Pour les gardiens et les voisins : reconnaître une détresse, réagir sans se mettre en "
        "danger, et savoir qui appeler (CMP, équipe mobile, 3114, conseil local de santé "
        "mentale)."
    ),
    "theme": Theme.MENTAL_HEALTH,
    "audiences": [Audience.GARDIENS, Audience.TENANTS, Audience.CARERS],
    "body": [
        _text(
            "<h2>Ce que l'on peut remarquer</h2>"
            "<p>Un voisin qui ne sort plus, parle seul ou crie la nuit, accuse les voisins, "
            "laisse son logement se dégrader ou accumule les objets ; un locataire qui ne "
            "répond plus aux courriers et laisse les dettes s'accumuler. Ce sont souvent les "
            "signes d'une souffrance psychique, pas de la mauvaise volonté. Le voisinage les "
            "vit comme des nuisances ; la personne, elle, risque de perdre son logement.</p>"
            "<p>Votre rôle n'est pas de soigner, ni de poser un diagnostic : il est de ne pas "
            "rester seul avec la situation et de passer le relais aux bonnes personnes.</p>"
        ),
        _callout(
            "warning",
            "En cas de danger",
            "<p>Si la personne est en danger ou met quelqu'un en danger : appelez le 15 "
            "(Samu), le 17 (police) ou le 18 (pompiers), ou le 112.</p>"
            "<p>Si elle parle de mourir ou de se suicider, ou si vous êtes inquiet pour elle : "
            "appelez le 3114, le numéro national de prévention du suicide, gratuit, jour et "
            "nuit. Les proches et les professionnels peuvent aussi l'appeler.</p>",
            _src(
                "Ministère chargé de la santé, numéro national de prévention du suicide",
                "",
                "https://3114.fr/",
            ),
        ),
        _steps(
            "Que faire ?",
            [
                (
                    "Garder le lien, sans juger",
                    "Un bonjour, quelques mots : la confiance se construit lentement. Il faut "
                    "souvent plusieurs mois pour qu'une personne accepte d'être aidée.",
                ),
                (
                    "Parler de faits à votre responsable ou à votre bailleur",
                    "Décrivez ce que vous voyez (« volets fermés depuis deux semaines, bruits "
                    "la nuit »), jamais un diagnostic. Ne notez aucune information de santé.",
                ),
                (
                    "Orienter vers le centre médico-psychologique (CMP) de secteur",
                    "Le CMP reçoit gratuitement, sur rendez-vous, les personnes du secteur. "
                    "Un proche peut l'appeler pour demander conseil.",
                ),
                (
                    "Si la personne refuse toute aide",
                    "Une équipe mobile psychiatrie précarité (EMPP) peut aller vers les "
                    "personnes en grande précarité qui ne demandent rien. Le CCAS et le "
                    "service social peuvent commencer par une aide pour les papiers ou le "
                    "budget, qui ouvre souvent la porte au soin.",
                ),
                (
                    "Pour une situation qui dure",
                    "Dans les communes qui en ont un, le conseil local de santé mentale (CLSM) "
                    "réunit la mairie, la psychiatrie, le bailleur et les associations pour "
                    "chercher une solution ensemble.",
                ),
            ],
        ),
        _source(
            _src(
                "Bilan « 300 logements accompagnés en Ille-et-Vilaine » (cible santé mentale), "
                "2016 ; référentiel AVDL et GLA, 2011 (centres médico-psychologiques) ; "
                "circulaire du 23 novembre 2005 (EMPP) ; instruction du 30 septembre 2016 (CLSM)"
            )
        ),
        _callout(
            "info",
            "Ce que disent les bailleurs qui l'ont fait",
            "<p>Il faut de un à trois mois pour obtenir l'adhésion d'une personne à un "
            "accompagnement, et plus encore quand la situation relève de la santé mentale. "
            "Un accompagnement d'abord "
            "administratif ou budgétaire précède souvent le soin. Avec une association "
            "spécialisée aux côtés du bailleur, les nuisances diminuent et les risques "
            "d'expulsion s'éloignent.</p>",
            SEED_002,
        ),
        _callout(
            "tip",
            "Gardiens : vous pouvez vous former",
            "<p>Les premiers secours en santé mentale apprennent à repérer une détresse et à "
            "réagir. Le Département de la Seine-Saint-Denis prévoit des crédits de formation "
            "aux premiers secours en santé mentale pour les gardiens : demandez cette "
            "formation à votre employeur.</p>",
            SEED_000,
        ),
        _term(
            "CMP",
            "Centre médico-psychologique",
            "Un centre public de consultations en santé mentale, gratuit, rattaché à l'hôpital.",
        ),
        _term(
            "EMPP",
            "Équipe mobile psychiatrie précarité",
            "Des soignants qui vont au-devant des personnes en grande précarité qui ont des "
            "troubles psychiques et ne demandent pas d'aide.",
        ),
        _term(
            "CLSM",
            "Conseil local de santé mentale",
            "Une instance de la commune qui réunit élus, psychiatrie, usagers, bailleurs et "
            "associations autour de la santé mentale des habitants.",
        ),
        _contact("Santé mentale près de chez vous", Category.SANTE_MENTALE, 3),
        _contact("Accompagnement social et démarches", Category.ACCES_AUX_DROITS),
        _contact("Si le logement est menacé", Category.IMPAYES_LOGEMENT),
    ],
}

CHARGES = {
    "slug": "maitriser-ses-charges",
    "title": "Maîtriser ses charges",
    "summary": (
        "Électricité, gaz, eau, chauffage, charges locatives : comprendre ses factures, "
        "consommer moins sans avoir froid et demander les aides quand les factures pèsent "
        "trop."
    ),
    "theme": Theme.CHARGES,
    "audiences": [Audience.TENANTS, Audience.OLDER_TENANTS, Audience.CARERS],
    "body": [
        _text(
            "<h2>Comprendre ce que l'on paie</h2>"
            "<p>Chaque mois, vous payez au bailleur une provision pour charges (entretien des "
            "parties communes, ascenseur, eau, parfois chauffage collectif). Une fois par an, "
            "le bailleur fait la régularisation : il compare les provisions aux dépenses "
            "réelles et vous rembourse ou vous demande la différence. Vous pouvez consulter "
            "les justificatifs pendant six mois après l'envoi du décompte.</p>"
        ),
        _source(_src(LOI_1989 + ", article 23 (charges récupérables)")),
        _callout(
            "tip",
            "Consommer moins sans avoir froid",
            "<ul><li>Relevez vos compteurs chaque mois : une hausse soudaine peut signaler "
            "une fuite.</li>"
            "<li>Signalez tout de suite un robinet qui goutte ou une chasse d'eau qui coule.</li>"
            "<li>Aérez quelques minutes par jour, fenêtres grandes ouvertes, chauffage "
            "baissé.</li>"
            "<li>Éteignez les appareils en veille, dégivrez le réfrigérateur.</li></ul>"
            "<p>Des ateliers pour apprendre à maîtriser ses consommations existent près de "
            "chez vous : demandez à votre bailleur ou au centre social.</p>",
            {
                **SEED_001,
                "text": SEED_001["text"] + " (« formation des locataires : maîtrise "
                "des consommations »)",
            },
        ),
        _steps(
            "Quand les factures pèsent trop",
            [
                (
                    "Ne laissez pas les factures s'accumuler",
                    "Appelez votre fournisseur pour demander un échéancier, et votre bailleur "
                    "pour les charges : une dette qui grossit est plus difficile à régler.",
                ),
                (
                    "Utilisez le chèque énergie",
                    "Il est attribué, sous conditions de ressources, aux ménages qui ont déclaré "
                    "leurs revenus aux impôts, même faibles. Il paie une facture d'énergie ou "
                    "certains travaux. Renseignez-vous sur chequeenergie.gouv.fr.",
                ),
                (
                    "Demandez une aide du FSL énergie et eau",
                    "Le Fonds de solidarité pour le logement du Département aide à payer des "
                    "factures d'énergie et d'eau impayées. Le CCAS ou le service social monte "
                    "la demande avec vous.",
                ),
                (
                    "Faites-vous aider pour votre budget",
                    "Un Point conseil budget, le CCAS ou une association de consommateurs vous "
                    "aident à comprendre vos factures et à négocier.",
                ),
            ],
        ),
        _source(
            {
                **SEED_004,
                "text": SEED_004["text"] + " (demandes de FSL énergie-eau, services des "
                "tarifs sociaux de l'énergie) ; ministère chargé de l'énergie, chèque énergie",
                "url": "https://www.chequeenergie.gouv.fr/",
            }
        ),
        _contact("Conseil budget et énergie près de chez vous", Category.MAITRISE_CHARGES, 2),
        _contact("Des dettes de loyer ou de charges ?", Category.IMPAYES_LOGEMENT),
        _faq(
            "Questions fréquentes",
            [
                (
                    "Ma régularisation de charges est très élevée. Que faire ?",
                    "<p>Demandez le détail à votre bailleur et consultez les justificatifs. "
                    "Si vous ne pouvez pas payer d'un coup, demandez un étalement. "
                    "L'association de locataires de votre résidence peut vous aider.</p>",
                ),
                (
                    "Mon logement est humide et froid malgré le chauffage.",
                    "<p>Signalez-le par écrit à votre bailleur : ventilation, fenêtres ou "
                    "isolation peuvent être en cause. N'utilisez pas de chauffage d'appoint au "
                    "pétrole ou au gaz dans une pièce fermée.</p>",
                ),
            ],
        ),
    ],
}

CHARGES_FALC = {
    "slug": "maitriser-ses-charges-facile-a-lire",
    "title": "Payer moins d'énergie et d'eau (facile à lire)",
    "summary": "Mes factures sont trop chères. Je peux payer moins et demander de l'aide.",
    "theme": Theme.CHARGES,
    "audiences": [Audience.TENANTS],
    "is_easy_read": True,
    "proofread_by": "un groupe de relecteurs en situation de handicap intellectuel",
    "proofread_on": dt.date(2025, 9, 18),
    "body": [
        _text(
            "<p>Je paie l'électricité, le gaz et l'eau.</p>"
            "<p>Mes factures sont trop chères.</p>"
            "<p>Je peux faire des économies.</p>"
        ),
        _steps(
            "Ce que je fais",
            [
                ("J'éteins la lumière.", "Quand je sors d'une pièce."),
                ("Je dis quand un robinet fuit.", "Je le dis à mon gardien."),
                ("J'ouvre la fenêtre un peu chaque jour.", "Le logement reste sain."),
                ("Je demande de l'aide.", "Au CCAS de ma mairie."),
            ],
        ),
        _contact("Qui peut m'aider ?", Category.MAITRISE_CHARGES),
    ],
}


def ensure_index() -> GuideIndexPage:
    home = ensure_home_page()
    index = GuideIndexPage.objects.child_of(home).first()
    if index is None:
        index = GuideIndexPage(
            title="Guides pratiques",
            slug=INDEX_SLUG,
            intro=(
                "Des guides clairs pour les locataires, leurs proches et les gardiens, avec "
                "les contacts à jour près de chez vous. À lire en ligne, à imprimer ou à "
                "télécharger en PDF."
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


PAGE_FIELDS = ("title", "summary", "theme", "audiences", "is_easy_read", "proofread_by")


def _without_ids(data):
    """Stream data without the block ids Wagtail adds when it saves."""
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    if isinstance(data, dict):
        return {k: _without_ids(v) for k, v in data.items() if k != "id"}
    return data


def _comparable_body(raw: list) -> list:
    """A body as stored, read through its blocks (legacy values normalised), without ids."""
    stream_block = GuidePage._meta.get_field("body").stream_block
    raw = _without_ids(list(raw))
    return _without_ids(stream_block.get_prep_value(stream_block.to_python(raw)))


def _differs(guide: GuidePage, data: dict, body: list, falc: GuidePage | None) -> bool:
    if any(
        getattr(guide, f) != data.get(f, guide._meta.get_field(f).get_default())
        for f in PAGE_FIELDS
    ):
        return True
    if guide.proofread_on != data.get("proofread_on") or guide.falc_version_id != (
        falc.pk if falc else None
    ):
        return True
    return _comparable_body(guide.body.raw_data) != _comparable_body(body)


def ensure_guide(index: GuideIndexPage, data: dict, falc: GuidePage | None = None) -> GuidePage:
    """The demo guide `data` published under `index`: created, or updated with a new
    published revision when its demo content changed (left as it is otherwise)."""
    body = _link_glossary(data["body"])
    existing = GuidePage.objects.child_of(index).filter(slug=data["slug"]).first()
    if existing is not None:
        guide = existing.specific
        if not _differs(guide, data, body, falc):
            return guide
    else:
        guide = GuidePage(slug=data["slug"])
    for field in PAGE_FIELDS:
        setattr(guide, field, data.get(field, guide._meta.get_field(field).get_default()))
    guide.proofread_on = data.get("proofread_on")
    guide.falc_version = falc
    guide.body = body
    if existing is None:
        index.add_child(instance=guide)
    guide.save_revision().publish()
    return guide


def load() -> str:
    index = ensure_index()
    for full, easy in (
        (BIEN_VIEILLIR, BIEN_VIEILLIR_FALC),
        (PREMIERS_PAS, PREMIERS_PAS_FALC),
        (IMPAYES, IMPAYES_FALC),
        (CHARGES, CHARGES_FALC),
    ):
        ensure_guide(index, full, falc=ensure_guide(index, easy))
    for data in (AIDANTS, ISOLEMENT, MUTATION, FRAGILITES, VOISIN_PSY):
        ensure_guide(index, data)
    count = GuidePage.objects.child_of(index).count()
    return f"index « {index.title} », {count} guides"
