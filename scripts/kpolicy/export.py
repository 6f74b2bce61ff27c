"""The machine-readable form: one JSON file per record kind (schema/export.schema.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kpolicy.records.atomic import write_all
from kpolicy.records.model import Catalog, PersonRef, Since, Source, Subsystem

SCHEMA_VERSION = 1
FILES = ("subsystems.json", "maintainers.json", "stances.json", "version-policy.json", "policy.json", "events.json",
         "releases.json")
POLICY_DOCUMENT = {"title": "Rust kernel policy", "url": "https://rust-for-linux.com/rust-kernel-policy"}


def _sources(sources: tuple[Source, ...]) -> list[dict[str, Any]]:
    return [{"url": s.url, "title": s.title, "date": s.date, "primary": s.primary,
             **({"note": s.note} if s.note else {})} for s in sources]


def _people(refs: tuple[PersonRef, ...]) -> list[dict[str, Any]]:
    return [{"id": r.person, "name": r.name, "email": r.email} for r in refs]


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def _bound(after: str | None, by: str | None) -> Any:
    """A kernel.since/until value as the record writes it: a release, or a window {after, by}."""
    return by if after is None else {"after": after, "by": by}


def _since(since: Since | None) -> dict[str, Any] | None:
    if since is None:
        return None
    return _drop_none({"date": since.date, "kernel": since.kernel, "after": since.after, "note": since.note,
                       "verified": since.verified, "sources": _sources(since.sources)})


def export_releases(catalog: Catalog) -> list[dict[str, Any]]:
    """The release records as measured, oldest first; each MAINTAINERS entry (and each driver's entry)
    with the id of the subsystem record of the same title, or null when there is none."""
    by_title = {s.title: s.id for s in catalog.subsystems.values()}
    out = []
    for r in catalog.releases:
        item = dict(r)
        item["sources"] = _sources(tuple(Source(s["url"], s["title"], s["date"], s.get("note")) for s in r["sources"]))
        item["entries"] = [{**e, "subsystem": by_title.get(e["title"])} for e in r["entries"]]
        item["drivers"] = [{**d, "subsystem": by_title.get(d["entry"]) if "entry" in d else None} for d in r["drivers"]]
        out.append(item)
    return out


def _subsystem(catalog: Catalog, s: Subsystem) -> dict[str, Any]:
    return {
        "id": s.id, "title": s.title,
        "status": s.status[0] if s.status else None, "statuses": list(s.status),
        "maintainers": _people(s.maintainers), "reviewers": _people(s.reviewers),
        "lists": list(s.lists), "web": list(s.web), "patchwork": list(s.patchwork), "bugs": list(s.bugs),
        "chat": list(s.chat), "profile": list(s.profile), "trees": list(s.trees), "files": list(s.files),
        "excludes": list(s.excludes), "regexes": list(s.regexes), "keywords": list(s.keywords),
        "kernel": _drop_none({"since": ({"by": s.kernel_since}
                                        if s.kernel_since_is_window and not s.kernel_since_after
                                        else _bound(s.kernel_since_after, s.kernel_since)),
                              "until": _bound(s.kernel_until_after, s.kernel_until)}),
        "people_history": [{"after": h.after, "by": h.by, "person": h.person, "role": h.role, "change": h.change}
                           for h in s.people_history],
        "renamed_to": s.renamed_to, "pairs_with": list(catalog.pairs(s.id)),
        "stance": catalog.stance(s.id).level,
        "fields_from": _drop_none({"maintainers_file": s.fields_from.maintainers_file,
                                   "release": s.fields_from.release,
                                   "sources": _sources(s.fields_from.sources),
                                   "verified": s.fields_from.verified}),
        "notes": s.notes,
    }


def export_data(catalog: Catalog) -> dict[str, dict[str, Any]]:
    subsystems = [_subsystem(catalog, s) for s in catalog.subsystems.values()]
    maintainers = [{
        "id": m.id, "name": m.name, "emails": list(m.emails), "aliases": list(m.aliases),
        "links": [{"url": u, "title": t} for u, t in m.links],
        "roles": [{"subsystem": r.subsystem, "role": r.role} for r in catalog.roles.get(m.id, ())],
    } for m in catalog.maintainers.values()]
    stances = [{
        "subsystem": st.subsystem, "level": st.level, "summary": st.summary,
        "temporary_breakage": st.temporary_breakage, "rust_enabled_builds": st.rust_enabled_builds,
        "rust_maintainers": list(st.rust_maintainers),
        "route": _drop_none({"via": st.route.via, "tree": st.route.tree, "note": st.route.note}),
        "checked": st.checked, "as_of": st.checked, "since": _since(st.since),
        "verified": st.verified, "sources": _sources(st.sources),
        "needs_review": [{"release": r, "reason": why} for r, why in st.needs_review],
        "history": [{"date": h.date, "level": h.level, "summary": h.summary, "verified": h.verified,
                     "sources": _sources(h.sources)} for h in st.history],
    } for st in sorted(catalog.stances.values(), key=lambda st: st.subsystem)]
    tools = {}
    for vp in catalog.version_policies.values():
        tools[vp.tool] = {
            "name": vp.name, "as_of": vp.as_of,
            "current": {"kernel": vp.current.kernel, "version": vp.current.version, "kind": vp.current.kind,
                        "architectures": {a.arch: a.version for a in vp.current.architectures}},
            "minimums": [{"kernel": m.kernel, "version": m.version, "kind": m.kind,
                          "architectures": [_drop_none({"arch": a.arch, "version": a.version, "note": a.note})
                                            for a in m.architectures],
                          "verified": m.verified, "sources": _sources(m.sources)} for m in vp.minimums],
            "rule": ({"summary": vp.rule.summary, "since": vp.rule.date, "verified": vp.rule.verified,
                      "sources": _sources(vp.rule.sources)} if vp.rule else None),
            "rule_history": [{"date": r.date, "summary": r.summary, "verified": r.verified,
                              "sources": _sources(r.sources)} for r in vp.rule_history],
            "distributions": [_drop_none({"name": d.name, "version": d.version, "packages": d.packages,
                                          "note": d.note, "verified": d.verified, "sources": _sources(d.sources)})
                              for d in vp.distributions],
            "unstable_features": [_drop_none({"name": f.name, "status": f.status, "scope": f.scope,
                                              "stable_since": f.stable_since, "note": f.note,
                                              "verified": f.verified, "sources": _sources(f.sources)})
                                  for f in vp.unstable_features],
            "architectures": [_drop_none({
                "kernel": r.kernel, "note": r.note, "verified": r.verified, "sources": _sources(r.sources),
                "supported": [_drop_none({"arch": a.arch, "constraints": a.constraints, "kconfig": a.kconfig,
                                          "documented": a.documented}) for a in r.supported],
            }) for r in vp.architectures],
            "longterm": [_drop_none({"kernel": x.kernel, "note": x.note, "verified": x.verified,
                                     "sources": _sources(x.sources)}) for x in vp.longterm],
        }
    sections = [{
        "id": s.id, "number": s.number, "question": s.question, "answer": s.answer, "original": s.original,
        "records": [{"kind": r.kind, "id": r.id} for r in s.records], "views": list(s.views),
        "as_of": s.as_of, "verified": s.verified, "sources": _sources(s.sources),
    } for s in catalog.sections]
    events = [_drop_none({
        "id": e.id, "date": e.date, "title": e.title, "kind": e.kind, "summary": e.summary, "kernel": e.kernel,
        "subsystems": list(e.subsystems), "people": list(e.people), "verified": e.verified,
        "sources": _sources(e.sources),
    }) for e in catalog.events]
    v = {"schema_version": SCHEMA_VERSION}
    return {
        "subsystems.json": {**v, "subsystems": subsystems},
        "maintainers.json": {**v, "maintainers": maintainers},
        "stances.json": {**v, "stances": stances},
        "version-policy.json": {**v, "tools": tools},
        "policy.json": {**v, "document": POLICY_DOCUMENT, "sections": sections},
        "events.json": {**v, "events": events},
        "releases.json": {**v, "releases": export_releases(catalog)},
    }


def dumps(obj: Any) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def write_export(catalog: Catalog, out: Path) -> list[Path]:
    """Write every export file: all are rendered first, then written together (all or none)."""
    rendered = {out / name: dumps(obj) for name, obj in export_data(catalog).items()}
    write_all(rendered)
    return list(rendered)
