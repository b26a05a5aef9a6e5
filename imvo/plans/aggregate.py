"""The aggregated plan of approach (art. 12), computed from the companies' submitted plans and never
traceable to one company. Pure Python, so that the rules can be tested exhaustively.

What it counts: the plans submitted (in the platform or as a CSRD/CSDDD report), this year's goals
per OECD step and per risk theme (through the prioritised risk a goal is linked to), and what became
of last year's goals (achieved, continued, dropped, or no update yet).

The rules, with k = `confidentiality.min_companies_per_cell` of the agreement file:

1. If fewer than k companies submitted a plan, nothing is shown at all.
2. Every row of a table counts goals and the distinct companies behind them, and is shown only when
   it rests on at least k companies. The rows that rest on fewer are pooled into one row "other".
3. Nothing is ever left out, so that no total can be subtracted down to a company: when the pool
   itself rests on fewer than k companies, the smallest shown row joins it (secondary suppression),
   until the pool rests on k or more. Every entry therefore lands in exactly one shown row, and a
   table's total is the plain sum of its rows, equal to what a table of the same goals elsewhere
   shows (the step and the theme table count the same goals; a goal without a risk is a row of the
   theme table too). Last year's goals are all counted, including those of companies that have not
   reported on them yet, so that this year's figures cannot be differenced against last year's.
4. The split between plans in the platform and reports is shown only when each side rests on at
   least k companies: a small side would tell one company's choice, an empty one every company's.
5. A category nobody chose is absent; the order of the rows is the framework's, not the counts'.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

JSON_VERSION = 1
OTHER = "other"
STEPS = ("1", "2", "3", "4", "5", "6", "minerals")
KINDS = ("structured", "report")
PAST = ("achieved", "continued", "dropped", "not_reported")
UNLINKED = ""


@dataclass(frozen=True)
class PlanEntry:
    """One company's submitted plan of the year."""

    company: int
    kind: str


@dataclass(frozen=True)
class GoalEntry:
    """One of this year's goals: its step and the theme of its prioritised risk ("" when none)."""

    company: int
    step: str
    theme: str = UNLINKED


@dataclass(frozen=True)
class PastGoal:
    """One of last year's goals, with what became of it (one of `PAST`)."""

    company: int
    status: str


@dataclass(frozen=True)
class Row:
    key: str  # a category code, or OTHER for the pooled small ones
    count: int
    companies: int


@dataclass(frozen=True)
class Table:
    """Shown rows, in order, "other" last; `total` is their sum (None: nothing to show)."""

    rows: tuple[Row, ...] = ()
    total: Row | None = None

    def to_json(self) -> dict[str, Any]:
        return {"rows": [asdict(r) for r in self.rows], "total": asdict(self.total) if self.total else None}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Table:
        if not data:
            return cls()
        total = data.get("total")
        return cls(
            rows=tuple(_row(r) for r in data.get("rows", ())),
            total=_row(total) if total else None,
        )


def _row(data: Mapping[str, Any]) -> Row:
    return Row(key=str(data["key"]), count=int(data["count"]), companies=int(data["companies"]))


@dataclass(frozen=True)
class AggregatedView:
    """What may be published about the year's plans; stored as JSON with the aggregated plan."""

    k: int
    plans: Table  # rows: the split by kind, or none; total: the plans submitted
    steps: Table
    themes: Table
    past: Table
    has_past: bool  # whether there was a last year to report on

    @property
    def plans_submitted(self) -> int:
        return self.plans.total.count if self.plans.total else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "version": JSON_VERSION,
            "k": self.k,
            "plans": self.plans.to_json(),
            "steps": self.steps.to_json(),
            "themes": self.themes.to_json(),
            "past": self.past.to_json(),
            "has_past": self.has_past,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AggregatedView:
        if data.get("version", JSON_VERSION) != JSON_VERSION:
            raise ValueError(f"unknown aggregated plan version {data.get('version')!r}")
        return cls(
            k=int(data["k"]),
            plans=Table.from_json(data.get("plans")),
            steps=Table.from_json(data.get("steps")),
            themes=Table.from_json(data.get("themes")),
            past=Table.from_json(data.get("past")),
            has_past=bool(data.get("has_past")),
        )


def _check_k(k: int) -> None:
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k!r}")


def table(items: Iterable[tuple[str, int]], *, k: int, order: Sequence[str] = ()) -> Table:
    """Rows of (category, company) items under rules 2 and 3; an empty table when all of them
    together rest on fewer than k companies."""
    _check_k(k)
    items = list(items)
    if len({company for _, company in items}) < k:
        return Table()
    groups: dict[str, list[int]] = defaultdict(list)
    for key, company in items:
        groups[key].append(company)
    rank = {key: i for i, key in enumerate(order)}

    def position(key: str) -> tuple[int, str]:
        return (rank.get(key, len(rank)), key)

    safe = {key: members for key, members in groups.items() if len(set(members)) >= k}
    pool = [company for key, members in groups.items() if key not in safe for company in members]
    while pool and len(set(pool)) < k and safe:
        smallest = min(safe, key=lambda key: (len(set(safe[key])), len(safe[key]), -rank.get(key, -1)))
        pool += safe.pop(smallest)
    rows = [Row(key, len(safe[key]), len(set(safe[key]))) for key in sorted(safe, key=position)]
    if pool:
        rows.append(Row(OTHER, len(pool), len(set(pool))))
    return Table(
        rows=tuple(rows),
        total=Row("total", len(items), len({company for _, company in items})),
    )


def aggregate(
    plans: Iterable[PlanEntry],
    goals: Iterable[GoalEntry],
    past: Iterable[PastGoal] | None = None,
    *,
    k: int,
    themes: Sequence[str] = (),
) -> AggregatedView:
    """The publishable view of a year's plans; `past` is None in the first year. `themes` orders
    the theme rows (others follow alphabetically; goals without a risk come last)."""
    _check_k(k)
    plan_list = list({p.company: p for p in plans}.values())
    has_past = past is not None
    if len(plan_list) < k:
        return AggregatedView(k, Table(), Table(), Table(), Table(), has_past)
    kinds = defaultdict(set)
    for p in plan_list:
        kinds[p.kind].add(p.company)
    split_safe = all(len(kinds[kind]) >= k for kind in KINDS)
    total = Row("total", len(plan_list), len(plan_list))
    plans_table = Table(
        rows=tuple(Row(kind, len(kinds[kind]), len(kinds[kind])) for kind in KINDS) if split_safe else (),
        total=total,
    )
    goal_list = list(goals)

    def untraceable(t: Table) -> Table:
        """With the split by kind hidden, the companies with goals must not give away how many
        handed in a report instead (plans submitted minus companies with goals)."""
        if split_safe or t.total is None or not 0 < len(plan_list) - t.total.companies < k:
            return t
        return Table(rows=t.rows, total=None)

    return AggregatedView(
        k=k,
        plans=plans_table,
        steps=untraceable(table(((g.step, g.company) for g in goal_list), k=k, order=STEPS)),
        themes=untraceable(table(((g.theme, g.company) for g in goal_list), k=k, order=(*themes, UNLINKED))),
        past=table(((g.status, g.company) for g in past or ()), k=k, order=PAST),
        has_past=has_past,
    )
