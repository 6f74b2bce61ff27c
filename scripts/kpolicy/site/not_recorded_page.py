"""The page for a reader whose subsystem has no record here: how to find where a Rust patch goes."""

from __future__ import annotations

from kpolicy.maintainers.routing import rust_core_entry
from kpolicy.records.model import Catalog
from kpolicy.site import parts
from kpolicy.text.sitemd import code, page_link

PATH = "not-recorded.md"


def not_recorded_page(catalog: Catalog) -> str:
    here = PATH
    core = rust_core_entry(catalog)
    rust_list = next(iter(core.lists), None) if core is not None else None
    live = sum(1 for s in catalog.subsystems.values() if not s.is_history)
    out = [
        "# My subsystem is not recorded",
        (f"This site records {live} MAINTAINERS entries: those that have Rust code or a Rust entry, and the C "
         "entries next to them. The kernel has thousands more. When yours is not among the "
         f"{page_link('subsystems', parts.SUBSYSTEMS, here)}, this is how to find where a Rust patch for it goes."),
        "## Ask the kernel's own tools {#tools}",
        ("1. In a kernel tree, run `scripts/get_maintainer.pl` on your patch "
         "(`scripts/get_maintainer.pl 0001-my-change.patch`) or on the files it touches "
         "(`scripts/get_maintainer.pl -f drivers/foo/bar.rs`). It reads MAINTAINERS and names the maintainers, "
         "reviewers and lists to write to; it has the last word over anything on this site.\n"
         "2. A patch with Rust code also goes to the Rust list"
         + (f", {code(rust_list)}" if rust_list else "")
         + ", where the Rust maintainers and reviewers read it"
         + (f" (see the {parts.subsystem_link(catalog, core.id, here)} entry)" if core is not None else "")
         + ".\n"
         "3. With this repository checked out, `kpolicy who PATH` answers from the kernel's MAINTAINERS file "
         "(`kpolicy who --maintainers MAINTAINERS drivers/foo/bar.rs`): who looks after the path, the Rust "
         "stance of every entry that covers it when one is recorded, and where Rust patches go."),
        "## Whether the subsystem takes Rust {#stance}",
        ("Without a record, nobody here has checked. Look for a `[RUST]` entry next to the subsystem's entry in "
         "MAINTAINERS, for Rust files (`*.rs`) in its directories, and in the list archives on lore.kernel.org "
         "for earlier Rust patches to it. Asking on the subsystem's list before writing much code is the usual "
         f"courtesy; the {page_link('Rust kernel policy', parts.POLICY, here)} explains how a subsystem takes Rust."),
        "## Add it here {#add}",
        ("A record for the subsystem, and its stance with a source, is welcome: "
         f"{page_link('Contributing', parts.CONTRIBUTING, here)} shows how (`kpolicy new subsystem ID`, then "
         "`kpolicy new stance ID`). A stance nobody can source is recorded as "
         f"{page_link('unknown', parts.level_page('unknown'), here)}, never guessed."),
    ]
    return "\n\n".join(out) + "\n"
