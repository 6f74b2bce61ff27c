"""What `kpolicy who` must answer, read from get_maintainer.pl's own output and the raw MAINTAINERS
text only: nothing here calls kpolicy, so the expectations do not come from the code under test."""

from __future__ import annotations

import json
import lzma
import re
from pathlib import Path

DATA = Path(__file__).parent / "data"

# get_maintainer.pl quotes a name that holds RFC 822 specials: '"James E.J. Bottomley" <a@b>'
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)" (<[^<>\s]+@[^<>\s]+>)')
# an L: line whose first word is no address but a display name: 'L:\tNXP S32 Linux Team <s32@nxp.com>'
_DISPLAY_NAME_LIST = re.compile(r"^L:[ \t]+[^@\s]+[ \t][^<\n]*<([^<>\s]+@[^<>\s]+)>(.*)$", re.MULTILINE)


def golden_answers(release: str) -> list[dict]:
    """What the real get_maintainer.pl of a release answered for the golden paths
    (tests/data/get_maintainer-<release>.jsonl.xz, one JSON answer a line)."""
    raw = lzma.decompress((DATA / f"get_maintainer-{release}.jsonl.xz").read_bytes()).decode("utf-8")
    return [json.loads(line) for line in raw.splitlines()]


def golden_line(line: str) -> str:
    """A line of get_maintainer.pl's output as `who` writes it: 'Name <address>', quotes taken off."""
    m = _QUOTED.fullmatch(line)
    return f"{m.group(1).replace(chr(92) + chr(34), chr(34))} {m.group(2)}" if m else line


def display_name_lists(maintainers_text: str) -> frozenset[str]:
    """Addresses of the lists written 'Display Name <address>' (not subscribers-only): for them
    get_maintainer.pl prints an empty line (left out of the goldens), `who` prints the address."""
    return frozenset(m.group(1) for m in _DISPLAY_NAME_LIST.finditer(maintainers_text)
                     if "subscribers-only" not in m.group(2))


def same_answer(got: dict[str, list[str]], golden: dict[str, list[str]], display_lists: frozenset[str]) -> bool:
    """got is get_maintainer.pl's answer (lines as golden_line writes them), except that 'lists'
    and 'all' may also name lists written with a display name (the documented difference)."""
    for role, lines in golden.items():
        want = [golden_line(v) for v in lines]
        if role in ("lists", "all"):
            want += [a for a in got[role] if a in display_lists and a not in want]
        if sorted(got[role]) != sorted(want):
            return False
    return True
