"""StreamField blocks of the guides, shared by every guide page.

Each block has its own template, a `preview_value` and a `description` for Wagtail's block
picker preview. Two blocks are *live*: the contact block and the event list block read the
directory and the agenda at render time, for the reader's commune (see `contacts.py` and
`events_feed.py`), so a printed or downloaded guide is never staler than its last build.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from core.blocks import (
    INLINE_RICH_TEXT_FEATURES,
    CalloutBlock,
    ImageBlock,
    SourceBlock,
    has_source,
    missing_source_error,
)
from core.figures import figures_in
from directory.vocabularies import Category
from events.models import EventType

from .choosers import chooser_viewset_for
from .contacts import ContactMode, resolver_from_context
from .text import block_text

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
ANSWER_FEATURES = INLINE_RICH_TEXT_FEATURES


def event_type_choices() -> list[tuple[str, str]]:
    """Event types of the agenda."""
    return list(EventType.choices)


class DirectoryChooserBlock(blocks.ChooserBlock):
    """A chooser of a directory model, named by its label so that migrations never import
    the directory's models; the widget comes from the chooser viewsets in `choosers.py`."""

    target_model = ""

    @cached_property
    def widget(self):
        return chooser_viewset_for(self.target_model).widget_class()


class ServiceChooserBlock(DirectoryChooserBlock):
    target_model = "directory.Service"

    class Meta:
        icon = "list-ul"


class OrganisationChooserBlock(DirectoryChooserBlock):
    target_model = "directory.Organisation"

    class Meta:
        icon = "group"


class GlossaryTermChooserBlock(DirectoryChooserBlock):
    target_model = "orientation.GlossaryTerm"

    class Meta:
        icon = "title"


class RichTextBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Texte")
        template = "guides/blocks/rich_text.html"
        description = _("Paragraphes, intertitres, listes et liens.")
        preview_value = (
            "<h2>Rester chez soi en sécurité</h2><p>Quelques aménagements simples suffisent "
            "souvent : une barre d'appui, un éclairage automatique, un tapis antidérapant.</p>"
        )


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("étape"), max_length=150)
    text = blocks.TextBlock(label=_("explication"), required=False)


class StepsBlock(blocks.StructBlock):
    """A procedure as a numbered list: what to do first, then next."""

    title = blocks.CharBlock(label=_("titre"), required=False, max_length=150)
    steps = blocks.ListBlock(StepBlock(), label=_("étapes"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Étapes numérotées")
        template = "guides/blocks/steps.html"
        description = _("Une démarche pas à pas, numérotée.")
        preview_value = {
            "title": "Demander l'adaptation de son logement",
            "steps": [
                {"title": "Écrire à son bailleur", "text": "Décrire la gêne : bain, marches…"},
                {"title": "Recevoir la visite d'un ergothérapeute", "text": ""},
                {"title": "Valider les travaux proposés", "text": ""},
            ],
        }


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("réponse"), features=ANSWER_FEATURES)


class FaqBlock(blocks.StructBlock):
    """Questions and answers, folded with <details>/<summary>: works without JavaScript and
    unfolds entirely when printed."""

    title = blocks.CharBlock(label=_("titre"), required=False, max_length=150)
    questions = blocks.ListBlock(QuestionBlock(), label=_("questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Questions fréquentes")
        template = "guides/blocks/faq.html"
        description = _("Des questions dépliables, lisibles sans JavaScript.")
        preview_value = {
            "title": "Questions fréquentes",
            "questions": [
                {
                    "question": "Les travaux sont-ils à ma charge ?",
                    "answer": "<p>Non, pas pour les adaptations acceptées par le bailleur.</p>",
                }
            ],
        }


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(
        label=_("chiffre"), max_length=30, help_text=_("Par ex. « 3 500 € ».")
    )
    label = blocks.CharBlock(label=_("ce qu'il mesure"), max_length=200)
    source = SourceBlock(label=_("source"), help_text=_("Obligatoire : d'où vient ce chiffre."))

    class Meta:
        icon = "pick"
        label = _("Chiffre clé")
        template = "guides/blocks/key_figure.html"
        description = _("Un chiffre mis en avant, avec sa source.")
        preview_value = {
            "figure": "3 500 €",
            "label": "plafond par logement des conventions d'adaptation avec la Carsat",
            "source": {
                "text": "Fiche technique « Stratégie senior dans le logement social », "
                "Gérontopôle Nouvelle-Aquitaine",
                "date": "",
                "url": "",
            },
        }

    def clean(self, value):
        value = super().clean(value)
        if not has_source(value.get("source")):
            raise StructBlockValidationError(
                block_errors={"source": missing_source_error([value.get("figure", "")])}
            )
        return value


class GlossaryTermBlock(blocks.StructBlock):
    """An acronym or a word explained where the reader meets it: a term of the shared
    glossary (kept up to date by moderators), or one written here."""

    glossary_term = GlossaryTermChooserBlock(
        label=_("terme du glossaire"),
        required=False,
        help_text=_("De préférence : sa définition reste à jour partout."),
    )
    term = blocks.CharBlock(label=_("ou : terme ou sigle"), max_length=80, required=False)
    definition = blocks.TextBlock(label=_("définition"), required=False)

    class Meta:
        icon = "title"
        label = _("Terme du glossaire")
        template = "guides/blocks/glossary_term.html"
        description = _("Un sigle ou un mot expliqué simplement.")
        preview_value = {
            "glossary_term": None,
            "term": "CLIC",
            "definition": "Centre local d'information et de coordination : il renseigne les "
            "personnes âgées et leurs proches sur les aides et les services.",
        }

    def clean(self, value):
        value = super().clean(value)
        if not value.get("glossary_term") and not (value.get("term") and value.get("definition")):
            raise StructBlockValidationError(
                block_errors={
                    "glossary_term": ErrorList(
                        [
                            ValidationError(
                                _(
                                    "Choisissez un terme du glossaire, ou écrivez un terme et sa "
                                    "définition."
                                )
                            )
                        ]
                    )
                }
            )
        return value


class ContactBlock(blocks.StructBlock):
    """Who to call: a chosen directory entry, or the nearest published services of a category
    for the reader's commune, resolved live at render (see `contacts.ContactResolver`)."""

    title = blocks.CharBlock(label=_("titre"), required=False, max_length=150)
    mode = blocks.ChoiceBlock(
        label=_("contact affiché"),
        choices=[
            (ContactMode.NEAREST, _("Le plus proche de la commune du lecteur, par catégorie")),
            (ContactMode.CHOSEN, _("Un service ou une organisation choisis")),
        ],
        default=ContactMode.NEAREST,
    )
    category = blocks.ChoiceBlock(label=_("catégorie"), choices=Category.choices, required=False)
    limit = blocks.IntegerBlock(
        label=_("nombre de contacts"), min_value=1, max_value=5, default=1, required=False
    )
    service = ServiceChooserBlock(label=_("service"), required=False)
    organisation = OrganisationChooserBlock(label=_("organisation"), required=False)
    note = blocks.CharBlock(
        label=_("précision"),
        required=False,
        max_length=250,
        help_text=_("Par ex. « Appelez de la part de votre gardien »."),
    )

    class Meta:
        icon = "user"
        label = _("Contact")
        template = "guides/blocks/contact.html"
        description = _(
            "Un contact de l'annuaire, ou le plus proche de la commune du lecteur, toujours à jour."
        )
        preview_value = {
            "title": "Qui appeler pour adapter son logement ?",
            "mode": ContactMode.NEAREST,
            "category": Category.ADAPTATION_LOGEMENT.value,
            "limit": 1,
        }

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value.get("mode") == ContactMode.CHOSEN:
            if not value.get("service") and not value.get("organisation"):
                errors["service"] = ErrorList(
                    [ValidationError(_("Choisissez un service ou une organisation."))]
                )
        elif not value.get("category"):
            errors["category"] = ErrorList(
                [ValidationError(_("Choisissez la catégorie du contact le plus proche."))]
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        resolver = resolver_from_context(parent_context)
        context["contacts"] = resolver.resolve(value)
        context["commune"] = resolver.commune
        return context


class EventListBlock(blocks.StructBlock):
    """Upcoming sessions from the agenda, by type and for the reader's commune."""

    title = blocks.CharBlock(label=_("titre"), required=False, max_length=150)
    event_type = blocks.ChoiceBlock(
        label=_("type d'action"), choices=event_type_choices, required=False
    )
    reader_commune_only = blocks.BooleanBlock(
        label=_("seulement dans la commune du lecteur"), required=False, default=True
    )
    limit = blocks.IntegerBlock(label=_("nombre de dates"), min_value=1, max_value=10, default=3)

    class Meta:
        icon = "date"
        label = _("Prochains rendez-vous")
        template = "guides/blocks/event_list.html"
        description = _("Les prochaines dates de l'agenda, près de chez le lecteur.")
        preview_value = {
            "title": "Prochains ateliers",
            "event_type": "",
            "reader_commune_only": False,
            "limit": 3,
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        resolver = resolver_from_context(parent_context)
        context["commune"] = resolver.commune
        context["occurrences"] = resolver.events(value)
        return context


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("intitulé du lien"),
        required=False,
        max_length=150,
        help_text=_("Vide : le titre du document."),
    )
    description = blocks.CharBlock(label=_("description"), required=False, max_length=250)

    class Meta:
        icon = "doc-full"
        label = _("Document à télécharger")
        template = "guides/blocks/document.html"
        description = _("Un formulaire ou une fiche à télécharger.")
        preview_value = {
            "document": None,
            "title": "Formulaire de demande d'adaptation",
            "description": "PDF à remplir et à remettre à votre gardien.",
        }


class CitationBlock(SourceBlock):
    """The source of the block just above it (a text, steps or questions), for the blocks
    that have no source line of their own."""

    class Meta:
        icon = "link"
        label = _("Source du bloc précédent")
        template = "components/blocks/source.html"
        description = _("D'où viennent les chiffres et les règles du bloc juste au-dessus.")
        preview_value = {
            "text": "Référentiel de l'accompagnement vers et dans le logement (AVDL) et de la "
            "gestion locative adaptée (GLA)",
            "date": "janvier 2011",
            "url": "",
        }


# Blocks whose figures and rules are cited by a « source du bloc précédent » below them
# (callouts and key figures have their own source line).
CITED_BELOW = {"text", "steps", "faq", "glossary_term"}


def stated_text(block_type: str, value) -> str:
    """The words of a block that a reader takes as information, for its figures and rules;
    a term of the shared glossary is the glossary's to source, not the guide's."""
    if block_type not in CITED_BELOW:
        return ""
    if block_type == "glossary_term" and value.get("glossary_term"):
        return ""
    return " ".join(block_text(block_type, value))


def unsourced_figures(stream_value) -> dict[int, list[str]]:
    """Blocks of a guide body that state figures or rules without a source, by index: a
    text, steps, questions or a written definition must be followed by a « source du bloc
    précédent » (callouts and key figures validate their own source line)."""
    children = list(stream_value)
    missing = {}
    for index, child in enumerate(children):
        figures = figures_in(stated_text(child.block_type, child.value))
        if not figures:
            continue
        following = children[index + 1] if index + 1 < len(children) else None
        if following is None or following.block_type != "source" or not has_source(following.value):
            missing[index] = figures
    return missing


class GuideBodyBlock(blocks.StreamBlock):
    text = RichTextBlock(features=RICH_TEXT_FEATURES)
    steps = StepsBlock()
    faq = FaqBlock()
    key_figure = KeyFigureBlock()
    callout = CalloutBlock()
    image = ImageBlock()
    glossary_term = GlossaryTermBlock()
    contact = ContactBlock()
    event_list = EventListBlock()
    document = DocumentBlock()
    source = CitationBlock()

    def clean(self, value):
        value = super().clean(value)
        missing = unsourced_figures(value)
        if missing:
            children = list(value)
            raise StreamBlockValidationError(
                block_errors={
                    index: self._missing_citation(children[index].block_type, figures)
                    for index, figures in missing.items()
                }
            )
        return value

    @staticmethod
    def _missing_citation(block_type: str, figures: list[str]) -> ValidationError:
        message = ValidationError(
            _(
                "Ce bloc énonce un chiffre ou une règle (%(figures)s) : ajoutez juste en dessous "
                "un bloc « Source du bloc précédent »."
            ),
            code="source_required",
            params={"figures": ", ".join(f"« {f} »" for f in figures[:3])},
        )
        if block_type == "text":
            return message
        # A StructBlock shows its own errors above its fields.
        return StructBlockValidationError(non_block_errors=ErrorList([message]))
