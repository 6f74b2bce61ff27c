"""The changes found by kpolicy.workflow.diff.compare, written as GitHub Markdown for reviewers.

Every value from a record goes through kpolicy.text.gfm (md for text, code for code spans, link
for sources), since the records may come from a pull request that was not validated yet.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kpolicy.records.kinds import KINDS
from kpolicy.text.gfm import code, link, md
from kpolicy.text.urls import is_primary
from kpolicy.workflow.diff.compare import Change, Context, Field, Place, RecordChange, Side

ITEM_NAMES = {
    "maintainers": "maintainer", "reviewers": "reviewer", "lists": "mailing list", "status": "status",
    "web": "web page", "patchwork": "patchwork link", "bugs": "bug tracker", "chat": "chat link",
    "profile": "profile", "trees": "tree", "files": "file pattern", "excludes": "excluded pattern",
    "regexes": "path regex", "keywords": "content keyword", "pairs_with": "paired entry",
    "rust_maintainers": "Rust maintainer", "sources": "source", "history": "history entry",
    "emails": "address", "aliases": "alias", "links": "link", "people": "person", "subsystems": "subsystem",
    "minimums": "version step", "rule_history": "earlier rule", "distributions": "distribution",
    "unstable_features": "unstable feature", "longterm": "longterm release", "records": "linked record",
    "views": "view",
}
FIELD_LABELS = {("stance", "level"): "stance"}
KIND_TITLES = {k.name: k.title for k in KINDS}
PEOPLE_FIELDS = ("maintainers", "reviewers", "rust_maintainers", "people")
STATUS_ORDER = ("added", "modified", "renamed", "removed", "broken")
_CONTEXT_WORDS = 6
_MAX_ITEMS = 8


@dataclass
class Line:
    short: str  # for the one-line summary ("" : not in it)
    detail: str  # Markdown list item text


# -- values ---------------------------------------------------------------------------------------


def _show_string(item: str, ctx: Context, field_name: str) -> str:
    if field_name in PEOPLE_FIELDS:
        return f"{md(ctx.names[item])} ({code(item)})" if item in ctx.names else code(item)
    if field_name in ("pairs_with", "subsystems") and item in ctx.titles:
        return f"{md(ctx.titles[item])} ({code(item)})"
    return code(item)


def _show_source(item: dict[str, Any]) -> str:
    date = item.get("date")
    extra = ", ".join(x for x in (None if date is None else str(date),
                                  "primary" if is_primary(str(item["url"])) else None) if x)
    return link(item["title"], str(item["url"])) + (f" ({md(extra)})" if extra else "")


def _show_mapping(item: dict[str, Any], ctx: Context, field_name: str) -> str | None:
    if "url" in item and "title" in item:
        return _show_source(item)
    if "person" in item:
        return _show_item(item["person"], ctx, field_name)
    if "date" in item and "level" in item:
        return f"{md(item['date'])} {code(item['level'])}"
    if "kernel" in item and "version" in item:
        return f"Linux {md(item['kernel'])}: {md(item.get('kind', ''))} {md(item['version'])}".strip()
    if field_name == "longterm" and "kernel" in item:
        return f"Linux {md(item['kernel'])}" + (" (unverified)" if item.get("verified") is False else "")
    if "name" in item:
        return md(item["name"])
    if "kind" in item and "id" in item:
        return f"{md(item['kind'])} {code(item['id'])}"
    if "date" in item:
        return md(item["date"])
    return None


def _show_item(item: Any, ctx: Context, field_name: str) -> str:
    if isinstance(item, str):
        return _show_string(item, ctx, field_name)
    if isinstance(item, dict):
        shown = _show_mapping(item, ctx, field_name)
        if shown is not None:
            return shown
    return code(json.dumps(item, ensure_ascii=False))


def _show_value(value: Any, prose: bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and prose:
        return f"“{md(_clip(value, 120))}”"
    if isinstance(value, (dict, list)):
        return code(json.dumps(value, ensure_ascii=False))
    return code(value)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _equal_words(words: list[str], first: bool, last: bool) -> str:
    """A run of unchanged words: all of them, or a few at each end that touches a change."""
    head = [] if first else words[:_CONTEXT_WORDS]
    tail = [] if last else words[-_CONTEXT_WORDS:]
    if len(words) > len(head) + len(tail):
        return (" ".join(map(md, head)) + (" …" if head else "…")
                + (" " if tail else "") + " ".join(map(md, tail)))
    return " ".join(map(md, words))


def word_diff(old: str, new: str) -> str:
    """The changed words of a text: ~~removed~~ **added**, with a few words of context."""
    a, b = old.split(), new.split()
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    parts: list[str] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            parts.append(_equal_words(a[i1:i2], n == 0, n == len(ops) - 1))
            continue
        if i2 > i1:
            parts.append(f"~~{' '.join(map(md, a[i1:i2]))}~~")
        if j2 > j1:
            parts.append(f"**{' '.join(map(md, b[j1:j2]))}**")
    return " ".join(p for p in parts if p).strip()


def _plural(count: int, noun: str) -> str:
    if count == 1:
        return f"1 {noun}"
    if noun.endswith("y") and not noun.endswith(("ay", "ey")):
        return f"{count} {noun[:-1]}ies"
    if noun.endswith(("s", "x")):
        return f"{count} {noun}es"
    return f"{count} {noun}s"


def _items(items: list[str]) -> str:
    shown = items[:_MAX_ITEMS]
    more = len(items) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


# -- changes --------------------------------------------------------------------------------------


def _label(place: Place, ctx: Context) -> str:
    """Where a change is: field names and list items, in words."""
    return " ".join(FIELD_LABELS.get((step.kind or "", step.key), md(step.key)) if isinstance(step, Field)
                    else _show_item(step.value, ctx, step.field) for step in place)


def _items_line(change: Change, label: str, ctx: Context) -> Line:
    """List items added or removed."""
    noun = ITEM_NAMES.get(change.name, f"{label} item")
    shown = [_show_item(x, ctx, change.name) for x in change.items]
    count = _plural(len(shown), noun)
    short = f"{count} {change.what}" if len(shown) > 1 or change.name == "sources" \
        else f"{noun} {change.what}: {shown[0]}"
    return Line(short, f"{count} {change.what}: {_items(shown)}")


def _reordered_line(change: Change, label: str, ctx: Context) -> Line:
    before = ", ".join(_show_item(x, ctx, change.name) for x in change.old)
    after = ", ".join(_show_item(x, ctx, change.name) for x in change.new)
    what = f"{label} reordered"
    if change.name == "sources":
        what += " (primary sources come first)"
    return Line(f"{label} reordered", f"{what}: {before} → {after}")


def _verified_line(change: Change, label: str) -> Line:
    whose = label.removesuffix("verified").strip() or "record"
    if change.what == "unverified-lifted":
        return Line(f"{whose} no longer marked unverified", f"{whose} no longer marked unverified")
    verdict = "marked **unverified**" if change.new is False else f"verified: {_show_value(change.new, change.prose)}"
    return Line(f"{whose} {verdict.replace('**', '')}", f"{whose} {verdict}")


def line(change: Change, ctx: Context) -> Line:
    """One change, in words."""
    label = _label(change.place, ctx)
    if change.what in ("added", "removed"):
        return _items_line(change, label, ctx)
    if change.what == "item-changed":
        noun = ITEM_NAMES.get(change.name, f"{label} item")
        return Line(f"{noun} changed", "; ".join(line(c, ctx).detail for c in change.inner))
    if change.what == "reordered":
        return _reordered_line(change, label, ctx)
    if change.what in ("verified", "unverified-lifted"):
        return _verified_line(change, label)
    if change.what == "reworded":
        return Line(f"{label} reworded", f"{label} reworded: {word_diff(change.old, change.new)}")
    if change.what == "set":
        text = f"{label} set: {_show_value(change.new, change.prose)}"
        return Line(f"{label} set" if isinstance(change.new, str) and change.prose else text, text)
    if change.what == "unset":
        return Line(f"{label} removed", f"{label} removed (was {_show_value(change.old, change.prose)})")
    if change.what == "now-loads":
        return Line("now loads", "the record loads again (it did not before)")
    text = f"{label}: {_show_value(change.old, change.prose)} → {_show_value(change.new, change.prose)}"
    return Line(text, text)


# -- records --------------------------------------------------------------------------------------


def _kind_summary(kind: str, data: dict[str, Any], ctx: Context) -> list[Line]:
    """What a new record of a kind is, in a line or none."""
    if kind == "stance":
        return [Line("", f"level {code(data.get('level'))}")]
    if kind == "subsystem":
        people = [_show_item(p if isinstance(p, str) else p.get("person"), ctx, "maintainers")
                  for p in data.get("maintainers", ())]
        return [Line(f"{_plural(len(people), 'maintainer')}", f"maintainers: {_items(people)}")] if people else []
    if kind == "maintainer":
        emails = data.get("emails", ())
        return [Line(f"{_plural(len(emails), 'address')}",
                     f"addresses: {_items([code(e) for e in emails])}")] if emails else []
    if kind == "release" and isinstance(data.get("rust"), dict):
        rust = data["rust"]
        own, vendored = (rust.get(k, {}).get("lines") if isinstance(rust.get(k), dict) else None
                         for k in ("own", "vendored"))
        text = f"Rust: {md(own)} own and {md(vendored)} vendored lines"
        return [Line(text, text)]
    if kind == "event":
        return [Line(f"{md(data.get('kind'))} event of {md(data.get('date'))}",
                     f"{md(data.get('kind'))} event of {md(data.get('date'))}: {md(data.get('title'))}")]
    return []


def _summary_of_new(kind: str, data: dict[str, Any], ctx: Context) -> list[Line]:
    out = _kind_summary(kind, data, ctx)
    sources = data.get("sources") or []
    if sources:
        primary = sum(1 for s in sources if isinstance(s, dict) and is_primary(str(s.get("url", ""))))
        out.append(Line(f"{_plural(len(sources), 'source')} ({primary} primary)",
                        f"{_plural(len(sources), 'source')} ({primary} primary): "
                        f"{_items([_show_item(s, ctx, 'sources') for s in sources])}"))
    if data.get("verified") is False:
        out.append(Line("marked unverified", "marked **unverified**"))
    return out


def _lines(r: RecordChange, ctx: Context) -> list[Line]:
    if r.status == "added" and r.data is not None:
        return _summary_of_new(r.kind, r.data, ctx)
    return [line(c, ctx) for c in r.changes]


def _note(r: RecordChange) -> str | None:
    if r.renamed_from is not None:
        return f"renamed from {code(r.renamed_from)}"
    if r.problem is not None:
        p = r.problem
        return f"does not load: {md(f'{p.path}:{p.line}:{p.column}: {p.message}')}"
    return None


def _group(change: RecordChange, sides: Iterable[Side], ctx: Context) -> tuple[str, str]:
    """(sort key, heading) of the thing a record is about: a subsystem's stance shares its subsystem's."""
    data: dict[str, Any] = {}
    for side in sides:
        rec = side.get((change.kind, change.stem))
        if rec is not None and rec.data is not None:
            data = rec.data
    if change.kind in ("subsystem", "stance"):
        title = ctx.titles.get(change.stem, change.stem)
        return f"1 {title}", title
    if change.kind == "maintainer":
        return f"2 {data.get('name', change.stem)}", f"Maintainer {data.get('name', change.stem)}"
    if change.kind == "version-policy":
        return f"3 {change.stem}", f"Version policy: {data.get('name', change.stem)}"
    if change.kind == "policy-section":
        return f"4 {change.stem}", f"Policy section {data.get('number', '')}: {data.get('question', change.stem)}"
    return f"5 {change.stem}", f"Event {data.get('date', '')}: {data.get('title', change.stem)}"


# -- the report -----------------------------------------------------------------------------------


def _headline(meaningful: list[RecordChange], reformatted: list[RecordChange], base_label: str,
              head_label: str) -> list[str]:
    out = ["## What this change means to the records", ""]
    counts: dict[str, int] = {}
    for r in meaningful:
        counts[r.status] = counts.get(r.status, 0) + 1
    if not meaningful:
        out.append(f"No record changes meaning between {base_label} and {head_label}.")
    else:
        parts = [f"{counts[s]} {s}" for s in STATUS_ORDER if s in counts]
        out.append(f"{_plural(len(meaningful), 'record')} changed between {base_label} and {head_label}: "
                   + ", ".join(parts) + ".")
    if reformatted:
        out.append("")
        out.append(f"{_plural(len(reformatted), 'file')} reformatted without any change of data: "
                   + _items([code(r.path) for r in reformatted]) + ".")
    return out


Group = tuple[str, list[tuple[RecordChange, list[Line]]]]  # heading, records with their lines


def _summary_line(heading: str, members: list[tuple[RecordChange, list[Line]]]) -> str:
    bits = []
    for r, lines in members:
        word = KIND_TITLES[r.kind]
        if r.status == "added" and r.kind == "stance":
            bits.append(f"new stance {lines[0].detail.removeprefix('level ')}")
        elif r.status != "modified":
            bits.append(f"{word} {r.status}")
        bits.extend(x.short for x in lines if x.short)
    return f"- **{md(heading)}**: {'; '.join(bits)}"


def _section(heading: str, members: list[tuple[RecordChange, list[Line]]]) -> list[str]:
    out = ["", f"### {md(heading)}"]
    for r, lines in members:
        note = _note(r)
        out += ["", f"{code(r.path)}: {KIND_TITLES[r.kind]} {r.status}" + (f", {note}" if note else "")]
        if lines:
            out.append("")
            out.extend(f"- {x.detail}" for x in lines)
    return out


def render(results: list[RecordChange], old: Side, new: Side, ctx: Context, base_label: str,
           head_label: str) -> str:
    """The Markdown report: a headline, a line per subject, then a section per subject."""
    meaningful = [r for r in results if r.status != "reformatted"]
    reformatted = [r for r in results if r.status == "reformatted"]
    out = _headline(meaningful, reformatted, base_label, head_label)
    if not meaningful:
        return "\n".join(out) + "\n"
    groups: dict[str, Group] = {}
    for r in meaningful:
        key, heading = _group(r, (old, new), ctx)
        groups.setdefault(key, (heading, []))[1].append((r, _lines(r, ctx)))
    for _, members in groups.values():
        members.sort(key=lambda m: m[0].kind != "subsystem")  # the entry first, then its stance
    out.append("")
    out.extend(_summary_line(*groups[key]) for key in sorted(groups))
    for key in sorted(groups):
        out += _section(*groups[key])
    return "\n".join(out) + "\n"


__all__ = ["Line", "line", "render", "word_diff"]
