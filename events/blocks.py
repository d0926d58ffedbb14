"""StreamField blocks of event pages: rich text, and the shared image and note blocks."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import ImageBlock, NoteOrQuoteBlock


class EventBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Texte"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
        template="events/blocks/text_block.html",
    )
    image = ImageBlock()
    callout = NoteOrQuoteBlock()
