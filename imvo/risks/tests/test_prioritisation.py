"""The OECD prioritisation rules at their edges (art. 27)."""

import pytest

from imvo.risks.prioritisation import Item, prioritise, severity


def item(key, s=(3, 3, 3), likelihood=3, *, actual=False, hr=True, addressed=False, override=""):
    scale, scope, irremediability = s
    return Item(
        key=key,
        scale=scale,
        scope=scope,
        irremediability=irremediability,
        likelihood=likelihood,
        actual=actual,
        human_rights=hr,
        addressed=addressed,
        override=override,
    )


def run(*items, count=2, hr_from=5):
    return prioritise(items, count=count, human_rights_from=hr_from)


@pytest.mark.parametrize(
    ("scores", "expected"),
    [((1, 1, 5), 5), ((5, 1, 1), 5), ((1, 4, 2), 4), ((2, 2, 2), 2), ((None, 3, 3), None)],
)
def test_severity_is_the_highest_dimension_so_any_one_can_make_an_impact_severe(scores, expected):
    assert severity(*scores) == expected


def test_severity_weighs_before_likelihood():
    out = run(item("severe_unlikely", (4, 1, 1), 1), item("mild_certain", (3, 3, 3), 5), count=1)
    assert out["severe_unlikely"].rank == 1 and out["severe_unlikely"].prioritised
    assert out["mild_certain"].rank == 2 and not out["mild_certain"].prioritised


def test_equal_severity_is_decided_by_likelihood():
    out = run(item("a", (4, 4, 4), 2), item("b", (4, 4, 4), 4))
    assert (out["b"].rank, out["a"].rank) == (1, 2)


def test_an_actual_impact_is_ranked_on_severity_alone_as_if_certain():
    out = run(item("potential", (4, 4, 4), 5), item("actual", (4, 4, 4), None, actual=True), count=1)
    assert out["actual"].rank == 1 and out["actual"].prioritised
    out = run(item("potential", (5, 1, 1), 1), item("actual", (4, 4, 4), None, actual=True), count=1)
    assert out["potential"].rank == 1, "a more severe potential impact still comes first"


def test_the_most_severe_potential_human_rights_impact_is_prioritised_whatever_its_likelihood():
    out = run(
        item("a", (5, 5, 5), 5),
        item("b", (5, 5, 5), 4),
        item("hr_unlikely", (5, 1, 1), 1, hr=True),
        item("env_unlikely", (5, 1, 1), 1, hr=False),
        count=2,
    )
    assert out["hr_unlikely"].rank == 3 and out["hr_unlikely"].prioritised
    assert out["hr_unlikely"].reason == "human_rights"
    assert out["env_unlikely"].rank == 4 and not out["env_unlikely"].prioritised


def test_one_step_below_the_highest_severity_gets_no_such_exception():
    out = run(item("a", (5, 5, 5)), item("b", (5, 5, 5)), item("hr", (4, 4, 4), 1), count=2)
    assert not out["hr"].prioritised and out["hr"].reason == "below_cut"


def test_addressed_risks_leave_the_ranking_and_the_next_one_moves_up():
    before = run(item("a", (5, 5, 5)), item("b", (4, 4, 4)), item("c", (3, 3, 3)))
    assert not before["c"].prioritised
    after = run(item("a", (5, 5, 5), addressed=True), item("b", (4, 4, 4)), item("c", (3, 3, 3)))
    assert after["a"].rank is None and after["a"].reason == "addressed" and not after["a"].prioritised
    assert (after["b"].rank, after["c"].rank) == (1, 2) and after["c"].prioritised


def test_an_unscored_risk_is_not_ranked():
    out = run(item("no_likelihood", (4, 4, 4), None), item("no_scale", (None, 4, 4)))
    assert out["no_likelihood"].reason == out["no_scale"].reason == "unscored"
    assert out["no_likelihood"].rank is None and not out["no_likelihood"].prioritised


def test_an_override_changes_the_outcome_and_is_marked():
    out = run(
        item("top", (5, 5, 5), override="not_prioritise"),
        item("low", (1, 1, 1), 1, override="prioritise"),
        item("same", (5, 5, 5), override="prioritise"),
        count=2,
    )
    assert not out["top"].prioritised and out["top"].overridden and out["top"].computed
    assert out["low"].prioritised and out["low"].overridden
    assert out["same"].prioritised and not out["same"].overridden


def test_ties_keep_the_register_order():
    out = run(item("first"), item("second"), item("third"), count=1)
    assert [out[k].rank for k in ("first", "second", "third")] == [1, 2, 3]


def test_the_heat_map_colours_severity_first():
    from imvo.risks.method import method

    m = method()
    assert m.zone(5, 1) == "medium" and m.zone(5, 2) == "high"
    assert m.zone(2, 5) == "medium" and m.zone(1, 5) == "low", "a likely trifle is never high"
