"""The aggregated plan's rules: hand-made cases at the edge of k, and properties over random plans:
nothing shown rests on fewer than k companies, nothing is left out, so no total can be subtracted
down to one company."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imvo.plans.aggregate import (
    OTHER,
    PAST,
    STEPS,
    UNLINKED,
    AggregatedView,
    GoalEntry,
    PastGoal,
    PlanEntry,
    aggregate,
    table,
)

K = 3


def plans(n: int, report: int = 0) -> list[PlanEntry]:
    return [PlanEntry(c, "report" if c <= report else "structured") for c in range(1, n + 1)]


def rows(t) -> dict[str, tuple[int, int]]:
    return {row.key: (row.count, row.companies) for row in t.rows}


def test_fewer_than_k_plans_show_nothing_at_all():
    goals = [GoalEntry(c, "1") for c in (1, 2) for _ in range(4)]
    view = aggregate(plans(2), goals, k=K)
    assert view.plans_submitted == 0
    assert view.steps.rows == () and view.themes.rows == () and view.plans.total is None


def test_goals_and_companies_are_counted_per_step():
    goals = [GoalEntry(1, "1"), GoalEntry(1, "1"), GoalEntry(2, "1"), GoalEntry(3, "1")]
    goals += [GoalEntry(c, "3") for c in (1, 2, 3, 4)]
    view = aggregate(plans(4), goals, k=K)
    assert rows(view.steps) == {"1": (4, 3), "3": (4, 4)}
    assert (view.steps.total.count, view.steps.total.companies) == (8, 4)
    assert [row.key for row in view.steps.rows] == ["1", "3"]


def test_a_step_of_two_companies_is_pooled_with_others_into_other():
    goals = [GoalEntry(c, "1") for c in (1, 2, 3, 4)]
    goals += [GoalEntry(1, "5"), GoalEntry(2, "6"), GoalEntry(3, "6")]
    view = aggregate(plans(4), goals, k=K)
    assert rows(view.steps) == {"1": (4, 4), OTHER: (3, 3)}


def test_a_pool_of_fewer_than_k_companies_takes_the_smallest_shown_row_along():
    """Step 6 rests on one company: leaving it out would let total minus rows give its goals, so the
    smallest safe row joins it and the pool is shown as "other"."""
    goals = [GoalEntry(c, "1") for c in (1, 2, 3, 4, 5)]
    goals += [GoalEntry(c, "2") for c in (1, 2, 3)]
    goals += [GoalEntry(4, "6"), GoalEntry(4, "6")]
    view = aggregate(plans(5), goals, k=K)
    assert rows(view.steps) == {"1": (5, 5), OTHER: (5, 4)}
    assert view.steps.total.count == sum(row.count for row in view.steps.rows) == len(goals)


def test_no_figure_lets_one_company_be_subtracted_out():
    """The shape the issue warns about: a total beside rows that leave one company's goals out."""
    goals = [GoalEntry(c, "3", "child_labour") for c in (1, 2, 3)]
    goals += [GoalEntry(4, "3", "climate")] * 3
    view = aggregate(plans(4), goals, k=K)
    theme_rows = rows(view.themes)
    assert "climate" not in theme_rows
    assert view.themes.total.count == sum(count for count, _ in theme_rows.values())
    assert all(companies >= K for _, companies in theme_rows.values())


def test_goals_without_a_risk_are_a_row_of_the_theme_table():
    goals = [GoalEntry(c, "1", "child_labour") for c in (1, 2, 3)]
    goals += [GoalEntry(c, "1") for c in (1, 2, 3)]
    view = aggregate(plans(3), goals, k=K, themes=["forced_labour", "child_labour"])
    assert [row.key for row in view.themes.rows] == ["child_labour", UNLINKED]
    assert view.themes.total.count == view.steps.total.count == 6


def test_the_split_by_kind_is_shown_only_when_each_side_rests_on_k_companies():
    assert rows(aggregate(plans(7, report=3), [], k=K).plans) == {"structured": (4, 4), "report": (3, 3)}
    two_reports = aggregate(plans(7, report=2), [], k=K)
    assert two_reports.plans.rows == () and two_reports.plans_submitted == 7
    assert aggregate(plans(5), [], k=K).plans.rows == ()  # all of one kind: every company's choice


def test_last_years_goals_are_counted_by_what_became_of_them():
    past = [PastGoal(c, "achieved") for c in (1, 2, 3)] + [PastGoal(1, "achieved")]
    past += [PastGoal(c, "continued") for c in (2, 3, 4)]
    past += [PastGoal(5, "dropped")]
    view = aggregate(plans(5), [], past, k=K)
    assert view.has_past
    assert rows(view.past) == {"achieved": (4, 3), OTHER: (4, 4)}
    assert view.past.total.count == len(past)
    assert not aggregate(plans(5), [], None, k=K).has_past


def test_a_published_view_reads_back_the_same():
    goals = [GoalEntry(c, s, "child_labour") for c in range(1, 6) for s in ("1", "2")]
    view = aggregate(plans(5, report=0), goals, [PastGoal(c, "achieved") for c in (1, 2, 3)], k=K)
    assert AggregatedView.from_json(view.to_json()) == view


def test_k_below_one_is_refused():
    with pytest.raises(ValueError):
        table([("1", 1)], k=0)


# --- properties over random plans ----------------------------------------------------------------

companies = st.integers(min_value=1, max_value=9)
goal_entries = st.lists(
    st.builds(
        GoalEntry,
        company=companies,
        step=st.sampled_from(STEPS),
        theme=st.sampled_from(["child_labour", "climate", "living_wage", UNLINKED]),
    ),
    max_size=60,
)
past_entries = st.lists(st.builds(PastGoal, company=companies, status=st.sampled_from(PAST)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(goals=goal_entries, past=past_entries, k=st.integers(min_value=1, max_value=5))
def test_every_shown_row_rests_on_k_companies_and_nothing_is_left_out(goals, past, k):
    view = aggregate(plans(9), goals, past, k=k)
    for t, items in ((view.steps, goals), (view.themes, goals), (view.past, past)):
        if len({g.company for g in items}) < k:
            assert t.rows == () and t.total is None
            continue
        assert all(row.companies >= k for row in t.rows)
        assert sum(row.count for row in t.rows) == len(items)
        assert t.total is None or t.total.count == len(items), "a total only where it gives nothing away"
        assert len([row for row in t.rows if row.key == OTHER]) <= 1
        named = Counter(row.key for row in t.rows if row.key != OTHER)
        assert all(n == 1 for n in named.values())


@settings(max_examples=200, deadline=None)
@given(goals=goal_entries)
def test_a_named_row_counts_exactly_its_goals(goals):
    view = aggregate(plans(9), goals, k=K)
    for row in view.steps.rows:
        if row.key != OTHER:
            mine = [g for g in goals if g.step == row.key]
            assert (row.count, row.companies) == (len(mine), len({g.company for g in mine}))


def test_companies_with_goals_never_tell_how_many_handed_in_a_report():
    """With the split by kind hidden, plans submitted minus companies with goals would count the
    report plans; that total is then left out."""
    entries = [PlanEntry(company=c, kind="structured") for c in range(4)] + [
        PlanEntry(company=9, kind="report")
    ]
    goals = [GoalEntry(company=c, step="1", theme="") for c in range(4)]
    view = aggregate(entries, goals, k=3)
    assert view.plans.rows == () and view.plans.total.count == 5
    assert view.steps.total is None and view.themes.total is None
