"""kpolicy as a built wheel, installed somewhere else than this checkout: everything it needs
(schemas, theme override, stylesheet) travels inside the package.

The wheel is built offline with the same backend pip uses (setuptools.build_meta, from a copy of
the files the sdist would hold) and installed with the interpreter's own pip into a --target
folder, the kind of install that found no schemas while they were setuptools data-files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGED = {"kpolicy/schema/subsystem.schema.json", "kpolicy/schema/export.schema.json",
            "kpolicy/site/assets/kpolicy.css", "kpolicy/site/overrides/main.html", "kpolicy/text/data/confusables.txt"}


@pytest.fixture(scope="module")
def wheel_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Build the wheel from a copy of what pyproject.toml packages: the build's outcome, its folder."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "schema", src / "schema")
    shutil.copytree(ROOT / "scripts" / "kpolicy", src / "scripts" / "kpolicy",
                    ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("dist")
    build = subprocess.run([sys.executable, "-c", (f"from setuptools import build_meta; "
                            f"print(build_meta.build_wheel({str(out)!r}))")],
                           cwd=src, capture_output=True, text=True, check=False)
    return build, out


def test_the_wheel_builds(wheel_build: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    build, out = wheel_build
    assert build.returncode == 0, build.stderr[-3000:]
    assert (out / build.stdout.strip().splitlines()[-1]).is_file()


@pytest.fixture(scope="module")
def wheel(wheel_build: tuple[subprocess.CompletedProcess[str], Path]) -> Path:
    build, out = wheel_build
    if build.returncode != 0:
        pytest.skip("the wheel did not build (test_the_wheel_builds says why)")
    return out / build.stdout.strip().splitlines()[-1]


def test_the_wheel_holds_the_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert names >= PACKAGED
    modules = {p.relative_to(ROOT / "scripts").as_posix() for p in (ROOT / "scripts" / "kpolicy").rglob("*.py")
               if p.parent.name != "data"}  # data/ holds the script that made its table, not a module
    assert modules <= names, f"not in pyproject.toml's packages: {sorted(modules - names)}"
    assert not any(n.startswith(("share/", "kpolicy-0")) and n.endswith(".json") for n in names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


@pytest.fixture(scope="module")
def install(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """pip's outcome installing the wheel into a folder of its own, and that folder."""
    target = tmp_path_factory.mktemp("target")
    pip = subprocess.run([sys._base_executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps",  # type: ignore[attr-defined]
                          "--disable-pip-version-check", "--target", str(target), str(wheel)],
                         capture_output=True, text=True, check=False)
    if pip.returncode != 0 and "No module named pip" in pip.stderr:
        pytest.skip("this Python has no pip to install the wheel with")
    return pip, target


def test_the_wheel_installs(install: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    pip, target = install
    assert pip.returncode == 0, pip.stderr
    assert (target / "kpolicy" / "__init__.py").is_file()


@pytest.fixture(scope="module")
def installed(install: tuple[subprocess.CompletedProcess[str], Path]) -> Path:
    pip, target = install
    if pip.returncode != 0:
        pytest.skip("the wheel did not install (test_the_wheel_installs says why)")
    return target


def _run(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # the dependencies come from this environment; kpolicy itself from the --target folder, first on the path
    env = {**os.environ, "PYTHONPATH": str(installed), "KPOLICY_CACHE_DIR": str(cwd / "cache")}
    return subprocess.run([sys.executable, "-m", "kpolicy", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, check=False)


def test_the_installed_copy_runs_every_command_from_elsewhere(installed: Path, tmp_path: Path) -> None:
    where = _run(installed, tmp_path, "--version")
    assert where.returncode == 0, where.stderr
    probe = subprocess.run([sys.executable, "-c", ("import kpolicy, kpolicy.records.schemas as s; "
                                                   "print(kpolicy.__file__); print(s.SCHEMA_DIR)")],
                           cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(installed)},
                           capture_output=True, text=True, check=True)
    assert all(line.startswith(str(installed)) for line in probe.stdout.splitlines()), probe.stdout

    shutil.copytree(ROOT / "tests" / "corpus" / "base", tmp_path / "policies")
    validate = _run(installed, tmp_path, "validate")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "0 errors" in validate.stdout

    new = _run(installed, tmp_path, "new", "maintainer", "jane-doe")
    assert new.returncode == 0, new.stderr
    assert (tmp_path / "policies" / "maintainers" / "jane-doe.yaml").is_file()
    (tmp_path / "policies" / "maintainers" / "jane-doe.yaml").unlink()  # a skeleton to fill in: not valid yet

    who = _run(installed, tmp_path, "who", "--maintainers", str(ROOT / "tests" / "data" / "MAINTAINERS-6.12.117.xz"),
               "rust/kernel/lib.rs")
    assert who.returncode == 0, who.stderr
    assert "RUST" in who.stdout and "Miguel Ojeda" in who.stdout

    site = _run(installed, tmp_path, "site", "--out", "out")
    assert site.returncode == 0, site.stderr
    assert (tmp_path / "out" / "assets" / "kpolicy.css").read_bytes() == \
        (ROOT / "scripts" / "kpolicy" / "site" / "assets" / "kpolicy.css").read_bytes()
    assert (tmp_path / "out" / "api" / "v1" / "export.schema.json").read_text(encoding="utf-8") == \
        (ROOT / "schema" / "export.schema.json").read_text(encoding="utf-8")
    assert "CONTRIBUTING.md not found beside the records" in site.stderr  # said, not silently left out
