"""What a change to the records means, record by record, as Markdown for reviewers.

Both sides are read with the strict loader: a git revision from its blobs (git ls-tree and
git cat-file, no checkout), the working tree from disk. Records are matched by kind and
file name, then compared field by field in schema order. Lists are compared by identity
(a source by its URL, a person by id, a history entry by date and level, a version step by
kernel release), so an added source reads as "1 source added", not as a shifted YAML block.
A record whose text changed but whose data did not is counted as reformatted only.
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpolicy.text.gfm import code, link, md
from kpolicy.text.plain import plain
from kpolicy.records.problems import Problem
from kpolicy.records.model import is_primary
from kpolicy.records.shape import Shape, Shapes
from kpolicy.records.schemas import KIND_BY_FOLDER, Kind
from kpolicy.records.reader import walk
from kpolicy.records.yamlio import MAX_FILE_BYTES, LoadError, decode, load_text, read_text


class GitError(Exception):
    """A git command failed (unknown revision, not a repository)."""


# -- reading both sides ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Loaded:
    kind: Kind
    stem: str
    path: str  # repository-relative path, as shown
    text: str | None
    data: dict[str, Any] | None
    problem: Problem | None = None


Side = dict[tuple[str, str], Loaded]  # (kind name, file stem) -> record


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=False)
    except OSError as e:
        raise GitError(f"cannot run git: {e.strerror or e}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def repo_root(start: Path) -> Path:
    return Path(_git(start, "rev-parse", "--show-toplevel").decode().strip())


def resolve(repo: Path, revision: str) -> str:
    """The commit a revision names; GitError when it names none."""
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"unknown revision {revision!r}") from None


def default_base(repo: Path) -> tuple[str, str]:
    """(branch, commit): the merge base of HEAD with main (or origin/main)."""
    for branch in ("main", "origin/main"):
        try:
            resolve(repo, branch)
        except GitError:
            continue
        base = _git(repo, "merge-base", branch, "HEAD").decode().strip()
        return branch, base
    raise GitError("no branch main or origin/main to compare with; name the base revision")


def _load(kind: Kind, stem: str, shown: str, text: str | None, problem: Problem | None) -> Loaded:
    if text is None:
        return Loaded(kind, stem, shown, None, None, problem)
    try:
        return Loaded(kind, stem, shown, text, load_text(shown, text).data)
    except LoadError as e:
        return Loaded(kind, stem, shown, text, None, e.problem)


def _record_name(rel: str, prefix: str) -> tuple[Kind, str] | None:
    """(kind, stem) for a path <prefix>/<folder>/<stem>.yaml, else None."""
    rest = rel[len(prefix) + 1:] if prefix else rel
    parts = rest.split("/")
    if len(parts) != 2 or not parts[1].endswith(".yaml") or parts[1].startswith("."):
        return None
    kind = KIND_BY_FOLDER.get(parts[0])
    return (kind, parts[1][: -len(".yaml")]) if kind else None


def read_revision(repo: Path, commit: str, prefix: str) -> Side:
    """The records under prefix (repository-relative, '/'-separated) at a commit. As on disk, only
    regular files are read (a symbolic link, mode 120000, is a problem, not followed), and a blob over
    the records' size limit is refused by its size before git is asked for its content."""
    listing = _git(repo, "ls-tree", "-r", "-z", "--long", "--full-tree", commit, "--", prefix or ".")
    wanted: list[tuple[Kind, str, str, str]] = []
    side: Side = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, obj_type, sha, size_text = meta.decode().split()
        rel = plain(raw_path.decode("utf-8", "replace"))
        named = _record_name(rel, prefix)
        if obj_type != "blob" or not named:
            continue
        kind, stem = named
        if mode not in ("100644", "100755"):
            what = "a symbolic link" if mode == "120000" else f"not a regular file (mode {mode})"
            side[(kind.name, stem)] = _load(kind, stem, rel, None, Problem(
                rel, 1, 1, "file-not-regular", "error", f"{what}; only regular files are read"))
        elif int(size_text) > MAX_FILE_BYTES:
            side[(kind.name, stem)] = _load(kind, stem, rel, None, Problem(
                rel, 1, 1, "yaml.too-large", "error",
                f"file is {int(size_text):,} bytes; records are limited to {MAX_FILE_BYTES:,}"))
        else:
            wanted.append((kind, stem, rel, sha))
    if not wanted:
        return side
    out = _git(repo, "cat-file", "--batch", stdin="".join(f"{w[3]}\n" for w in wanted).encode())
    pos = 0
    for kind, stem, rel, _ in wanted:
        end = out.index(b"\n", pos)
        size = int(out[pos:end].split()[2])
        raw = out[end + 1:end + 1 + size]
        pos = end + 1 + size + 1
        try:
            side[(kind.name, stem)] = _load(kind, stem, rel, decode(rel, raw), None)
        except LoadError as e:
            side[(kind.name, stem)] = _load(kind, stem, rel, None, e.problem)
    return side


def read_worktree(repo: Path, policies: Path) -> Side:
    """The records in the working tree's records folder, untracked files included, walked as
    validate walks them: links and other non-regular files are problems, never read."""
    side: Side = {}
    if not policies.is_dir():
        return side
    files, problems = walk(policies)
    for kind, file in files:
        rel = Path(os.path.relpath(os.path.join(os.path.realpath(file.parent), file.name), repo)).as_posix()
        try:
            side[(kind.name, file.stem)] = _load(kind, file.stem, rel, read_text(file, rel), None)
        except LoadError as e:
            side[(kind.name, file.stem)] = _load(kind, file.stem, rel, None, e.problem)
    for p in problems:  # a refused file still shows in the diff, as a file that cannot be read
        file = Path(p.path)
        kind = KIND_BY_FOLDER.get(file.parent.name)
        if kind is not None and file.suffix == ".yaml":
            rel = Path(os.path.relpath(os.path.join(os.path.realpath(file.parent), file.name), repo)).as_posix()
            side[(kind.name, file.stem)] = _load(kind, file.stem, rel, None, p)
    return side


# -- comparing ------------------------------------------------------------------------------------

ITEM_NAMES = {
    "maintainers": "maintainer", "reviewers": "reviewer", "lists": "mailing list", "status": "status",
    "web": "web page", "patchwork": "patchwork link", "bugs": "bug tracker", "chat": "chat link",
    "profile": "profile", "trees": "tree", "files": "file pattern", "excludes": "excluded pattern",
    "regexes": "path regex", "keywords": "content keyword", "pairs_with": "paired entry",
    "rust_maintainers": "Rust maintainer", "sources": "source", "history": "history entry",
    "emails": "address", "aliases": "alias", "links": "link", "people": "person", "subsystems": "subsystem",
    "minimums": "version step", "rule_history": "earlier rule", "distributions": "distribution",
    "unstable_features": "unstable feature", "longterm": "longterm release", "records": "linked record", "views": "view",
}
FIELD_LABELS = {("stance", "level"): "stance"}
KIND_TITLES = {"subsystem": "subsystem", "maintainer": "maintainer", "stance": "stance",
               "version-policy": "version policy", "policy-section": "policy section", "event": "event",
               "release": "release"}
_CONTEXT_WORDS = 6
_MAX_ITEMS = 8


def _normalise(value: Any) -> Any:
    """Drop 'verified: true' (absent means true), so that writing it out is no change."""
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items() if not (k == "verified" and v is True)}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return value


@dataclass
class Context:
    names: dict[str, str]  # maintainer id -> name
    titles: dict[str, str]  # subsystem id -> title


@dataclass
class Change:
    short: str  # for the one-line summary
    detail: str  # Markdown list item text


def _identity(item: Any) -> Any:
    if isinstance(item, dict):
        for key in ("url", "person", "kernel", "name"):
            if key in item:
                return (key, item[key])
        if "date" in item and "level" in item:
            return ("history", item["date"], item["level"])
        if "kind" in item and "id" in item:
            return ("record", item["kind"], item["id"])
        if "date" in item:
            return ("date", item["date"])
        return ("value", json.dumps(item, sort_keys=True))
    return ("value", item)


def _show_item(item: Any, ctx: Context, field_name: str) -> str:
    if isinstance(item, str):
        if field_name in ("maintainers", "reviewers", "rust_maintainers", "people"):
            return f"{md(ctx.names[item])} ({code(item)})" if item in ctx.names else code(item)
        if field_name in ("pairs_with", "subsystems") and item in ctx.titles:
            return f"{md(ctx.titles[item])} ({code(item)})"
        return code(item)
    if isinstance(item, dict):
        if "url" in item and "title" in item:
            date = item.get("date")
            extra = ", ".join(x for x in (None if date is None else str(date),
                                          "primary" if is_primary(str(item["url"])) else None) if x)
            return link(item["title"], str(item["url"])) + (f" ({md(extra)})" if extra else "")
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
    return code(json.dumps(item, ensure_ascii=False))


def _show_value(value: Any, shape: Shape | None) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and shape is not None and shape.is_prose:
        return f"“{md(_clip(value, 120))}”"
    if isinstance(value, (dict, list)):
        return code(json.dumps(value, ensure_ascii=False))
    return code(value)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def word_diff(old: str, new: str) -> str:
    """The changed words of a text: ~~removed~~ **added**, with a few words of context."""
    a, b = old.split(), new.split()
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    parts: list[str] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            words = a[i1:i2]
            head = [] if n == 0 else words[:_CONTEXT_WORDS]
            tail = [] if n == len(ops) - 1 else words[-_CONTEXT_WORDS:]
            if len(words) > len(head) + len(tail):
                parts.append(" ".join(map(md, head)) + (" …" if head else "…")
                             + (" " if tail else "") + " ".join(map(md, tail)))
            else:
                parts.append(" ".join(map(md, words)))
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


def _compare_lists(label: str, name: str, old: list[Any], new: list[Any], shape: Shape | None,
                   ctx: Context) -> list[Change]:
    noun = ITEM_NAMES.get(name, f"{label} item")
    old_ids = [_identity(x) for x in old]
    new_ids = [_identity(x) for x in new]
    old_by = dict(zip(old_ids, old))
    new_by = dict(zip(new_ids, new))
    changes: list[Change] = []
    added = [new_by[i] for i in new_ids if i not in old_by]
    removed = [old_by[i] for i in old_ids if i not in new_by]
    if added:
        shown = [_show_item(x, ctx, name) for x in added]
        changes.append(Change(f"{_plural(len(added), noun)} added" if len(added) > 1 or name == "sources"
                              else f"{noun} added: {shown[0]}",
                              f"{_plural(len(added), noun)} added: {_items(shown)}"))
    if removed:
        shown = [_show_item(x, ctx, name) for x in removed]
        changes.append(Change(f"{_plural(len(removed), noun)} removed" if len(removed) > 1 or name == "sources"
                              else f"{noun} removed: {shown[0]}",
                              f"{_plural(len(removed), noun)} removed: {_items(shown)}"))
    item_shape = shape.item() if shape is not None else None
    for identity in new_ids:
        if identity in old_by and old_by[identity] != new_by[identity]:
            inner = _compare(f"{label} {_show_item(new_by[identity], ctx, name)}", old_by[identity],
                             new_by[identity], item_shape, ctx, name)
            if inner:
                changes.append(Change(f"{noun} changed", "; ".join(c.detail for c in inner)))
    common_old = [i for i in old_ids if i in new_by]
    common_new = [i for i in new_ids if i in old_by]
    if common_old != common_new:
        before = ", ".join(_show_item(old_by[i], ctx, name) for i in common_old)
        after = ", ".join(_show_item(new_by[i], ctx, name) for i in common_new)
        what = f"{label} reordered"
        if name == "sources":
            what += " (primary sources come first)"
        changes.append(Change(f"{label} reordered", f"{what}: {before} → {after}"))
    return changes


def _compare(label: str, old: Any, new: Any, shape: Shape | None, ctx: Context, name: str) -> list[Change]:
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        return _compare_mappings(label, old, new, shape, ctx)
    if isinstance(old, list) and isinstance(new, list):
        return _compare_lists(label, name, old, new, shape, ctx)
    if isinstance(old, str) and isinstance(new, str) and shape is not None and shape.is_prose:
        return [Change(f"{label} reworded", f"{label} reworded: {word_diff(old, new)}")]
    if name == "verified":
        verdict = "marked **unverified**" if new is False else f"verified: {_show_value(new, shape)}"
        return [Change(f"{label.removesuffix('verified').strip() or 'record'} {verdict.replace('**', '')}",
                       f"{label.removesuffix('verified').strip() or 'record'} {verdict}")]
    text = f"{label}: {_show_value(old, shape)} → {_show_value(new, shape)}"
    return [Change(text, text)]


def _compare_mappings(prefix: str, old: dict[str, Any], new: dict[str, Any], shape: Shape | None,
                      ctx: Context, kind: str | None = None) -> list[Change]:
    known = shape.properties if shape is not None else []
    keys = [k for k in known if k in old or k in new]
    keys += [k for k in list(old) + list(new) if k not in keys]
    keys = list(dict.fromkeys(keys))
    changes: list[Change] = []
    for key in keys:
        child = shape.child(key) if shape is not None else None
        label = FIELD_LABELS.get((kind or "", key), md(key))
        label = f"{prefix} {label}" if prefix else label
        if key not in old:
            changes.extend(_added_field(label, key, new[key], child, ctx))
        elif key not in new:
            changes.extend(_removed_field(label, key, old[key], child, ctx))
        else:
            changes.extend(_compare(label, old[key], new[key], child, ctx, key))
    return changes


def _added_field(label: str, key: str, value: Any, shape: Shape | None, ctx: Context) -> list[Change]:
    if isinstance(value, list):
        return _compare_lists(label, key, [], value, shape, ctx)
    if key == "verified" and value is False:
        return _compare(label, True, False, shape, ctx, key)
    text = f"{label} set: {_show_value(value, shape)}"
    return [Change(f"{label} set" if isinstance(value, str) and shape is not None and shape.is_prose else text,
                   text)]


def _removed_field(label: str, key: str, value: Any, shape: Shape | None, ctx: Context) -> list[Change]:
    if isinstance(value, list):
        return _compare_lists(label, key, value, [], shape, ctx)
    if key == "verified" and value is False:
        return [Change(f"{label.removesuffix('verified').strip() or 'record'} no longer marked unverified",
                       f"{label.removesuffix('verified').strip() or 'record'} no longer marked unverified")]
    return [Change(f"{label} removed", f"{label} removed (was {_show_value(value, shape)})")]


# -- the report -----------------------------------------------------------------------------------

@dataclass
class RecordChange:
    kind: str
    stem: str
    status: str  # added, removed, modified, renamed, reformatted, broken
    path: str
    changes: list[Change] = field(default_factory=list)
    note: str | None = None


def _summary_of_new(kind: str, data: dict[str, Any], ctx: Context) -> list[Change]:
    out: list[Change] = []
    if kind == "stance":
        out.append(Change("", f"level {code(data.get('level'))}"))
    elif kind == "subsystem":
        people = [_show_item(p if isinstance(p, str) else p.get("person"), ctx, "maintainers")
                  for p in data.get("maintainers", ())]
        if people:
            out.append(Change(f"{_plural(len(people), 'maintainer')}", f"maintainers: {_items(people)}"))
    elif kind == "maintainer":
        emails = data.get("emails", ())
        if emails:
            out.append(Change(f"{_plural(len(emails), 'address')}", f"addresses: {_items([code(e) for e in emails])}"))
    elif kind == "release" and isinstance(data.get("rust"), dict):
        rust = data["rust"]
        own, vendored = (rust.get(k, {}).get("lines") if isinstance(rust.get(k), dict) else None
                         for k in ("own", "vendored"))
        out.append(Change(f"Rust: {md(own)} own and {md(vendored)} vendored lines",
                          f"Rust: {md(own)} own and {md(vendored)} vendored lines"))
    elif kind == "event":
        out.append(Change(f"{md(data.get('kind'))} event of {md(data.get('date'))}",
                          f"{md(data.get('kind'))} event of {md(data.get('date'))}: {md(data.get('title'))}"))
    sources = data.get("sources") or []
    if sources:
        primary = sum(1 for s in sources if isinstance(s, dict) and is_primary(str(s.get("url", ""))))
        out.append(Change(f"{_plural(len(sources), 'source')} ({primary} primary)",
                          f"{_plural(len(sources), 'source')} ({primary} primary): "
                          f"{_items([_show_item(s, ctx, 'sources') for s in sources])}"))
    if data.get("verified") is False:
        out.append(Change("marked unverified", "marked **unverified**"))
    return out


def _without(data: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in _normalise(data).items() if k != key}


def compare_sides(old: Side, new: Side, shapes: Shapes) -> tuple[list[RecordChange], Context]:
    ctx = Context({}, {})
    for side in (old, new):  # the new side's names win
        for (kind, stem), rec in side.items():
            if rec.data is None:
                continue
            if kind == "maintainer" and isinstance(rec.data.get("name"), str):
                ctx.names[stem] = rec.data["name"]
            if kind == "subsystem" and isinstance(rec.data.get("title"), str):
                ctx.titles[stem] = rec.data["title"]
    results: list[RecordChange] = []
    added_keys = [k for k in new if k not in old]
    removed_keys = [k for k in old if k not in new]
    renamed: dict[tuple[str, str], tuple[str, str]] = {}
    for a in added_keys:
        for r in removed_keys:
            if a[0] == r[0] and r not in renamed.values() and new[a].data is not None and old[r].data is not None:
                id_field = new[a].kind.id_field
                if _without(new[a].data, id_field) == _without(old[r].data, id_field):
                    renamed[a] = r
                    break
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        rec = after or before
        assert rec is not None
        if key in renamed.values():
            continue
        if before is None and key in renamed:
            source = old[renamed[key]]
            results.append(RecordChange(key[0], key[1], "renamed", rec.path,
                                        note=f"renamed from {code(source.path)}"))
            continue
        broken = [r for r in (before, after) if r is not None and r.problem is not None]
        if after is not None and after.problem is not None:
            p = after.problem
            results.append(RecordChange(key[0], key[1], "broken", rec.path,
                                        note=f"does not load: {md(f'{p.path}:{p.line}:{p.column}: {p.message}')}"))
            continue
        if before is None:
            assert after is not None and after.data is not None
            results.append(RecordChange(key[0], key[1], "added", rec.path,
                                        _summary_of_new(key[0], after.data, ctx)))
            continue
        if after is None:
            results.append(RecordChange(key[0], key[1], "removed", rec.path))
            continue
        if broken:  # only the old side is broken: the change repairs it
            results.append(RecordChange(key[0], key[1], "modified", rec.path,
                                        [Change("now loads", "the record loads again (it did not before)")]))
            continue
        assert before.data is not None and after.data is not None
        if before.text == after.text:
            continue
        shape = shapes.root(after.kind)
        changes = _compare_mappings("", _normalise(before.data), _normalise(after.data), shape, ctx, key[0])
        status = "modified" if changes else "reformatted"
        results.append(RecordChange(key[0], key[1], status, rec.path, changes))
    return results, ctx


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


def render(results: list[RecordChange], old: Side, new: Side, ctx: Context, base_label: str,
           head_label: str) -> str:
    meaningful = [r for r in results if r.status != "reformatted"]
    reformatted = [r for r in results if r.status == "reformatted"]
    out = ["## What this change means to the records", ""]
    counts: dict[str, int] = {}
    for r in meaningful:
        counts[r.status] = counts.get(r.status, 0) + 1
    order = ("added", "modified", "renamed", "removed", "broken")
    if not meaningful:
        out.append(f"No record changes meaning between {base_label} and {head_label}.")
    else:
        parts = [f"{counts[s]} {s}" for s in order if s in counts]
        out.append(f"{_plural(len(meaningful), 'record')} changed between {base_label} and {head_label}: "
                   + ", ".join(parts) + ".")
    if reformatted:
        out.append("")
        out.append(f"{_plural(len(reformatted), 'file')} reformatted without any change of data: "
                   + _items([code(r.path) for r in reformatted]) + ".")
    if not meaningful:
        return "\n".join(out) + "\n"
    groups: dict[str, tuple[str, list[RecordChange]]] = {}
    for r in meaningful:
        key, heading = _group(r, (old, new), ctx)
        groups.setdefault(key, (heading, []))[1].append(r)
    out.append("")
    for heading, members in groups.values():
        members.sort(key=lambda r: r.kind != "subsystem")  # the entry first, then its stance
    for key in sorted(groups):
        heading, members = groups[key]
        bits = []
        for r in members:
            word = KIND_TITLES[r.kind]
            if r.status == "added" and r.kind == "stance":
                bits.append(f"new stance {r.changes[0].detail.removeprefix('level ')}")
            elif r.status != "modified":
                bits.append(f"{word} {r.status}")
            bits.extend(c.short for c in r.changes if c.short)
        out.append(f"- **{md(heading)}**: {'; '.join(bits)}")
    for key in sorted(groups):
        heading, members = groups[key]
        out += ["", f"### {md(heading)}"]
        for r in members:
            out += ["", f"{code(r.path)}: {KIND_TITLES[r.kind]} {r.status}" + (f", {r.note}" if r.note else "")]
            if r.changes:
                out.append("")
                out.extend(f"- {c.detail}" for c in r.changes)
    return "\n".join(out) + "\n"


def semantic_diff(old: Side, new: Side, shapes: Shapes, base_label: str, head_label: str) -> str:
    results, ctx = compare_sides(old, new, shapes)
    return render(results, old, new, ctx, base_label, head_label)


__all__ = [
    "GitError",
    "Loaded",
    "Side",
    "code",
    "compare_sides",
    "default_base",
    "md",
    "read_revision",
    "read_worktree",
    "render",
    "repo_root",
    "resolve",
    "semantic_diff",
    "word_diff",
]
