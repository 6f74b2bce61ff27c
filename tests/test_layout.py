"""The package's shape: which part may import which, read from the code's own import statements.

Layers, lowest first: `text` (escaping and URLs: pure functions), `records` (kinds, loading,
checking, the model, writing files), the domains built on records (`workflow`; `maintainers`,
whose sync writes and reports records through workflow; `measure`; `export`), the `site`, then
`commands`, and at the top `cli` and `bench`. A part imports
only from the parts listed for it below (and from itself); nothing imports `bench`.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "scripts" / "kpolicy"

MAY_IMPORT: dict[str, set[str]] = {
    "text": set(),
    "records": {"text"},
    "workflow": {"text", "records"},
    "maintainers": {"text", "records", "workflow"},
    "measure": {"text", "records", "maintainers"},
    "export": {"text", "records", "maintainers"},
    "site": {"text", "records", "maintainers", "workflow", "export"},
    "commands": {"text", "records", "maintainers", "workflow", "measure", "export", "site", "version"},
    "cli": {"commands", "version"},
    "__main__": {"cli"},
    "bench": {"text", "records", "maintainers", "workflow", "measure", "export", "site", "commands", "cli"},
}


def part_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def imported_parts(path: Path) -> set[tuple[str, int]]:
    """(part, line) for every import of another kpolicy part in one module, at any depth of the code."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: imports are absolute in this package"
            if node.module == "kpolicy":
                names = [f"kpolicy.{a.name}" for a in node.names]
            elif node.module:
                names = [node.module]
        for name in names:
            bits = name.split(".")
            if bits[0] == "kpolicy":
                found.add((bits[1] if len(bits) > 1 else "kpolicy", node.lineno))
    return found


def test_every_part_has_a_rule() -> None:
    parts = {part_of(p) for p in PACKAGE.rglob("*.py")} - {"__init__"}
    assert parts == set(MAY_IMPORT), "a new top-level part of kpolicy needs its line in MAY_IMPORT"


def test_imports_follow_the_layers() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        part = part_of(path)
        if part == "__init__":
            continue
        for name, line in sorted(imported_parts(path)):
            # `from kpolicy import __version__` is the version, which everything may read
            other = "version" if name == "__version__" else name
            if other != part and other not in MAY_IMPORT[part]:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line}: {part} imports {other}")
    assert wrong == []


def test_the_rule_catches_a_wrong_import(tmp_path: Path) -> None:
    """The reader above sees imports inside functions too (the usual way around a layer rule)."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from kpolicy.commands import UsageError\n")
    assert imported_parts(module) == {("commands", 2)}


def test_the_quick_who_path_stays_light(tmp_path: Path) -> None:
    """`kpolicy who` with its cache warm must not pay for the schema validator, the YAML loader, Markdown
    or the site, nor for typing and dataclasses (each import costs a lookup milliseconds)."""
    policies = Path(__file__).parent.parent / "policies"
    argv = ["who", "--policies", str(policies), "rust/kernel/lib.rs"]
    env = {**os.environ, "KPOLICY_CACHE_DIR": str(tmp_path)}
    code = ("import sys\n"
            "from kpolicy.cli import main\n"
            f"code = main({argv!r})\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('jsonschema', 'fastjsonschema', 'mkdocs',"
            " 'material', 'markdown', 'yaml', 'typing', 'dataclasses') or m.startswith('kpolicy.site'))\n"
            "print(code, heavy, file=sys.stderr)\n")
    cold = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    # the first call validates the records: compiled yes/no checks only, as they are all valid
    # (jsonschema, which locates errors, is imported only for a record that fails them)
    assert cold.stderr.startswith("0 [")
    cold_heavy = {m.split(".")[0] for m in ast.literal_eval(cold.stderr.split(" ", 1)[1])}
    assert {"fastjsonschema", "yaml"} <= cold_heavy and "jsonschema" not in cold_heavy
    warm = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    assert warm.stderr.strip() == "0 []"
    assert warm.stdout == cold.stdout != ""
