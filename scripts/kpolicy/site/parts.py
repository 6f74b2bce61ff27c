"""Pieces every page uses: where pages live, links to records, sources, dates, markers."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

from kpolicy.records.model import Catalog, PersonRef, Source, Stance
from kpolicy.site.vocabulary import LEVELS
from kpolicy.text.sitemd import code, collapsed, inline, link, page_href, page_link, prose_inline

HOME = "index.md"
POLICY = "policy.md"
SUBSYSTEMS = "subsystems/index.md"
MAINTAINERS = "maintainers/index.md"
STANCES = "stances/index.md"
VERSION_POLICY = "version-policy.md"
TIMELINE = "timeline.md"
CONTRIBUTING = "contributing/index.md"
SCHEMA_REFERENCE = "contributing/schema.md"
STALE = "contributing/stale.md"
API = "api/index.md"
RUST = "rust.md"
API_DIR = "api/v1"


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _record_name(record_id: str) -> str:
    """A record's page name: its id. The schema makes ids slugs; anything else gets a name made
    from its hash, so that no id can steer a page path or a link. "index" is a valid id but would
    take the folder's index page; "_" never occurs in an id."""
    if not _SLUG.match(record_id):
        return "id-" + hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:16]
    return "index_" if record_id == "index" else record_id


def subsystem_page(subsystem_id: str) -> str:
    return f"subsystems/{_record_name(subsystem_id)}.md"


def maintainer_page(person_id: str) -> str:
    return f"maintainers/{_record_name(person_id)}.md"


def level_page(level: str) -> str:
    return f"stances/{level}.md"


def subsystem_link(catalog: Catalog, subsystem_id: str, here: str, anchor: str | None = None) -> str:
    s = catalog.subsystems.get(subsystem_id)
    if s is None:
        return code(subsystem_id)
    return page_link(s.title, subsystem_page(s.id), here, anchor)


def person_link(catalog: Catalog, person_id: str, here: str) -> str:
    m = catalog.maintainers.get(person_id)
    if m is None:
        return inline(person_id)
    return page_link(m.name, maintainer_page(m.id), here)


def person_ref(catalog: Catalog, ref: PersonRef, here: str, with_email: bool = True) -> str:
    """A person as an M:/R: line names them: their page, and the address that line gives."""
    if ref.person in catalog.maintainers:
        name = page_link(ref.name, maintainer_page(ref.person), here)
    else:
        name = inline(ref.name)
    return f"{name} {code(ref.email)}" if with_email and ref.email else name


def level_badge(level: str, here: str | None = None) -> str:
    label = LEVELS[level].label if level in LEVELS else level
    badge = f'<span class="kp-badge kp-level-{level if level in LEVELS else "unknown"}">{inline(label)}</span>'
    if here is None or level not in LEVELS:
        return badge
    return f"[{badge}]({page_href(level_page(level), here)})"


UNVERIFIED = ('<span class="kp-unverified" title="Not checked against a primary source">'
              "unverified</span>")


def unverified(verified: bool) -> str:
    return f" {UNVERIFIED}" if not verified else ""


def source_line(s: Source) -> str:
    kind = "primary" if s.primary else "secondary"
    note = f" — {prose_inline(s.note)}" if s.note else ""
    return f"{link(s.title, s.url)} ({inline(s.date)}, {kind}){note}"


def sources_list(sources: Iterable[Source], heading: str = "Sources") -> str:
    items = [f"- {source_line(s)}" for s in sources]
    if not items:
        return f"*{inline(heading)}: none recorded.*"
    return f"**{inline(heading)}:**\n\n" + "\n".join(items)


def sources_folded(sources: Sequence[Source]) -> str:
    """The sources in a folded box whose summary counts them (a long list under a short answer)."""
    if not sources:
        return sources_list(sources)
    return collapsed(f"Sources ({len(sources)})", "\n".join(f"- {source_line(s)}" for s in sources))


def sources_inline(sources: Iterable[Source]) -> str:
    """Sources in one line (table cells): title links with dates."""
    parts = [f"{link(s.title, s.url)} ({inline(s.date)})" for s in sources]
    return "; ".join(parts) if parts else "no source"


def dated(label: str, date: str | None) -> str:
    return f"{inline(label)} {inline(date)}" if date else ""


def stance_dates(st: Stance, capital: bool = False) -> str:
    """When the level began (where a source shows it) and when a person last checked it, in plain words:
    'level since 2025-03-26; last checked 2026-12-01', or 'last checked 2026-12-01' alone."""
    checked = f"last checked {inline(st.checked)}" if st.checked else "not checked yet"
    text = checked if st.since is None else \
        f"level since {inline(st.since.words())}{unverified(st.since.verified)}; {checked}"
    return text[0].upper() + text[1:] if capital else text


def join(items: Iterable[str], sep: str = ", ", empty: str = "none") -> str:
    items = [i for i in items if i]
    return sep.join(items) if items else empty


def record_file(path: str) -> str:
    """Where the record lives in the repository, for a reader who wants to change it."""
    if not path:
        return ""
    clean = path.replace("\\", "/")
    at = clean.find("policies/")
    return code(clean[at:] if at >= 0 else clean.rsplit("/", 1)[-1])
