"""Admin for moderators: situations (what each maps to) and the glossary, as snippets.

Plain model permissions: the "Modérateurs" group gets add/change/delete/view on both models
(migration 0002); admins have everything."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import GlossaryTerm, Situation


class SituationViewSet(SnippetViewSet):
    model = Situation
    icon = "help"
    menu_label = _("Situations")
    list_display = ["label", "is_danger", "prefers_at_home", "order"]
    list_filter = ["is_danger", "prefers_at_home"]
    search_fields = ["label", "description"]
    ordering = ["order", "label"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("label"),
                FieldPanel("slug"),
                FieldPanel("description"),
                FieldRowPanel([FieldPanel("order"), FieldPanel("is_danger")]),
            ],
            heading=_("Situation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("primary_typologies"),
                FieldPanel("thematiques"),
                FieldPanel("typologies"),
                FieldPanel("publics"),
                FieldPanel("prefers_at_home"),
            ],
            heading=_("Services proposés"),
        ),
        FieldPanel("questions"),
    ]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    menu_label = _("Glossaire")
    list_display = ["term", "acronym", "situation"]
    list_filter = ["situation"]
    search_fields = ["term", "acronym", "definition", "synonyms"]
    ordering = ["term"]
    panels = [
        FieldRowPanel([FieldPanel("acronym"), FieldPanel("term")]),
        FieldPanel("definition"),
        FieldPanel("synonyms"),
        FieldPanel("link"),
        FieldPanel("situation"),
    ]


class OrientationViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Orientation")
    menu_icon = "help"
    menu_order = 310
    items = (SituationViewSet, GlossaryTermViewSet)


register_snippet(OrientationViewSetGroup)
