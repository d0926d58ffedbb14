"""« Envoyer cette fiche »: the text of a sheet as an `sms:` and a `mailto:` link, built
from what the sheet shows. Nothing is stored or sent by the server: the visitor's own phone
or mail program opens with the text filled in.

- SMS (RFC 5724): `sms:?&body=…`. Android reads `sms:?body=`, iOS reads `sms:&body=`;
  `?&body=` is the form both accept (an empty first query parameter, then `body`).
- E-mail (RFC 6068): `mailto:?subject=…&body=…`, every reserved character percent-encoded
  (spaces as `%20`, never `+`), line breaks as `%0D%0A`.

A service whose contact details are for professionals only is shared with its
organisation's public reception number, as its public sheet tells everybody to call."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.utils.translation import gettext as _

from core.phones import phone_display


@dataclass(frozen=True)
class ShareLinks:
    text: str
    sms: str
    mailto: str


def _encode(value: str) -> str:
    return quote(value, safe="")


def sms_link(body: str) -> str:
    return f"sms:?&body={_encode(body)}"


def mailto_link(subject: str, body: str) -> str:
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:?subject={_encode(subject)}&body={_encode(body)}"


def _address_line(address: str, postcode: str, commune) -> str:
    place = " ".join(part for part in (postcode, commune.name if commune else "") if part)
    return ", ".join(part for part in (address, place) if part)


def _links(title: str, lines: list[str]) -> ShareLinks:
    text = "\n".join(line for line in [title, *lines] if line)
    return ShareLinks(text=text, sms=sms_link(text), mailto=mailto_link(title, text))


def absolute_url(path: str) -> str:
    """The sheet's address as anyone can open it (the configured site address, never the
    request's Host header)."""
    return settings.SITE_URL + path


def service_share_links(service) -> ShareLinks:
    organisation = service.organisation
    phone = organisation.phone if service.contact_is_professional_only else service.effective_phone
    return _links(
        f"{service.name} — {organisation.name}",
        [
            _("Tél. : %(phone)s") % {"phone": phone_display(phone)} if phone else "",
            _address_line(
                service.effective_address, service.effective_postcode, service.effective_commune
            ),
            absolute_url(service.get_absolute_url()),
        ],
    )


def organisation_share_links(organisation) -> ShareLinks:
    phone = organisation.phone
    return _links(
        organisation.name,
        [
            _("Tél. : %(phone)s") % {"phone": phone_display(phone)} if phone else "",
            _address_line(organisation.address, organisation.postcode, organisation.commune),
            absolute_url(organisation.get_absolute_url()),
        ],
    )
