"""GitHub workflow commands (`::error file=...,line=...::message`).

GitHub reads one command per line and decodes %25, %0D, %0A (and in properties %3A, %2C); those
characters are encoded, and every other hidden character is shown escaped (outfmt.plain), so a
value can neither end the command early nor start a forged one."""

from __future__ import annotations

from kpolicy.text.plain import plain


def escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    value = plain(value)
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def command(level: str, message: str, **properties: object) -> str:
    props = ",".join(f"{k}={escape(str(v), prop=True)}" for k, v in properties.items() if v is not None)
    return f"::{level} {props}::{escape(message)}"


__all__ = ["command", "escape"]
