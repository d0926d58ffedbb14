"""HSDS identifiers: every object has a UUID (the schemas' `format: uuid`).

The objects a client asks for by id (organizations, services, locations, services at a
location) get an invertible UUID that reads back to the Maillage primary key: a version 8
UUID (RFC 9562, "custom") `4d41494c-KKKK-8000-8000-PPPPPPPPPPPP`, « MAIL », the kind of object
and the key in hexadecimal. The same record always has the same id, from one request or one
release to the next. Objects nested in another (phones, schedules, identifiers…) and the
taxonomy terms get a name-based UUID (version 5) of what they are, stable as well."""

import uuid
from enum import IntEnum

PREFIX = "4d41494c"
NAMESPACE = uuid.UUID("4d41494c-0000-8000-8000-000000000000")
MAX_KEY = 16**12 - 1


class Kind(IntEnum):
    ORGANIZATION = 1
    SERVICE = 2
    # The place of an organisation (its address), and a service's own place when it has one.
    ORGANIZATION_LOCATION = 3
    SERVICE_LOCATION = 4
    SERVICE_AT_LOCATION = 5


def object_id(kind: Kind, key: int) -> str:
    return f"{PREFIX}-{int(kind):04x}-8000-8000-{key:012x}"


def parse_id(value: str, kinds: tuple[Kind, ...]) -> tuple[Kind, int] | None:
    """(kind, primary key) of an id of one of these kinds; None for anything else (another
    kind, another form of UUID, not a UUID)."""
    try:
        parsed = uuid.UUID(value)
    except (ValueError, TypeError, AttributeError):
        return None
    text = str(parsed)
    if not text.startswith(PREFIX + "-") or text[14:23] != "8000-8000":
        return None
    kind_number = int(text[9:13], 16)
    if kind_number not in {int(kind) for kind in kinds}:
        return None
    return Kind(kind_number), int(text[24:], 16)


def nested_id(*parts) -> str:
    """The id of an object nested in another: `nested_id(service_id, "phone", 0)`."""
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))
