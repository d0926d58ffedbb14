"""Guides in the portal's search (kind "guide"), imported by `search.apps` when installed.

Guides are indexed on publish and unindexed on unpublish/delete (`apps.GuidesConfig.ready`),
not on every save: a draft saved in the admin must not reach the index."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from search.registry import VISIBILITY_PUBLIC, Projection, SearchDoc, register

from .models import Audience, GuidePage, Theme
from .text import body_text


@register
class GuideProjection(Projection):
    kind = "guide"
    label = _("Guide")
    model = GuidePage
    connect_signals = False

    def queryset(self):
        # The French guides: the index is French (its translations are reached from them).
        return (
            GuidePage.objects.live()
            .public()
            .filter(locale__language_code=settings.LANGUAGE_CODE)
            .select_related("falc_version")
        )

    def is_indexable(self, obj) -> bool:
        return self.queryset().filter(pk=obj.pk).exists()

    def document(self, obj: GuidePage) -> SearchDoc:
        keywords = [str(Theme(obj.theme).label)] if obj.theme in Theme.values else []
        keywords += [str(Audience(a).label) for a in obj.audiences if a in Audience.values]
        if obj.is_easy_read:
            keywords += ["FALC", str(_("Facile à lire et à comprendre"))]
        categories = sorted(
            {
                child.value.get("category")
                for child in obj.body
                if child.block_type == "contact" and child.value.get("category")
            }
        )
        return SearchDoc(
            title=obj.title,
            url=obj.url or "",
            body="\n".join([obj.summary, body_text(obj.body)]),
            keywords=keywords,
            categories=categories,
            visibility=VISIBILITY_PUBLIC,
            updated_at=obj.last_published_at,
            extra={"theme": obj.theme, "audiences": list(obj.audiences), "falc": obj.is_easy_read},
        )
