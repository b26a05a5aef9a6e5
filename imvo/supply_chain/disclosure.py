"""Disclosure control of the aggregated production-location list (Metal Sector Agreement art. 19–21, 24).

Every year the secretariat turns the companies' production locations into one list of counts per
area, activity and material that is shared with all parties and must never be traceable to one
company. `publish` decides which cells are shown and keeps what later years need to stay
consistent with this one; `displayed_numbers` is every total a page or download may add. Pure
Python: the rules, the attacker and the cost are in docs/decisions/0003-aggregated-list-disclosure.md.
"""

from __future__ import annotations

import gc
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

Level = Literal["region", "country", "continent", "world"]
CellKey = tuple[str, str, str, str]
"""(level, area, activity, material): what a cell is about, so the same cell can be found in another year."""
NumberKey = tuple[str, str, str, str | None, str | None]
"""(kind, level, area, activity, material) of a displayed number; None is "all activities/materials"."""

SUPPORT_VERSION = 1
LEVELS: tuple[Level, ...] = ("region", "country", "continent", "world")
KINDS = ("total", "not_shown", "all")
_RESIDUE: CellKey = ("not_shown", "", "", "")
_ABSENT: CellKey = ("absent", "", "", "")


@dataclass(frozen=True)
class Contribution:
    """One company's production location in one year."""

    company: int
    location: str  # the registry's facility id: the same site for every company and year
    country: str
    region: str
    activity: str
    material: str
    restricted: bool = False  # art. 24: never at region level


@dataclass(frozen=True)
class Cell:
    """A published count: distinct locations in an area with one activity and one main material.

    Cells of one publication never share a location; a country-level cell holds the country's
    locations that are not in one of its region cells ("other regions"), a continent-level cell
    those of the continent that are in no finer cell, and material "" is "other or unspecified
    materials" (activity "" likewise)."""

    area: str
    level: Level
    activity: str
    material: str
    locations: int

    @property
    def key(self) -> CellKey:
        return (self.level, self.area, self.activity, self.material)


@dataclass(frozen=True)
class Number:
    """A number a page may show besides the cells, always the sum of the `cells` it names.

    kind "total": the locations shown in cells within `area` (and of `activity`/`material` unless
    None); "not_shown": the locations in no cell; "all": every location of the year (the cells plus
    the not-shown ones)."""

    kind: Literal["total", "not_shown", "all"]
    level: Level
    area: str
    activity: str | None
    material: str | None
    value: int
    cells: tuple[CellKey, ...]

    @property
    def key(self) -> NumberKey:
        return (self.kind, self.level, self.area, self.activity, self.material)


@dataclass
class Publication:
    """One year's list. Only `cells` and `displayed_numbers(...)` may leave the secretariat.

    `suppressed_locations` is the number of locations in no cell, or None when even that count
    would let a company's figure be worked out (show "some locations are not shown" then); the
    true count is in `support["not_shown_count"]`. `support` is internal: per cell and per company
    the locations it stands for, which later years are checked against."""

    year: int
    cells: list[Cell]
    support: dict[str, Any]
    suppressed_locations: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "cells": [asdict(cell) for cell in self.cells],
            "support": self.support,
            "suppressed_locations": self.suppressed_locations,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Publication:
        return cls(
            year=int(data["year"]),
            cells=[
                Cell(
                    area=c["area"],
                    level=c["level"],
                    activity=c["activity"],
                    material=c["material"],
                    locations=int(c["locations"]),
                )
                for c in data["cells"]
            ],
            support=data["support"],
            suppressed_locations=data["suppressed_locations"],
        )


# --- geography and the generalisation ladder ---------------------------------------------------


@cache
def continents() -> dict[str, str]:
    """ISO alpha-2 country → continent code (AF, AN, AS, EU, NA, OC, SA)."""
    path = Path(__file__).parent / "data" / "continents.json"
    return dict(json.loads(path.read_text(encoding="utf-8"))["countries"])


def _continent(country: str) -> str:
    try:
        return continents()[country]
    except KeyError:
        raise ValueError(f"unknown country code {country!r}") from None


def _rank(key: CellKey) -> int:
    """Position on the ladder; every step up raises it, which is why the placement terminates."""
    level, _, activity, material = key
    if level == "region":
        return 0
    if level == "country":
        return 1
    return 2 if material else 3 if activity else 4


def _next(key: CellKey) -> CellKey | None:
    """Where a cell's locations go when it cannot be shown: region → country → continent → continent
    with other materials → continent with everything else → not shown."""
    level, area, activity, material = key
    if level == "region":
        return ("country", area.split("-")[0], activity, material)
    if level == "country":
        return ("continent", _continent(area), activity, material)
    if material:
        return ("continent", area, activity, "")
    if activity:
        return ("continent", area, "", "")
    return None


@cache
def _nodes(level: str, area: str) -> tuple[tuple[Level, str], ...]:
    """The areas a cell lies in, itself first and the world last."""
    if level == "region":
        country = area.split("-")[0]
        return (("region", area), ("country", country), ("continent", _continent(country)), ("world", ""))
    if level == "country":
        return (("country", area), ("continent", _continent(area)), ("world", ""))
    if level == "continent":
        return (("continent", area), ("world", ""))
    return (("world", ""),)


@cache
def _totals_of(key: CellKey) -> frozenset[NumberKey]:
    """The displayed totals a cell is part of: per area it lies in, with or without its activity and
    material. A region's total for one activity and material is the cell itself and left out."""
    level, area, activity, material = key
    if level in ("not_shown", "absent"):
        return frozenset()
    out: set[NumberKey] = set()
    for node_level, node_area in _nodes(level, area):
        for a in (activity, None):
            for m in (material, None):
                if node_level == "region" and a is not None and m is not None:
                    continue
                out.add(("total", node_level, node_area, a, m))
    return frozenset(out)


def displayed_numbers(publication: Publication) -> list[Number]:
    """Every number besides the cells that a page or download may show; each is a sum of
    published cells (plus, for "not_shown" and "all", the not-shown locations), which is what
    makes it as safe as the cells."""
    sums: dict[NumberKey, list[Cell]] = defaultdict(list)
    for cell in publication.cells:
        for key in _totals_of(cell.key):
            sums[key].append(cell)
    numbers = [
        Number(
            kind="total",
            level=cast(Level, key[1]),
            area=key[2],
            activity=key[3],
            material=key[4],
            value=sum(c.locations for c in cells),
            cells=tuple(c.key for c in cells),
        )
        for key, cells in sums.items()
    ]
    if publication.suppressed_locations is not None:
        shown = sum(c.locations for c in publication.cells)
        hidden = publication.suppressed_locations
        numbers.append(Number("not_shown", "world", "", None, None, hidden, ()))
        numbers.append(
            Number("all", "world", "", None, None, shown + hidden, tuple(c.key for c in publication.cells))
        )
    numbers.sort(key=_number_order)
    return numbers


def _number_order(n: Number) -> tuple[Any, ...]:
    return (
        KINDS.index(n.kind),
        LEVELS.index(n.level),
        n.area,
        n.activity is None,
        n.activity or "",
        n.material is None,
        n.material or "",
    )


def _cell_order(key: CellKey) -> tuple[Any, ...]:
    return (LEVELS.index(cast(Level, key[0])), key[1], key[2], key[3])


# --- sites ---------------------------------------------------------------------------------------


def _vote(values: Iterable[str]) -> str:
    """The most frequent value, the smallest on a tie."""
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else ""


def _finest_cells(
    contributions: Iterable[Contribution], bit: dict[int, int]
) -> dict[str, tuple[CellKey, int]]:
    """Per location: the finest cell it may appear in, and its companies as a bit mask.

    A location is counted once however many companies list it. Companies normally agree on its
    attributes (they come from the registry); where they do not, the value most companies give
    wins, a region only counts when all companies giving one agree, and one restricted listing
    (art. 24) keeps the location off region level for everyone."""
    by_location: dict[str, list[Contribution]] = defaultdict(list)
    for c in contributions:
        by_location[c.location].append(c)
    out: dict[str, tuple[CellKey, int]] = {}
    for location, entries in by_location.items():
        first = entries[0]
        country, activity, material = first.country, first.activity, first.material
        if len(entries) > 1:
            country = _vote(c for _, c in {(e.company, e.country) for e in entries})
            activity = _vote(a for _, a in {(e.company, e.activity) for e in entries})
            material = _vote(m for _, m in {(e.company, e.material) for e in entries} if m)
        _continent(country)
        regions = {e.region for e in entries if e.country == country and e.region.startswith(country + "-")}
        listers = 0
        for e in entries:
            listers |= 1 << bit[e.company]
        if len(regions) == 1 and not any(e.restricted for e in entries):
            out[location] = (("region", regions.pop(), activity, material), listers)
        else:
            out[location] = (("country", country, activity, material), listers)
    return out


class _Keys:
    """Cell keys as small integers, with their rank, the next step up and the totals they are in,
    so that the placement loop compares integers instead of tuples of strings."""

    RESIDUE = 0  # in no cell
    ABSENT = 1  # not in the list that year

    def __init__(self) -> None:
        self.keys: list[CellKey] = [_RESIDUE, _ABSENT]
        self.index: dict[CellKey, int] = {_RESIDUE: 0, _ABSENT: 1}
        self.rank: list[int] = [5, 5]
        self.numbers: dict[NumberKey, int] = {}
        self._totals: dict[int, frozenset[int]] = {0: frozenset(), 1: frozenset()}
        self._up: dict[int, int] = {}
        self._splits: dict[int, tuple[frozenset[int], frozenset[int], frozenset[int]]] = {}

    def id(self, key: CellKey) -> int:
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.keys)
            self.keys.append(key)
            self.rank.append(_rank(key))
        return found

    def up(self, i: int) -> int:
        found = self._up.get(i)
        if found is None:
            key = _next(self.keys[i])
            found = self._up[i] = self.RESIDUE if key is None else self.id(key)
        return found

    def totals(self, i: int) -> frozenset[int]:
        found = self._totals.get(i)
        if found is None:
            ids = self.numbers
            found = self._totals[i] = frozenset(ids.setdefault(n, len(ids)) for n in _totals_of(self.keys[i]))
        return found

    def split(self, pair: int) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
        """For a (now, then) pair of cells: the totals a location is in now only, then only, and both."""
        found = self._splits.get(pair)
        if found is None:
            a, b = self.totals(pair >> 32), self.totals(pair & 0xFFFFFFFF)
            found = self._splits[pair] = (a - b, b - a, a & b)
        return found


@dataclass
class _Atom:
    """Locations that start in the same finest cell and therefore always move together."""

    key: int
    locations: list[str]
    listers: list[int]
    companies: int  # bit mask
    size: int
    exclusive: dict[int, int]  # company bit → locations nobody else lists


def _atoms(sites: dict[str, tuple[CellKey, int]], keys: _Keys) -> list[_Atom]:
    groups: dict[CellKey, list[str]] = defaultdict(list)
    for location, (key, _) in sites.items():
        groups[key].append(location)
    atoms = []
    for key in sorted(groups, key=_cell_order):
        locations = sorted(groups[key])
        listers = [sites[loc][1] for loc in locations]
        companies = 0
        exclusive: dict[int, int] = defaultdict(int)
        for mask in listers:
            companies |= mask
            if mask.bit_count() == 1:
                exclusive[mask.bit_length() - 1] += 1
        atoms.append(_Atom(keys.id(key), locations, listers, companies, len(locations), dict(exclusive)))
    return atoms


# --- earlier publications -----------------------------------------------------------------------

Split = tuple[frozenset[int], frozenset[int], frozenset[int], frozenset[int]]
"""For a (now, then) pair of cells, the totals a location is in: now only, then only, both, any."""


@dataclass
class _Earlier:
    """An earlier publication seen from this year: for every current atom, where its locations were
    then, who listed them then and now, and whose listing changed (all as company bit masks)."""

    cells: set[int]
    totals: set[int]
    not_shown_shown: bool
    by_atom: list[list[tuple[int, int, int, int]]]  # per atom: (cell then, companies now, then, changed)
    by_cell: dict[int, list[tuple[int, int, int, int]]]  # per cell then: (atom or -1, now, then, changed)
    gone: dict[int, int]  # per cell then: companies of locations nobody lists any more
    all_visible: int  # companies behind locations added to or dropped from the whole list
    all_changed: int  # companies whose list changed at all
    splits: dict[int, Split] = field(default_factory=dict)

    def split(self, keys: _Keys, pair: int) -> Split:
        """`_Keys.split` limited to the totals this publication showed (only those are compared),
        and all three together."""
        only_now, only_then, both = keys.split(pair)
        if pair & 0xFFFFFFFF not in self.cells:
            only_now, only_then, both = only_now & self.totals, only_then & self.totals, both & self.totals
        else:
            only_now = only_now & self.totals  # the rest lies in the totals of a cell it showed
        found = self.splits[pair] = (only_now, only_then, both, only_now | only_then | both)
        return found


def _companies_in(publication: Publication) -> set[int]:
    found = {int(c) for entry in publication.support["cells"] for c in entry["companies"]}
    return found | {int(c) for c in publication.support["not_shown"]}


def _earlier(publication: Publication, atoms: list[_Atom], keys: _Keys, bit: dict[int, int]) -> _Earlier:
    where: dict[str, int] = {}
    then: dict[str, int] = {}
    get = then.get
    parts = [
        (entry["companies"], (entry["level"], entry["area"], entry["activity"], entry["material"]))
        for entry in publication.support["cells"]
    ]
    for companies, key in [*parts, (publication.support["not_shown"], _RESIDUE)]:
        cell = keys.id(key)
        for company, locations in companies.items():
            b = 1 << bit[int(company)]
            where.update(dict.fromkeys(locations, cell))
            for loc in locations:
                then[loc] = get(loc, 0) | b

    by_atom: list[list[tuple[int, int, int, int]]] = []
    by_cell: dict[int, list[tuple[int, int, int, int]]] = defaultdict(list)
    visible = changed = 0
    for i, atom in enumerate(atoms):
        groups: dict[int, list[int]] = {}
        for loc, now in zip(atom.locations, atom.listers, strict=True):
            before = then.pop(loc, 0)
            diff = now ^ before if before else 0
            g = groups.setdefault(where.get(loc, keys.ABSENT), [0, 0, 0])
            g[0] |= now
            g[1] |= before
            g[2] |= diff
            changed |= diff
            if not before:
                visible |= now
        flows = [(cell, g[0], g[1], g[2]) for cell, g in groups.items()]
        by_atom.append(flows)
        for cell, now, before, diff in flows:
            by_cell[cell].append((i, now, before, diff))
    gone: dict[int, int] = defaultdict(int)
    for loc, before in then.items():
        gone[where[loc]] |= before
        visible |= before
    for cell, before in gone.items():
        by_cell[cell].append((-1, 0, before, 0))
    cells = {keys.id(c.key) for c in publication.cells}
    return _Earlier(
        cells=cells,
        totals=set().union(*(keys.totals(c) for c in cells)),
        not_shown_shown=publication.suppressed_locations is not None,
        by_atom=by_atom,
        by_cell=dict(by_cell),
        gone=dict(gone),
        all_visible=visible,
        all_changed=visible | changed,
    )


def _unsafe(mask: int, k: int) -> bool:
    """A group of companies too small to hide behind: some, but fewer than k."""
    return 0 < mask.bit_count() < k


# --- the placement ------------------------------------------------------------------------------

Flows = dict[int, list[int]]  # (cell now << 32 | cell then) → [companies now, then, changed]


@dataclass
class _Solution:
    place: list[int]  # per atom its cell, or RESIDUE
    published: dict[int, list[int]]  # cell → atoms
    withheld: bool  # the not-shown count may not be shown


@dataclass
class _Watch:
    """What the totals check found in the previous round of a solve."""

    place: list[int] | None = None
    visible: list[dict[int, int]] = field(default_factory=list)
    changed: list[dict[int, int]] = field(default_factory=list)
    bad: list[set[int]] = field(default_factory=list)


@dataclass
class _Problem:
    k: int
    dominance: float | None
    keys: _Keys
    atoms: list[_Atom]
    earlier: list[_Earlier] = field(default_factory=list)
    decided: dict[tuple[int, tuple[int, ...]], bool] = field(default_factory=dict)

    def shown_ok(self, ids: Iterable[int]) -> bool:
        """Rule 1 and the dominance rule for a set of atoms shown as one number."""
        companies = size = 0
        exclusive: dict[int, int] = defaultdict(int)
        for i in ids:
            atom = self.atoms[i]
            companies |= atom.companies
            size += atom.size
            for b, n in atom.exclusive.items():
                exclusive[b] += n
        if _unsafe(companies, self.k):
            return False
        return not (
            self.dominance is not None and exclusive and max(exclusive.values()) >= self.dominance * size
        )

    def steady(self, cell: int, ids: list[int]) -> bool:
        """Rule 3 for a cell: against every earlier year that showed it, the companies behind the
        added or dropped locations, and the companies whose listing in it changed, are none or at
        least k."""
        inside = set(ids)
        for e in self.earlier:
            if cell not in e.cells:
                continue
            visible = changed = 0
            for i in ids:
                for before_cell, now, _, diff in e.by_atom[i]:
                    if before_cell == cell:
                        changed |= diff
                    else:
                        visible |= now
            for i, _, before, _ in e.by_cell.get(cell, ()):
                if i not in inside:
                    visible |= before
            if _unsafe(visible, self.k) or _unsafe(visible | changed, self.k):
                return False
        return True

    def passes(self, cell: int, ids: list[int]) -> bool:
        """A cell's own rules. Its content recurs between rounds of `publish`, so remember."""
        memo = (cell, tuple(ids))
        found = self.decided.get(memo)
        if found is None:
            found = self.decided[memo] = self.shown_ok(ids) and self.steady(cell, ids)
        return found

    def place(self, forced: set[int]) -> tuple[list[int], dict[int, list[int]]]:
        """Each atom goes to the lowest cell on its ladder that may be shown; a cell that may not
        passes its locations one step up. Cells are decided from the lowest rank up, so a cell's
        content is complete when it is decided."""
        pending: list[dict[int, list[int]]] = [defaultdict(list) for _ in range(5)]
        for i, atom in enumerate(self.atoms):
            pending[self.keys.rank[atom.key]][atom.key].append(i)
        place = [self.keys.RESIDUE] * len(self.atoms)
        published: dict[int, list[int]] = {}
        for rank in range(5):
            for cell, ids in pending[rank].items():
                if cell not in forced and self.passes(cell, ids):
                    published[cell] = ids
                    for i in ids:
                        place[i] = cell
                else:
                    up = self.keys.up(cell)
                    if up != self.keys.RESIDUE:
                        pending[self.keys.rank[up]][up].extend(ids)
        return place, published

    def flows(self, e: _Earlier, place: list[int]) -> Flows:
        """Companies per (cell now, cell then): all a comparison with an earlier year needs. Locations
        that stayed in the same cell with the same companies change nothing and are left out."""
        out: Flows = {}
        get = out.get
        for now_cell, flows in zip(place, e.by_atom, strict=True):
            for before_cell, now, before, diff in flows:
                if before_cell == now_cell and not diff:
                    continue
                pair = now_cell << 32 | before_cell
                f = get(pair)
                if f is None:
                    out[pair] = [now, before, diff]
                else:
                    f[0] |= now
                    f[1] |= before
                    f[2] |= diff
        for before_cell, before in e.gone.items():
            out.setdefault(self.keys.ABSENT << 32 | before_cell, [0, 0, 0])[1] |= before
        return out

    def unsteady_totals(
        self, flows: list[Flows], place: list[int], published: dict[int, list[int]], watch: _Watch
    ) -> set[int]:
        """Rule 3 for the totals: the cells to push up because a total changed, against some earlier
        year, through fewer than k companies. Those are the cells holding the changed companies'
        changed locations; when the change was only removals, a cell that leaves the total, whose
        companies then change it too. Either way the total ends up changing safely or gone.

        After the first round only the totals that moved cells enter or leave are recomputed,
        and the ones that failed are checked again."""
        totals = self.keys.totals
        affected: set[int] | None = None
        if watch.place is None:
            watch.visible = [defaultdict(int) for _ in self.earlier]
            watch.changed = [defaultdict(int) for _ in self.earlier]
            watch.bad = [set() for _ in self.earlier]
        else:
            affected = set()
            for old, new in {(old, new) for old, new in zip(watch.place, place, strict=True) if old != new}:
                affected |= totals(old) ^ totals(new)
        watch.place = place
        shown: set[int] = set().union(*(totals(c) for c in published))
        culprits: set[int] = set()
        for e, pairs, visible, changed, was_bad in zip(
            self.earlier, flows, watch.visible, watch.changed, watch.bad, strict=True
        ):
            redo = e.totals if affected is None else affected & e.totals
            for n in redo:
                visible.pop(n, None)
                changed.pop(n, None)
            splits = e.splits
            for pair, (now, before, diff) in pairs.items():
                only_now, only_then, both, anything = splits.get(pair) or e.split(self.keys, pair)
                if affected is not None:
                    if redo.isdisjoint(anything):
                        continue
                    only_now, only_then, both = only_now & redo, only_then & redo, both & redo
                for n in only_now:
                    visible[n] |= now
                for n in only_then:
                    visible[n] |= before
                if diff:
                    for n in both:
                        changed[n] |= diff
            bad: dict[int, int] = {}
            for n in (redo | was_bad) & shown:
                v = visible.get(n, 0)
                c = v | changed.get(n, 0)
                if _unsafe(v, self.k) or _unsafe(c, self.k):
                    bad[n] = c
            was_bad.clear()
            was_bad.update(bad)
            if not bad:
                continue
            found: set[int] = set()
            for pair, (now, _, diff) in pairs.items():
                if pair >> 32 not in published:
                    continue
                only_now, _, both, _ = e.splits.get(pair) or e.split(self.keys, pair)
                for n in (only_now | both) & bad.keys():
                    if (now if n in only_now else diff) & bad[n]:
                        culprits.add(pair >> 32)
                        found.add(n)
            culprits |= self.ways_out(bad.keys() - found, published)
        return culprits

    def ways_out(self, stuck: set[int], published: dict[int, list[int]]) -> set[int]:
        """For each total in `stuck`, the smallest of its cells that can leave it in one go (no
        shown cell above it inside the total), with the steps above it inside the total: the
        cell's companies then change the total as well."""
        inside: dict[int, list[int]] = defaultdict(list)
        if stuck:
            for cell in published:
                for n in self.keys.totals(cell) & stuck:
                    inside[n].append(cell)
        out: set[int] = set()
        for n, cells in inside.items():
            out |= self.way_out(n, cells, published)
        return out

    def way_out(self, n: int, cells: list[int], published: dict[int, list[int]]) -> set[int]:
        best: tuple[Any, ...] | None = None
        chosen: set[int] = set()
        for cell in cells:
            chain = [cell]
            up = self.keys.up(cell)
            while up != self.keys.RESIDUE and n in self.keys.totals(up):
                if up in published:
                    break
                chain.append(up)
                up = self.keys.up(up)
            else:
                order = (self.size(published[cell]), _cell_order(self.keys.keys[cell]))
                if best is None or order < best:
                    best, chosen = order, set(chain)
        return chosen

    def not_shown_ok(self, place: list[int], flows: list[Flows]) -> bool:
        """Rules 1 and 3 for the count of locations in no cell."""
        residue = self.keys.RESIDUE
        if not self.shown_ok(i for i, cell in enumerate(place) if cell == residue):
            return False
        for e, pairs in zip(self.earlier, flows, strict=True):
            if not e.not_shown_shown:
                continue
            visible = changed = 0
            for pair, (now, before, diff) in pairs.items():
                now_cell, before_cell = pair >> 32, pair & 0xFFFFFFFF
                if now_cell == residue and before_cell == residue:
                    changed |= diff
                elif now_cell == residue:
                    visible |= now
                elif before_cell == residue:
                    visible |= before
            if _unsafe(visible, self.k) or _unsafe(visible | changed, self.k):
                return False
        return True

    def solve(self, forced: set[int]) -> _Solution:
        """Place, check the totals and the not-shown count, push up what fails, until all holds."""
        forced = set(forced)
        withheld = any(
            e.not_shown_shown and (_unsafe(e.all_visible, self.k) or _unsafe(e.all_changed, self.k))
            for e in self.earlier
        )
        watch = _Watch()
        while True:
            place, published = self.place(forced)
            flows = [self.flows(e, place) for e in self.earlier]
            more = self.unsteady_totals(flows, place, published, watch)
            if not more and not withheld and not self.not_shown_ok(place, flows):
                withheld = True  # a hidden count costs less than hiding a cell that may be shown
            if not more:
                return _Solution(place, published, withheld)
            forced |= more

    def failed_in(self, e: _Earlier) -> set[int]:
        """The steps an earlier publication passed its locations through: starting from them
        reproduces that publication when nothing changed (a fresh start need not: the rounds of
        pushing up may take another path)."""
        out: set[int] = set()
        for atom, flows in zip(self.atoms, e.by_atom, strict=True):
            for before_cell, *_ in flows:
                if before_cell == self.keys.ABSENT:
                    continue
                path = []
                cell = atom.key
                while cell != before_cell and cell != self.keys.RESIDUE:
                    path.append(cell)
                    cell = self.keys.up(cell)
                if cell == before_cell:
                    out.update(c for c in path if c not in e.cells)
        return out

    def repeats(self, e: _Earlier, solution: _Solution) -> bool:
        """Whether a solution shows exactly what an earlier publication showed, from the same
        listings: then it is published again unchanged, even if a fresh start would show more."""
        if e.all_changed or e.gone:
            return False
        return all(
            before == solution.place[i] and not diff
            for i, flows in enumerate(e.by_atom)
            for before, _, _, diff in flows
        ) and e.not_shown_shown == (not solution.withheld)

    def size(self, ids: Iterable[int]) -> int:
        return sum(self.atoms[i].size for i in ids)


def publish(
    contributions: Iterable[Contribution],
    *,
    year: int,
    earlier: Sequence[Publication] = (),
    k: int = 3,
    dominance: float | None = 0.9,
) -> Publication:
    """The year's list: every location in the finest cell that may be shown, or in none.

    `earlier` is every publication that has been released (all years, and an earlier release of
    this year when correcting it): each of their numbers is a number the new one must not be
    subtracted from. `dominance=None` switches the dominance rule off.

    A cell may be shown when at least k companies stand behind it, no company alone lists
    `dominance` of its locations, and, against every earlier publication that showed the same
    cell, the change rests on no company or at least k. The totals and the not-shown count are
    then checked the same way: a failing total pushes the cells that cause it up, a failing
    not-shown count is withheld. Every
    push only moves locations up, so the loop ends. When no listing changed since the latest
    publication, that publication is repeated."""
    with _cycle_collector_paused():
        return _publish(list(contributions), year, list(earlier), k, dominance)


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """The placement allocates millions of small objects without reference cycles; the cycle
    collector would scan them over and over for nothing (40 % of the run time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _publish(
    contributions: list[Contribution], year: int, previous: list[Publication], k: int, dominance: float | None
) -> Publication:
    companies = {c.company for c in contributions}.union(*(_companies_in(p) for p in previous))
    bit = {company: i for i, company in enumerate(sorted(companies))}
    keys = _Keys()
    atoms = _atoms(_finest_cells(contributions, bit), keys)
    problem = _Problem(k=k, dominance=dominance, keys=keys, atoms=atoms)
    problem.earlier = [_earlier(p, atoms, keys, bit) for p in previous]

    if not problem.earlier:
        return _publication(year, problem, problem.solve(set()), bit)
    latest = problem.earlier[max(range(len(previous)), key=lambda i: previous[i].year)]
    if not latest.all_changed and not latest.gone:
        again = problem.solve(problem.failed_in(latest))
        if problem.repeats(latest, again):
            return _publication(year, problem, again, bit)
    return _publication(year, problem, problem.solve(set()), bit)


def _publication(year: int, problem: _Problem, solution: _Solution, bit: dict[int, int]) -> Publication:
    published = solution.published
    company_of = {b: company for company, b in bit.items()}

    def per_company(ids: Iterable[int]) -> dict[str, list[str]]:
        out: dict[int, list[str]] = defaultdict(list)
        for i in ids:
            atom = problem.atoms[i]
            for loc, mask in zip(atom.locations, atom.listers, strict=True):
                while mask:
                    b = mask.bit_length() - 1
                    out[company_of[b]].append(loc)
                    mask ^= 1 << b
        return {str(company): sorted(out[company]) for company in sorted(out)}

    order = sorted(published, key=lambda c: _cell_order(problem.keys.keys[c]))
    cells = []
    entries = []
    for c in order:
        level, area, activity, material = problem.keys.keys[c]
        cells.append(Cell(area, cast(Level, level), activity, material, problem.size(published[c])))
        entries.append(
            {
                "level": level,
                "area": area,
                "activity": activity,
                "material": material,
                "companies": per_company(published[c]),
            }
        )
    hidden = [i for i, cell in enumerate(solution.place) if cell == problem.keys.RESIDUE]
    hidden_count = problem.size(hidden)
    support = {
        "version": SUPPORT_VERSION,
        "k": problem.k,
        "dominance": problem.dominance,
        "cells": entries,
        "not_shown": per_company(hidden),
        "not_shown_count": hidden_count,
    }
    return Publication(year, cells, support, None if solution.withheld else hidden_count)
