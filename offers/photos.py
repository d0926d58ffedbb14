"""Photos of offers and premises: Wagtail images, raster formats only, bounded in size,
pixels and number (at most `MAX_PHOTOS` per entry), named after what they contain (the
stored file is served with the type its extension gives)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from wagtail.images import get_image_model

from core.uploads import extension_of

from .models import MAX_PHOTOS

# Pillow's format → the extensions a file of that format may carry.
ALLOWED_FORMATS = {
    "JPEG": {"jpg", "jpeg"},
    "PNG": {"png"},
    "GIF": {"gif"},
    "WEBP": {"webp"},
}


def validate_photo(upload) -> None:
    """Raise a French ValidationError unless the upload is a raster image we accept."""
    max_size = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    if upload.size > max_size:
        raise ValidationError(
            _("La photo pèse plus de %(mo)s Mo.") % {"mo": max_size // (1024 * 1024)}
        )
    upload.seek(0)
    try:
        with PILImage.open(upload) as image:
            image_format = image.format
            width, height = image.size
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as error:
        raise ValidationError(_("Ce fichier n'est pas une image lisible.")) from error
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(_("Formats acceptés : JPEG, PNG, GIF ou WebP."))
    extension = extension_of(upload.name)
    if extension not in ALLOWED_FORMATS[image_format]:
        raise ValidationError(
            _(
                "Ce fichier est une image %(format)s mais son nom se termine par "
                "« .%(extension)s » : renommez-le en .%(expected)s."
            )
            % {
                "format": image_format,
                "extension": extension,
                "expected": sorted(ALLOWED_FORMATS[image_format])[-1],
            }
        )
    if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
        raise ValidationError(_("L'image est trop grande (trop de pixels)."))


@transaction.atomic
def add_photo(entry, upload, alt_text: str, user=None):
    """Attach a validated upload to an offer or premises as a Wagtail image."""
    photos = entry.photos
    if photos.count() >= MAX_PHOTOS:
        raise ValidationError(_("%(max)s photos au plus.") % {"max": MAX_PHOTOS})
    image = get_image_model()(title=alt_text[:255], file=upload, uploaded_by_user=user)
    image.save()
    return photos.create(image=image, alt_text=alt_text, sort_order=photos.count())
