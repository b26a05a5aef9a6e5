"""How the core group decides (art. 50 of the Metal Sector Agreement), and the assembly after it.

- The core group strives for consensus: no seat objects.
- Failing consensus it votes: one vote per seat. The regular member votes; the alternate votes only
  when the regular member is absent. A member whose own organization is concerned by the case
  (a complaint, art. 84) does not vote; a replacement from the same constituency votes for the
  seat, else the alternate if not concerned too. The chair has no vote.
- A majority of the votes cast (for against against; abstentions are not votes either way) decides.
- With no majority the core group puts the decision to the sector-module assembly, where every
  party votes and the majority decides; with no majority there either, the proposal is not adopted.

Pure Python, so the rules can be tested at their edges; the pages record who was present and
who voted how, and call these functions for the outcome.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

Choice = Literal["for", "against", "abstain"]
CHOICES: tuple[Choice, ...] = ("for", "against", "abstain")
Result = Literal["consensus", "adopted", "rejected", "to_assembly"]
AssemblyResult = Literal["adopted", "rejected", "not_adopted"]


@dataclass(frozen=True)
class Seat:
    """A seat of the core group and who holds it (art. 46–47)."""

    constituency: str
    regular: Hashable | None
    alternate: Hashable | None


@dataclass(frozen=True)
class Tally:
    result: Result
    votes: dict[str, Choice]  # per seat, the vote that counted
    voters: dict[str, Hashable]  # per seat, who cast it
    not_counted: dict[Hashable, str] = field(default_factory=dict)  # ballot → why it did not count
    empty_seats: tuple[str, ...] = ()  # seats with nobody entitled to vote present

    def count(self, choice: Choice) -> int:
        return sum(1 for vote in self.votes.values() if vote == choice)


def voter(
    seat: Seat,
    *,
    present: Iterable[Hashable],
    concerned: Iterable[Hashable] = (),
    replacement: Hashable | None = None,
) -> Hashable | None:
    """Who casts the seat's vote: the regular member, else the alternate, never a concerned member;
    a replacement named for a concerned member takes that member's place."""
    present, concerned = set(present), set(concerned)
    if seat.regular in concerned and replacement is not None:
        return replacement
    for member in (seat.regular, seat.alternate):
        if member is not None and member in present and member not in concerned:
            return member
    return None


def core_group(
    seats: Iterable[Seat],
    ballots: Mapping[Hashable, Choice],
    *,
    present: Iterable[Hashable],
    concerned: Iterable[Hashable] = (),
    replacements: Mapping[str, Hashable] | None = None,
    chair: Hashable | None = None,
) -> Tally:
    """The outcome of one decision. `ballots` may hold anyone's choice; only the seats' voters count,
    and every other ballot is listed with the reason it did not count."""
    present, concerned, replacements = set(present), set(concerned), dict(replacements or {})
    votes: dict[str, Choice] = {}
    voters: dict[str, Hashable] = {}
    empty: list[str] = []
    for seat in seats:
        who = voter(
            seat, present=present, concerned=concerned, replacement=replacements.get(seat.constituency)
        )
        if who is None:
            empty.append(seat.constituency)
            continue
        voters[seat.constituency] = who
        if who in ballots:
            if ballots[who] not in CHOICES:
                raise ValueError(f"unknown choice {ballots[who]!r}")
            votes[seat.constituency] = ballots[who]
    counted = set(voters.values())
    not_counted = {
        member: _why_not(member, chair=chair, concerned=concerned, present=present)
        for member in ballots
        if member not in counted
    }
    choices = Counter(votes.values())
    if votes and not choices["against"] and len(votes) == len(voters) and choices["for"]:
        result: Result = "consensus"
    elif choices["for"] > choices["against"]:
        result = "adopted"
    elif choices["against"] > choices["for"]:
        result = "rejected"
    else:
        result = "to_assembly"
    return Tally(result, votes, voters, not_counted, tuple(empty))


def _why_not(member: Hashable, *, chair: Hashable | None, concerned: set, present: set) -> str:
    if member == chair:
        return "chair"
    if member in concerned:
        return "concerned"
    if member not in present:
        return "absent"
    return "not_the_seats_voter"


def assembly(ballots: Mapping[Hashable, Choice]) -> AssemblyResult:
    """The sector-module assembly: every party one vote, the majority of votes cast decides."""
    choices = Counter(ballots.values())
    if set(choices) - set(CHOICES):
        raise ValueError("unknown choice")
    if choices["for"] > choices["against"]:
        return "adopted"
    if choices["against"] > choices["for"]:
        return "rejected"
    return "not_adopted"
