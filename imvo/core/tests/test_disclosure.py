"""Published counts never give a company's answer away, whatever the table."""

from hypothesis import given
from hypothesis import strategies as st

from imvo.core.disclosure import protect


def test_small_cells_hide_and_a_lone_one_takes_a_partner():
    assert protect([10, 2, 5], 3) == [10, None, None]
    assert protect([10, 1, 2], 3) == [10, None, None]
    assert protect([10, 1, 1, 6], 3) == [10, None, None, None], "two ones hidden together would still be ones"
    assert protect([4, 0, 6], 3) == [4, 0, 6]


def test_every_company_in_one_cell_hides_the_table():
    assert protect([0, 7, 0], 3) == [None, None, None]


@given(st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=6), st.integers(2, 5))
def test_no_hidden_count_can_be_worked_out(counts, minimum):
    shown = protect(counts, minimum)
    hidden = [i for i, c in enumerate(shown) if c is None]
    assert all(c is None or c == 0 or c >= minimum for c in shown)
    assert len(hidden) != 1
    assert not hidden or sum(counts[i] for i in hidden) >= minimum or all(c is None for c in shown)
    if sum(counts):
        assert all(c != sum(counts) for c in shown if c is not None)
    for i, c in enumerate(shown):
        if c is not None:
            assert c == counts[i]
