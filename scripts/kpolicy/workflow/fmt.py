"""Formatting record files into the canonical layout without changing what they say: `kpolicy fmt`.

The layout is the one kpolicy.records.writer writes and describes (schema order, quoting, folded
prose, the schema comment line).

Formatting never changes a record's meaning: the output is loaded back with the strict loader
and must hold exactly the data of the original (same types, same values, same list order),
otherwise nothing is written.
"""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kpolicy.records.atomic import digest, write_all
from kpolicy.records.kinds import KIND_BY_FOLDER, KINDS, Kind
from kpolicy.records.problems import Problem, display_path
from kpolicy.records.safefs import kind_of_entry, name_problem, not_regular_problem
from kpolicy.records.shape import Shapes
from kpolicy.records.writer import comment_positions, dump, same_data
from kpolicy.records.yamlio import LoadError, decode, load_text, read_record_bytes
from kpolicy.text.plain import plain


@dataclass(frozen=True)
class Outcome:
    path: Path
    shown: str
    original: str | None
    formatted: str | None
    problems: tuple[Problem, ...] = ()
    digest: str | None = None  # SHA-256 of the bytes read: the file is only replaced while it still holds them

    @property
    def changed(self) -> bool:
        return self.formatted is not None and self.formatted != self.original

    def diff(self) -> str:
        if not self.changed or self.original is None or self.formatted is None:
            return ""
        return "".join(difflib.unified_diff(self.original.splitlines(keepends=True),
                                            self.formatted.splitlines(keepends=True),
                                            f"a/{self.shown}", f"b/{self.shown}"))


def kind_of(path: Path) -> Kind | None:
    return KIND_BY_FOLDER.get(path.parent.name)


def reformat(shown: str, text: str, kind: Kind, shapes: Shapes) -> tuple[str | None, list[Problem]]:
    """The canonical form of one record's text, or the problems that stop formatting it."""
    try:
        original = load_text(shown, text)
    except LoadError as e:
        return None, [e.problem]
    comments = comment_positions(text)
    if comments:
        return None, [Problem(shown, line, col, "fmt.comment", "error",
                              "comments are not kept in records (formatting would drop them)",
                              "move the text into a notes field, or a source's note")
                      for line, col in comments]
    for fold in (True, False):  # folded blocks first; plain lines if folding could not keep the text
        formatted = dump(original.data, kind, shapes, fold=fold)
        try:
            again = load_text(shown, formatted).data
        except LoadError:
            continue
        if same_data(original.data, again):
            return formatted, []
    return None, [Problem(shown, 1, 1, "fmt.meaning", "error",
                          "the canonical form would not hold the same data; the file was left as it is",
                          "report this as a bug in kpolicy fmt, with the file")]


def format_file(path: Path, shapes: Shapes) -> Outcome:
    shown = display_path(path)
    kind = kind_of(path)
    if kind is None:
        return Outcome(path, shown, None, None, (Problem(
            shown, 1, 1, "fmt.not-a-record", "error", "not in a record folder",
            f"records live in policies/<folder>/<id>.yaml; folders: {', '.join(k.folder for k in KINDS)}"),))
    try:
        raw = read_record_bytes(path, shown)  # read once: what is formatted is what the digest covers
        text = decode(shown, raw)
    except LoadError as e:
        return Outcome(path, shown, None, None, (e.problem,))
    formatted, problems = reformat(shown, text, kind, shapes)
    return Outcome(path, shown, text, formatted, tuple(problems), digest(raw))


def record_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The record files named or found under the given paths, sorted, without duplicates. A records
    folder is walked exactly as validate walks it (kpolicy.records.reader.walk), a kind folder (policies/stances)
    as that walk walks it; a file is taken as named, unless it is a link or not a regular file."""
    from kpolicy.records.reader import walk

    files: dict[str, Path] = {}
    problems: list[Problem] = []
    for path in paths:
        shown = display_path(path)
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            problems.append(Problem(plain(shown), 1, 1, "io", "error", "no such file or folder"))
            continue
        if stat.S_ISDIR(mode):
            if path.name in KIND_BY_FOLDER and not (path / path.name).is_dir():
                found, trouble = walk(path.parent)
                found = [(k, f) for k, f in found if f.parent.name == path.name]
                trouble = [p for p in trouble if Path(p.path).parent.name == path.name
                           or p.path == plain(shown)]
            else:
                found, trouble = walk(path)
            problems.extend(trouble)
            for _, f in found:
                files.setdefault(os.path.normpath(f), f)
        elif not stat.S_ISREG(mode):
            problems.append(not_regular_problem(path, shown, kind_of_entry(mode)))
        elif (named := name_problem(path, shown)) is not None:
            problems.append(named)
        elif path.suffix != ".yaml":
            problems.append(Problem(plain(shown), 1, 1, "fmt.not-a-record", "error",
                                    "not a record file", "records are files named <id>.yaml"))
        else:
            files.setdefault(os.path.normpath(path), path)
    return [files[k] for k in sorted(files)], problems


def write(outcomes: list[Outcome]) -> None:
    """Write the changed files together: all of them, or (on an error) none."""
    texts = {o.path: o.formatted for o in outcomes if o.changed and o.formatted is not None}
    write_all({path: text for path, text in texts.items() if text is not None},
              expect={o.path: o.digest for o in outcomes if o.path in texts})


__all__ = [
    "Outcome",
    "format_file",
    "record_files",
    "reformat",
    "write",
]
