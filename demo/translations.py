"""Demo translations of guides (issue #19, tenants' languages), made through the same steps as
in the admin (core.content_translation): « Rompre l'isolement » translated into Arabic and
English and published after review (the demo publishes them directly, as a site admin may);
« Changer de logement… » in Arabic, a draft submitted to the review workflow (not public, in
the moderators' « Mes tâches » and « Traductions à faire »).

The strings are matched on the French segments wagtail-localize extracts (PO msgids); a
segment missing here keeps its French text, and `load` says how many were left so."""

from __future__ import annotations

from wagtail.models import Locale, WorkflowState

from core.content_translation import (
    export_po,
    import_po,
    publish_translation,
    submit_for_translation,
)
from core.languages import ensure_content_locales
from guides.models import GuidePage
from guides.translation_review import submit_for_review

PUBLISHED_SLUG = "rompre-l-isolement"
IN_REVIEW_SLUG = "changer-de-logement"

ISOLEMENT = {
    "Rompre l'isolement": {"ar": "كسر العزلة", "en": "Breaking isolation"},
    (
        "Des idées et des contacts pour voir du monde, être appelé régulièrement et garder "
        "le lien avec son quartier, même quand on sort peu."
    ): {
        "ar": (
            "أفكار وجهات اتصال للقاء الناس، وتلقّي مكالمات منتظمة، والحفاظ على الصلة "
            "بالحيّ، حتى عندما لا تخرج كثيرًا."
        ),
        "en": (
            "Ideas and contacts to meet people, get regular calls and stay in touch with your "
            "neighbourhood, even when you rarely go out."
        ),
    },
    "Garder le lien": {"ar": "الحفاظ على الصلة", "en": "Staying in touch"},
    (
        "Après un deuil, un départ à la retraite ou des problèmes de santé, on peut se "
        "retrouver seul sans l'avoir choisi. Près de chez vous, des associations, le "
        "CCAS et votre bailleur proposent des activités et des visites."
    ): {
        "ar": (
            "بعد فقدان شخص عزيز أو التقاعد أو مشاكل صحية، قد يجد المرء نفسه وحيدًا دون أن "
            "يختار ذلك. بالقرب من منزلك، تقدّم الجمعيات والمركز البلدي للعمل الاجتماعي "
            "(CCAS) والجهة المؤجِّرة لمسكنك أنشطةً وزيارات."
        ),
        "en": (
            "After a bereavement, retirement or health problems, you may find yourself alone "
            "without having chosen it. Near you, associations, the municipal social action "
            "centre (CCAS) and your landlord offer activities and visits."
        ),
    },
    "<strong>Café social</strong> : un lieu pour prendre un café et discuter, sans inscription.": {
        "ar": "<strong>المقهى الاجتماعي</strong>: مكان لتناول القهوة والتحدّث، دون تسجيل.",
        "en": "<strong>Social café</strong>: a place to have a coffee and a chat, no registration.",
    },
    (
        "<strong>Appels réguliers</strong> : un bénévole vous appelle chaque semaine, à "
        "l'heure qui vous convient."
    ): {
        "ar": "<strong>مكالمات منتظمة</strong>: يتصل بك متطوّع كل أسبوع، في الوقت الذي يناسبك.",
        "en": (
            "<strong>Regular calls</strong>: a volunteer calls you every week, at a time that "
            "suits you."
        ),
    },
    (
        "<strong>Ateliers numériques</strong> : apprendre à faire des appels vidéo avec ses "
        "petits-enfants ou ses démarches en ligne."
    ): {
        "ar": (
            "<strong>ورشات رقمية</strong>: تعلّم إجراء مكالمات الفيديو مع أحفادك أو إنجاز معاملاتك "
            "عبر الإنترنت."
        ),
        "en": (
            "<strong>Digital workshops</strong>: learn to make video calls with your "
            "grandchildren or to do your paperwork online."
        ),
    },
    (
        "<strong>Transport accompagné</strong> : pour aller aux activités, chez le médecin ou "
        "faire ses courses."
    ): {
        "ar": "<strong>تنقّل مع مرافق</strong>: للذهاب إلى الأنشطة أو إلى الطبيب أو للتسوّق.",
        "en": (
            "<strong>Accompanied transport</strong>: to go to activities, to the doctor or "
            "shopping."
        ),
    },
    "Activités et visites près de chez vous": {
        "ar": "أنشطة وزيارات بالقرب منك",
        "en": "Activities and visits near you",
    },
    "Aide pour les démarches en ligne": {
        "ar": "مساعدة في المعاملات عبر الإنترنت",
        "en": "Help with online procedures",
    },
    "Se déplacer accompagné": {"ar": "التنقّل مع مرافق", "en": "Getting around with company"},
    "Prochains rendez-vous conviviaux": {
        "ar": "اللقاءات الودّية القادمة",
        "en": "Upcoming friendly get-togethers",
    },
    "Un voisin ne donne plus de nouvelles ?": {
        "ar": "أحد جيرانك انقطعت أخباره؟",
        "en": "A neighbour no longer gives any news?",
    },
    (
        "Courrier qui s'accumule, volets toujours fermés : parlez-en à votre gardien. Il "
        "sait qui prévenir."
    ): {
        "ar": "بريد يتراكم ونوافذ مغلقة دائمًا: تحدّث مع حارس العمارة، فهو يعرف من يجب إبلاغه.",
        "en": (
            "Mail piling up, shutters always closed: talk to your caretaker. They know whom "
            "to alert."
        ),
    },
}

# The draft in review: its title and summary translated so far, the rest still French.
MUTATION = {
    "Changer de logement quand le sien ne convient plus": {
        "ar": "تغيير المسكن عندما لم يعد مناسبًا",
    },
    (
        "Logement trop grand depuis le départ des enfants, étages sans ascenseur : la "
        "mutation choisie permet de déménager dans le parc social, dans de bonnes "
        "conditions."
    ): {
        "ar": (
            "مسكن أصبح كبيرًا جدًا بعد رحيل الأبناء، طوابق بلا مصعد: يتيح الانتقال الاختياري "
            "الانتقال إلى مسكن اجتماعي آخر في ظروف جيدة."
        ),
    },
}


def translate(guide: GuidePage, language: str, strings: dict) -> tuple[GuidePage, bool, int]:
    """The guide's draft translation in `language`, filled from `strings` through a PO file
    (unchanged when it already holds them): the page, whether it changed, the number of
    segments left in French."""
    translated = guide.get_translation_or_none(Locale.objects.get(language_code=language))
    created = translated is None
    if created:
        submit_for_translation(guide, [language])
    po = export_po(guide, language)
    missing = 0
    changed = created
    for entry in po:
        if entry.obsolete:
            continue
        text = strings.get(entry.msgid, {}).get(language, "")
        changed = changed or entry.msgstr != text
        entry.msgstr = text
        missing += not text
    if changed:
        translated = import_po(guide, language, po)
    return translated.specific, changed, missing


def load() -> str:
    ensure_content_locales()
    french = GuidePage.objects.filter(locale__language_code="fr", alias_of__isnull=True)
    published = french.filter(slug=PUBLISHED_SLUG).first()
    in_review = french.filter(slug=IN_REVIEW_SLUG).first()
    if published is None or in_review is None:
        return "guides absents : rien à traduire"
    left = []
    for language in ("ar", "en"):
        translated, changed, missing = translate(published, language, ISOLEMENT)
        if changed or not translated.live:
            publish_translation(published, language)
        left.append(f"{language} {missing}")
    draft, _changed, _missing = translate(in_review, "ar", MUTATION)
    state = draft.current_workflow_state
    if not draft.live and (state is None or state.status != WorkflowState.STATUS_IN_PROGRESS):
        submit_for_review(draft)
    return (
        f"« {published.title} » publié en arabe et en anglais (segments restés en français : "
        f"{', '.join(left)}) ; « {in_review.title} » en arabe, brouillon en relecture "
        f"({'publié' if draft.live else 'non public, à relire'})"
    )
