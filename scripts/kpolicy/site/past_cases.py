"""Past cases of a stance level: subsystems that stood at the level once and stand elsewhere now,
from the stances' own history. A level with no current case still shows what happened."""

from __future__ import annotations

from kpolicy.records.model import Catalog
from kpolicy.site import parts
from kpolicy.text.sitemd import bullets, inline, prose_inline


def past_cases(catalog: Catalog, level: str, here: str) -> str:
    items: list[str] = []
    for s in sorted(catalog.subsystems.values(), key=lambda s: s.title):
        st = catalog.stance(s.id)
        if st.level == level and not s.is_history:
            continue  # a current case, listed above
        earlier = [h for h in st.history if h.level == level]
        if not earlier:
            continue
        now = "history (renamed or gone)" if s.is_history else "now " + parts.level_badge(st.level, here)
        items.extend(f"{inline(h.date)}: {parts.subsystem_link(catalog, s.id, here, 'stance')} ({now}) — "
                     f"{prose_inline(h.summary)}{parts.unverified(h.verified)}" for h in earlier)
    heading = "## Past cases {#past}"
    if not items:
        return heading + "\n\n*No recorded subsystem stood at this level before and stands elsewhere now.*"
    return heading + "\n\nSubsystems recorded at this level earlier, with the date of that stance:\n\n" + bullets(items)
