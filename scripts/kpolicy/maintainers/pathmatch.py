"""Which MAINTAINERS entries cover a path, with the semantics of the kernel's scripts/get_maintainer.pl.

- F: and X: patterns are turned into regular expressions the way get_maintainer.pl does it:
  '.' is literal, '*' becomes '.*' (it may cross '/'), '?' becomes '.', anything else (such as
  '[ch]') keeps its regular-expression meaning. A pattern matches from the start of the path.
  '**' matches like '*' but also lifts the '/' count rule below (get_maintainer.pl of 7.3.4).
- A pattern ending in '/' covers everything below it. Any other pattern matches only paths
  with as many '/' as the pattern has, so 'dir/*' covers one level.
- A pattern without '/' at the end that names a directory covers the tree below it
  (get_maintainer.pl appends the '/' when the directory exists in the tree it runs in). Without
  a tree, such a pattern is taken as a directory when the path lies below it; see `is_dir`.
- An entry whose X: pattern matches the path is skipped entirely; X: is tested before F:.
- N: values are regular expressions (Perl /x: white space and '#' comments in the pattern are
  ignored) searched anywhere in the path.
- Entries are ranked by the depth of the match, most specific first: the number of '/' in the
  pattern, plus one when it does not end in '/'; a pattern starting with '*' ranks -1, an N:
  match 0. When several patterns of one entry match, the last one in the entry counts (as in
  get_maintainer.pl). Entries of equal rank keep the file's order (get_maintainer.pl leaves
  them in Perl hash order, which changes from run to run).
- K: (content keywords) is not used: get_maintainer.pl -f does not read K: for files either
  unless given --keywords-in-file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from kpolicy.maintainers.file import Entry

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs every lookup a few ms
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Protocol

    class Entries(Protocol):
        """A sequence of entries; who_cache.LazyEntries loads each when first asked for."""

        def __len__(self) -> int: ...
        def __getitem__(self, i: int, /) -> Entry: ...
        def __iter__(self) -> Iterator[Entry]: ...

_ACTIVE_RE = re.compile(r"[*?\[\]()+{}|^$\\]")


def to_regex(pattern: str) -> str:
    """get_maintainer.pl's conversion of an F:/X: pattern to a regular expression."""
    return pattern.replace(".", "\\.").replace("*", ".*").replace("?", ".")


class Pattern:
    """One F:/X: pattern, taken apart once."""

    __slots__ = ("depth", "ends_with_slash", "literal", "may_be_dir", "prefix", "raw", "regex", "slashes")

    def __init__(self, raw: str, prefix: str, literal: bool, ends_with_slash: bool, slashes: int, depth: int,
                 may_be_dir: bool):
        self.raw = raw
        self.prefix = prefix  # the literal text before the first wildcard or regular-expression character
        self.literal = literal  # no wildcard or regular-expression character at all
        self.ends_with_slash = ends_with_slash
        self.slashes = slashes
        self.depth = depth
        self.may_be_dir = may_be_dir  # get_maintainer.pl could have appended '/' to it (a literal without '.')
        self.regex: re.Pattern[str] | None = None

    @classmethod
    def of(cls, raw: str) -> Pattern:
        found = _ACTIVE_RE.search(raw)
        cut = found.start() if found else len(raw)
        slashes = raw.count("/")
        ends = raw.endswith("/")
        depth = -1 if raw.startswith("*") else slashes + (0 if ends else 1)
        literal = cut == len(raw)
        return cls(raw, raw[:cut], literal, ends, slashes, depth,
                   literal and not ends and "." not in raw and raw != "")

    def _starts(self, path: str) -> bool:
        if self.literal:
            return path.startswith(self.raw)
        if not path.startswith(self.prefix):
            return False
        if self.regex is None:
            try:
                self.regex = re.compile(to_regex(self.raw))
            except re.error:
                self.regex = re.compile(re.escape(self.raw))
        return self.regex.match(path) is not None

    def matches(self, path: str, is_dir: Callable[[str], bool] | None = None) -> bool:
        if self.ends_with_slash:
            return self._starts(path)
        if self.may_be_dir:
            if is_dir is None:
                if path.startswith(self.raw + "/"):
                    return True  # below it, so it names a directory: get_maintainer.pl reads it as 'pattern/'
            elif is_dir(self.raw):
                return path.startswith(self.raw + "/")
        # '**' (any number of directories: get_maintainer.pl of 7.3.4, not of 6.12.117) lifts the '/' count
        return self._starts(path) and (path.count("/") == self.slashes or "**" in self.raw)


# An F:/X: line as the index keeps it: (line number, entry index, letter, value, first character,
# where the first wildcard or regular-expression character is).
PathItem = tuple[int, int, str, str, str, int]
# What Index.path_fields() gives: the F:/X: lines by directory key, the others, and (entry index,
# value) of every N: line.
PathFields = tuple[dict[str, list[PathItem]], list[PathItem], list[tuple[int, str]]]

_SPECIAL_STARTS = frozenset("*?[(\\{^$|+)") | {""}
_LITERAL_N = re.compile(r"[\w/,-]+")  # an N: value with no regular-expression syntax at all


class Index:
    """A path index over MAINTAINERS entries. Patterns are compiled on first use, and a pattern
    whose first path component cannot match is rejected before it is compiled: one lookup
    over the whole kernel file compiles only the few patterns it needs."""

    def __init__(self, entries: Entries, is_dir: Callable[[str], bool] | None = None,
                 fields: PathFields | None = None):
        # a sequence that loads entries on demand (who_cache.LazyEntries) is kept as it is
        self.entries: Entries = entries if getattr(entries, "lazy", False) else tuple(entries)
        self.is_dir = is_dir
        self._patterns: dict[str, Pattern] = {}
        self._regexes: dict[str, Callable[[str], object] | None] = {}
        self._items = fields  # what path_fields() gives, when kept from an earlier run

    def path_fields(self) -> PathFields:
        """The F:/X:/N: fields match() goes through (a cache may keep them: see who_cache)."""
        return self._path_fields()

    def _pattern(self, raw: str) -> Pattern:
        p = self._patterns.get(raw)
        if p is None:
            p = self._patterns[raw] = Pattern.of(raw)
        return p

    def _regex(self, value: str) -> Callable[[str], object] | None:
        try:
            return self._regexes[value]
        except KeyError:
            pass
        if _LITERAL_N.fullmatch(value):
            test: Callable[[str], object] | None = (lambda path: value in path) if value else None
        else:
            from kpolicy.records.patterns import PatternError, compile_linear

            try:
                test = compile_linear(value)  # RE2: linear time, whatever the pattern
            except PatternError:
                test = None  # get_maintainer.pl would stop; an invalid or unsupported N: matches nothing here
        self._regexes[value] = test
        return test

    def _path_fields(self) -> PathFields:
        """The F: and X: lines as (line number, entry index, letter, value, first character,
        where the first wildcard or regular-expression character is),
        in the file's order: by the directory their literal beginning names, one or two levels
        deep ('drivers/', 'drivers/net/': only a path in that directory can match them), the
        others in a list of their own; and (entry index, value) of every N: line, in the file's
        order."""
        items = self._items
        if items is None:
            entries = self.entries
            by_top: dict[str, list[PathItem]] = {}
            other: list[PathItem] = []
            n = 0
            for i, e in enumerate(entries):
                for k, v in e[1]:
                    if k == "F" or k == "X":
                        n += 1
                        found = _ACTIVE_RE.search(v)
                        literal = v[:found.start()] if found else v
                        key = _directory_key(literal)
                        item = (n, i, k, v, v[:1], found.start() if found else len(v) + 1)
                        if key:
                            by_top.setdefault(key, []).append(item)
                        else:
                            other.append(item)
            items = self._items = (by_top, other, [(i, v) for i, e in enumerate(entries) for k, v in e[1] if k == "N"])
        return items

    def match(self, path: str) -> list[tuple[int, int]]:
        """(entry index, depth) of every entry that covers path, most specific first."""
        path = normalize(path)
        # the directory part: a pattern must agree with it up to its first wildcard
        cut = path.rfind("/") + 1 or len(path)
        head = path[:cut]
        may_start = _SPECIAL_STARTS | {path[:1]}
        is_dir = self.is_dir
        pattern = self._pattern
        depth: dict[int, int] = {}  # the last matching F:/N: line of an entry counts
        excluded: set[int] = set()
        found_n = self._regex_hits(path)
        for _, i, letter, value, start, first_active in self._candidates(path):
            if start not in may_start:
                continue
            if value[:cut] != head and first_active >= cut and not (len(value) < cut and path.startswith(value)):
                continue
            p = pattern(value)
            if p.matches(path, is_dir):
                if letter == "X":
                    excluded.add(i)
                else:
                    depth[i] = p.depth
        if found_n:
            depth = self._with_regex_hits(depth, found_n, path, is_dir)
        found = [(i, d) for i, d in depth.items() if i not in excluded]
        found.sort(key=lambda item: (-item[1], item[0]))
        return found

    def _candidates(self, path: str) -> list[PathItem]:
        """The F:/X: lines that may match path: those under its first one or two directories, and
        those with no directory of their own, in the file's order."""
        by_top, other, _ = self._path_fields()
        first = path.find("/")
        if first <= 0:
            return other
        second = path.find("/", first + 1)
        files = by_top.get(path[:first + 1], []) + other
        if second > 0:
            files += by_top.get(path[:second + 1], [])
        files.sort()
        return files

    def _regex_hits(self, path: str) -> dict[int, bool]:
        """The entries one of whose N: patterns matches path."""
        found_n = {}
        for i, value in self._path_fields()[2]:
            test = self._regex(value)
            if test is not None and test(path):
                found_n[i] = True
        return found_n

    def _with_regex_hits(self, depth: dict[int, int], hits: dict[int, bool], path: str,
                         is_dir: Callable[[str], bool] | None) -> dict[int, int]:
        """For entries an N: line matched, the depth of the last matching F:/N: line in the entry."""
        out = dict(depth)
        for i in hits:
            last = None
            for letter, value in self.entries[i][1]:
                if letter == "N":
                    test = self._regex(value)
                    if test is not None and test(path):
                        last = 0
                elif letter == "F" and self._pattern(value).matches(path, is_dir):
                    last = self._pattern(value).depth
            out[i] = last if last is not None else 0
        return out

    def entries_for(self, path: str) -> list[Entry]:
        return [self.entries[i] for i, _ in self.match(path)]


def _directory_key(literal: str) -> str:
    """The first one or two directories of a pattern's literal beginning ('' when it names none)."""
    first = literal.find("/")
    if first <= 0:
        return ""
    second = literal.find("/", first + 1)
    return literal[:second + 1] if second > first + 1 else literal[:first + 1]


def normalize(path: str) -> str:
    """A path as get_maintainer.pl compares it: no leading './', no repeated or '.' components."""
    trailing = path.endswith("/") and path != "/"
    parts = [p for p in path.split("/") if p not in ("", ".")]
    out = "/".join(parts)
    return out + "/" if trailing and out else out


def match_all(entries: Iterable[Entry], paths: Iterable[str]) -> list[list[Entry]]:
    index = Index(list(entries))
    return [index.entries_for(p) for p in paths]
