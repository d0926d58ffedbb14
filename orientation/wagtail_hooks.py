"""Admin for moderators: situations (what each maps to) and the glossary, as snippets.

Plain model permissions: the "Modérateurs" group gets add/change/delete/view on both models
(migration 0002); admins have everything.

Their translations (issue #19 item 4) are snippets too: the "Modérateurs" group may edit them
and « publier après relecture » (permission `orientation.publish_translation`, migration 0009);
a user who may edit but not publish can only leave a translation « brouillon » or « à relire »,
and editing a published one sends it back to review. The national vocabulary labels
(directory.LabelTranslation: thematiques, publics, types…) are reviewed the same way, with the
same publish permission."""

from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from directory.models import LabelTranslation
from directory.vocabularies import NATIONAL_VOCABULARIES, NationalVocabulary

from .models import (
    GlossaryTerm,
    GlossaryTermTranslation,
    Situation,
    SituationTranslation,
    TranslationStatus,
)
from .translation_views import EDIT_PERMISSION, missing_translations
from .translations import can_publish_translations


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


class TranslationAdminForm(WagtailAdminModelForm):
    """The review state: only a publisher may choose « publiée »; publishing records who
    reviewed it and when."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.was_published = self.instance.status == TranslationStatus.PUBLISHED
        self.may_publish = self.for_user is not None and can_publish_translations(self.for_user)
        if "status" in self.fields and not self.may_publish:
            self.fields["status"].choices = [
                choice
                for choice in self.fields["status"].choices
                if choice[0] != TranslationStatus.PUBLISHED
            ]
            if self.was_published:
                self.initial["status"] = TranslationStatus.TO_REVIEW

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == TranslationStatus.PUBLISHED and not self.may_publish:
            raise forms.ValidationError(
                _("Seuls les modérateurs publient une traduction, après l'avoir relue.")
            )
        return status

    def save(self, commit=True):
        translation = super().save(commit=False)
        if translation.status == TranslationStatus.PUBLISHED and (
            not self.was_published or self.has_changed()
        ):
            translation.publish(self.for_user)
        if commit:
            translation.save()
        return translation


class SituationTranslationViewSet(SnippetViewSet):
    model = SituationTranslation
    icon = "globe"
    menu_label = _("Situations traduites")
    list_display = ["situation", "language", "label", "status", "reviewed_by", "reviewed_at"]
    list_filter = ["language", "status"]
    search_fields = ["label", "description"]
    ordering = ["situation__order", "language"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("situation"), FieldPanel("language")]),
            FieldPanel("label"),
            FieldPanel("description"),
            FieldPanel("questions"),
            FieldPanel("status"),
        ],
        base_form_class=TranslationAdminForm,
    )


class GlossaryTermTranslationViewSet(SnippetViewSet):
    model = GlossaryTermTranslation
    icon = "globe"
    menu_label = _("Glossaire traduit")
    list_display = ["glossary_term", "language", "term", "status", "reviewed_by", "reviewed_at"]
    list_filter = ["language", "status"]
    search_fields = ["term", "definition"]
    ordering = ["glossary_term__term", "language"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("glossary_term"), FieldPanel("language")]),
            FieldPanel("term"),
            FieldPanel("definition"),
            FieldPanel("status"),
        ],
        base_form_class=TranslationAdminForm,
    )


def national_code_choices() -> list:
    """Every national code with its French label, grouped by vocabulary."""
    return [("", "---------")] + [
        (
            vocabulary.label,
            [
                (code, f"{french} ({code})")
                for code, french in NATIONAL_VOCABULARIES[vocabulary].items()
            ],
        )
        for vocabulary in NationalVocabulary
    ]


class LabelTranslationAdminForm(TranslationAdminForm):
    """The code is picked in the package's lists (its French label shown beside it); the model
    refuses a code that is not in the chosen vocabulary."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "code" in self.fields:
            field = self.fields["code"]
            self.fields["code"] = forms.ChoiceField(
                label=field.label, choices=national_code_choices(), required=True
            )


class LabelTranslationCreateView(SnippetCreateView):
    """« Traductions à faire » links here with the vocabulary, code and language filled in."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        if self.request.method == "GET":
            for name in ("vocabulary", "code", "language"):
                if self.request.GET.get(name):
                    setattr(instance, name, self.request.GET[name])
        return instance


class LabelTranslationViewSet(SnippetViewSet):
    model = LabelTranslation
    icon = "globe"
    menu_label = _("Libellés nationaux traduits")
    add_view_class = LabelTranslationCreateView
    list_display = [
        Column("french", label=_("En français")),
        "vocabulary",
        "language",
        "label",
        "status",
        "reviewed_by",
    ]
    list_filter = ["vocabulary", "language", "status"]
    search_fields = ["code", "label"]
    ordering = ["vocabulary", "code", "language"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("vocabulary"), FieldPanel("language")]),
            FieldPanel("code"),
            FieldPanel("label"),
            FieldPanel("status"),
        ],
        base_form_class=LabelTranslationAdminForm,
    )


class OrientationViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Orientation")
    menu_icon = "help"
    menu_order = 310
    items = (
        SituationViewSet,
        GlossaryTermViewSet,
        SituationTranslationViewSet,
        GlossaryTermTranslationViewSet,
        LabelTranslationViewSet,
    )


register_snippet(OrientationViewSetGroup)


class MissingTranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(EDIT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_missing_translations_menu_item():
    return MissingTranslationsMenuItem(
        _("Traductions à faire"),
        reverse("orientation_missing_translations"),
        icon_name="globe",
        order=311,
    )


@hooks.register("register_admin_urls")
def register_missing_translations_url():
    return [
        path(
            "traductions-a-faire/",
            missing_translations,
            name="orientation_missing_translations",
        )
    ]
