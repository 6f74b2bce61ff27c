"""Usage: python make_confusables.py confusables.json > table (then prepend the header of confusables.txt).

Derive kpolicy's confusables table (char -> skeleton) from confusable_homoglyphs' confusables.json,
which holds every (source, prototype) pair of Unicode's confusables.txt in both directions."""
import json, sys, unicodedata
d = json.load(open(sys.argv[1]))
def clean(s):  # the generator wrapped right-to-left strings in LEFT-TO-RIGHT MARKs
    return s[1:-1] if len(s) > 2 and s[0] == s[-1] == "\u200e" else s
edges = {}
for k, entries in d.items():
    k = clean(k)
    for e in entries:
        edges.setdefault(k, set()).add(clean(e["c"]))
target = {}   # single source char -> multi-char prototype
parent = {}
def find(x):
    parent.setdefault(x, x)
    while parent[x] != x:
        parent[x] = parent[parent[x]]; x = parent[x]
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
            if a != b: parent[b] = a
members = {}
for x in list(parent):
    if x in target: continue
    members.setdefault(find(x), []).append(x)
rep = {}
for root, ms in members.items():
    best = min(ms, key=lambda c: (unicodedata.normalize("NFD", c) != c, not c.isascii(), ord(c)))
    for m in ms: rep[m] = best
def skel_char(c, depth=0):
    if c in target:
        return "".join(skel_char(x, depth + 1) for x in unicodedata.normalize("NFD", target[c]))
    return rep.get(c, c)
out = {}
for c in set(rep) | set(target):
    s = unicodedata.normalize("NFD", skel_char(c))
    if s != c:
        out[c] = s
print(len(out), file=sys.stderr)
for c in sorted(out, key=ord):
    print(f"{ord(c):04X} ; {' '.join(f'{ord(x):04X}' for x in out[c])}")
