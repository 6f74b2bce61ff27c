"""kpolicy site --out DIR: the same pages as the MkDocs build, written whole or not at all."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import TODAY
from kpolicy.records.load import load
from kpolicy.site.build import site_inputs
from kpolicy.site.output import MARKER
from kpolicy.site.pages import render_site
from site_support import FIXTURE, ROOT


def test_writes_every_page_and_file_the_build_generates(tmp_path: Path, kpolicy) -> None:
    out = tmp_path / "pages"
    run = kpolicy("site", "--policies", FIXTURE, "--out", out)
    assert run.code == 0, run.err
    catalog = load(FIXTURE, today=TODAY).catalog
    assert catalog is not None
    site = render_site(catalog, site_inputs(catalog, FIXTURE.parent, TODAY))  # the records' own repository
    for rel, text in [*site.pages.items(), *site.files.items()]:
        assert (out / rel).read_text(encoding="utf-8") == text, rel
    assert (out / "assets" / "kpolicy.css").read_bytes() == \
        (ROOT / "scripts" / "kpolicy" / "site" / "assets" / "kpolicy.css").read_bytes()
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written == set(site.pages) | set(site.files) | {MARKER}
    assert f"wrote {len(written) - 1} files to " in run.out


def test_another_engine_can_build_the_pages_without_the_hook(tmp_path: Path, kpolicy) -> None:
    """Plain MkDocs with no hook and no plugin beyond search builds the written pages strictly."""
    out = tmp_path / "pages"
    assert kpolicy("site", "--policies", FIXTURE, "--out", out).code == 0
    config = tmp_path / "plain.yml"
    config.write_text(f"site_name: plain\ndocs_dir: {out}\nsite_dir: {tmp_path / 'site'}\ntheme:\n  name: material\n"
                      "  font: false\nmarkdown_extensions: [admonition, attr_list, tables, toc]\n"
                      "validation:\n  links: {not_found: warn, anchors: warn}\n", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)], check=False,
                       capture_output=True, text=True, timeout=300, env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "site" / "subsystems" / "dma-mapping-helpers" / "index.html").is_file()


def test_a_second_run_replaces_the_folder_as_a_whole(tmp_path: Path, kpolicy) -> None:
    tree = tmp_path / "policies"
    shutil.copytree(FIXTURE, tree)
    out = tmp_path / "pages"
    assert kpolicy("site", "--policies", tree, "--out", out).code == 0
    assert (out / "subsystems" / "block-layer.md").exists()
    for name in ("subsystems/block-layer.yaml", "subsystems/block-layer-device-driver-api-rust.yaml",
                 "stances/block-layer.yaml", "stances/block-layer-device-driver-api-rust.yaml",
                 "maintainers/jens-axboe.yaml"):
        (tree / name).unlink()
    for name in ("policy/01-how-is-rust-introduced-in-a-subsystem.yaml",):
        text = (tree / name).read_text(encoding="utf-8")
        (tree / name).write_text(text.replace("records:\n  - kind: stance\n    id: block-layer\n", ""),
                                 encoding="utf-8")
    run = kpolicy("site", "--policies", tree, "--out", out)
    assert run.code == 0, run.err
    assert not (out / "subsystems" / "block-layer.md").exists()  # no page left over from the first run
    assert (out / "subsystems" / "rust.md").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pages")]  # no staging folder left


def test_refuses_a_folder_it_did_not_write(tmp_path: Path, kpolicy) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "mine.md").write_text("keep me")
    run = kpolicy("site", "--policies", FIXTURE, "--out", out)
    assert run.code == 2
    assert "was not written by 'kpolicy site'" in run.err
    assert [p.name for p in out.iterdir()] == ["mine.md"]


def test_invalid_records_write_nothing(tmp_path: Path, kpolicy) -> None:
    tree = tmp_path / "policies"
    shutil.copytree(FIXTURE, tree)
    (tree / "maintainers" / "jens-axboe.yaml").write_text("id: jens-axboe\nname: [broken\n")
    run = kpolicy("site", "--policies", tree, "--out", tmp_path / "pages")
    assert run.code == 1
    assert "jens-axboe.yaml:3:1: error[yaml.syntax]" in run.err
    assert "Traceback" not in run.err
    assert not (tmp_path / "pages").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["policies"]
