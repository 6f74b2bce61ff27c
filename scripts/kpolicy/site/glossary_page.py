"""The glossary: every term a reader meets on the site, defined once. Terms that are abbreviations
also get a tooltip wherever they appear (Python-Markdown's abbr extension, mkdocs.yml)."""

from __future__ import annotations

from kpolicy.site import parts
from kpolicy.site.vocabulary import LEVELS, ROUTES
from kpolicy.text.sitemd import inline, page_link

PATH = "glossary.md"

# (term, anchor, definition in our words). Plain text: the definitions are also tooltips.
TERMS: tuple[tuple[str, str, str], ...] = (
    ("MAINTAINERS", "maintainers-file",
     ("The kernel's file that lists, entry by entry, who looks after which files, on which mailing list "
     "patches go and through which tree they are merged.")),
    ("Entry", "entry",
     "One section of MAINTAINERS: a title line and fields, each a letter and a colon (M:, R:, L:, S:, T:, F: ...)."),
    ("S: (status)", "status",
     ("How an entry is looked after. Supported: someone is paid to look after it. Maintained: someone looks "
     "after it. Odd Fixes: fixes are applied now and then. Orphan: nobody looks after it. Obsolete: it is "
     "on its way out.")),
    ("[RUST] entry", "rust-entry",
     ("An entry whose title ends in [RUST]: it covers the Rust side (abstractions, bindings, drivers) of a "
     "subsystem, usually with its own maintainers.")),
    ("Paired entry", "paired-entry",
     ("A C entry and its [RUST] entry, recorded as a pair: a Rust patch goes to the Rust entry's people, "
     "and the C entry's people are copied.")),
    ("Live entry, history", "history",
     ("A live entry is in the MAINTAINERS file of the newest recorded release. An entry that was renamed or "
     "removed is kept as history: it counts for nothing and routes no patch.")),
    ("Stance", "stance",
     ("How a subsystem handles Rust, with sources and the date it was last checked: one level of the stance "
     "scale.")),
    ("Stance scale (Brauner-Hellwig scale)", "scale",
     ("The five ways a subsystem can handle Rust, from taking it fully to not engaging, described at "
     "LSFMM+BPF 2025, where the discussion gave it this name.")),
    ("Route", "route",
     "Through which tree a subsystem's Rust patches are merged: " + "; ".join(ROUTES.values()) + "."),
    ("Pinned version", "pinned",
     ("Before Linux 6.11 the kernel named exactly one rustc and bindgen version; others got a warning or "
     "were refused.")),
    ("Minimum version", "minimum",
     ("From Linux 6.11 on, the kernel names the oldest rustc and bindgen it supports; newer ones are "
     "expected to work.")),
    ("NAK", "nak",
     "Short for not acknowledged: a maintainer's objection to a patch, written as a Nacked-by: line."),
    ("Unverified", "unverified", "A claim nobody could yet check against a primary source; treat it with care."),
    ("Primary source", "primary-source",
     ("Where a fact is made: the kernel's own git, a release tarball, a post on lore.kernel.org, or "
     "rust-for-linux.com. Other sources (news articles, talks) are secondary.")),
    ("LSFMM+BPF", "lsfmm",
     ("The Linux Storage, Filesystem, Memory-Management and BPF Summit, a yearly invitation-only meeting "
     "of kernel developers.")),
    ("Maintainers Summit", "maintainers-summit",
     ("A yearly invitation-only meeting of senior kernel maintainers, held next to the Linux Plumbers "
     "Conference.")),
    ("Kangrejos", "kangrejos", "The yearly Rust for Linux workshop."),
    ("LTS", "lts", "Long-term support: a kernel release that gets fixes for years."),
    ("rustc, bindgen", "toolchain",
     "The Rust compiler, and the tool that generates Rust bindings from the kernel's C headers."),
)

# Abbreviations with a tooltip wherever they appear: (word as written, term above).
ABBREVIATIONS = (("NAK", "nak"), ("LSFMM+BPF", "lsfmm"), ("LTS", "lts"))


def abbreviations(markdown: str) -> str:
    """Python-Markdown abbr definitions of the abbreviations the page's text uses, to append to it
    (a definition the page does not need would only cost its build time)."""
    defs = {key: text for _, key, text in TERMS}
    return "\n".join(f"*[{word}]: {defs[key]}" for word, key in ABBREVIATIONS if word in markdown)


def glossary_page() -> str:
    here = PATH
    out = ["# Glossary",
           ("The words this site uses, each defined once. Abbreviations are also explained where they "
           "appear: point at them to see the definition.")]
    for term, key, text in TERMS:
        out.append(f"## {inline(term)} {{#{key}}}")
        out.append(inline(text))
        if key == "scale":
            out.append(page_link("The stance scale, level by level", parts.STANCES, here) + ": "
                       + ", ".join(page_link(lv.label, parts.level_page(k), here) for k, lv in LEVELS.items()) + ".")
        if key in ("pinned", "minimum"):
            out.append(page_link("The version policy", parts.VERSION_POLICY, here) + ".")
    return "\n\n".join(out) + "\n"
