"""Usage: python make_confusables.py confusables.json > table (then put the header of confusables.txt on top).

Derives kpolicy's confusables table (character -> skeleton) from confusable_homoglyphs' confusables.json,
which holds every (source, prototype) pair of Unicode's confusables.txt in both directions. Each class of
confusable characters (a prototype and its sources) is represented by one member: decomposed, ASCII,
lowest code point first; a prototype of several characters is expanded. Not used at run time.
"""

import json
import sys
import unicodedata


def clean(s: str) -> str:
    """The generator wrapped right-to-left strings in LEFT-TO-RIGHT MARKs; take them off."""
    return s[1:-1] if len(s) > 2 and s[0] == s[-1] == "\u200e" else s


def main(path: str) -> None:
    with open(path, encoding="utf-8") as f:
        pairs = json.load(f)
    target, rep = _classes(_edges(pairs))
    out = _skeletons(target, rep)
    for c in sorted(out, key=ord):
        print(f"{ord(c):04X} ; {' '.join(f'{ord(x):04X}' for x in out[c])}")


def _edges(pairs: dict[str, list[dict[str, str]]]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for k, entries in pairs.items():
        for e in entries:
            edges.setdefault(clean(k), set()).add(clean(e["c"]))
    return edges


def _find(parent: dict[str, str], x: str) -> str:
    parent.setdefault(x, x)
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _classes(edges: dict[str, set[str]]) -> tuple[dict[str, str], dict[str, str]]:
    """The prototype of several characters of each source that has one, and the representative
    member of every other character's class."""
    target: dict[str, str] = {}  # a source character -> its prototype of several characters
    parent: dict[str, str] = {}
    for k, vs in edges.items():
        if len(k) != 1:
            continue
        multi = [v for v in vs if len(v) > 1]
        if multi:
            assert len(multi) == 1 and len(vs) == 1, (k, vs)
            target[k] = multi[0]
            continue
        for v in vs:
            if len(v) == 1 and v not in target:
                a, b = _find(parent, k), _find(parent, v)
                if a != b:
                    parent[b] = a
    return target, _representatives(parent, target)


def _representatives(parent: dict[str, str], target: dict[str, str]) -> dict[str, str]:
    """Each class's member that stands for it: decomposed, ASCII, lowest code point first."""
    members: dict[str, list[str]] = {}
    for x in list(parent):
        if x not in target:
            members.setdefault(_find(parent, x), []).append(x)
    rep: dict[str, str] = {}
    for ms in members.values():
        best = min(ms, key=lambda c: (unicodedata.normalize("NFD", c) != c, not c.isascii(), ord(c)))
        for m in ms:
            rep[m] = best
    return rep


def _skeletons(target: dict[str, str], rep: dict[str, str]) -> dict[str, str]:
    def skeleton_of(c: str) -> str:
        if c in target:
            return "".join(skeleton_of(x) for x in unicodedata.normalize("NFD", target[c]))
        return rep.get(c, c)

    out = {}
    for c in set(rep) | set(target):
        s = unicodedata.normalize("NFD", skeleton_of(c))
        if s != c:
            out[c] = s
    return out


if __name__ == "__main__":
    main(sys.argv[1])
