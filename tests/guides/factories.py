"""Factories of the guides: guide pages (wagtail-factories) and their contact blocks.

`GuidePageFactory(parent=index)` adds a guide under the guide index and publishes a revision,
as an editor would; its default body is a piece of advice and a "who to call" contact block."""

import factory
import wagtail_factories

from directory.vocabularies import Category
from guides.models import Audience, GuidePage, Theme


def contact_value(category=Category.ADAPTATION_LOGEMENT.value, **extra) -> dict:
    """The raw value of a contact block: the nearest service of `category` by default."""
    return {
        "title": "Qui appeler pour adapter son logement ?",
        "mode": "nearest",
        "category": category,
        "limit": 1,
        "service": None,
        "organisation": None,
        "note": "",
        **extra,
    }


class GuidePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GuidePage
        skip_postgeneration_save = True  # the publish hook saves through a revision

    title = "Adapter son logement"
    slug = "adapter-son-logement"
    summary = "Les aménagements utiles et qui appeler."
    theme = Theme.HOME_ADAPTATION
    audiences = factory.LazyFunction(lambda: [Audience.OLDER_TENANTS])
    body = factory.LazyFunction(
        lambda: [
            {"type": "text", "value": "<p>Une barre d'appui évite bien des chutes.</p>"},
            {"type": "contact", "value": contact_value()},
        ]
    )

    @factory.post_generation
    def publish(guide, create, extracted, **kwargs):
        if not create:
            return
        revision = guide.save_revision()
        if extracted is None or extracted:
            revision.publish()
            guide.refresh_from_db()
