"""What every page gets after it is rendered: a description and a search weight in its front
matter, and at its foot the records it is built from with a way to correct them.

Search weights (Material's `search.boost`): the pages that answer a question (a subsystem, a
person, the version policy, the policy, the page for an unrecorded subsystem) rank above pages
that only mention the words (the timeline, lists).
"""

from __future__ import annotations

import json
import re

from kpolicy.records.kinds import KIND_BY_NAME, STANCE_LEVELS
from kpolicy.records.model import Catalog
from kpolicy.site import parts
from kpolicy.site.correct import Repository, correction_footer
from kpolicy.site.glossary_page import abbreviations

ANSWER_BOOST = 3
RECORD_BOOST = 2
LIST_BOOST = 0.5
MENTION_BOOST = 0.2  # pages whose headings only mention what other pages answer

_FRONT = re.compile(r"\A---\n(.*?\n)---\n\n?", re.DOTALL)
_TITLE = re.compile(r"^# (.+?)(?: \{#[^}]*\})?$", re.MULTILINE)


# What YAML allows in a document (YAML 1.1 printable characters): anything else in the front
# matter makes MkDocs give up on it and show it as page text.
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def description(text: str | None, limit: int = 200) -> str | None:
    """A page description from record prose: its first sentence, on one line, at most `limit` characters."""
    if not text:
        return None
    one = " ".join(_NOT_YAML.sub(" ", text).split())
    if not one:
        return None
    m = re.match(r"(.+?[.!?])(?:\s|$)", one)
    first = m.group(1) if m else one
    if len(first) > limit:
        first = first[:limit - 1].rsplit(" ", 1)[0] + "…"
    return first


def with_front_matter(markdown: str, values: dict[str, object]) -> str:
    """Add keys to a page's front matter (made if absent); a key the page sets already is kept."""
    values = {k: v for k, v in values.items() if v is not None}
    m = _FRONT.match(markdown)
    existing = m.group(1) if m else ""
    keys = {line.split(":", 1)[0] for line in existing.splitlines() if line and not line.startswith(" ")}
    added = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in values.items() if k not in keys)
    if not added and m:
        return markdown
    body = markdown[m.end():] if m else markdown
    return f"---\n{existing}{added}---\n\n{body}"


def page_title(markdown: str) -> str:
    m = _TITLE.search(markdown)
    return m.group(1) if m else "this page"


def _plain(title: str) -> str:
    """A heading's text without the numeric references of text.sitemd (for an issue title)."""
    return re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), title)


def _folder(kind: str) -> str:
    return f"policies/{KIND_BY_NAME[kind].folder}"


def page_records(catalog: Catalog) -> dict[str, tuple[list[str], list[str]]]:
    """For each page: the record files and the record folders it is built from."""
    out: dict[str, tuple[list[str], list[str]]] = {
        parts.HOME: ([], ["policies"]),
        parts.POLICY: ([s.path for s in catalog.sections], []),
        parts.SUBSYSTEMS: ([], [_folder("subsystem"), _folder("stance")]),
        parts.MAINTAINERS: ([], [_folder("maintainer")]),
        parts.STANCES: ([], [_folder("stance")]),
        parts.VERSION_POLICY: ([v.path for v in catalog.version_policies.values()], []),
        parts.TIMELINE: (([e.path for e in catalog.events], []) if len(catalog.events) <= 3
                         else ([], [_folder("event")])),
        parts.CONTRIBUTING: (["CONTRIBUTING.md"], []),
        parts.SCHEMA_REFERENCE: ([], ["schema"]),
    }
    for level in STANCE_LEVELS:
        out[parts.level_page(level)] = ([], [_folder("stance")])
    for s in catalog.subsystems.values():
        st = catalog.stances.get(s.id)
        out[parts.subsystem_page(s.id)] = ([s.path] + ([st.path] if st is not None else []), [])
    for m in catalog.maintainers.values():
        out[parts.maintainer_page(m.id)] = ([m.path], [])
    return out


def page_meta(catalog: Catalog) -> dict[str, dict[str, object]]:
    """Front matter per page: description and search boost."""
    meta: dict[str, dict[str, object]] = {
        parts.POLICY: {"search": {"boost": RECORD_BOOST}},
        parts.VERSION_POLICY: {"search": {"boost": ANSWER_BOOST}},
        parts.TIMELINE: {"search": {"boost": MENTION_BOOST}},
        parts.SCHEMA_REFERENCE: {"search": {"boost": MENTION_BOOST}},
        parts.STALE: {"search": {"boost": MENTION_BOOST}},
        parts.API: {"search": {"boost": MENTION_BOOST}},
        "not-recorded.md": {"search": {"boost": ANSWER_BOOST}},
        "glossary.md": {"search": {"boost": MENTION_BOOST}},
    }
    for s in catalog.subsystems.values():
        st = catalog.stance(s.id)
        desc = description(st.summary) or (f"The MAINTAINERS entry {_NOT_YAML.sub(' ', s.title)}: its Rust stance "
                                           "and where to send a Rust patch.")
        meta[parts.subsystem_page(s.id)] = {"description": desc,
                                            "search": {"boost": LIST_BOOST if s.is_history else ANSWER_BOOST}}
    for m in catalog.maintainers.values():
        roles = catalog.roles.get(m.id, ())
        what = sorted({catalog.subsystems[r.subsystem].title for r in roles if r.subsystem in catalog.subsystems})
        desc = f"{_NOT_YAML.sub(' ', m.name)}: " + (("maintainer or reviewer of " + ", ".join(what[:4])
                                 + (f" and {len(what) - 4} more" if len(what) > 4 else ""))
                                if what else "recorded in the kernel's Rust history") + "."
        meta[parts.maintainer_page(m.id)] = {"description": description(desc, 200),
                                             "search": {"boost": RECORD_BOOST}}
    return meta


def finish_pages(pages: dict[str, str], catalog: Catalog, repo: Repository) -> dict[str, str]:
    records = page_records(catalog)
    meta = page_meta(catalog)
    out: dict[str, str] = {}
    for path, page in pages.items():
        markdown = with_front_matter(page, meta[path]) if path in meta else page
        files, folders = records.get(path, ([], []))
        footer = correction_footer(repo, _plain(page_title(markdown)), path, files, folders)
        text = markdown.rstrip("\n") + "\n\n" + footer + "\n"
        defined = abbreviations(text)
        out[path] = text + ("\n" + defined + "\n" if defined else "")
    return out
