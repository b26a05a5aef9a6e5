"""The sector view of the companies' risks: hand-made cases for each rule, and properties over random
registers: every entry in exactly one row or not shown, nothing shown resting on fewer than k companies."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imvo.risks.sector import (
    Entry,
    HeatCell,
    Row,
    SectorView,
    ThemeTotal,
    aggregate,
    heat_map,
    place,
)
from imvo.supply_chain.disclosure import continents

K = 3
CONTINENTS = continents()


def entry(
    company: int,
    *,
    theme: str = "child_labour",
    material: str = "cobalt",
    country: str = "CD",
    severity: int = 3,
    likelihood: int | None = 3,
    actual: bool = False,
    prioritised: bool = False,
) -> Entry:
    return Entry(company, theme, material, country, severity, likelihood, actual, prioritised)


def keys(view: SectorView) -> dict[tuple[str, str, str, str], int]:
    """Shown rows as key → companies."""
    return {row.key: row.companies for row in view.rows}


# --- the k rule at its edge --------------------------------------------------------------------------


def test_three_companies_in_a_country_are_shown():
    view = aggregate([entry(1), entry(2), entry(3)], k=K)
    assert keys(view) == {("child_labour", "cobalt", "country", "CD"): 3}
    assert view.not_shown == 0


def test_two_companies_in_a_country_pool_into_the_continent():
    view = aggregate([entry(1), entry(2), entry(3, country="RW")], k=K)
    assert keys(view) == {("child_labour", "cobalt", "continent", "AF"): 3}


def test_a_safe_country_sends_a_thin_continent_remainder_up_to_world():
    entries = [entry(1), entry(2), entry(3), entry(4, country="RW"), entry(5, country="UG")]
    entries.append(entry(6, country="PE"))
    view = aggregate(entries, k=K)
    assert keys(view) == {
        ("child_labour", "cobalt", "country", "CD"): 3,
        ("child_labour", "cobalt", "world", ""): 3,
    }


def test_thin_material_rows_pool_into_all_materials():
    entries = [entry(1), entry(2, country="PE"), entry(3, material="tin", country="CN")]
    view = aggregate(entries, k=K)
    assert keys(view) == {("child_labour", "", "world", ""): 3}


def test_a_theme_on_two_companies_is_not_shown():
    entries = [entry(1), entry(2), entry(3), entry(1, theme="corruption"), entry(2, theme="corruption")]
    view = aggregate(entries, k=K)
    assert keys(view) == {("child_labour", "cobalt", "country", "CD"): 3}
    assert view.not_shown == 2
    assert [t.theme for t in view.themes] == ["child_labour"]


def test_the_whole_ladder_from_country_to_not_shown():
    entries = [
        *(entry(c) for c in (1, 2, 3)),  # country CD
        *(entry(c, country="BO") for c in (4, 5)),  # + CL → continent SA
        entry(6, country="CL"),
        *(entry(c, country="IN") for c in (7, 8)),  # + DE → world cobalt
        entry(9, country="NL"),
        entry(10, material="tin", country="CN"),  # tin world (2) + blank material → all materials
        entry(11, material="tin", country="PE"),
        entry(12, material=""),
        *(entry(c, theme="corruption") for c in (1, 2)),  # never three: not shown
    ]
    view = aggregate(entries, k=K)
    assert keys(view) == {
        ("child_labour", "cobalt", "country", "CD"): 3,
        ("child_labour", "cobalt", "continent", "SA"): 3,
        ("child_labour", "cobalt", "world", ""): 3,
        ("child_labour", "", "world", ""): 3,
    }
    assert view.not_shown == 2


def test_an_entry_without_a_country_starts_at_world():
    view = aggregate([entry(c, country="") for c in (1, 2, 3)], k=K)
    assert keys(view) == {("child_labour", "cobalt", "world", ""): 3}


def test_an_entry_without_a_material_starts_at_all_materials():
    view = aggregate([entry(c, material="") for c in (1, 2, 3)], k=K)
    assert keys(view) == {("child_labour", "", "world", ""): 3}


def test_an_unknown_country_goes_straight_to_world():
    assert "XX" not in CONTINENTS
    view = aggregate([entry(c, country="XX") for c in (1, 2, 3)], k=K)
    assert keys(view) == {("child_labour", "cobalt", "world", ""): 3}


# --- counting ------------------------------------------------------------------------------------------


def test_a_company_counts_once_per_row_and_with_its_highest_severity():
    entries = [
        entry(1, severity=1, prioritised=True),
        entry(1, severity=2),
        entry(1, severity=5, actual=True, likelihood=None),
        entry(2, severity=2),
        entry(3, severity=3, prioritised=True),
    ]
    (row,) = aggregate(entries, k=K).rows
    assert row == Row("child_labour", "cobalt", "country", "CD", 3, 2, 1, 5, 3.3)


def test_severity_rounds_half_up():
    entries = [entry(1, severity=2), entry(2, severity=2), entry(3, severity=2), entry(4, severity=3)]
    assert aggregate(entries, k=K).rows[0].severity == 2.3  # 9 / 4 = 2.25


def test_the_theme_total_is_a_distinct_count_over_the_themes_shown_entries():
    entries = [
        *(entry(c, severity=2) for c in (1, 2, 3)),
        *(entry(c, material="tin", country="CN", prioritised=True) for c in (1, 2, 3)),
        entry(4, material="gold", country="PE", severity=5, prioritised=True),  # not shown
    ]
    view = aggregate(entries, k=K)
    assert sum(row.companies for row in view.rows) == 6
    assert view.themes == (ThemeTotal("child_labour", 3, 3, 3.0),), "company 4 cannot be subtracted out"
    assert view.not_shown == 1


def test_the_sector_count_is_distinct_companies():
    entries = [entry(c) for c in (1, 2, 3)] + [entry(c, theme="climate") for c in (2, 3, 4)]
    assert aggregate(entries, k=K).companies == 4


# --- the heat map ----------------------------------------------------------------------------------------


def test_an_actual_impact_counts_at_likelihood_5():
    entries = [entry(c, severity=4, likelihood=None, actual=True) for c in (1, 2, 3)]
    entries.append(entry(4, severity=4, likelihood=2, actual=True))
    assert heat_map(entries, k=K) == ((HeatCell(4, 5, 4, 4),), 0)


def test_heat_cells_on_fewer_than_k_companies_are_not_shown_nor_generalised():
    entries = [entry(c, severity=2, likelihood=3) for c in (1, 2, 3)]
    entries += [entry(1, severity=5, likelihood=5), entry(1, severity=5, likelihood=5), entry(2, severity=4)]
    cells, not_shown = heat_map(entries, k=K)
    assert cells == (HeatCell(2, 3, 3, 3),)
    assert not_shown == 3


def test_a_potential_risk_without_likelihood_has_no_heat_cell():
    entries = [entry(c, likelihood=None) for c in (1, 2, 3)]
    assert heat_map(entries, k=K) == ((), 3)


def test_aggregate_includes_the_heat_map():
    entries = [entry(c) for c in (1, 2, 3)] + [entry(4, severity=1)]
    view = aggregate(entries, k=K)
    assert view.heat == (HeatCell(3, 3, 3, 3),)
    assert view.heat_not_shown == 1


# --- edges and validation -------------------------------------------------------------------------


@pytest.mark.parametrize("k", [0, -1])
def test_k_below_1_is_refused(k):
    with pytest.raises(ValueError, match="k must be"):
        aggregate([entry(1)], k=k)
    with pytest.raises(ValueError, match="k must be"):
        heat_map([entry(1)], k=k)
    with pytest.raises(ValueError, match="k must be"):
        place([entry(1)], k=k)


def test_k_1_shows_every_country():
    view = aggregate([entry(1), entry(2, country="RW")], k=1)
    assert set(keys(view)) == {("child_labour", "cobalt", "country", c) for c in ("CD", "RW")}


@pytest.mark.parametrize(("field", "value"), [("severity", 0), ("severity", 6), ("likelihood", 0)])
def test_scores_outside_1_to_5_are_refused(field, value):
    with pytest.raises(ValueError, match=field):
        replace(entry(1), **{field: value})


def test_empty_input_shows_nothing():
    assert aggregate([], k=K) == SectorView(K, 0, (), (), (), 0, 0)


def test_a_sector_of_fewer_than_k_companies_shows_nothing():
    entries = [entry(1), entry(1, country="PE"), entry(2), entry(2, theme="climate", material="")]
    assert aggregate(entries, k=K) == SectorView(K, 0, (), (), (), 4, 4)
    assert place(entries, k=K) == [None] * 4


# --- order and storage -------------------------------------------------------------------------------


def test_themes_follow_the_given_order_then_the_alphabet():
    entries = [
        entry(c, theme=t) for t in ("pollution", "climate", "child_labour", "biodiversity") for c in (1, 2, 3)
    ]
    given_order = aggregate(entries, k=K, themes=["pollution", "child_labour", "pollution"])
    assert [r.theme for r in given_order.rows] == ["pollution", "child_labour", "biodiversity", "climate"]
    assert [t.theme for t in given_order.themes] == ["pollution", "child_labour", "biodiversity", "climate"]
    alphabetical = aggregate(entries, k=K)
    assert [t.theme for t in alphabetical.themes] == ["biodiversity", "child_labour", "climate", "pollution"]


def test_rows_of_a_theme_go_by_companies_then_level_area_and_material():
    entries = [
        *(entry(c, country="PE") for c in (1, 2, 3, 4)),
        *(entry(c, material="tin", country="CN") for c in (1, 2, 3)),
        *(entry(c, country="CN") for c in (1, 2, 3)),
        *(entry(c, country="RW") for c in (5, 6)),
        entry(7, country="UG"),
    ]
    view = aggregate(entries, k=K)
    assert [(r.companies, r.level, r.area, r.material) for r in view.rows] == [
        (4, "country", "PE", "cobalt"),
        (3, "country", "CN", "cobalt"),
        (3, "country", "CN", "tin"),
        (3, "continent", "AF", "cobalt"),
    ]


def test_a_view_survives_json():
    entries = [entry(c, actual=c == 1, likelihood=None if c == 1 else 2) for c in (1, 2, 3)]
    entries += [entry(c, theme="climate", material="", country="", prioritised=True) for c in (2, 3, 4)]
    view = aggregate(entries, k=K)
    assert view.rows and view.themes and view.heat
    stored = json.loads(json.dumps(view.to_json()))
    assert SectorView.from_json(stored) == view


def test_a_stored_view_with_an_unknown_level_is_refused():
    data = aggregate([entry(c) for c in (1, 2, 3)], k=K).to_json()
    data["rows"][0]["level"] = "region"
    with pytest.raises(ValueError, match="level"):
        SectorView.from_json(data)


# --- properties --------------------------------------------------------------------------------------

entries_st = st.lists(
    st.builds(
        Entry,
        company=st.integers(1, 6),
        theme=st.sampled_from(["child_labour", "pollution"]),
        material=st.sampled_from(["", "cobalt", "tin"]),
        country=st.sampled_from(["", "CD", "RW", "UG", "PE", "BO", "CN", "XX"]),
        severity=st.integers(1, 5),
        likelihood=st.none() | st.integers(1, 5),
        actual=st.booleans(),
        prioritised=st.booleans(),
    ),
    max_size=30,
)


def on_ladder(e: Entry, key: tuple[str, str, str, str]) -> bool:
    theme, material, level, area = key
    if theme != e.theme or material not in (e.material, ""):
        return False
    if material == "" and e.material:
        return level == "world"
    country_known = e.country in CONTINENTS
    if level == "country":
        return country_known and area == e.country
    if level == "continent":
        return country_known and area == CONTINENTS[e.country]
    return area == ""


@settings(max_examples=200, deadline=None)
@given(entries_st, st.integers(1, 4))
def test_every_entry_is_in_one_row_or_not_shown_and_rows_rest_on_k(entries, k):
    view = aggregate(entries, k=k)
    placed = place(entries, k=k)
    assert sum(row.risks for row in view.rows) + view.not_shown == len(entries)
    assert view.not_shown == placed.count(None)
    assert len({row.key for row in view.rows}) == len(view.rows)
    assert all(row.companies >= k for row in view.rows)
    assert all(total.companies >= k for total in view.themes)
    assert all(cell.companies >= k for cell in view.heat)
    assert sum(cell.risks for cell in view.heat) + view.heat_not_shown == len(entries)
    assert view.companies == 0 or view.companies >= k

    rows = {row.key: row for row in view.rows}
    for key in set(placed) - {None}:
        members = [e for e, p in zip(entries, placed, strict=True) if p == key]
        assert rows[key].risks == len(members)
        assert rows[key].companies == len({e.company for e in members})
        assert rows[key].prioritising == len({e.company for e in members if e.prioritised})
    assert set(rows) == set(placed) - {None}

    per_theme = Counter(e.theme for e in entries)
    suppressed = Counter(e.theme for e, p in zip(entries, placed, strict=True) if p is None)
    for theme, n in per_theme.items():
        assert sum(row.risks for row in view.rows if row.theme == theme) + suppressed[theme] == n
        if view.companies and suppressed[theme]:
            hidden = {
                e.company for e, p in zip(entries, placed, strict=True) if p is None and e.theme == theme
            }
            assert len(hidden) < k

    totals = {total.theme: total for total in view.themes}
    for theme in per_theme:
        companies = {e.company for e, p in zip(entries, placed, strict=True) if e.theme == theme and p}
        if view.companies and len(companies) >= k:
            assert totals[theme].companies == len(companies)
        else:
            assert theme not in totals

    for e, p in zip(entries, placed, strict=True):
        assert p is None or on_ladder(e, p)

    # Finest safe: a country resting on k companies keeps its entries, and so does a continent's remainder.
    countries: dict[tuple[str, str, str], set[int]] = {}
    for e in entries:
        if e.material and e.country in CONTINENTS:
            countries.setdefault((e.theme, e.material, e.country), set()).add(e.company)
    remainders: dict[tuple[str, str, str], set[int]] = {}
    for e in entries:
        if 0 < len(countries.get((e.theme, e.material, e.country), ())) < k:
            remainders.setdefault((e.theme, e.material, CONTINENTS[e.country]), set()).add(e.company)
    for e, p in zip(entries, placed, strict=True):
        if not view.companies:
            break
        if len(countries.get((e.theme, e.material, e.country), ())) >= k:
            assert p == (e.theme, e.material, "country", e.country)
        elif e.material and e.country in CONTINENTS:
            continent = CONTINENTS[e.country]
            if len(remainders[(e.theme, e.material, continent)]) >= k:
                assert p == (e.theme, e.material, "continent", continent)
            else:
                assert p is None or p[2] == "world"
