"""maintainers.people: one reading of an M:/R: line, for who (parse_email) and for sync (split_line)."""

from __future__ import annotations

import pytest

from kpolicy.maintainers.people import email_parts, parse_email, split_line

CASES = [  # value, (name, address) as get_maintainer.pl reads it, (name as written, email, remark, bare) kept by sync
    ("Ada Example <ada@example.org>", ("Ada Example", "ada@example.org"),
     ("Ada Example", "ada@example.org", None, False)),
    ('"Example, Ada" <ada@example.org> (RUST)', ("Example, Ada", "ada@example.org"),
     ('"Example, Ada"', "ada@example.org", "(RUST)", False)),
    ("<ada@example.org> remark", ("", "ada@example.org"), (None, "ada@example.org", "remark", False)),
    ("ada@example.org", ("", "ada@example.org"), (None, None, None, True)),
    ("Ada Example", ("", ""), ("Ada Example", None, None, False)),
    # two addresses in brackets: the script takes everything up to the last '>' as the address,
    # which is no well-formed address, so sync keeps the line whole as a name
    ("Ada <ada@example.org> <bob@example.org>", ("Ada", "ada@example.org> <bob@example.org"),
     ("Ada <ada@example.org> <bob@example.org>", None, None, False)),
]


@pytest.mark.parametrize(("value", "perl", "kept"), CASES, ids=[c[0] for c in CASES])
def test_who_and_sync_read_a_line_the_same_way(value: str, perl: tuple[str, str],
                                               kept: tuple[str | None, str | None, str | None, bool]) -> None:
    person = parse_email(value)
    assert (person.name, person.email) == perl
    line = split_line(value)
    assert (line.name, line.email, line.remark, line.bare) == kept
    if line.email is not None or line.bare:  # a well-formed address: the same person to both
        assert (line.plain_name or "", line.address) == perl


def test_email_parts_keeps_what_follows_the_address() -> None:
    assert email_parts("Ada <ada@example.org>  (maintainer)") == ("Ada", "ada@example.org", "  (maintainer)", True)
    assert email_parts("ada@example.org (x)") == ("", "ada@example.org", " (x)", False)
    assert email_parts("no address") == ("", "", "", False)
