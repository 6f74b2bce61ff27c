"""The JSON API: the `kpolicy export` files, served under api/v1/ with their schema."""

from __future__ import annotations

from typing import Any

from kpolicy.export import FILES, dumps
from kpolicy.site import parts
from kpolicy.text.sitemd import code, inline, page_href, table

DESCRIPTIONS = {
    "subsystems.json": ("subsystems", "every MAINTAINERS entry: fields, people, paired entries, stance level"),
    "maintainers.json": ("maintainers", "every person: addresses, links, and roles derived from the entries"),
    "stances.json": ("stances", "every stance: level, flags, route, sources and history"),
    "version-policy.json": ("tools", "rustc and bindgen: minimum per release, rule, distributions, features"),
    "policy.json": ("sections", "the policy document's sections with our answers"),
    "events.json": ("events", "the timeline"),
    "releases.json": ("releases", "Rust measured in each release's source: files and lines, entries, drivers"),
}
SCHEMA_FILE = "export.schema.json"


def api_files(export: dict[str, dict[str, Any]], export_schema: str | None) -> dict[str, str]:
    """The files to serve, by site path."""
    files = {f"{parts.API_DIR}/{name}": dumps(data) for name, data in export.items()}
    if export_schema is not None:
        files[f"{parts.API_DIR}/{SCHEMA_FILE}"] = export_schema
    return files


def api_page(export: dict[str, dict[str, Any]], export_schema: str | None) -> str:
    here = parts.API
    rows = []
    for name in FILES:
        key, what = DESCRIPTIONS[name]
        data = export.get(name, {})
        items = data.get(key, {})
        rows.append((f"[{inline(name)}]({page_href(f'{parts.API_DIR}/{name}', here)})", inline(what),
                     str(len(items))))
    out = [
        "# JSON API",
        ("The records are also served as JSON, one file per kind, under <code>api/v1/</code>. The files are the "
        "output of <code>kpolicy export</code> for the same records the pages show, written in the same build. "
        "Fetch them from this site with any HTTP client; nothing else is needed."),
        table(("File", "Contents", "Items"), rows, ("left", "left", "right")),
        "## Format {#format}",
        ("Every file is a JSON object with <code>schema&#95;version</code> (now 1) and one list or mapping. Within "
        "version 1, fields may be added but none is removed or changes meaning; a breaking change would be "
        "served under <code>api/v2/</code>. Each source carries <code>primary</code>: true for the mailing-list "
        "archive, kernel git and rust-for-linux.com. Claims nobody could check have <code>verified</code>: false."),
    ]
    if export_schema is not None:
        out.append(f"The JSON Schema of every file: [{inline(SCHEMA_FILE)}]"
                   f"({page_href(f'{parts.API_DIR}/{SCHEMA_FILE}', here)}). To validate a file, use its "
                   f"definition under {code('$defs')}, or the whole schema, which picks the right one.")
    out.append("To produce the same files locally: <code>kpolicy export &#45;&#45;out DIR</code>.")
    return "\n\n".join(out) + "\n"
