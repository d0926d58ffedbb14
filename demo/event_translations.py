"""Demo translations of events (issue #19, tenants' languages), made through the same steps as
in the admin (core.content_translation, as demo/translations.py does for guides): the weekly
digital workshop and the « bien vieillir » forum in Arabic and English, published after
review. Their sessions and registrations stay the French events' (events/translations.py).

The strings are matched on the French segments wagtail-localize extracts (PO msgids); a
segment missing here keeps its French text, and `load` says how many were left so."""

from __future__ import annotations

from core.content_translation import publish_translation
from core.languages import ensure_content_locales
from events.models import EventPage
from events.translations import source_events

from .translations import translate

ATELIER = {
    "Atelier numérique : prendre en main sa tablette": {
        "ar": "ورشة رقمية: تعلّم استخدام جهازك اللوحي",
        "en": "Digital workshop: getting to grips with your tablet",
    },
    (
        "Chaque mardi matin, en petit groupe : messages, appels vidéo avec la famille, "
        "démarches en ligne (CAF, ameli, impôts)."
    ): {
        "ar": (
            "كل صباح ثلاثاء، في مجموعة صغيرة: الرسائل، ومكالمات الفيديو مع العائلة، "
            "والمعاملات عبر الإنترنت (CAF وameli والضرائب)."
        ),
        "en": (
            "Every Tuesday morning, in a small group: messages, video calls with the family, "
            "online procedures (CAF, ameli, taxes)."
        ),
    },
    (
        "Apportez votre tablette ou votre téléphone si vous en avez un ; l'association prête "
        "des tablettes sinon."
    ): {
        "ar": "أحضِر جهازك اللوحي أو هاتفك إن كان لديك واحد؛ وإلا فالجمعية تُعير أجهزة لوحية.",
        "en": (
            "Bring your tablet or phone if you have one; otherwise the association lends tablets."
        ),
    },
}

FORUM = {
    "Forum « Bien vieillir en bas d'immeuble » à Bobigny": {
        "ar": "منتدى «الشيخوخة الجيدة أسفل العمارة» في بوبيني",
        "en": "“Ageing well at the foot of your building” forum in Bobigny",
    },
    (
        "Stands des services d'aide à domicile, du CLIC, du CCAS et des associations du "
        "quartier, au pied de la résidence."
    ): {
        "ar": (
            "أجنحة لخدمات المساعدة المنزلية، ومركز الإعلام المحلي (CLIC)، والمركز البلدي للعمل "
            "الاجتماعي (CCAS)، وجمعيات الحيّ، أسفل المجمّع السكني."
        ),
        "en": (
            "Stands of the home help services, the CLIC, the CCAS and the neighbourhood "
            "associations, at the foot of the building."
        ),
    },
    (
        "Venez rencontrer en une après-midi les personnes qui peuvent vous aider à rester chez "
        "vous : aide à domicile, adaptation du logement, portage de repas, activités près de "
        "chez vous."
    ): {
        "ar": (
            "تعالَ في فترة بعد الظهر لتلتقي بمن يمكنهم مساعدتك على البقاء في منزلك: المساعدة "
            "المنزلية، وتكييف المسكن، وإيصال الوجبات، والأنشطة بالقرب منك."
        ),
        "en": (
            "Come and meet, in one afternoon, the people who can help you stay at home: home "
            "help, adapting your home, meal delivery, activities near you."
        ),
    },
    "Entrée libre, sans inscription. Un café est offert.": {
        "ar": "الدخول حرّ، دون تسجيل. القهوة مُقدَّمة.",
        "en": "Free entry, no registration. Coffee is offered.",
    },
}

EVENTS = {
    "atelier-numerique-tablette-pantin": ATELIER,
    "forum-bien-vieillir-bobigny": FORUM,
}


def load() -> str:
    ensure_content_locales()
    french = source_events(EventPage.objects.filter(alias_of__isnull=True))
    done = []
    for slug, strings in EVENTS.items():
        event = french.filter(slug=slug).first()
        if event is None or not event.live:
            continue
        left = []
        for language in ("ar", "en"):
            translated, changed, missing = translate(event, language, strings)
            if changed or not translated.live:
                publish_translation(event, language)
            left.append(f"{language} {missing}")
        done.append(f"« {event.title} » ({', '.join(left)})")
    if not done:
        return "événements absents : rien à traduire"
    return "publiés en arabe et en anglais (segments restés en français) : " + " ; ".join(done)
