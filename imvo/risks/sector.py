"""The sector's risks, aggregated from the companies' confidential registers and never traceable to one company.

The secretariat, NGOs and unions see per theme, material and country how many companies have a
risk, how many prioritise it and how severe it is; the agreement's rule is that nothing shown may
rest on fewer than k companies (k=3). Pure Python, so the rules can be tested exhaustively.

1. Every entry lands in exactly one row, the finest safe one, so rows never overlap and every
   number is a plain count over disjoint entries. The ladder, the theme fixed:
   (material, country) → (material, continent: "other countries in …") → (material, world:
   "elsewhere") → (all materials, world) → not shown. An entry without a country, or with one
   that has no continent, starts at (material, world); one without a material at (all materials,
   world).
2. A row is shown only when it rests on at least k distinct companies, decided bottom-up: country
   rows first; the entries of the unsafe ones pool into their continent row, and so on up. A safe
   country row whose continent remainder rests on 1–2 companies sends that remainder up, to world.
3. Disjoint rows cannot be subtracted from each other. The theme total is the one number that
   overlaps them: a distinct-company count over the theme's shown entries, not the sum of its
   rows (a company can be in several), shown only when it rests on at least k companies. Counting
   the not-shown entries too would let a reader subtract the rows and learn the prioritisation and
   severity of the one or two companies behind them.
4. If the whole set rests on fewer than k companies nothing is shown at all.
5. The heat map counts entries per (severity, likelihood), an actual impact at likelihood 5 as it
   has happened; a cell is shown only with at least k companies and is never generalised. An
   entry without a likelihood that is not an actual impact has no cell.

Company and severity figures are per company, not per entry: a company with three risks in a row
counts once, and the row's severity is the mean of each company's highest severity there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any, Literal, cast

from imvo.supply_chain.disclosure import continents

Level = Literal["country", "continent", "world"]
LEVELS: tuple[Level, ...] = ("country", "continent", "world")
RowKey = tuple[str, str, Level, str]
"""(theme, material, level, area): the row an entry lands in."""

JSON_VERSION = 1
SCALE = range(1, 6)


@dataclass(frozen=True)
class Entry:
    """One risk in one company's register."""

    company: int
    theme: str
    material: str  # material code, "" = not about one material
    country: str  # ISO alpha-2, "" = not about one country
    severity: int  # 1..5
    likelihood: int | None  # None for an actual impact (it has happened)
    actual: bool
    prioritised: bool

    def __post_init__(self) -> None:
        if self.severity not in SCALE:
            raise ValueError(f"severity must be 1..5, not {self.severity!r}")
        if self.likelihood is not None and self.likelihood not in SCALE:
            raise ValueError(f"likelihood must be 1..5 or None, not {self.likelihood!r}")


@dataclass(frozen=True)
class Row:
    """Counts over the entries that landed in one (theme, material, area); see the module docstring."""

    theme: str
    material: str  # "" = "other or all materials"
    level: Level
    area: str  # country code, continent code (AF AN AS EU NA OC SA), or "" for world
    companies: int
    prioritising: int
    actual: int
    risks: int
    severity: float

    @property
    def key(self) -> RowKey:
        return (self.theme, self.material, self.level, self.area)


@dataclass(frozen=True)
class ThemeTotal:
    """Distinct companies over a theme's shown entries: not the sum of the theme's rows."""

    theme: str
    companies: int
    prioritising: int
    severity: float


@dataclass(frozen=True)
class HeatCell:
    severity: int
    likelihood: int  # an actual impact counts as 5
    risks: int
    companies: int


@dataclass(frozen=True)
class SectorView:
    """What may be published about the sector's risks; stored as JSON with a published report."""

    k: int
    companies: int
    rows: tuple[Row, ...]
    themes: tuple[ThemeTotal, ...]
    heat: tuple[HeatCell, ...]
    not_shown: int
    heat_not_shown: int

    def to_json(self) -> dict[str, Any]:
        return {
            "version": JSON_VERSION,
            "k": self.k,
            "companies": self.companies,
            "rows": [asdict(row) for row in self.rows],
            "themes": [asdict(total) for total in self.themes],
            "heat": [asdict(cell) for cell in self.heat],
            "not_shown": self.not_shown,
            "heat_not_shown": self.heat_not_shown,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SectorView:
        if data.get("version", JSON_VERSION) != JSON_VERSION:
            raise ValueError(f"unknown sector view version {data.get('version')!r}")
        rows = []
        for row in data["rows"]:
            if row["level"] not in LEVELS:
                raise ValueError(f"unknown level {row['level']!r}")
            rows.append(
                Row(
                    theme=str(row["theme"]),
                    material=str(row["material"]),
                    level=cast(Level, row["level"]),
                    area=str(row["area"]),
                    companies=int(row["companies"]),
                    prioritising=int(row["prioritising"]),
                    actual=int(row["actual"]),
                    risks=int(row["risks"]),
                    severity=float(row["severity"]),
                )
            )
        return cls(
            k=int(data["k"]),
            companies=int(data["companies"]),
            rows=tuple(rows),
            themes=tuple(
                ThemeTotal(
                    theme=str(t["theme"]),
                    companies=int(t["companies"]),
                    prioritising=int(t["prioritising"]),
                    severity=float(t["severity"]),
                )
                for t in data["themes"]
            ),
            heat=tuple(
                HeatCell(
                    severity=int(c["severity"]),
                    likelihood=int(c["likelihood"]),
                    risks=int(c["risks"]),
                    companies=int(c["companies"]),
                )
                for c in data["heat"]
            ),
            not_shown=int(data["not_shown"]),
            heat_not_shown=int(data["heat_not_shown"]),
        )


def _check_k(k: int) -> None:
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k!r}")


def _companies(entries: Iterable[Entry]) -> int:
    return len({entry.company for entry in entries})


def _mean_highest_severity(entries: Iterable[Entry]) -> float:
    """Mean over companies of each one's highest severity, rounded half up to one decimal.

    Per company, so that a company with many entries weighs no more than one with a single entry."""
    highest: dict[int, int] = {}
    for entry in entries:
        highest[entry.company] = max(highest.get(entry.company, 0), entry.severity)
    if not highest:
        return 0.0
    total, n = sum(highest.values()), len(highest)
    return ((20 * total + n) // (2 * n)) / 10


@cache
def _continent_of() -> Mapping[str, str]:
    """Read once: `continents()` reads its file on every call."""
    return continents()


def _start(entry: Entry, continent_of: Mapping[str, str]) -> RowKey:
    if not entry.material:
        return (entry.theme, "", "world", "")
    if entry.country in continent_of:
        return (entry.theme, entry.material, "country", entry.country)
    return (entry.theme, entry.material, "world", "")


def _rank(key: RowKey) -> int:
    _, material, level, _ = key
    if level == "country":
        return 0
    if level == "continent":
        return 1
    return 2 if material else 3


def _up(key: RowKey, continent_of: Mapping[str, str]) -> RowKey | None:
    """The next step on the ladder; each one raises the rank by one, which is why one pass up suffices."""
    theme, material, level, area = key
    if level == "country":
        return (theme, material, "continent", continent_of[area])
    if level == "continent":
        return (theme, material, "world", "")
    if material:
        return (theme, "", "world", "")
    return None


def place(entries: Sequence[Entry], *, k: int) -> list[RowKey | None]:
    """The row each entry lands in (None: not shown), in the order of `entries`."""
    _check_k(k)
    placed: list[RowKey | None] = [None] * len(entries)
    if _companies(entries) < k:
        return placed
    continent_of = _continent_of()
    pools: list[dict[RowKey, list[int]]] = [defaultdict(list) for _ in range(4)]
    for i, entry in enumerate(entries):
        key = _start(entry, continent_of)
        pools[_rank(key)][key].append(i)
    for rank in range(4):
        for key, members in pools[rank].items():
            if _companies(entries[i] for i in members) >= k:
                for i in members:
                    placed[i] = key
                continue
            up = _up(key, continent_of)
            if up is not None:
                pools[rank + 1][up].extend(members)
    return placed


def heat_map(entries: Iterable[Entry], *, k: int) -> tuple[tuple[HeatCell, ...], int]:
    """The shown cells, by severity then likelihood, and the number of entries in no shown cell."""
    _check_k(k)
    cells: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    not_shown = 0
    for entry in entries:
        likelihood = 5 if entry.actual else entry.likelihood
        if likelihood is None:
            not_shown += 1
        else:
            cells[(entry.severity, likelihood)].append(entry)
    shown = []
    for (severity, likelihood), members in sorted(cells.items()):
        companies = _companies(members)
        if companies >= k:
            shown.append(HeatCell(severity, likelihood, len(members), companies))
        else:
            not_shown += len(members)
    return tuple(shown), not_shown


def aggregate(entries: Iterable[Entry], *, k: int, themes: Sequence[str] = ()) -> SectorView:
    """The publishable view of the sector's risks; `themes` orders the themes (others follow, alphabetically)."""
    _check_k(k)
    entries = list(entries)
    companies = _companies(entries)
    if companies < k:
        return SectorView(k, 0, (), (), (), len(entries), len(entries))

    rows_of: dict[RowKey, list[Entry]] = defaultdict(list)
    not_shown = 0
    for entry, key in zip(entries, place(entries, k=k), strict=True):
        if key is None:
            not_shown += 1
        else:
            rows_of[key].append(entry)

    order: dict[str, int] = {}
    for theme in themes:
        order.setdefault(theme, len(order))

    def theme_order(theme: str) -> tuple[int, str]:
        return (order.get(theme, len(order)), theme)

    rows = [
        Row(
            theme=theme,
            material=material,
            level=level,
            area=area,
            companies=_companies(members),
            prioritising=_companies(e for e in members if e.prioritised),
            actual=_companies(e for e in members if e.actual),
            risks=len(members),
            severity=_mean_highest_severity(members),
        )
        for (theme, material, level, area), members in rows_of.items()
    ]
    rows.sort(key=lambda r: (theme_order(r.theme), -r.companies, LEVELS.index(r.level), r.area, r.material))

    by_theme: dict[str, list[Entry]] = defaultdict(list)
    for (theme, *_rest), members in rows_of.items():
        by_theme[theme].extend(members)
    totals = [
        ThemeTotal(
            theme=theme,
            companies=_companies(members),
            prioritising=_companies(e for e in members if e.prioritised),
            severity=_mean_highest_severity(members),
        )
        for theme, members in sorted(by_theme.items(), key=lambda item: theme_order(item[0]))
        if _companies(members) >= k
    ]

    heat, heat_not_shown = heat_map(entries, k=k)
    return SectorView(
        k=k,
        companies=companies,
        rows=tuple(rows),
        themes=tuple(totals),
        heat=heat,
        not_shown=not_shown,
        heat_not_shown=heat_not_shown,
    )
