"""The core group's decision rules (art. 50) and the assembly, at their edges."""

import pytest

from imvo.governance.voting import Seat, assembly, core_group, voter

SEATS = [
    Seat("unions", "u1", "u2"),
    Seat("ngos", "n1", "n2"),
    Seat("industry_associations", "i1", "i2"),
    Seat("companies", "c1", "c2"),
]
REGULARS = {"u1", "n1", "i1", "c1"}
EVERYONE = REGULARS | {"u2", "n2", "i2", "c2", "chair"}


def decide(ballots, present=EVERYONE, **kwargs):
    return core_group(SEATS, ballots, present=present, chair="chair", **kwargs)


def test_no_objection_from_any_seat_is_consensus():
    tally = decide({"u1": "for", "n1": "for", "i1": "abstain", "c1": "for"})
    assert tally.result == "consensus"


def test_one_objection_means_a_vote_and_the_majority_decides():
    tally = decide({"u1": "for", "n1": "for", "i1": "for", "c1": "against"})
    assert (tally.result, tally.count("for"), tally.count("against")) == ("adopted", 3, 1)
    assert decide({"u1": "against", "n1": "against", "i1": "against", "c1": "for"}).result == "rejected"


def test_a_tie_goes_to_the_assembly():
    tally = decide({"u1": "for", "n1": "for", "i1": "against", "c1": "against"})
    assert tally.result == "to_assembly"


def test_abstentions_are_no_votes_either_way():
    assert decide({"u1": "for", "n1": "against", "i1": "abstain", "c1": "abstain"}).result == "to_assembly"
    assert decide({"u1": "for", "n1": "abstain", "i1": "abstain", "c1": "against"}).result == "to_assembly"
    assert decide({"u1": "for", "n1": "for", "i1": "abstain", "c1": "against"}).result == "adopted"


def test_the_alternate_votes_only_when_the_regular_member_is_absent():
    present = EVERYONE - {"c1"}
    tally = decide({"u1": "for", "n1": "for", "i1": "against", "c2": "against", "u2": "against"}, present)
    assert tally.voters["companies"] == "c2" and tally.votes["unions"] == "for"
    assert tally.not_counted == {"u2": "not_the_seats_voter"}
    assert tally.result == "to_assembly"


def test_the_chair_has_no_vote():
    tally = decide({"u1": "for", "n1": "for", "i1": "against", "c1": "against", "chair": "for"})
    assert tally.result == "to_assembly" and tally.not_counted == {"chair": "chair"}


def test_a_seat_with_nobody_present_does_not_vote():
    tally = decide({"u1": "for", "n1": "for", "i1": "against"}, present=EVERYONE - {"c1", "c2"})
    assert tally.empty_seats == ("companies",) and tally.result == "adopted"


def test_a_concerned_member_is_replaced_and_cannot_vote():
    ballots = {"c1": "against", "c2": "for", "u1": "for", "n1": "against", "i1": "against"}
    tally = decide(ballots, concerned={"c1"})
    assert tally.voters["companies"] == "c2" and tally.not_counted == {"c1": "concerned"}
    assert tally.result == "to_assembly"
    tally = decide({**ballots, "x9": "for"}, concerned={"c1", "c2"}, replacements={"companies": "x9"})
    assert tally.voters["companies"] == "x9" and tally.votes["companies"] == "for"
    assert tally.not_counted == {"c1": "concerned", "c2": "concerned"}


def test_with_both_seat_holders_concerned_and_no_replacement_the_seat_is_empty():
    seat = SEATS[3]
    assert voter(seat, present=EVERYONE, concerned={"c1", "c2"}) is None


def test_a_silent_seat_blocks_consensus_but_not_a_majority():
    tally = decide({"u1": "for", "n1": "for", "i1": "for"})
    assert tally.result == "adopted" and "companies" not in tally.votes


def test_an_unknown_choice_is_refused():
    with pytest.raises(ValueError):
        decide({"u1": "maybe"})
    with pytest.raises(ValueError):
        assembly({"p1": "maybe"})


@pytest.mark.parametrize(
    ("ballots", "result"),
    [
        ({"p1": "for", "p2": "for", "p3": "against"}, "adopted"),
        ({"p1": "for", "p2": "against", "p3": "against"}, "rejected"),
        ({"p1": "for", "p2": "against", "p3": "abstain"}, "not_adopted"),
        ({}, "not_adopted"),
    ],
)
def test_the_assembly_decides_by_majority_and_without_one_nothing_is_adopted(ballots, result):
    assert assembly(ballots) == result
