"""Write a rendered site to a folder for another engine: all of it, or nothing.

The pages are written into a new folder beside the target, which then takes the target's
place in two renames; a reader never sees a mix of old and new pages. A folder is only
replaced when it is empty or was written by this module (it holds MARKER).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from kpolicy.records.safefs import read_regular, tree_files
from kpolicy.site.pages import RenderedSite
from kpolicy.text.plain import plain

MARKER = ".kpolicy-site"
DOCS_README = "README.md"  # says what docs/ is for; not published (mkdocs.yml exclude_docs)
_MAX_STATIC = 64 << 20  # a static file of the site (an image, a style sheet)


class OutputError(Exception):
    pass


def _replaceable(out: Path) -> bool:
    if not out.exists():
        return True
    if not out.is_dir():
        return False
    return (out / MARKER).is_file() or not any(out.iterdir())


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _stage_static(site: RenderedSite, staging: Path, static_dir: Path) -> int:
    """Copy the static files of static_dir into staging; return their count."""
    files, refused = tree_files(static_dir)
    if refused:  # a link could publish a file from outside the repository
        raise OutputError("only regular files are published; remove or replace: "
                          + "; ".join(f"{plain(p)} ({what})" for p, what in refused))
    count = 0
    for src in files:
        rel = src.relative_to(static_dir).as_posix()
        if rel == DOCS_README:
            continue
        if rel in site.pages or rel in site.files:
            raise OutputError(f"{src} would replace a generated page")
        data = read_regular(src, _MAX_STATIC, str(src))
        if len(data) > _MAX_STATIC:
            raise OutputError(f"{src} is larger than {_MAX_STATIC:,} bytes")
        _write(staging / rel, data)
        count += 1
    return count


def _stage(site: RenderedSite, staging: Path, static_dir: Path | None) -> int:
    """Write the whole site into the staging folder; return the number of files."""
    count = 0
    if static_dir is not None and static_dir.is_dir():
        count += _stage_static(site, staging, static_dir)
    for rel, text in [*site.pages.items(), *site.files.items()]:
        _write(staging / rel, text)
        count += 1
    _write(staging / MARKER, "Written by 'kpolicy site'; replaced as a whole on the next run.\n")
    for path in staging.rglob("*"):  # temporary folders are private; a site is for reading
        path.chmod(0o755 if path.is_dir() else 0o644)
    return count


def write_site(site: RenderedSite, out: Path, static_dir: Path | None = None) -> int:
    """Write every page, file and static file (from static_dir, e.g. docs/) under out; return the count.
    On any error out is left as it was (absent, or holding the previous site)."""
    out = out.resolve()
    if not _replaceable(out):
        raise OutputError(f"{out} exists and was not written by 'kpolicy site'; give an empty or new folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    old: Path | None = None
    try:
        staging.chmod(0o755)
        count = _stage(site, staging, static_dir)
        if out.exists():
            spare = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            spare.rmdir()
            out.rename(spare)
            old = spare
        staging.rename(out)
    except BaseException:
        if old is not None and not out.exists():
            old.rename(out)  # the previous site goes back in place
            old = None
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return count
