"""Disclosure control of the aggregated location list: hand-made cases, and an attacker who sees every
published number of every year, knows who listed what, and looks for anything resting on fewer
than k companies. The attacker works from the contributions, never from `Publication.support`."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imvo.supply_chain.disclosure import (
    Cell,
    Contribution,
    Publication,
    continents,
    displayed_numbers,
    publish,
)

K = 3
DOMINANCE = 0.9
Year = tuple[list[Contribution], Publication]


# --- the attacker ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    country: str
    region: str
    activity: str
    material: str
    restricted: bool
    listers: frozenset[int]


def sites_of(contributions: Sequence[Contribution]) -> dict[str, Site]:
    """What the secretariat knows: per location its attributes and who listed it. The tests only
    let companies disagree on whether they give the region and whether they restrict it."""
    by_location: dict[str, list[Contribution]] = defaultdict(list)
    for c in contributions:
        by_location[c.location].append(c)
    out = {}
    for location, entries in by_location.items():
        first = entries[0]
        assert all(
            (e.country, e.activity, e.material) == (first.country, first.activity, first.material)
            for e in entries
        )
        regions = {e.region for e in entries if e.region}
        out[location] = Site(
            first.country,
            regions.pop() if len(regions) == 1 else "",
            first.activity,
            first.material,
            any(e.restricted for e in entries),
            frozenset(e.company for e in entries),
        )
    return out


def ladder(site: Site) -> list[tuple[str, str, str, str]]:
    """The documented order in which a location is generalised, finest first."""
    continent = continents()[site.country]
    steps = []
    if site.region and not site.restricted:
        steps.append(("region", site.region, site.activity, site.material))
    steps.append(("country", site.country, site.activity, site.material))
    steps.append(("continent", continent, site.activity, site.material))
    steps.append(("continent", continent, site.activity, ""))
    steps.append(("continent", continent, "", ""))
    return list(dict.fromkeys(steps))


def within(cell: Cell, level: str, area: str) -> bool:
    country = cell.area.split("-")[0] if cell.level != "continent" else ""
    if level == "world":
        return True
    if level == "continent":
        return cell.area == area if cell.level == "continent" else continents()[country] == area
    if level == "country":
        return cell.level in ("region", "country") and country == area
    return cell.level == "region" and cell.area == area


def seen_numbers(
    contributions: Sequence[Contribution], publication: Publication, problems: list[str]
) -> dict:
    """Every number of a year as the set of locations behind it, checking on the way that the
    published values and labels say what they claim."""
    sites = sites_of(contributions)
    cells = {c.key: c for c in publication.cells}
    placed: dict[tuple, set[str]] = defaultdict(set)
    hidden = set()
    for location, site in sites.items():
        cell = next((key for key in ladder(site) if key in cells), None)
        if cell is None:
            hidden.add(location)
        else:
            placed[cell].add(location)
            if site.restricted and cell[0] == "region":
                problems.append(f"{publication.year}: restricted {location} shown at region level")
    numbers: dict[tuple, frozenset[str]] = {}
    for key, cell in cells.items():
        if cell.locations != len(placed[key]):
            problems.append(f"{publication.year}: {key} says {cell.locations}, holds {len(placed[key])}")
        numbers[("cell", *key)] = frozenset(placed[key])
    if publication.suppressed_locations not in (None, len(hidden)):
        problems.append(
            f"{publication.year}: {publication.suppressed_locations} not shown, really {len(hidden)}"
        )
    for n in displayed_numbers(publication):
        content = frozenset().union(*(placed[key] for key in n.cells))
        if n.kind == "total":
            expected = {
                c.key
                for c in publication.cells
                if within(c, n.level, n.area)
                and n.activity in (None, c.activity)
                and n.material in (None, c.material)
            }
            if set(n.cells) != expected:
                problems.append(f"{publication.year}: {n.key} sums {n.cells}, its label means {expected}")
        else:
            content |= hidden
            if n.kind == "not_shown" and n.cells:
                problems.append(f"{publication.year}: not_shown claims cells")
        if n.value != len(content):
            problems.append(f"{publication.year}: {n.key} says {n.value}, holds {len(content)}")
        numbers[n.key] = content
    return numbers


def behind(locations: frozenset[str], sites: dict[str, Site]) -> set[int]:
    return set().union(*(sites[loc].listers for loc in locations))


def unsafe(companies: set[int]) -> bool:
    return 0 < len(companies) < K


def violations(history: Sequence[Year]) -> list[str]:
    """Everything the attacker can pin on fewer than k companies, across all years published."""
    problems: list[str] = []
    seen = []
    for contributions, publication in history:
        sites = sites_of(contributions)
        numbers = seen_numbers(contributions, publication, problems)
        seen.append((publication.year, sites, numbers))
        for key, content in numbers.items():
            if unsafe(behind(content, sites)):
                problems.append(f"{publication.year}: {key} rests on {behind(content, sites)}")
            if key[0] == "cell" and content:
                own = defaultdict(int)
                for loc in content:
                    if len(sites[loc].listers) == 1:
                        own[next(iter(sites[loc].listers))] += 1
                if own and max(own.values()) >= DOMINANCE * len(content):
                    problems.append(f"{publication.year}: {key} dominated by one company")
        for (a, small), (b, large) in combinations(numbers.items(), 2):
            if small > large:
                small, large, a, b = large, small, b, a
            if small < large and unsafe(behind(large - small, sites)):
                problems.append(f"{publication.year}: {b} minus {a} rests on {behind(large - small, sites)}")
    for (year_a, sites_a, numbers_a), (year_b, sites_b, numbers_b) in combinations(seen, 2):
        for key in numbers_a.keys() | numbers_b.keys():
            if key[0] in ("not_shown", "all") and not (key in numbers_a and key in numbers_b):
                continue
            before, now = numbers_a.get(key, frozenset()), numbers_b.get(key, frozenset())
            listed = {c for loc in before for c in sites_a[loc].listers} | {
                c for loc in now for c in sites_b[loc].listers
            }
            changed = {
                c
                for c in listed
                if {loc for loc in before if c in sites_a[loc].listers}
                != {loc for loc in now if c in sites_b[loc].listers}
            }
            visible = behind(before - now, sites_a) | behind(now - before, sites_b)
            if unsafe(changed) or unsafe(visible):
                problems.append(f"{year_a}→{year_b}: {key} changed by {changed}, visibly by {visible}")
    return problems


def publish_years(years: Sequence[Sequence[Contribution]], first: int = 2025) -> list[Year]:
    history: list[Year] = []
    for offset, contributions in enumerate(years):
        publication = publish(contributions, year=first + offset, earlier=[p for _, p in history], k=K)
        history.append((list(contributions), publication))
    return history


# --- hand-made cases ------------------------------------------------------------------------------


def loc(
    company: int,
    location: str,
    area: str,
    activity: str = "smelting",
    material: str = "tin",
    restricted: bool = False,
) -> Contribution:
    """A contribution in a region ("CD-NK") or, without one, a country ("RW")."""
    return Contribution(
        company, location, area.split("-")[0], area if "-" in area else "", activity, material, restricted
    )


def one_each(companies: Sequence[int], area: str, prefix: str, **kw) -> list[Contribution]:
    return [loc(c, f"{prefix}{c}", area, **kw) for c in companies]


def shown(publication: Publication) -> dict[tuple, int]:
    return {c.key: c.locations for c in publication.cells}


def total(publication: Publication, level: str, area: str) -> int | None:
    return next(
        (
            n.value
            for n in displayed_numbers(publication)
            if n.kind == "total" and (n.level, n.area, n.activity, n.material) == (level, area, None, None)
        ),
        None,
    )


def test_a_region_with_two_companies_joins_the_other_regions_of_its_country():
    contributions = [
        *one_each([1, 2, 3], "CD-NK", "nk"),
        *one_each([4, 5], "CD-SK", "sk"),
        *one_each([6], "CD-KN", "kn"),
    ]
    history = publish_years([contributions])
    assert shown(history[0][1]) == {
        ("region", "CD-NK", "smelting", "tin"): 3,
        ("country", "CD", "smelting", "tin"): 3,
    }
    assert total(history[0][1], "country", "CD") == 6
    assert history[0][1].suppressed_locations == 0
    assert violations(history) == []


def test_a_country_with_two_companies_is_shown_at_continent_level():
    contributions = [
        *one_each([1, 2, 3], "CD-NK", "nk"),
        *one_each([4, 5], "RW", "rw"),
        *one_each([6], "BI", "bi"),
    ]
    history = publish_years([contributions])
    assert shown(history[0][1]) == {
        ("region", "CD-NK", "smelting", "tin"): 3,
        ("continent", "AF", "smelting", "tin"): 3,
    }
    assert total(history[0][1], "continent", "AF") == 6
    assert total(history[0][1], "country", "RW") is None
    assert violations(history) == []


def test_what_cannot_be_shown_anywhere_keeps_the_cells_and_withholds_the_count():
    """Two companies in Asia cannot be shown even as "Asia, everything"; "2 locations not shown"
    would tell each of them the other's count, so the count is withheld, not a good cell hidden."""
    contributions = [
        *one_each([3, 4, 5], "CD-NK", "nk"),
        *one_each([3, 4, 5, 6], "CD-SK", "sk"),
        *one_each([1, 2], "CN-YN", "yn", activity="refining", material="gold"),
    ]
    history = publish_years([contributions])
    publication = history[0][1]
    assert shown(publication) == {
        ("region", "CD-NK", "smelting", "tin"): 3,
        ("region", "CD-SK", "smelting", "tin"): 4,
    }
    assert publication.suppressed_locations is None
    assert publication.support["not_shown_count"] == 2
    assert violations(history) == []


def test_when_nothing_can_be_shown_not_even_the_count_is():
    history = publish_years([[*one_each([1, 2], "CD-NK", "nk")]])
    assert history[0][1].cells == []
    assert history[0][1].suppressed_locations is None
    assert displayed_numbers(history[0][1]) == []
    assert violations(history) == []


def test_a_restricted_location_is_counted_at_country_level():
    contributions = [
        *one_each([1, 2, 3, 4], "CD-NK", "nk"),
        *one_each([5, 6, 7], "CD-NK", "restricted", restricted=True),
        loc(8, "nk1", "CD-NK", restricted=True),  # one restriction moves a shared site for everyone
    ]
    history = publish_years([contributions])
    assert shown(history[0][1]) == {
        ("region", "CD-NK", "smelting", "tin"): 3,
        ("country", "CD", "smelting", "tin"): 4,
    }
    assert violations(history) == []


def test_a_failing_third_region_goes_to_other_regions_never_into_a_country_total():
    """R1 and R2 shown, R3 (two companies) not: "CD, other regions" holds R3 and must pass itself."""
    regions = [*one_each([1, 2, 3], "CD-NK", "r1"), *one_each([4, 5, 6], "CD-SK", "r2")]
    with_other = publish_years([[*regions, *one_each([7, 8], "CD-KN", "r3"), loc(9, "none", "CD")]])[0][1]
    assert shown(with_other) == {
        ("region", "CD-NK", "smelting", "tin"): 3,
        ("region", "CD-SK", "smelting", "tin"): 3,
        ("country", "CD", "smelting", "tin"): 3,
    }
    assert total(with_other, "country", "CD") == 9

    history = publish_years([[*regions, *one_each([7, 8], "CD-KN", "r3")]])
    without = history[0][1]
    assert ("country", "CD", "smelting", "tin") not in shown(without)
    assert total(without, "country", "CD") == sum(shown(without).values()) < 8
    assert without.suppressed_locations is None  # R3's two companies: the count is withheld
    assert violations(history) == []


def test_a_company_joining_cannot_be_read_off_the_difference():
    year1 = [*one_each([1, 2, 3], "CD-NK", "a"), *one_each([1, 2, 3], "CD-SK", "b")]
    year2 = [*year1, loc(4, "new", "CD-NK")]
    history = publish_years([year1, year2])
    assert ("region", "CD-NK", "smelting", "tin") in shown(history[0][1])
    assert ("region", "CD-NK", "smelting", "tin") not in shown(history[1][1])
    assert shown(history[1][1]) == {("region", "CD-SK", "smelting", "tin"): 3}
    assert history[1][1].suppressed_locations is None  # 4 not shown against 0: the newcomer's count
    assert violations(history) == []

    naive = publish(year2, year=2026, k=K)  # the same year without looking back
    assert any("2025→2026" in p for p in violations([history[0], (year2, naive)]))


def test_a_company_leaving_cannot_be_read_off_the_difference():
    year1 = [
        *one_each([1, 2, 3, 4], "CD-NK", "a"),
        *one_each([1, 2, 3], "CD-SK", "b"),
        *one_each([5, 6, 7], "RW", "c"),
    ]
    year2 = [c for c in year1 if c.company != 4]
    history = publish_years([year1, year2])
    assert shown(history[1][1]) == {
        ("region", "CD-SK", "smelting", "tin"): 3,
        ("country", "RW", "smelting", "tin"): 3,
    }
    assert violations(history) == []


def test_a_cell_that_moves_up_takes_all_its_companies_out_of_the_smaller_totals():
    """R2 loses a company and cannot stay at region level: the totals it leaves lose all of R2's
    companies at once, so they may change; R1 and the totals of Rwanda stay as they were."""
    year1 = [
        *one_each([1, 2, 3], "CD-NK", "r1"),
        *one_each([4, 5, 6], "CD-SK", "r2"),
        *one_each([7, 8, 9], "RW", "rw"),
    ]
    year2 = [c for c in year1 if c.company != 6]
    history = publish_years([year1, year2])
    assert shown(history[1][1]) == {
        ("region", "CD-NK", "smelting", "tin"): 3,
        ("country", "RW", "smelting", "tin"): 3,
    }
    assert total(history[1][1], "country", "RW") == total(history[0][1], "country", "RW") == 3
    assert violations(history) == []


def test_an_unchanged_year_is_published_again_identically():
    contributions = [
        *one_each([1, 2, 3], "CD-NK", "nk"),
        *one_each([4, 5], "CD-SK", "sk"),
        *one_each([1, 2], "CN-YN", "yn", activity="refining"),
        *one_each([6, 7, 8], "RW", "rw", material="gold"),
    ]
    history = publish_years([contributions, contributions, contributions])
    first = history[0][1]
    for _, later in history[1:]:
        assert (later.cells, later.suppressed_locations, later.support) == (
            first.cells,
            first.suppressed_locations,
            first.support,
        )
    assert violations(history) == []


def test_changes_by_enough_companies_are_published():
    year1 = [*one_each([1, 2, 3], "CD-NK", "a"), *one_each([4, 5, 6], "CD-SK", "b")]
    year2 = [*year1, *one_each([7, 8, 9], "CD-NK", "new")]
    history = publish_years([year1, year2])
    assert shown(history[1][1]) == {
        ("region", "CD-NK", "smelting", "tin"): 6,
        ("region", "CD-SK", "smelting", "tin"): 3,
    }
    assert history[1][1].suppressed_locations == 0
    assert violations(history) == []


def test_a_shared_site_counts_once_and_for_every_company_behind_it():
    contributions = [loc(c, "smelter", "CD-NK") for c in (1, 2, 3)]
    publication = publish_years([contributions])[0][1]
    assert shown(publication) == {("region", "CD-NK", "smelting", "tin"): 1}
    assert publication.support["cells"][0]["companies"] == {
        "1": ["smelter"],
        "2": ["smelter"],
        "3": ["smelter"],
    }


def test_a_cell_one_company_dominates_is_generalised():
    own = [loc(1, f"own{i}", "CD-NK") for i in range(9)]
    contributions = [
        *own,
        loc(2, "shared", "CD-NK"),
        loc(3, "shared", "CD-NK"),
        *one_each([4, 5, 6], "CD-SK", "sk"),
    ]
    history = publish_years([contributions])
    assert ("region", "CD-NK", "smelting", "tin") not in shown(history[0][1])
    assert violations(history) == []
    assert shown(publish(contributions, year=2025, dominance=None)) == {
        ("region", "CD-NK", "smelting", "tin"): 10,
        ("region", "CD-SK", "smelting", "tin"): 3,
    }


def test_companies_that_disagree_are_outvoted_and_a_disputed_region_is_dropped():
    contributions = [
        Contribution(1, "x", "CD", "CD-NK", "smelting", "tin"),
        Contribution(2, "x", "CD", "CD-SK", "smelting", "tin"),
        Contribution(3, "x", "CD", "", "refining", "gold"),
        Contribution(4, "x", "CD", "CD-NK", "smelting", ""),
        *one_each([5, 6], "CD-KN", "kn"),
    ]
    publication = publish(contributions, year=2025)
    assert shown(publication) == {("country", "CD", "smelting", "tin"): 3}


def test_an_unknown_country_is_refused():
    try:
        publish([Contribution(1, "x", "QQ", "", "smelting", "tin")], year=2025)
    except ValueError as error:
        assert "QQ" in str(error)
    else:
        raise AssertionError("accepted an unknown country")


def test_the_attacker_catches_a_small_cell():
    contributions = [*one_each([1, 2], "CD-NK", "a"), *one_each([3, 4, 5], "CD-SK", "b")]
    leaky = Publication(
        2025,
        [Cell("CD-NK", "region", "smelting", "tin", 2), Cell("CD-SK", "region", "smelting", "tin", 3)],
        {},
        0,
    )
    assert violations([(contributions, leaky)])


def test_a_publication_survives_json():
    contributions = [
        *one_each([1, 2, 3], "CD-NK", "nk"),
        *one_each([4, 5], "CD-SK", "sk", restricted=True),
        *one_each([6, 7, 8], "CN-YN", "yn", material=""),
    ]
    publication = publish(contributions, year=2025)
    stored = json.loads(json.dumps(publication.to_json()))
    assert Publication.from_json(stored) == publication
    again = publish(contributions, year=2026, earlier=[Publication.from_json(stored)])
    assert again.cells == publication.cells


# --- benign data: the rules must not cost what they need not ---------------------------------------

CELLS = [
    (region, activity, material)
    for region in ("CD-NK", "CD-SK", "RW-02", "CN-YN", "PE-LIM")
    for activity in ("mining", "smelting")
    for material in ("tin", "gold")
]


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(3, 6), min_size=len(CELLS), max_size=len(CELLS)), st.integers(0, 9))
def test_with_enough_companies_everywhere_everything_is_shown_at_the_finest_level(sizes, shift):
    contributions = [
        loc(1 + (shift + i + j) % 12, f"{region}/{activity}/{material}/{j}", region, activity, material)
        for i, ((region, activity, material), size) in enumerate(zip(CELLS, sizes, strict=True))
        for j in range(size)
    ]
    year2 = [
        *contributions,
        *[loc(20 + j, f"new{i}/{j}", *cell) for i, cell in enumerate(CELLS) for j in range(3)],
    ]
    history = publish_years([contributions, year2, year2])
    for _, publication in history:
        assert {c.key for c in publication.cells} == {("region", *cell) for cell in CELLS}
        assert publication.suppressed_locations == 0
    assert [sum(c.locations for c in p.cells) for _, p in history] == [sum(sizes)] + 2 * [
        sum(sizes) + 3 * len(CELLS)
    ]
    assert violations(history) == []


# --- the adversarial test ----------------------------------------------------------------------------

GEOGRAPHY = {"CD": ["CD-NK", "CD-SK"], "RW": ["RW-02"], "CN": ["CN-YN"]}


@st.composite
def histories(draw) -> list[list[Contribution]]:
    """A few companies over a few years: they join, leave, add and drop locations, share sites,
    sometimes leave out the region or restrict a location, and the registry corrects a material."""
    companies = range(1, draw(st.integers(3, 9)) + 1)
    registry = []
    for i in range(draw(st.integers(2, 12))):
        country = draw(st.sampled_from(sorted(GEOGRAPHY)))
        registry.append(
            [
                f"L{i}",
                country,
                draw(st.sampled_from(["", *GEOGRAPHY[country]])),
                draw(st.sampled_from(["mining", "smelting"])),
                draw(st.sampled_from(["tin", "gold", ""])),
            ]
        )
    sites = st.sets(st.integers(0, len(registry) - 1), max_size=4)
    lists = {c: draw(sites) for c in companies if draw(st.integers(0, 3))}
    quirks = {
        (c, s): draw(st.sampled_from(["", "", "", "", "no region", "restricted"]))
        for c in companies
        for s in range(len(registry))
    }
    years = []
    for year in range(draw(st.integers(2, 4))):
        if year:
            for c in companies:
                move = draw(st.sampled_from(["same", "same", "change", "change", "leave", "join"]))
                if move == "leave":
                    lists.pop(c, None)
                elif move == "join" and c not in lists:
                    lists[c] = draw(sites)
                elif move == "change" and c in lists:
                    lists[c] = (lists[c] - draw(sites)) | draw(sites)
            if draw(st.integers(0, 4)) == 0:
                draw(st.sampled_from(registry))[4] = draw(st.sampled_from(["tin", "gold", ""]))
        years.append(
            [
                Contribution(
                    c,
                    registry[s][0],
                    registry[s][1],
                    "" if quirks[c, s] == "no region" else registry[s][2],
                    registry[s][3],
                    registry[s][4],
                    quirks[c, s] == "restricted",
                )
                for c, chosen in sorted(lists.items())
                for s in sorted(chosen)
            ]
        )
    return years


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_an_attacker_who_sees_everything_pins_nothing_on_fewer_than_k_companies(years):
    history = publish_years(years)
    assert violations(history) == []
    for contributions, publication in history:
        assert publication.support["not_shown_count"] + sum(c.locations for c in publication.cells) == len(
            {c.location for c in contributions}
        )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_publishing_the_same_year_again_changes_nothing(years):
    history = publish_years([*years, years[-1]])
    (_, last), (_, again) = history[-2], history[-1]
    assert (again.cells, again.suppressed_locations) == (last.cells, last.suppressed_locations)
