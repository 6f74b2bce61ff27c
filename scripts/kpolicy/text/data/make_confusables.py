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
    edges: dict[str, set[str]] = {}
    for k, entries in pairs.items():
        for e in entries:
            edges.setdefault(clean(k), set()).add(clean(e["c"]))
    target: dict[str, str] = {}  # a source character -> its prototype of several characters
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

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
                a, b = find(k), find(v)
                if a != b:
                    parent[b] = a
    members: dict[str, list[str]] = {}
    for x in list(parent):
        if x not in target:
            members.setdefault(find(x), []).append(x)
    rep: dict[str, str] = {}
    for ms in members.values():
        best = min(ms, key=lambda c: (unicodedata.normalize("NFD", c) != c, not c.isascii(), ord(c)))
        for m in ms:
            rep[m] = best

    def skeleton_of(c: str) -> str:
        if c in target:
            return "".join(skeleton_of(x) for x in unicodedata.normalize("NFD", target[c]))
        return rep.get(c, c)

    out = {}
    for c in set(rep) | set(target):
        s = unicodedata.normalize("NFD", skeleton_of(c))
        if s != c:
            out[c] = s
    for c in sorted(out, key=ord):
        print(f"{ord(c):04X} ; {' '.join(f'{ord(x):04X}' for x in out[c])}")


if __name__ == "__main__":
    main(sys.argv[1])
