"""Counts published about companies, protected the way statistics offices protect tables: a cell
resting on fewer than the agreement's minimum is hidden; hidden cells are joined by the next smallest
until together they rest on the minimum, so the total cannot give any of them away; a table with
every company in one cell is hidden whole, because it tells each company's answer."""

from __future__ import annotations

from collections.abc import Sequence


def protect(counts: Sequence[int], minimum: int) -> list[int | None]:
    """The counts as they may be shown next to their total; None where hidden."""
    total = sum(counts)
    if total and max(counts) == total:
        return [None] * len(counts)
    shown: list[int | None] = [None if 0 < c < minimum else c for c in counts]
    while True:
        hidden = [counts[i] for i, c in enumerate(shown) if c is None]
        if not hidden or (len(hidden) > 1 and sum(hidden) >= minimum):
            return shown
        rest = [(c, i) for i, c in enumerate(shown) if c]
        if not rest:
            return [None] * len(counts)
        shown[min(rest)[1]] = None
