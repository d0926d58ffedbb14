"""StreamField blocks of event pages, each with its own template."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    """An image always described: the alternative text is required, not derived."""

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
        template = "events/blocks/image_block.html"


class CalloutBlock(blocks.StructBlock):
    """A highlighted note (what to bring, how to get there) or a quote from a participant."""

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
        template = "events/blocks/callout_block.html"


class EventBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Texte"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
        template="events/blocks/text_block.html",
    )
    image = ImageBlock()
    callout = CalloutBlock()
