"""The web origins allowed to embed a widget: checked and written one way only.

An origin is a scheme, a host and maybe a port — what `Content-Security-Policy:
frame-ancestors` lists. `https` only, except `http` on the partner's own machine (localhost,
127.0.0.1) to try the widget; no path, query, user, wildcard or IPv6 literal. The stored form
is normalised: lower case, internationalised names in punycode, default port left out
(« HTTPS://Mairie.fr:443/ » → « https://mairie.fr »), so the header says exactly it.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_ORIGINS = 10
LOOPBACK_HOSTS = ("localhost", "127.0.0.1")
DEFAULT_PORTS = {"https": 443, "http": 80}
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_SEPARATORS = re.compile(r"[\s,;]+")


def _host(raw: str) -> str:
    """The host in ASCII lower case, or ValidationError."""
    try:
        host = raw.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValidationError(
            _("Nom de domaine invalide : « %(host)s ».") % {"host": raw}
        ) from None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        labels = host.rstrip(".").split(".")
        if len(host) > 253 or not all(_LABEL.match(label) for label in labels):
            raise ValidationError(
                _("Nom de domaine invalide : « %(host)s ».") % {"host": raw}
            ) from None
        if len(labels) < 2 and host not in LOOPBACK_HOSTS:
            raise ValidationError(
                _("Indiquez un nom de domaine complet, par exemple « www.ma-commune.fr ».")
            ) from None
        return ".".join(labels)
    if address.version != 4:
        raise ValidationError(_("Les adresses IPv6 ne sont pas acceptées : utilisez un nom."))
    return str(address)


def normalise_origin(value: str) -> str:
    """« https://www.mairie.fr » from what a partner typed, or a ValidationError in French."""
    raw = (value or "").strip()
    if not raw:
        raise ValidationError(_("Origine vide."))
    if "*" in raw:
        raise ValidationError(
            _("« %(origin)s » : les jokers (*) ne sont pas acceptés, listez chaque site.")
            % {"origin": raw}
        )
    if any(ch in raw for ch in "\"'\\<>`") or not raw.isprintable():
        raise ValidationError(
            _("« %(origin)s » contient des caractères interdits.") % {"origin": raw}
        )
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not raw.lower().startswith(f"{scheme}://"):
        raise ValidationError(
            _("« %(origin)s » : commencez par https:// (par exemple https://www.ma-commune.fr).")
            % {"origin": raw}
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or raw.endswith(("?", "#")):
        raise ValidationError(
            _(
                "« %(origin)s » : indiquez seulement le site (https://exemple.fr), sans chemin "
                "ni paramètre."
            )
            % {"origin": raw}
        )
    if "@" in parts.netloc:
        raise ValidationError(
            _("« %(origin)s » : pas d'identifiant dans l'adresse.") % {"origin": raw}
        )
    if not parts.hostname:
        raise ValidationError(_("« %(origin)s » : le nom du site manque.") % {"origin": raw})
    try:
        port = parts.port
    except ValueError:
        raise ValidationError(_("« %(origin)s » : port invalide.") % {"origin": raw}) from None
    if parts.netloc.endswith(":"):
        raise ValidationError(_("« %(origin)s » : port invalide.") % {"origin": raw})
    if "[" in parts.netloc:
        raise ValidationError(_("Les adresses IPv6 ne sont pas acceptées : utilisez un nom."))
    host = _host(parts.hostname)
    if scheme == "http" and host not in LOOPBACK_HOSTS:
        raise ValidationError(
            _(
                "« %(origin)s » : seul https:// est accepté (http:// seulement pour localhost "
                "ou 127.0.0.1, pour essayer)."
            )
            % {"origin": raw}
        )
    if port is None or port == DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def parse_origins(text: str) -> list[str]:
    """Origins separated by new lines, spaces or commas: normalised, each once, in order.
    Every invalid one is reported (a ValidationError with one message per origin)."""
    origins: list[str] = []
    errors: list[ValidationError] = []
    for item in _SEPARATORS.split(text or ""):
        if not item:
            continue
        try:
            origin = normalise_origin(item)
        except ValidationError as error:
            errors.append(error)
            continue
        if origin not in origins:
            origins.append(origin)
    if errors:
        raise ValidationError(errors)
    if len(origins) > MAX_ORIGINS:
        raise ValidationError(
            _("Au plus %(max)s sites par module : créez un autre module pour les suivants.")
            % {"max": MAX_ORIGINS}
        )
    return origins
