"""The maintainers: an index, and one page per person with every role the records give them."""

from __future__ import annotations

from collections.abc import Sequence

from kpolicy.records.model import Catalog, Maintainer, Role
from kpolicy.site import parts
from kpolicy.text.sitemd import anchor, bullets, code, front_matter, inline, link, page_link, prose, table

ROLE_HEADINGS = (
    ("rust-maintainer", "Looks after the Rust side of"),
    ("maintainer", "Maintainer (M:) of"),
    ("reviewer", "Reviewer (R:) of"),
)


def _roles_by_kind(catalog: Catalog, person: str) -> dict[str, list[Role]]:
    out: dict[str, list[Role]] = {kind: [] for kind, _ in ROLE_HEADINGS}
    for role in catalog.roles.get(person, ()):
        out.setdefault(role.role, []).append(role)
    return out


def maintainer_page(catalog: Catalog, m: Maintainer) -> str:
    here = parts.maintainer_page(m.id)
    out = [f"# {inline(m.name)}"]
    facts = _facts(m)
    if facts:
        out.append(bullets(facts))
    out += _roles_section(catalog, m, here)
    events = [e for e in catalog.events if m.id in e.people]
    if events:
        out.append("## Events {#events data-search-exclude=\"1\"}")
        out.append(bullets(f"{inline(e.date)}: {page_link(e.title, parts.TIMELINE, here, anchor(e.id))}"
                           for e in events))
    if m.sources:
        out.append(parts.sources_list(m.sources))
    if m.notes:
        out.append("**Notes:** " + prose(m.notes))
    return "\n\n".join(out) + "\n"


def _facts(m: Maintainer) -> list[str]:
    facts = []
    if m.emails:
        facts.append(f"**Address:** {code(m.emails[0])}")
        if len(m.emails) > 1:
            facts.append("**Earlier or other addresses:** " + ", ".join(code(e) for e in m.emails[1:]))
    if m.aliases:
        facts.append("**Also written as:** " + ", ".join(inline(a) for a in m.aliases))
    if m.links:
        facts.append("**Pages:** " + ", ".join(link(title, url) for url, title in m.links))
    return facts


def _roles_section(catalog: Catalog, m: Maintainer, here: str) -> list[str]:
    out = []
    roles = _roles_by_kind(catalog, m.id)
    out.append("## Roles {#roles data-search-exclude=\"1\"}")  # names of entries: found on their own pages
    any_role = False
    for kind, heading in ROLE_HEADINGS:
        items = roles.get(kind, [])
        if not items:
            continue
        any_role = True
        out.append(f"**{inline(heading)}** ({len(items)}):")
        out.append(bullets(f"{parts.subsystem_link(catalog, r.subsystem, here)} "
                           f"{parts.level_badge(catalog.stance(r.subsystem).level)}" for r in items))
    if not any_role:
        out.append("*No subsystem, stance or event in the records names this person.*")
    out.append("Roles are worked out from the subsystem and stance records that name the person; "
               "they are never typed twice.")
    return out


def maintainers_index(catalog: Catalog) -> str:
    here = parts.MAINTAINERS
    def live(r: Role) -> bool:
        return r.subsystem in catalog.subsystems and not catalog.subsystems[r.subsystem].is_history

    def names(roles: list[Role]) -> str:
        return ", ".join(parts.subsystem_link(catalog, r.subsystem, here) for r in roles if live(r))

    def is_rust(roles: dict[str, list[Role]]) -> bool:
        return bool(roles["rust-maintainer"]) or any(
            catalog.subsystems[r.subsystem].is_rust_entry for r in roles["maintainer"] + roles["reviewer"] if live(r))

    rust_rows: list[tuple[str, str, str, str]] = []
    other_rows: list[tuple[str, str, str, str]] = []
    for m in sorted(catalog.maintainers.values(), key=lambda m: (m.name.casefold(), m.id)):
        roles = _roles_by_kind(catalog, m.id)
        row = (page_link(m.name, parts.maintainer_page(m.id), here), names(roles["rust-maintainer"]),
               names(roles["maintainer"]), names(roles["reviewer"]))
        (rust_rows if is_rust(roles) else other_rows).append(row)
    headers = ("Name", "Rust side of", "Maintainer (M:) of", "Reviewer (R:) of")
    out = [
        "# Maintainers",
        (f"{len(rust_rows) + len(other_rows)} people are named by the recorded MAINTAINERS entries and stances: "
         f"first the {len(rust_rows)} with a Rust role (they look after the Rust side of a subsystem, or maintain "
         "or review a [RUST] entry), then everyone else. Live entries only; each person's page also lists the "
         "history. Search finds a person by name.").replace("[RUST]", "&#91;RUST&#93;"),
        # an empty box: the theme's script (site/overrides/main.html) puts a filter in it; without
        # JavaScript it stays empty and every row shows
        '<div class="kp-filter" data-kp-filter="Filter by name or subsystem"></div>',
        "## People with a Rust role {#rust}",
        _people_table(headers, rust_rows),
        "## Everyone else {#others}",
        _people_table(headers, other_rows),
    ]
    # the page's own table of contents has two entries; without it the wide table gets the room
    return front_matter(search={"exclude": True}, hide=["toc"]) + "\n\n".join(out) + "\n"


def _people_table(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    if not rows:
        return "*None recorded.*"
    return f'<div class="kp-people" markdown="1">\n\n{table(headers, rows)}\n\n</div>'

