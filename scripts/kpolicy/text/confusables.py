"""Look-alike text: the confusable skeleton of Unicode Technical Standard #39.

Two strings that a reader cannot tell apart ('RUST' and 'RUЅT' with a Cyrillic DZE, 'ada@example'
and 'аda@example' with a Cyrillic a, 'I' and 'l') have the same skeleton:
skeleton(X) = NFD(each character of NFD(X) replaced by its entry in data/confusables.txt).

Why a vendored table and not a library: no package on PyPI computes the TR39 skeleton and is
well kept (confusable_homoglyphs, the most used, answers "is this mixed-script" questions and has
no skeleton; the others are young single-author projects), while the skeleton itself is a few
lines over the data. The table is derived from Unicode's confusables.txt; its header says how,
and data/LICENSE-unicode.txt carries the licence.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

DATA = Path(__file__).parent / "data" / "confusables.txt"


@functools.cache  # read on first use
def _table() -> dict[str, str]:
    table = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            source, _, target = line.partition(";")
            table[chr(int(source, 16))] = "".join(chr(int(x, 16)) for x in target.split())
    return table


def skeleton(text: str) -> str:
    table = _table()
    return unicodedata.normalize("NFD", "".join(table.get(c, c) for c in unicodedata.normalize("NFD", text)))


__all__ = ["skeleton"]
