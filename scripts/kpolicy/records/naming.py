"""How the records name things: ids made from titles, and kernel releases in order.

A release is written as the kernel writes it ('6.1', '6.12.117', '7.0-rc3'); a record's
kernel.since/until is either a release or {after, by} when only a range is known.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any


def release_key(release: str) -> tuple[int, ...]:
    """A kernel release ('6.1', '6.12.117', '7.0-rc3') as a key that sorts in release order."""
    base, _, rc = release.partition("-rc")
    nums = tuple(int(x) for x in base.split("."))
    nums = nums + (0,) * (3 - len(nums))
    return nums + ((int(rc),) if rc else (1 << 30,))


def slug(text: str, fallback: str = "entry") -> str:
    """An id made from a title or name: lowercase, accents dropped, every run of characters other
    than a-z and 0-9 turned into one '-', trimmed, at most 110 characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return s[:110].rstrip("-") or fallback


def release_bound(value: Any) -> tuple[str | None, str | None]:
    """(after, by) of a kernel.since/until value: an exact release is (None, release)."""
    if isinstance(value, dict):
        return value.get("after"), value.get("by")
    return None, value


def show_release_bound(value: Any) -> str:
    """A kernel.since/until value in words: '7.2.13', 'after 6.12.117, by 7.2.13' or 'by 6.1.192'."""
    after, by = release_bound(value)
    if not isinstance(value, dict):
        return str(by)
    return f"after {after}, by {by}" if after else f"by {by}"
