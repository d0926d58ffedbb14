"""Demo translations of situations and glossary terms (issue #19 item 4): « Isolement » and
« Impayés de loyer » in Arabic and English and two glossary terms in Arabic, published after
review by the demo moderator; « Logement encombré, incurie » in Arabic left « à relire »
(not shown to readers). The national vocabulary labels: the shipped translations
(directory/label_translations/) loaded and published by the demo moderator, so that the demo
reads translated (in production they wait « à relire » for a moderator). Idempotent: existing
translations are left as they are."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from accounts.roles import MODERATORS_GROUP
from directory.label_po import load_shipped
from directory.models import LabelTranslation
from orientation.models import (
    GlossaryTerm,
    GlossaryTermTranslation,
    Situation,
    SituationTranslation,
    TranslationStatus,
)

PUBLISHED = TranslationStatus.PUBLISHED
TO_REVIEW = TranslationStatus.TO_REVIEW

SITUATIONS = [
    (
        "isolement",
        "ar",
        PUBLISHED,
        "العزلة",
        "المستأجر لم يعد يخرج، ولا يستقبل أحدًا، ولا يأخذ بريده؛ والجيران قلقون.",
    ),
    (
        "impayes",
        "ar",
        PUBLISHED,
        "الإيجار غير المدفوع",
        "تأخر في دفع الإيجار أو الرسوم، رسائل تذكير، خوف من الطرد.",
    ),
    (
        "logement-encombre",
        "ar",
        TO_REVIEW,
        "مسكن مكتظ، إهمال",
        "",
    ),
    (
        "isolement",
        "en",
        PUBLISHED,
        "Isolation",
        "The tenant no longer goes out, sees nobody, no longer collects their mail; "
        "the neighbours are worried.",
    ),
    (
        "impayes",
        "en",
        PUBLISHED,
        "Unpaid rent",
        "Late rent or service charges, reminder letters, fear of eviction.",
    ),
]

GLOSSARY = [
    (
        "aah",
        "ar",
        "إعانة البالغين ذوي الإعاقة",
        "مساعدة مالية يدفعها صندوق الإعانات العائلية (CAF) للبالغين ذوي الإعاقة محدودي الدخل.",
    ),
    (
        "adil",
        "ar",
        "الوكالة الإقليمية للإعلام حول السكن",
        "قانونيون يقدمون معلومات مجانية للمستأجرين والمالكين حول حقوقهم: عقد الإيجار، "
        "الإيجارات، المتأخرات، الطرد.",
    ),
]


def _reviewer():
    """The demo moderator (demo/accounts.py) reviewed them."""
    return User.objects.filter(groups__name=MODERATORS_GROUP).order_by("pk").first()


def load() -> str:
    reviewer = _reviewer()
    now = timezone.now()
    made = 0
    for slug, language, status, label, description in SITUATIONS:
        situation = Situation.objects.filter(slug=slug).first()
        if situation is None:
            continue
        _row, created = SituationTranslation.objects.get_or_create(
            situation=situation,
            language=language,
            defaults={
                "label": label,
                "description": description,
                "status": status,
                "reviewed_by": reviewer if status == PUBLISHED else None,
                "reviewed_at": now if status == PUBLISHED else None,
            },
        )
        made += created
    for slug, language, term_text, definition in GLOSSARY:
        term = GlossaryTerm.objects.filter(slug=slug).first()
        if term is None:
            continue
        _row, created = GlossaryTermTranslation.objects.get_or_create(
            glossary_term=term,
            language=language,
            defaults={
                "term": term_text,
                "definition": definition,
                "status": PUBLISHED,
                "reviewed_by": reviewer,
                "reviewed_at": now,
            },
        )
        made += created
    labels = _load_labels(reviewer)
    return f"{made} traductions de situations et du glossaire ajoutées, {labels} libellés nationaux"


def _load_labels(reviewer) -> int:
    """The shipped label translations, published as the demo moderator reviewed them."""
    published = 0
    for language, report in load_shipped().items():
        for context in report.updated:
            vocabulary, _sep, code = context.partition(":")
            row = LabelTranslation.objects.get(vocabulary=vocabulary, code=code, language=language)
            row.publish(reviewer)
            row.save()
            published += 1
    return published
