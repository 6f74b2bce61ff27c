"""Who looks after a path: the matching entries, their people and lists, and each one's Rust stance.

The people and lists are what scripts/get_maintainer.pl -f PATH reports (with --no-git
--no-git-fallback), taken role by role:

- an M:/R: value becomes (name, address) the way get_maintainer.pl's parse_email does it
  (kpolicy.maintainers.people, which sync reads the lines with too):
  'Name <address> remark' gives Name and address, a bare address gives no name, and a value
  without any address is skipped. Surrounding double quotes of a name are dropped (the script
  adds them back when it prints a name that needs quoting; we print names as written).
  A value that is a comma-separated list of addresses stands for each of them.
- within a role, a person already listed (same name or same address, ignoring case) is not
  listed again: the first spelling wins, in the order of the entries, most specific first;
- Linus Torvalds <torvalds@linux-foundation.org> is left out (get_maintainer.pl's "chief
  penguin" rule) unless chief_penguins is asked for;
- a list is the first word of its L: value; lists marked 'subscribers-only' are left out, as
  get_maintainer.pl does by default; a list already listed is not listed again;
- with a .mailmap (kpolicy.maintainers.mailmap), every person and list goes through it, then one whose
  mapped name or address came before takes that one's place (deduplicate_email), and an exact
  repeat is dropped;
- the people named inside a .yaml file (kpolicy.maintainers.file_emails) come after the entries' people,
  in every role's answer, as the script adds them whatever --nom/--nor/--nol say.

Where the answers differ from get_maintainer.pl's (found on the golden paths of tests/data, see
tests/test_maintainers_who.py and tests/test_who_parity.py):

- a list written with a display name ('NXP S32 Linux Team <s32@nxp.com>'): the script takes
  the first word as the address and prints an empty line; we give the address in the brackets;
- entries that match equally specifically: the script takes them in Perl hash order, which
  changes from run to run; we take them in the file's order. Only where two such entries
  spell one person differently does the spelling in the answer depend on it;
- a pattern without a trailing '/' that names a directory: the script asks its tree; without
  --tree we take it as a directory when the path lies below it, which is wrong only for a file
  beside that directory whose name starts with the directory's (1 golden path);
- K: keywords are not used, as by the script with -f (it reads them only with
  --keywords-in-file or for patches); without --tree no file is read, so neither the .mailmap
  nor the addresses inside a .yaml file are used; git history is not consulted (--git,
  --git-fallback);
- names are printed as the file writes them, without the RFC 822 quotes the script adds;
- F:/X:/N: patterns are Perl regular expressions evaluated with Python's re module (they mean
  the same for every pattern in the 6.12 and 7.3 files); an invalid N: pattern matches nothing
  here, where the script stops with an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from operator import itemgetter

from kpolicy.maintainers.file import Entry
from kpolicy.maintainers.pathmatch import Index, PathFields, normalize
from kpolicy.maintainers.people import Person, parse_email, people_in
from kpolicy.text.plain import plain_keep_tabs

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs every lookup a few ms
if TYPE_CHECKING:
    from kpolicy.maintainers.mailmap import Mailmap
    from kpolicy.maintainers.pathmatch import Entries

_LIST_WORDS = re.compile(r"(\S+)\s+(.*)$")
_ANGLE_ADDRESS = re.compile(r"<([^<>\s]+@[^<>\s]+)>")


def list_address(value: str) -> tuple[str, bool]:
    """The address of an L: value, and whether the list is for subscribers only.

    get_maintainer.pl takes the first word as the address. For a list written with a display
    name ('NXP S32 Linux Team <s32@nxp.com>') that word is no address, and the script prints an
    empty line in its place; here the address in angle brackets is taken instead.
    """
    m = _LIST_WORDS.match(value)
    if not m:
        return value, False
    first, rest = m.group(1), m.group(2)
    if "@" not in first:
        named = _ANGLE_ADDRESS.search(value)
        if named:
            return named.group(1), "subscribers-only" in value[named.end():]
    return first, "subscribers-only" in rest


# get_maintainer.pl leaves these out unless given --git-chief-penguins: they receive everything
# anyway (Linus Torvalds is the M: of THE REST, which covers every path).
CHIEF_PENGUINS = frozenset({"Linus Torvalds <torvalds@linux-foundation.org>"})


class _People:
    """get_maintainer.pl's duplicate rule: a name or an address seen before is not added again."""

    def __init__(self, leave_out: frozenset[str] = frozenset()) -> None:
        self.people: list[Person] = []
        self._names: set[str] = set()
        self._addresses: set[str] = set()
        self._leave_out = leave_out

    def add(self, person: Person, leave_out: bool = True) -> None:
        name, address = person.name.lower(), person.email.lower()
        if (name and name in self._names) or address in self._addresses:
            return
        if leave_out and person.line in self._leave_out:
            # get_maintainer.pl counts them as seen, then drops them from the output
            self._addresses.add(address)
            if name:
                self._names.add(name)
            return
        self.people.append(person)
        if name:
            self._names.add(name)
        self._addresses.add(address)


def _deduplicate(people: Sequence[Person], lists: Sequence[str], mailmap: Mailmap | None
                 ) -> tuple[list[Person], list[str]]:
    """get_maintainer.pl's last step (deduplicate_email, then merge_email) over its people, then
    its lists: each goes through the mailmap; one whose mapped name or address (ignoring case)
    came before takes that earlier one's place; the result goes through the mailmap again, and
    an exact repeat is dropped."""
    by_name: dict[str, Person] = {}
    by_address: dict[str, Person] = {}
    seen: set[str] = set()
    out_people: list[Person] = []
    out_lists: list[str] = []
    items = [(False, p) for p in people] + [(True, Person("", x)) for x in lists]
    for is_list, person in items:
        mapped = mailmap.map(person) if mailmap else person
        name, address = mapped.name.lower(), mapped.email.lower()
        if mapped.name and name in by_name:
            mapped = by_name[name]
        elif address in by_address:
            mapped = by_address[address]
        else:
            by_name[name] = by_address[address] = mapped
        final = mailmap.map(mapped) if mailmap else mapped
        key = final.line
        if key in seen:
            continue
        seen.add(key)
        if is_list and not final.name:
            out_lists.append(final.email)
        else:
            out_people.append(final)
    return out_people, out_lists


class StanceSummary(tuple[str | None, str, str, str | None, str | None]):
    """What our records say about an entry: its record id, Rust stance and the route of Rust patches."""

    __slots__ = ()

    def __new__(cls, subsystem: str | None, level: str = "unknown", via: str = "unknown",
                tree: str | None = None, note: str | None = None) -> StanceSummary:
        return tuple.__new__(cls, (subsystem, level, via, tree, note))

    subsystem = property(itemgetter(0))
    level = property(itemgetter(1))
    via = property(itemgetter(2))
    tree = property(itemgetter(3))
    note = property(itemgetter(4))

    def route_json(self) -> dict[str, str]:
        out = {"via": self.via}
        if self.tree:
            out["tree"] = self.tree
        if self.note:
            out["note"] = self.note
        return out


UNKNOWN = StanceSummary(None)


class Match:
    __slots__ = ("depth", "entry", "stance")

    def __init__(self, entry: Entry, depth: int, stance: StanceSummary):
        self.entry, self.depth, self.stance = entry, depth, stance

    def as_json(self) -> dict[str, object]:
        statuses = self.entry.values("S")
        return {"title": self.entry.title, "status": statuses[0] if statuses else None,
                "statuses": list(statuses), "stance": self.stance.level, "route": self.stance.route_json(),
                "id": self.stance.subsystem, "trees": list(self.entry.values("T"))}


class Answer:
    __slots__ = ("addresses", "in_file", "lists", "maintainers", "path", "reviewers", "subsystems")

    def __init__(self, path: str, subsystems: tuple[Match, ...], maintainers: tuple[Person, ...],
                 reviewers: tuple[Person, ...], lists: tuple[str, ...], addresses: tuple[str, ...] = (),
                 in_file: tuple[Person, ...] = ()):
        self.path, self.subsystems, self.maintainers, self.reviewers = path, subsystems, maintainers, reviewers
        self.lists = lists
        self.addresses = addresses  # get_maintainer.pl's combined output, in its order
        self.in_file = in_file  # people named in the file itself (a .yaml binding), not already listed

    def as_json(self) -> dict[str, object]:
        return {"path": self.path, "subsystems": [m.as_json() for m in self.subsystems],
                "maintainers": [p.as_json() for p in self.maintainers],
                "reviewers": [p.as_json() for p in self.reviewers], "lists": list(self.lists),
                "in_file": [p.as_json() for p in self.in_file]}


class Who:
    """Answers for paths from one set of entries, with a function that gives each entry's stance."""

    def __init__(self, entries: Entries, stance_of: Callable[[Entry], StanceSummary] = lambda _entry: UNKNOWN,
                 is_dir: Callable[[str], bool] | None = None, chief_penguins: bool = False,
                 mailmap: Mailmap | None = None, in_file: Callable[[str], Sequence[Person]] | None = None,
                 fields: PathFields | None = None):
        self.index = Index(entries, is_dir, fields)
        self.stance_of = stance_of
        self.leave_out = frozenset() if chief_penguins else CHIEF_PENGUINS
        self.mailmap = mailmap
        self.in_file = in_file  # the people get_maintainer.pl reads from the file itself (.yaml)

    def answer(self, path: str) -> Answer:
        matched = [(self.index.entries[i], depth) for i, depth in self.index.match(path)]
        path = normalize(path)
        in_file = self.in_file(path) if self.in_file is not None else ()
        maintainers, reviewers, lists, addresses = collect([e for e, _ in matched], self.leave_out, self.mailmap,
                                                           in_file)
        return Answer(path, tuple(Match(e, d, self.stance_of(e)) for e, d in matched),
                      maintainers, reviewers, lists, addresses, in_file_people(addresses, maintainers, reviewers))


def run(entries: Sequence[Entry], roles: str = "MRL", leave_out: frozenset[str] = CHIEF_PENGUINS,
        mailmap: Mailmap | None = None, in_file: Sequence[Person] = ()) -> tuple[list[Person], list[str]]:
    """What one run of get_maintainer.pl -f prints, as people and lists, for entries taken in
    this order; roles says which of M:, R: and L: it reports (--nom, --nor, --nol take them away).
    The people found in the file itself come after those of the entries, whatever the roles."""
    people = _People(leave_out)
    lists: dict[str, str] = {}
    for entry in entries:
        for letter, value in entry.fields:
            if letter == "M" or letter == "R":
                if letter in roles:
                    for person in people_in(value):
                        people.add(person)
            elif letter == "L" and "L" in roles:
                address, subscribers_only = list_address(value)
                if not subscribers_only:
                    lists.setdefault(address.lower(), address)
    for person in in_file:
        people.add(mailmap.map(person) if mailmap else person, leave_out=False)
    return _deduplicate(people.people, list(lists.values()), mailmap)


def collect(entries: Sequence[Entry], leave_out: frozenset[str] = CHIEF_PENGUINS, mailmap: Mailmap | None = None,
            in_file: Sequence[Person] = ()
            ) -> tuple[tuple[Person, ...], tuple[Person, ...], tuple[str, ...], tuple[str, ...]]:
    """Maintainers, reviewers, lists and the combined address list of entries taken in this order.

    The order matters only where a name or an address repeats: the first spelling wins.
    get_maintainer.pl takes entries of equal rank in an order that changes from run to run.
    The maintainers and reviewers are the entries' own; the combined list has the people found
    in the file too.
    """
    maintainers, _ = run(entries, "M", leave_out, mailmap)
    reviewers, _ = run(entries, "R", leave_out, mailmap)
    _, lists = run(entries, "L", leave_out, mailmap)
    everyone, all_lists = run(entries, "MRL", leave_out, mailmap, in_file)
    addresses = tuple([p.line for p in everyone] + all_lists)
    return tuple(maintainers), tuple(reviewers), tuple(lists), addresses


def in_file_people(addresses: Sequence[str], maintainers: Sequence[Person], reviewers: Sequence[Person]
                   ) -> tuple[Person, ...]:
    """The people of the combined list that are neither maintainers nor reviewers: those found in the file."""
    names = {p.name.lower() for group in (maintainers, reviewers) for p in group if p.name}
    emails = {p.email.lower() for group in (maintainers, reviewers) for p in group}
    return tuple(p for p in (parse_email(x) for x in addresses if "<" in x)
                 if p.name.lower() not in names and p.email.lower() not in emails)


def answers_text(answers: Sequence[Answer]) -> str:
    out: list[str] = []
    for a in answers:
        out.append(a.path)
        if not a.subsystems:
            out.append("  no entry covers this path")
        for m in a.subsystems:
            status = ", ".join(m.entry.values("S")) or "no status"
            out.append(f"  {m.entry.title} ({status})")
            route = m.stance.via + (f": {m.stance.tree}" if m.stance.tree else "")
            out.append(f"    Rust stance: {m.stance.level}; Rust patches go: {route}")
        for label, people in (("maintainers", a.maintainers), ("reviewers", a.reviewers),
                              ("named in the file", a.in_file)):
            if people:
                out.append(f"  {label}:")
                out.extend(f"    {p.line}" for p in people)
        if a.lists:
            out.append("  lists:")
            out.extend(f"    {x}" for x in a.lists)
    return "\n".join(plain_keep_tabs(line) for line in out)  # a title or value cannot forge a line
