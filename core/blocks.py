"""StreamField blocks shared by the page types (events, guides), each with its template,
a `description` and a `preview_value` for Wagtail's block picker.

Wagtail stores a StructBlock by its children, not by its class: moving a block here changes
no data and no migration as long as its children stay the same."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from .figures import figures_in

# Rich text allowed inside a block (no headings: the block has its own title).
INLINE_RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class ImageBlock(blocks.StructBlock):
    """An image always described: the alternative text is required, never derived."""

    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("texte alternatif"),
        max_length=250,
        help_text=_("Ce que montre l'image, pour les personnes qui ne la voient pas."),
    )
    caption = blocks.CharBlock(label=_("légende"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/blocks/image.html"
        description = _("Une image avec son texte alternatif obligatoire.")
        preview_value = {"image": None, "alt_text": "Barre d'appui près d'une baignoire"}


def missing_source_error(figures: list[str]) -> StructBlockValidationError:
    """The error of a block's `source` (a SourceBlock) when the block states figures or rules
    without one: shown under the source's text field in the editor."""
    message = ValidationError(
        _(
            "Ce bloc énonce un chiffre ou une règle (%(figures)s) : indiquez sa source, pour que "
            "le lecteur puisse vérifier d'où il vient."
        ),
        code="source_required",
        params={"figures": ", ".join(f"« {f} »" for f in figures[:3])},
    )
    return StructBlockValidationError(block_errors={"text": ErrorList([message])})


class SourceBlock(blocks.StructBlock):
    """Where a figure or a rule comes from, shown under the block: « Source : document,
    date » with an optional link. Empty when the block states no figure. A source stored as
    plain text (the former `source` of the key figure block) is read as its `text`."""

    text = blocks.CharBlock(
        label=_("source"),
        required=False,
        max_length=250,
        help_text=_("Le document ou l'organisme, par ex. « Référentiel AVDL et GLA »."),
    )
    date = blocks.CharBlock(
        label=_("date"), required=False, max_length=40, help_text=_("Par ex. « janvier 2011 ».")
    )
    url = blocks.URLBlock(label=_("lien"), required=False)

    class Meta:
        icon = "link"
        label = _("Source")
        template = "components/blocks/source.html"
        form_classname = "struct-block source-block"

    @staticmethod
    def _from_text(value):
        return {"text": value} if isinstance(value, str) else value

    def to_python(self, value):
        return super().to_python(self._from_text(value))

    def bulk_to_python(self, values):
        return super().bulk_to_python([self._from_text(v) for v in values])

    def normalize(self, value):
        return super().normalize(self._from_text(value))

    def clean(self, value):
        value = super().clean(value)
        if (value.get("url") or value.get("date")) and not value.get("text"):
            raise StructBlockValidationError(
                block_errors={
                    "text": ErrorList(
                        [ValidationError(_("Nommez le document ou l'organisme cité."))]
                    )
                }
            )
        return value


def has_source(value) -> bool:
    return bool(value and value.get("text"))


class CalloutBlock(blocks.StructBlock):
    """A boxed note in rich text: « bon à savoir », « conseil » or « attention »."""

    kind = blocks.ChoiceBlock(
        label=_("type"),
        choices=[
            ("info", _("Bon à savoir")),
            ("tip", _("Conseil")),
            ("warning", _("Attention")),
        ],
        default="info",
    )
    title = blocks.CharBlock(label=_("titre"), required=False, max_length=150)
    text = blocks.RichTextBlock(label=_("texte"), features=INLINE_RICH_TEXT_FEATURES)
    source = SourceBlock(
        label=_("source"),
        help_text=_("Obligatoire si l'encadré donne un chiffre, une date ou une règle."),
    )

    class Meta:
        icon = "warning"
        label = _("Encadré")
        template = "components/blocks/callout.html"
        description = _("Un encadré « bon à savoir », « conseil » ou « attention ».")
        preview_value = {
            "kind": "warning",
            "title": "En cas de danger",
            "text": "<p>Appelez le 15, le 17 ou le 18, ou le 112 depuis un portable.</p>",
        }

    def clean(self, value):
        value = super().clean(value)
        text = value.get("text")
        figures = figures_in(text.source if hasattr(text, "source") else str(text or ""))
        if figures and not has_source(value.get("source")):
            raise StructBlockValidationError(block_errors={"source": missing_source_error(figures)})
        return value


class NoteOrQuoteBlock(blocks.StructBlock):
    """A highlighted note in plain text (what to bring, how to get there) or a quote from a
    participant. Its text is plain, not rich: merging it into `CalloutBlock` needs a data
    migration of the stored event bodies and their revisions."""

    kind = blocks.ChoiceBlock(
        label=_("type"),
        choices=[("info", _("Encadré d'information")), ("quote", _("Citation"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("titre"), required=False, max_length=120)
    text = blocks.TextBlock(label=_("texte"))
    attribution = blocks.CharBlock(label=_("auteur de la citation"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Encadré ou citation")
        template = "components/blocks/note_or_quote.html"
        description = _("Une information pratique ou la citation d'un participant.")
        preview_value = {
            "kind": "quote",
            "text": "On est venus pour l'atelier, on est restés pour le café.",
            "attribution": "Une participante",
        }
