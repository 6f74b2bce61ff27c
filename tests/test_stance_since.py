"""A stance's 'since' is said in words that never claim more than the record holds."""

from __future__ import annotations

from kpolicy.records.model import Since, Stance
from kpolicy.site import parts


def test_since_words_keep_the_precision_of_the_record() -> None:
    assert Since((), date="2025-03").words() == "2025-03"
    assert Since((), kernel="7.3").words() == "Linux 7.3"
    assert Since((), kernel="7.3.4", after="7.2.13").words() == "sometime after Linux 7.2.13 (by 7.3.4)"
    assert Since((), date="2024-05-21", kernel="6.12.117", after="6.1.192").words() == \
        "2024-05-21 (after Linux 6.1.192, by 6.12.117)"


def test_stance_dates_say_start_and_last_check_apart() -> None:
    plain = Stance("x", "maintains", checked="2026-12-01")
    assert parts.stance_dates(plain) == "last checked 2026-12-01"
    assert parts.stance_dates(plain, capital=True) == "Last checked 2026-12-01"
    started = Stance("x", "maintains", checked="2026-12-01", since=Since((), kernel="7.3.4", after="7.2.13"))
    assert parts.stance_dates(started) == "level since sometime after Linux 7.2.13 (by 7.3.4); last checked 2026-12-01"
    doubtful = Stance("x", "maintains", checked="2026-12-01", since=Since((), date="2025", verified=False))
    assert parts.stance_dates(doubtful).startswith("level since 2025 " + parts.UNVERIFIED)
    assert parts.stance_dates(Stance("x", "unknown", checked="")) == "not checked yet"
