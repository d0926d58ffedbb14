"""The client's address, the same way for every rate limit, lockout and log.

`settings.TRUSTED_PROXIES` lists the reverse proxies in front of the site (IP addresses or
CIDR networks, env var `TRUSTED_PROXIES`, comma-separated). Empty, the default:
`X-Forwarded-For` is ignored, since any client can write it, and REMOTE_ADDR is the client.
Set: only when REMOTE_ADDR is one of those proxies, `X-Forwarded-For` is read from the right
(each proxy appends the address it received the request from), skipping trusted proxies,
and the first address that is not one is the client. Values that are not IP addresses are
never returned: the walk stops at the first one and keeps the last trusted hop."""

import ipaddress
import logging
from functools import lru_cache

from django.conf import settings

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_ip(value: str | None) -> IPAddress | None:
    """An address from a header value ("203.0.113.7", "203.0.113.7:5123", "[2001:db8::1]:443",
    "::ffff:203.0.113.7"), or None when it is not one."""
    text = (value or "").strip()
    if text.startswith("[") and "]" in text:  # [IPv6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # IPv4:port
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            logger.warning("TRUSTED_PROXIES: %r is not an IP address or network, ignored", entry)
    return tuple(networks)


def trusted_proxies() -> tuple[IPNetwork, ...]:
    """The networks of `settings.TRUSTED_PROXIES`; invalid entries are ignored (logged)."""
    entries = getattr(settings, "TRUSTED_PROXIES", None) or ()
    if isinstance(entries, str):
        entries = entries.split(",")
    return _networks(tuple(str(entry) for entry in entries if str(entry).strip()))


def _is_trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_ip(request) -> str:
    """The address of the client that sent `request`, or "" when there is none."""
    remote = parse_ip(request.META.get("REMOTE_ADDR"))
    if remote is None:
        return ""
    networks = trusted_proxies()
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    client = remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = parse_ip(hop)
        if address is None:
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)
