"""Checks of sources and URLs: claims cite sources, primary sources first, URLs in normal form,
a claim is not marked checked before the sources it cites."""

from __future__ import annotations

from collections.abc import Iterator

from kpolicy.records.checks.common import all_docs, located, scan, sort_key
from kpolicy.records.checks.registry import Finding, check
from kpolicy.records.model import Source
from kpolicy.records.reader import RecordSet
from kpolicy.text.urls import NotNormal, is_primary, normal_form


@check("sources-required")
def claims_have_sources(tree: RecordSet) -> Iterator[Finding]:
    """Every stance other than unknown, every event, version step, rule and section cites a source."""
    for record in tree.model.all():
        for path, what, sources in record.sourced_claims():
            if not sources:
                # at the empty list when there is one, else at the claim
                yield located(record), (*path, "sources"), f"{what} has no source", \
                    "add sources: [{url, title, date}], primary sources first"


@check("sources-primary-first")
def primary_sources_first(tree: RecordSet) -> Iterator[Finding]:
    """In every list of sources, primary ones (lore, kernel git, rust-for-linux.com) come first."""
    for _, doc in all_docs(tree):
        for path, value in scan(tree, doc).sources:
            seen_secondary = False
            for i, s in enumerate(value):
                if is_primary(s["url"]):
                    if seen_secondary:
                        yield doc, (*path, i, "url"), \
                            f"primary source {s['url']} comes after a secondary one", \
                            "move primary sources (lore.kernel.org, kernel git, rust-for-linux.com) to the top"
                        break
                else:
                    seen_secondary = True


@check("url-normal")
def urls_in_normal_form(tree: RecordSet) -> Iterator[Finding]:
    """Every URL is written in its RFC 3986 normal form (no '..', no needless percent-encoding, no
    user name, lowercase scheme and host), so that what a reviewer reads is where a browser goes."""
    for _, doc in all_docs(tree):
        for path, url in sorted(scan(tree, doc).urls):
            try:
                normal = normal_form(url)
            except NotNormal as e:
                yield doc, path, f"{url!r}: {e}", None
                continue
            if normal != url:
                yield doc, path, f"{url!r} is not written in its normal form", f"write {normal}"


@check("checked-after-sources", "warning")
def checked_not_before_sources(tree: RecordSet) -> Iterator[Finding]:
    """A stance (checked) or section (as_of) is not marked checked before the newest source it cites."""
    claims: list[tuple[object, str, str, tuple[Source, ...]]] = [
        (st, "checked", st.checked, st.sources + (st.since.sources if st.since else ())) for st in tree.model.stances]
    claims += [(section, "as_of", section.as_of, section.sources) for section in tree.model.sections]
    for record, key, checked, sources in claims:
        newest = max((s.date for s in sources), key=sort_key, default=None)
        if newest and sort_key(newest) > sort_key(checked):
            yield located(record), (key,), f"{key} {checked} is older than a cited source ({newest})", \
                f"re-check the claim and set {key} to that day"
