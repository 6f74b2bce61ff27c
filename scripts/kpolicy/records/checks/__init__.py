"""Cross-record checks, by subject: each a small named function in one registry, skippable by id.

    references.py        people, subsystems and linked records exist; renames end
    sources.py           claims cite sources, primary first; URLs in normal form; checked after sources
    dates.py             real dates, histories in order, event ids
    versions.py          toolchain minimums, architecture lists, kernel ranges
    identity.py          ids equal file names; names in NFC; no look-alikes; unique titles and addresses
    text.py              no hidden characters
    stance.py            stance records: sub-maintainers, review marks, since
    policy.py            the policy document's numbering
    maintainers_text.py  subsystems as MAINTAINERS text, and against a MAINTAINERS file

The registry and run_checks are in registry.py. To add a check, write it in its subject's module
with @check("id") and give it a table of cases in tests/test_checks/.
"""

from __future__ import annotations

from kpolicy.records.checks import (  # noqa: F401  (importing a module registers its checks)
    dates,
    identity,
    maintainers_text,
    policy,
    references,
    sources,
    stance,
    text,
    versions,
)
from kpolicy.records.checks.registry import REGISTRY, Check, Finding, check, run_checks

__all__ = ["REGISTRY", "Check", "Finding", "check", "run_checks"]

# The order `kpolicy validate --list-checks` shows (and run_checks runs) the checks in: by what
# they look at, from references to the MAINTAINERS file. A check not named here comes last.
_LISTED = (
    "id-file-name", "ref-maintainer", "ref-subsystem", "renamed-cycle", "ref-record", "sources-required",
    "sources-primary-first", "url-normal", "date-valid", "history-order", "version-order",
    "version-architectures", "kernel-range", "maintainers-text", "text-hidden", "text-normal", "confusable",
    "subsystem-title-unique", "maintainer-email-unique", "person-email-known", "maintainer-unreferenced",
    "stance-missing", "stance-rust-maintainers", "stance-needs-review", "checked-after-sources", "stance-since",
    "status-known", "regex-valid", "policy-numbering", "event-id-date", "maintainers-file-match",
)
_registered = dict(REGISTRY)
REGISTRY.clear()
REGISTRY.update(sorted(_registered.items(), key=lambda kv: _LISTED.index(kv[0]) if kv[0] in _LISTED else len(_LISTED)))
