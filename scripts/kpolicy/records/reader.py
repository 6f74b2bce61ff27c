"""Read a policies/ folder: load every record strictly and validate it against its schema.

The result is a RecordSet: the documents that passed, by kind, plus every problem found,
each pointing at a file, line and column.
"""

from __future__ import annotations

import datetime
import difflib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpolicy.records.build import build_records
from kpolicy.records.kinds import KIND_BY_FOLDER, KINDS, Kind
from kpolicy.records.model import Records
from kpolicy.records.problems import Problem, display_path
from kpolicy.records.safefs import kind_of_entry, listdir, name_problem, not_regular_problem
from kpolicy.records.schemas import Schemas
from kpolicy.records.yamlio import Document, LoadError, load_file
from kpolicy.text.plain import plain

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

_TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "array": "a list", "object": "a mapping", "null": "null"}


@dataclass
class RecordSet:
    root: Path
    docs: dict[str, list[Document]] = field(default_factory=lambda: {k.name: [] for k in KINDS})
    stems: dict[str, set[str]] = field(default_factory=lambda: {k.name: set() for k in KINDS})
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    today: datetime.date = field(default_factory=datetime.date.today)
    memo: dict[Any, Any] = field(default_factory=dict)  # for checks that share work
    maintainers_file: Any = None  # a parsed MAINTAINERS file to compare records with (validate --maintainers)

    built: Records | None = field(default=None, repr=False)  # the typed records, once asked for

    @property
    def model(self) -> Records:
        """The typed records of the documents in docs, built once (refresh_model after changing docs)."""
        if self.built is None:
            self.built = build_records(self.docs)
        return self.built

    def refresh_model(self) -> Records:
        """Build the typed records again, from the documents docs holds now."""
        self.built = None
        return self.model


def _path_text(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "record"


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, (int, float)):
        return str(value)
    return "a list" if isinstance(value, list) else "a mapping"


def _deepest(error: ValidationError) -> ValidationError:
    """For oneOf/anyOf, the most telling error of the branch that fits the value's type."""
    from jsonschema.exceptions import relevance

    while error.context:
        fitting = [e for e in error.context if e.validator != "type"] or list(error.context)
        error = max(fitting, key=relevance)
    return error


def schema_problems(doc: Document, kind: Kind, schemas: Schemas) -> list[Problem]:
    problems = []
    for error in schemas.errors(kind, doc.data):
        if error.validator in ("oneOf", "anyOf") and error.context:
            if error.validator == "anyOf" and all(e.validator == "required" for e in error.context):
                names = " or ".join(repr(e.message.split("'")[1]) for e in error.context)
                where = tuple(error.absolute_path)
                line, col = doc.position(where, key=True)
                problems.append(Problem(doc.path, line, col, "schema.required", "error",
                                        f"{_path_text(where)}: needs {names}"))
                continue
            problems.extend(_locate(doc, kind, _deepest(error)))
        else:
            problems.extend(_locate(doc, kind, error))
    # one problem per value: a URL that fails its pattern also fails its format, say it once
    seen: set[tuple[int, int, str]] = set()
    unique = []
    for p in sorted(problems, key=lambda p: p.check != "schema.pattern"):
        field = p.message.split(":", 1)[0]
        if p.check in ("schema.pattern", "schema.format"):
            if (p.line, p.column, field) in seen:
                continue
            seen.add((p.line, p.column, field))
        unique.append(p)
    return unique


def _locate(doc: Document, kind: Kind, error: ValidationError) -> list[Problem]:
    where = tuple(error.absolute_path)
    field_name = _path_text(where)
    keyword = str(error.validator)
    # jsonschema types these as unions with its Unset marker; for a reported error they are set
    instance: Any = error.instance
    if keyword == "additionalProperties" and isinstance(instance, dict):
        return _unknown_fields(doc, kind, error, where, field_name)
    if keyword == "required":
        missing = error.message.split("'")[1]
        line, col = doc.position(where)
        return [Problem(doc.path, line, col, "schema.required", "error",
                        f"{field_name if where else kind.name}: missing required field {missing!r}")]
    line, col = doc.position(where)
    message, hint = _message(doc, error, keyword, where, field_name)
    return [Problem(doc.path, line, col, f"schema.{_kebab(keyword)}", "error", message, hint)]


def _unknown_fields(doc: Document, kind: Kind, error: ValidationError, where: tuple[Any, ...],
                    field_name: str) -> list[Problem]:
    """One problem per field that the schema does not allow, at its key."""
    instance: Any = error.instance
    schema: Any = error.schema
    allowed = sorted(schema.get("properties", {}))
    out = []
    for extra in sorted(set(instance) - set(allowed)):
        line, col = doc.position((*where, extra), key=True)
        close = difflib.get_close_matches(extra, allowed, n=1)
        out.append(Problem(doc.path, line, col, "schema.unknown-field", "error",
                           f"unknown field {extra!r} in {field_name if where else kind.name}",
                           f"did you mean {close[0]!r}?" if close else f"allowed fields: {', '.join(allowed)}"))
    return out


def _message(doc: Document, error: ValidationError, keyword: str, where: tuple[Any, ...],
             field_name: str) -> tuple[str, str | None]:
    """The message and hint for a schema error other than an unknown or missing field."""
    instance: Any = error.instance
    value: Any = error.validator_value
    hint = None
    if keyword == "type":
        expected = value
        expected = [expected] if isinstance(expected, str) else expected
        want = " or ".join(_TYPE_NAMES.get(t, t) for t in expected)
        message = f"{field_name}: expected {want}, got {_describe(instance)}"
        if "string" in expected and where in doc.plain_numbers:
            written = doc.plain_numbers[where]
            message = f"{field_name}: {written} is read as a number, expected text"
            hint = f"quote it: \"{written}\""
    elif keyword == "enum":
        options = [str(o) for o in value]
        message = f"{field_name}: {_describe(instance)} is not one of {', '.join(options)}"
        close = difflib.get_close_matches(str(instance), options, n=1)
        hint = f"did you mean {close[0]!r}?" if close else None
    elif keyword in ("pattern", "format", "minLength", "maxLength"):
        message, hint = _text_message(error, keyword, field_name)
    elif keyword == "uniqueItems":
        message = f"{field_name}: the list has a repeated item"
    elif keyword == "minItems":
        message = f"{field_name}: needs at least {value} item(s)"
    elif keyword in ("minimum", "maximum"):
        message = f"{field_name}: {error.message}"
    else:
        message = f"{field_name}: {error.message}"
    return message, hint


def _text_message(error: ValidationError, keyword: str, field_name: str) -> tuple[str, str | None]:
    """The message and hint for a string that fails its pattern, format or length."""
    instance: Any = error.instance
    schema: Any = error.schema
    value: Any = error.validator_value
    description = schema.get("description") or ""
    if keyword == "maxLength":
        message = f"{field_name}: too long ({len(instance)} characters, at most {value})"
    elif keyword == "minLength":
        message = f"{field_name}: must not be empty"
    else:
        message = f"{field_name}: {_describe(instance)} is not valid"
        if keyword == "format":
            message += f" ({value})"
    return message, schema.get("x-type-description") or description or None


def _kebab(keyword: str) -> str:
    return "".join("-" + c.lower() if c.isupper() else c for c in keyword)


def walk(root: Path) -> tuple[list[tuple[Kind, Path]], list[Problem]]:
    """Every record file under a records folder, in order, and a problem for everything else found
    there: the one walk that validate, fmt and diff share. A symbolic link (to a file or a folder),
    a FIFO or another non-regular file, an unreadable folder and a name that cannot be shown on one
    line are refused, each at its path; nothing is followed out of the folder."""
    found: list[tuple[Kind, Path]] = []
    problems: list[Problem] = []
    entries, trouble = listdir(root, display_path(root))
    problems.extend(trouble)
    for entry in entries:
        if entry.name.startswith(".") or entry.name.lower() in ("readme.md",):
            continue
        shown = display_path(entry)
        bad_name = name_problem(entry, shown)
        if bad_name is not None:
            problems.append(bad_name)
            continue
        kind = KIND_BY_FOLDER.get(entry.name)
        mode = os.lstat(entry).st_mode
        if kind is not None and stat.S_ISLNK(mode):
            problems.append(not_regular_problem(entry, shown, "a symbolic link to a folder"))
            continue
        if kind is None or not stat.S_ISDIR(mode):
            problems.append(Problem(plain(shown), 1, 1, "file-unexpected", "error",
                                    f"{plain(entry.name)!r} is not a record folder",
                                    f"record folders: {', '.join(k.folder for k in KINDS)}"))
            continue
        _record_files(kind, entry, shown, found, problems)
    return found, problems


def _record_files(kind: Kind, folder: Path, shown: str, found: list[tuple[Kind, Path]],
                  problems: list[Problem]) -> None:
    """walk's work in one record folder: its record files to found, everything else to problems."""
    files, trouble = listdir(folder, shown)
    problems.extend(trouble)
    for file in files:
        if file.name.startswith("."):
            continue
        shown = display_path(file)
        bad_name = name_problem(file, shown)
        if bad_name is not None:
            problems.append(bad_name)
            continue
        mode = os.lstat(file).st_mode
        if file.suffix == ".yaml" and not stat.S_ISREG(mode):
            problems.append(not_regular_problem(file, shown, kind_of_entry(mode)))
            continue
        if file.suffix != ".yaml" or not stat.S_ISREG(mode):
            problems.append(Problem(plain(shown), 1, 1, "file-unexpected", "error",
                                    f"{plain(file.name)!r} is not a record file",
                                    "records are files named <id>.yaml"))
            continue
        found.append((kind, file))


def system_today() -> datetime.date:
    """The day that date checks, staleness and sync compare with when the caller names none: the
    system's date. The tests replace it with a fixed day for the commands they run in-process
    (tests/conftest.py)."""
    return datetime.date.today()


def read_records(root: Path, schemas: Schemas | None = None, today: datetime.date | None = None) -> RecordSet:
    """Load and schema-check every record under root. Never raises for bad records.
    today: the date the date checks compare with (default: system_today())."""
    schemas = schemas or Schemas.default()
    tree = RecordSet(root=root, today=today or system_today())
    if not root.is_dir():
        raise FileNotFoundError(f"{display_path(root)}: no such folder")
    files, tree.problems = walk(root)
    for kind, file in files:
        shown = display_path(file)
        tree.files += 1
        tree.stems[kind.name].add(file.stem)
        try:
            doc = load_file(file, shown)
        except LoadError as e:
            tree.problems.append(e.problem)
            continue
        found = schema_problems(doc, kind, schemas)
        if found:
            tree.problems.extend(found)
        else:
            tree.docs[kind.name].append(doc)
    return tree
