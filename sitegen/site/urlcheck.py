"""What a URL from the site's settings or an author file may look like (RFC 3986 syntax).

These URLs go into attributes, feeds and JSON-LD of every page: a quote, a space or an
unexpected part (a password, a query on the site's address) would break them or worse. Each
check returns the problem as a sentence, or None for a good URL.
"""

from __future__ import annotations

import ipaddress
import re

# The schemes a link anyone wrote may have: author links here, untrusted Markdown (safe_html).
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Allowed in a path segment: letters, digits, -._~!$&()*+,;=:@ and %-escapes. The quote '
# is allowed by RFC 3986 but refused here, like the other quote.
_PCHAR = r"(?:[A-Za-z0-9\-._~!$&()*+,;=:@]|%[0-9A-Fa-f]{2})"
_PATH = re.compile(rf"(?:/{_PCHAR}*)*")
_QUERY = re.compile(rf"(?:{_PCHAR}|[/?])*")
_FORBIDDEN = re.compile(r"[^\x21-\x7e]|[\"'<>\\^`{|}]")
_WEB = re.compile(r"(?ais)(https?)://([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?")
_LABEL = re.compile(r"(?ai)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_PORT = re.compile(r"[0-9]{1,5}")
EXAMPLE = "https://example.github.io/newsroom/"


def site_url_problem(value: str) -> str | None:
    """An http(s) URL of a site: a host, an optional port and path; no user name or
    password, no query or fragment."""
    if not re.match(r"(?ai)https?://", value):
        return f"must be a full URL such as {EXAMPLE}, not {value!r}"
    return _characters_problem(value) or _web_problem(value, with_query=False)


def link_url_problem(value: str) -> str | None:
    """A link a reader may follow: an http(s) URL (query and fragment allowed) or mailto:."""
    scheme = value.split(":", 1)[0].lower() if _SCHEME.match(value) else ""
    if scheme not in LINK_SCHEMES or (
            scheme != "mailto" and not re.match(r"(?ai)https?://", value)):
        return f"{value!r} must be an http(s):// or mailto: address"
    problem = _characters_problem(value)
    if problem or scheme != "mailto":
        return problem or _web_problem(value, with_query=True)
    address = value[len("mailto:"):]
    if not address or not _QUERY.fullmatch(address):
        return f"{value!r} is not a valid mailto: address (such as mailto:desk@example.org)"
    return None


def host_problem(host: str) -> str | None:
    """A DNS name (punycode for other scripts), a dotted IPv4 address or [an IPv6 one]."""
    if host.startswith("[") and host.endswith("]") and "%" not in host:
        try:
            ipaddress.IPv6Address(host[1:-1])
            return None
        except ValueError:
            pass
    elif re.fullmatch(r"[0-9.]+", host):
        try:
            ipaddress.IPv4Address(host)
            return None
        except ValueError:
            pass
    else:
        labels = (host[:-1] if host.endswith(".") else host).split(".")
        if (len(host) <= 253 and all(_LABEL.fullmatch(label) for label in labels)
                and not labels[-1].isdigit()):
            return None
    return (f"{host!r} is not a host name (letters, digits and hyphens between dots; "
            "xn-- for other scripts), an IPv4 address or a [bracketed] IPv6 address")


def _characters_problem(value: str) -> str | None:
    bad = _FORBIDDEN.search(value)
    if bad is None:
        return None
    if not bad.group().isascii():
        return (f"{bad.group()!r} is not allowed in a URL ({value!r}): write the host in "
                "punycode (xn--...) and percent-encode the path, as %C3%A9")
    return (f"{bad.group()!r} is not allowed in a URL ({value!r}): no spaces, quotes, <, >, "
            "backslashes or control characters; percent-encode others in a path, as %20")


def _web_problem(value: str, with_query: bool) -> str | None:
    _, netloc, path, query, fragment = _WEB.fullmatch(value).groups()
    if "@" in netloc:
        return f"must not contain a user name or password ({value!r})"
    host, port = netloc, None
    if netloc.startswith("["):      # [IPv6], then perhaps :port
        end = netloc.find("]") + 1 or len(netloc)
        host, rest = netloc[:end], netloc[end:]
        if rest and not rest.startswith(":"):
            host, rest = netloc, ""
        port = rest[1:] if rest else None
    elif ":" in netloc:
        host, _, port = netloc.rpartition(":")
    problem = host_problem(host)
    if problem:
        return problem
    if port is not None and not (_PORT.fullmatch(port) and 1 <= int(port) <= 65535):
        return f"port {port!r} must be a number from 1 to 65535 ({value!r})"
    if not _PATH.fullmatch(path):
        return (f"the path {path!r} is not a URL path ({value!r}): letters, digits, "
                "-._~!$&()*+,;=:@/ and %-escapes such as %20 only")
    if not with_query and (query is not None or fragment is not None):
        return f"must not contain a query or fragment ({value!r})"
    for part in (query, fragment):
        if part is not None and not _QUERY.fullmatch(part):
            return f"{value!r} has a query or fragment with characters a URL cannot hold"
    return None
