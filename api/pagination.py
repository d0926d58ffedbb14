"""Cursor pagination, stable under concurrent inserts.

Pages are ordered by primary key ascending; the cursor is an opaque url-safe base64 of
"after id N". New records get higher ids, so they show up on later pages: paging never
repeats nor skips a record. A record modified after a client paged past it keeps its place
(its id does not change): clients catch up with `modified_since`, which filters on the
modification date, rather than by re-reading every page."""

import base64
import binascii

from django.utils.translation import gettext_lazy as _

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
CURSOR_PREFIX = "after:"


class CursorError(ValueError):
    message = _("Curseur de pagination invalide : reprenez le lien « next » d'une réponse.")


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The id the page starts after (0 for the first page)."""
    if not cursor:
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        raise CursorError from None
    if not text.startswith(CURSOR_PREFIX):
        raise CursorError
    value = text[len(CURSOR_PREFIX) :]
    if not value.isdigit() or len(value) > 18:
        raise CursorError
    return int(value)


def paginate(queryset, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """One page of `queryset` after the cursor, and the cursor of the next page (None at
    the end). Reads `limit + 1` rows to know whether another page follows."""
    after = decode_cursor(cursor)
    rows = list(queryset.filter(pk__gt=after).order_by("pk")[: limit + 1])
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, encode_cursor(rows[-1].pk)
    return rows, None
