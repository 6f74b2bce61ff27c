"""Claims due for a new check: those whose last check (as_of) is older than a threshold.

A claim here is a statement the records make about the present, with the date on which
someone last checked it against its sources: a subsystem's Rust stance, a tool's version
policy, our summary of a section of the policy document. Historical entries (events,
stance history, earlier rules) describe the past and do not go stale.

The default threshold is 180 days. The kernel publishes a release every nine to ten weeks,
so 180 days is two to three merge windows, each of which may change MAINTAINERS, a Rust
entry or the minimum Rust version; and the meetings where subsystems state their stance
(LSFMM+BPF, the Maintainers and Kernel Summits, Kangrejos) come around about once a year,
so a claim checked twice a year is never more than one of them behind.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from kpolicy.records.model import Catalog

DEFAULT_OLDER_THAN_DAYS = 180


@dataclass(frozen=True)
class StaleClaim:
    kind: str  # record kind: "stance", "version-policy" or "policy-section"
    id: str  # the record's id (for a stance, the subsystem id; for a version policy, the tool)
    path: str  # the record's file, as it was loaded
    claim: str  # what the record claims, in one line
    date: str  # when the claim was last checked (the record's as_of), YYYY-MM-DD
    age_days: int  # days from date to the day of the check
    verified: bool = True  # false when the claim is also marked unverified


def stale_claims(catalog: Catalog, today: datetime.date,
                 older_than_days: int = DEFAULT_OLDER_THAN_DAYS) -> list[StaleClaim]:
    """Claims last checked more than older_than_days before today, most stale first."""
    found: list[StaleClaim] = []

    def consider(kind: str, record_id: str, path: str, claim: str, as_of: str, verified: bool) -> None:
        age = (today - datetime.date.fromisoformat(as_of)).days
        if age > older_than_days:
            found.append(StaleClaim(kind, record_id, path, claim, as_of, age, verified))

    for stance in catalog.stances.values():
        subsystem = catalog.subsystems.get(stance.subsystem)
        title = subsystem.title if subsystem else stance.subsystem
        consider("stance", stance.subsystem, stance.path, f"{title}: stance {stance.level}", stance.checked,
                 stance.verified)
    for policy in catalog.version_policies.values():
        step = policy.current
        consider("version-policy", policy.tool, policy.path,
                 f"{policy.name}: {step.kind} {step.version} from Linux {step.kernel}", policy.as_of,
                 step.verified)
    for section in catalog.sections:
        consider("policy-section", section.id, section.path, f"Policy section {section.number}: {section.question}",
                 section.as_of, section.verified)
    found.sort(key=lambda c: (-c.age_days, c.kind, c.id))
    return found
