"""StreamField blocks shared by the page types (events, guides), each with its template,
a `description` and a `preview_value` for Wagtail's block picker.

Wagtail stores a StructBlock by its children, not by its class: moving a block here changes
no data and no migration as long as its children stay the same."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

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
