"""A release's rustc/bindgen minimums (from its min-tool-version.sh) against the version-policy records.

For release X.Y.Z the records' minimum is the last step of `minimums` whose kernel is X.Y or
older (a stable release keeps the minimum of its X.Y). A different general minimum is an error
of the records, located at the step's version (or at `minimums` when no step applies); so is a
per-architecture minimum of the script that the step's `architectures` lacks or states otherwise.
Nothing is ever written to the version-policy records.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kpolicy.records.naming import release_key
from kpolicy.records.problems import Problem, display_path
from kpolicy.records.yamlio import LoadError, load_file

TOOLS = ("rustc", "bindgen")


def _step_for(minimums: list[dict[str, Any]], series: str) -> int | None:
    best = None
    for i, step in enumerate(minimums):
        kernel = step.get("kernel")
        if isinstance(kernel, str) and release_key(kernel) <= release_key(series) and (
                best is None or release_key(kernel) >= release_key(minimums[best]["kernel"])):
            best = i
    return best


def check(record: dict[str, Any], folder: Path) -> list[Problem]:
    """Problems of the version-policy records in folder (policies/version-policy) for this release."""
    release = record["release"]
    series = ".".join(release.split("-")[0].split(".")[:2])
    problems: list[Problem] = []
    for tool in TOOLS:
        measured = record.get("toolchain", {}).get(tool)
        if measured is None:
            continue
        file = folder / f"{tool}.yaml"
        shown = display_path(file)
        if not file.is_file():
            problems.append(Problem(shown, 1, 1, "measure.version-policy", "warning",
                                    f"no {tool} record to check {release}'s minimum {measured['version']} against"))
            continue
        try:
            doc = load_file(file, shown)
        except LoadError as e:
            problems.append(e.problem)
            continue
        minimums = doc.data.get("minimums")
        if not isinstance(minimums, list) or not all(isinstance(m, dict) for m in minimums):
            line, col = doc.position(("minimums",))
            problems.append(Problem(shown, line, col, "measure.version-policy", "error",
                                    "minimums is not a list of steps"))
            continue
        i = _step_for(minimums, series)
        if i is None:
            line, col = doc.position(("minimums",), key=True)
            problems.append(Problem(
                shown, line, col, "measure.version-policy", "error",
                f"no {tool} minimum for {series}, but {release}'s scripts/min-tool-version.sh prints "
                f"{measured['version']}"))
        elif minimums[i].get("version") != measured["version"]:
            line, col = doc.position(("minimums", i, "version"))
            problems.append(Problem(
                shown, line, col, "measure.version-policy", "error",
                f"{tool} minimum for {series} is {minimums[i].get('version')} here (step for {minimums[i]['kernel']}), "
                f"but {release}'s scripts/min-tool-version.sh prints {measured['version']}"))
        recorded = minimums[i].get("architectures", []) if i is not None else []
        recorded_by_arch = {a.get("arch"): (j, a.get("version")) for j, a in enumerate(recorded) if isinstance(a, dict)}
        for arch in measured.get("by_arch", ()):
            j, version = recorded_by_arch.get(arch["arch"], (None, None))
            if version == arch["version"]:
                continue
            where = (("minimums", i, "architectures", j, "version") if j is not None else
                     ("minimums", i, "version") if i is not None else ("minimums",))
            line, col = doc.position(where)
            problems.append(Problem(
                shown, line, col, "measure.version-policy-arch", "error",
                f"{release}'s scripts/min-tool-version.sh asks {tool} {arch['version']} when ${arch['variable']} is "
                f"{arch['arch']}, but " + (f"the record says {version}" if j is not None else
                                           f"the step for {minimums[i]['kernel'] if i is not None else series} "
                                           f"has no minimum for {arch['arch']}")))
    return problems
