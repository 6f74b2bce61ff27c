"""What several checks share: walking the documents, reading dates, the file name of a record."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kpolicy.records.reader import RecordSet
from kpolicy.records.yamlio import Document


def stem(doc: Document) -> str:
    """The record's file name without .yaml."""
    name = doc.path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.removesuffix(".yaml")


def all_docs(tree: RecordSet) -> Iterator[tuple[str, Document]]:
    """(kind name, document) of every schema-valid record."""
    for kind, docs in tree.docs.items():
        for doc in docs:
            yield kind, doc


def located(record: Any) -> Document:
    """The document a typed record of the tree was built from (always there for tree.model)."""
    doc: Document | None = record.doc
    assert doc is not None, "records of RecordSet.model keep their document"
    return doc


@dataclass
class Scan:
    """Values found anywhere in a record, in one walk of its raw data: these checks treat every
    list of sources, every date and every URL alike wherever the schema puts them."""
    sources: list[tuple[tuple[Any, ...], list[Any]]]  # every 'sources' list
    dates: list[tuple[tuple[Any, ...], str]]  # every date value
    urls: list[tuple[tuple[Any, ...], str]]  # every url value (sources, links)


def scan(tree: RecordSet, doc: Document) -> Scan:
    key = ("scan", id(doc))
    found = tree.memo.get(key)
    if found is None:
        found = tree.memo[key] = Scan([], [], [])
        todo: list[tuple[tuple[Any, ...], Any]] = [((), doc.data)]
        while todo:
            path, value = todo.pop()
            items = value.items() if type(value) is dict else enumerate(value)
            for k, v in items:
                if type(v) is str:
                    if k in ("date", "as_of", "checked") or (k == "since" and path[-1:] == ("rule",)):
                        found.dates.append(((*path, k), v))
                    elif k == "url":
                        found.urls.append(((*path, k), v))
                elif type(v) is dict or type(v) is list:
                    if k == "sources" and type(v) is list:
                        found.sources.append(((*path, k), v))
                    todo.append(((*path, k), v))
    assert isinstance(found, Scan)
    return found


def parse_date(value: str) -> datetime.date:
    """The earliest day a possibly partial ISO date can mean; ValueError if it is no real date."""
    parts = [int(p) for p in value.split("-")]
    year, month, day = parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
    return datetime.date(year, month, day)


def sort_key(value: str) -> tuple[int, ...]:
    """A date as a key that sorts by day ((0,) for one that is no real date)."""
    try:
        d = parse_date(value)
        return (d.year, d.month, d.day)
    except ValueError:
        return (0,)


def later(a: str, b: str) -> bool:
    """a is later than b at the precision both share ('2025-03' is not later than '2025-03-30')."""
    n = min(len(sort_key(a)), len(sort_key(b)), a.count("-") + 1, b.count("-") + 1)
    return sort_key(a)[:n] > sort_key(b)[:n]
