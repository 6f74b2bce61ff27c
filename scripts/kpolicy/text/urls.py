"""URLs judged by what they point at, not by how they are written (RFC 3986, section 6).

`normal_form` applies the RFC's syntax- and scheme-based normalisation: scheme and host in
lowercase, the default port dropped, percent-encodings of unreserved characters decoded and
the others written with uppercase hex digits, dot segments ('.', '..', also when written as
'%2e') removed, an empty path written '/'. A URL that names a user ('user@host'), holds a
control or whitespace character, or is not http(s) has no normal form here.

A record must write every URL in its normal form (the `url-normal` check), so that what a
reviewer reads is where a browser goes. Whether a source is primary is decided on the normal
form, by host and by path segments, never by comparing text prefixes: the written
'https://github.com/Rust-for-Linux/../someone/x' goes to github.com/someone/x, which is not
the Rust-for-Linux organisation.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# The mailing-list archive, kernel git and documentation, and the Rust for Linux project's site.
PRIMARY_HOSTS = frozenset(("lore.kernel.org", "git.kernel.org", "kernel.org", "www.kernel.org", "docs.kernel.org",
                           "patchwork.kernel.org", "rust-for-linux.com"))
# On GitHub: repositories of these owners, or these exact repositories (owner, repository), compared
# without regard to case as GitHub compares them.
PRIMARY_GITHUB_OWNERS = frozenset(("rust-for-linux",))
PRIMARY_GITHUB_REPOSITORIES = frozenset((("torvalds", "linux"),))

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
_BAD_CHARACTER = re.compile(r"[\x00-\x20\x7f-\x9f\s]")
_DEFAULT_PORTS = {"http": 80, "https": 443}


class NotNormal(ValueError):
    """A URL that has no normal form here; the message says why."""


def _percent(part: str) -> str:
    def fix(m: re.Match[str]) -> str:
        ch = chr(int(m.group(1), 16))
        return ch if ch in _UNRESERVED else "%" + m.group(1).upper()
    return _PERCENT.sub(fix, part)


def remove_dot_segments(path: str) -> str:
    """RFC 3986, 5.2.4."""
    out: list[str] = []
    i = path
    while i:
        if i.startswith("../"):
            i = i[3:]
        elif i.startswith(("./", "/./")):
            i = i[2:]
        elif i == "/.":
            i = "/"
        elif i.startswith("/../"):
            i = i[3:]
            if out:
                out.pop()
        elif i == "/..":
            i = "/"
            if out:
                out.pop()
        elif i in (".", ".."):
            i = ""
        else:
            start = 1 if i.startswith("/") else 0
            end = i.find("/", start)
            end = len(i) if end < 0 else end
            out.append(i[:end])
            i = i[end:]
    return "".join(out)


def normal_form(url: str) -> str:
    """The URL in RFC 3986 normal form; NotNormal when it has none (see the module docstring)."""
    if _BAD_CHARACTER.search(url):
        raise NotNormal("a URL cannot hold spaces, line breaks or other control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError as e:
        raise NotNormal(f"not a valid URL ({e})") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise NotNormal("only http and https URLs are allowed")
    if "@" in parts.netloc:
        raise NotNormal("a URL cannot name a user before the host ('user@host')")
    if not host:
        raise NotNormal("the URL has no host")
    host = _percent(host).lower()
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    path = remove_dot_segments(_percent(parts.path)) or "/"
    out = f"{scheme}://{netloc}{path}"
    if parts.query or url.split("#", 1)[0].endswith("?"):
        out += "?" + _percent(parts.query)
    if parts.fragment or url.endswith("#"):
        out += "#" + _percent(parts.fragment)
    return out


def _segments(path: str) -> list[str]:
    """The path's segments; an empty one ('//') is kept, so that it never matches an owner's name."""
    return path.split("/")[1:]


def is_primary(url: str) -> bool:
    """Whether a URL points at a primary source, judged on its normal form."""
    try:
        normal = normal_form(url)
    except NotNormal:
        return False
    parts = urlsplit(normal)
    host = parts.hostname or ""
    if host in PRIMARY_HOSTS:
        return True
    if host != "github.com":
        return False
    segments = [s.lower() for s in _segments(parts.path)]
    if segments and segments[0] in PRIMARY_GITHUB_OWNERS:
        return True
    return len(segments) >= 2 and (segments[0], segments[1]) in PRIMARY_GITHUB_REPOSITORIES


__all__ = ["PRIMARY_GITHUB_OWNERS", "PRIMARY_GITHUB_REPOSITORIES", "PRIMARY_HOSTS", "NotNormal", "is_primary",
           "normal_form", "remove_dot_segments"]
