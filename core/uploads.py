"""Uploaded files must be what their name says: the first bytes are checked against the
extension, so that a PNG named `.pdf` or `.eps` is refused instead of being stored and served
as a PDF or PostScript file (browsers and readers trust the type the name gives).

`check_content_matches_extension` serves every upload field; `DocumentForm` applies it to
Wagtail documents (`WAGTAILDOCS_DOCUMENT_FORM_BASE`)."""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, or an empty archive
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "eps": (b"%!PS", b"\xc5\xd0\xd3\xc6"),  # PostScript text, or the DOS EPS binary header
    "ps": (b"%!PS",),
    "rtf": (b"{\\rtf",),
    "zip": ZIP,
    "docx": ZIP,
    "xlsx": ZIP,
    "pptx": ZIP,
    "odt": ZIP,
    "ods": ZIP,
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
}
# Plain text: no signature, but no NUL byte and none of the binary signatures above.
TEXT_EXTENSIONS = {"csv", "txt", "tsv"}
HEAD_SIZE = 8192


def extension_of(name: str) -> str:
    return os.path.splitext(name or "")[1].lstrip(".").lower()


def _head(upload) -> bytes:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    try:
        return upload.read(HEAD_SIZE)
    finally:
        upload.seek(position)


def _matches(extension: str, head: bytes) -> bool:
    if extension == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if extension in TEXT_EXTENSIONS:
        binary = (sig for sigs in SIGNATURES.values() for sig in sigs)
        return b"\x00" not in head and not any(head.startswith(sig) for sig in binary)
    return any(head.startswith(signature) for signature in SIGNATURES[extension])


def is_checked(extension: str) -> bool:
    return extension in SIGNATURES or extension in TEXT_EXTENSIONS or extension == "webp"


def check_content_matches_extension(upload, name: str | None = None) -> None:
    """Raise a French ValidationError when the file's first bytes are not those of the type
    its extension announces. Extensions we know no signature for are left to the field's
    own list of allowed extensions."""
    extension = extension_of(name or upload.name)
    if not is_checked(extension):
        return
    if not _matches(extension, _head(upload)):
        raise ValidationError(
            _(
                "Le contenu de ce fichier ne correspond pas à son extension « .%(extension)s » : "
                "envoyez un vrai fichier .%(extension)s ou renommez-le selon son type."
            ),
            code="content_mismatch",
            params={"extension": extension},
        )


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing a file whose content does not match its extension
    (the document is then served with the type its name gives, and `nosniff`)."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            check_content_matches_extension(upload)
        return upload
