"""Prioritising a company's risks as the OECD guidance asks (art. 27): severity first, then
likelihood.

- Severity is the highest of scale, scope and irremediable character: any one of them can make an
  impact severe.
- An actual impact has happened, so it is ranked on severity alone (as if certain), before an
  equally severe potential one.
- A potential impact is ranked on severity, then likelihood.
- The company prioritises its first `count` open risks; a human-rights impact at or above
  `human_rights_from` severity is prioritised whatever its likelihood or rank.
- Addressed risks leave the ranking, so the next ones move up (art. 26).
- The company may override the outcome, only with a written reason.

Pure Python, so the rules can be tested at their edges without a database.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Literal

Reason = Literal["rank", "human_rights", "below_cut", "addressed", "unscored"]
Override = Literal["", "prioritise", "not_prioritise"]
CERTAIN = 5


def severity(scale: int | None, scope: int | None, irremediability: int | None) -> int | None:
    if scale is None or scope is None or irremediability is None:
        return None
    return max(scale, scope, irremediability)


@dataclass(frozen=True)
class Item:
    """What prioritisation needs to know of one risk."""

    key: Hashable
    scale: int | None
    scope: int | None
    irremediability: int | None
    likelihood: int | None
    actual: bool
    human_rights: bool
    addressed: bool = False
    override: Override = ""

    @property
    def severity(self) -> int | None:
        return severity(self.scale, self.scope, self.irremediability)

    @property
    def scored(self) -> bool:
        return self.severity is not None and (self.actual or self.likelihood is not None)

    @property
    def effective_likelihood(self) -> int:
        return CERTAIN if self.actual else (self.likelihood or 0)


@dataclass(frozen=True)
class Outcome:
    rank: int | None  # 1 is the most pressing open risk; None when addressed or not yet scored
    computed: bool  # what the method says
    reason: Reason
    prioritised: bool  # after the company's override, if any
    overridden: bool


def _order(item: Item) -> tuple[int, ...]:
    assert item.severity is not None
    return (
        -item.severity,
        -item.effective_likelihood,
        not item.actual,
        -(item.irremediability or 0),
        -(item.scale or 0),
        -(item.scope or 0),
    )


def prioritise(items: Iterable[Item], *, count: int, human_rights_from: int) -> dict[Hashable, Outcome]:
    """Every item's rank and whether it is prioritised. Ties keep the order given (the register's)."""
    items = list(items)
    ranked = sorted((i for i in items if i.scored and not i.addressed), key=_order)
    rank_of = {item.key: n for n, item in enumerate(ranked, start=1)}
    outcomes: dict[Hashable, Outcome] = {}
    for item in items:
        rank = rank_of.get(item.key)
        reason: Reason
        if item.addressed:
            reason = "addressed"
        elif rank is None:
            reason = "unscored"
        elif rank <= count:
            reason = "rank"
        elif item.human_rights and (item.severity or 0) >= human_rights_from:
            reason = "human_rights"
        else:
            reason = "below_cut"
        computed = reason in ("rank", "human_rights")
        final = computed
        if item.override and not item.addressed:
            final = item.override == "prioritise"
        outcomes[item.key] = Outcome(
            rank=rank, computed=computed, reason=reason, prioritised=final, overridden=final != computed
        )
    return outcomes
