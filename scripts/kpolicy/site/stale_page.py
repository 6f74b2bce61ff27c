"""Needs re-verification: the claims whose last check is older than the threshold (kpolicy.workflow.stale)."""

from __future__ import annotations

from collections.abc import Sequence

from kpolicy.records.kinds import KIND_BY_NAME
from kpolicy.records.model import Catalog
from kpolicy.site import parts
from kpolicy.site.policy_page import section_anchor
from kpolicy.text.sitemd import anchor, inline, page_link, table
from kpolicy.workflow.stale import StaleClaim

HERE = parts.STALE
KIND_LABELS = {k: KIND_BY_NAME[k].title.capitalize() for k in ("stance", "version-policy", "policy-section")}


def _claim_link(catalog: Catalog, c: StaleClaim) -> str:
    if c.kind == "stance" and c.id in catalog.subsystems:
        return page_link(c.claim, parts.subsystem_page(c.id), HERE, "stance")
    if c.kind == "version-policy" and c.id in catalog.version_policies:
        return page_link(c.claim, parts.VERSION_POLICY, HERE, anchor(c.id))
    section = next((s for s in catalog.sections if s.id == c.id), None) if c.kind == "policy-section" else None
    if section is not None:
        return page_link(c.claim, parts.POLICY, HERE, section_anchor(section))
    return inline(c.claim)


def stale_page(catalog: Catalog, stale: Sequence[StaleClaim] | None, note: str | None) -> str:
    out = [
        "# Needs re-verification",
        ("A claim about the present, such as a subsystem's stance or the current minimum compiler, holds only "
        "as long as nobody changes it. Each record says when it was last checked against its sources "
        "(<code>as&#95;of</code>). The claims below were last checked long enough ago that they are due for "
        "a new look: read the sources again, look for newer ones, and update the record and its date by pull "
        f"request ({page_link('how', parts.CONTRIBUTING, HERE)})."),
    ]
    if stale is None:
        out.append("*The check did not run for this build.*")
        return "\n\n".join(out) + "\n"
    if note:
        out.append(inline(note))
    if not stale:
        out.append("*Every claim has been checked recently enough.*")
        return "\n\n".join(out) + "\n"
    rows = [(inline(KIND_LABELS.get(c.kind, c.kind)), _claim_link(catalog, c) + parts.unverified(c.verified),
             inline(c.date), str(c.age_days), parts.record_file(c.path)) for c in stale]
    out.append(f"{len(rows)} claims, the longest unchecked first:")
    out.append(table(("Kind", "Claim", "Last checked", "Days ago", "Record"), rows,
                     ("left", "left", "left", "right", "left")))
    return "\n\n".join(out) + "\n"
