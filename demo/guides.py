"""Demo guides, written from the seeds (000: « guide des informations et services » for
tenants; 001: adaptation, CARSAT, TFPB, mutations choisies; 002/003: fragile situations).

Idempotent: a guide that already exists (same slug under the index) is left as it is."""

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


def _figure(figure: str, label: str, source: str = "") -> dict:
    return {"type": "key_figure", "value": {"figure": figure, "label": label, "source": source}}


def _callout(kind: str, title: str, html: str) -> dict:
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": html}}


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
    "theme": Theme.HOME_ADAPTATION,
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
            "par logement : montant plafond des travaux financés dans les conventions "
            "d'adaptation signées entre des bailleurs sociaux et la Carsat",
            "Convention Union sociale pour l'habitat – CNAV, 2019",
        ),
        _callout(
            "info",
            "Votre bailleur peut être remboursé",
            "<p>Les travaux d'accessibilité et d'adaptation aux personnes en situation de "
            "handicap peuvent être déduits de la taxe foncière que paie votre bailleur "
            "(dégrèvement de TFPB, article 1391 C du Code général des impôts). Les dépenses "
            "d'une année sont déduites de la taxe de l'année suivante. N'hésitez donc pas à "
            "demander : l'adaptation n'est pas une faveur.</p>",
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
        _term(
            "APA",
            "Allocation personnalisée d'autonomie",
            "Une aide du Département pour les personnes de 60 ans et plus qui ont besoin "
            "d'aide pour les gestes de la vie quotidienne.",
        ),
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


def ensure_guide(index: GuideIndexPage, data: dict, falc: GuidePage | None = None) -> GuidePage:
    existing = GuidePage.objects.child_of(index).filter(slug=data["slug"]).first()
    if existing is not None:
        return existing.specific
    fields = {k: v for k, v in data.items() if k != "body"}
    guide = GuidePage(**fields, falc_version=falc)
    guide.body = _link_glossary(data["body"])
    index.add_child(instance=guide)
    guide.save_revision().publish()
    return guide


def load() -> str:
    index = ensure_index()
    falc = ensure_guide(index, BIEN_VIEILLIR_FALC)
    ensure_guide(index, BIEN_VIEILLIR, falc=falc)
    for data in (AIDANTS, ISOLEMENT, MUTATION, FRAGILITES):
        ensure_guide(index, data)
    count = GuidePage.objects.child_of(index).count()
    return f"index « {index.title} », {count} guides"
