"""Who may see and do what in the core group's work. The meetings are closed (art. 48): agendas,
minutes in outline, shared documents and published decisions go to all parties and the government
observer; everything else stays with the core group, its chair and the secretariat — except that a
member whose organization is concerned by a case sees neither its deliberation nor its ballots
(art. 84). The objects passed are an agreement, a meeting, a proposal or a complaint."""

import rules

from imvo.accounts.rules import has_organization, is_secretariat
from imvo.governance import selectors
from imvo.governance.models import Proposal


def _agreement(obj):
    return getattr(obj, "agreement", obj)


@rules.predicate
def takes_part(user, obj) -> bool:
    return obj is not None and selectors.takes_part(user=user, agreement=_agreement(obj))


@rules.predicate
def sees_everything(user, obj) -> bool:
    return obj is not None and selectors.sees_everything(user=user, agreement=_agreement(obj))


@rules.predicate
def sits_in_core_group(user, obj) -> bool:
    return obj is not None and selectors.holds_seat(user=user, agreement=_agreement(obj))


@rules.predicate
def chairs_core_group(user, obj) -> bool:
    return obj is not None and selectors.holds_seat(user=user, agreement=_agreement(obj), chair=True)


@rules.predicate
def is_party_member(user, obj) -> bool:
    return obj is not None and selectors.is_party_member(user=user, agreement=_agreement(obj))


@rules.predicate
def sees_case(user, proposal) -> bool:
    return proposal is not None and selectors.sees_case(user=user, proposal=proposal)


@rules.predicate
def may_vote(user, proposal) -> bool:
    """A member of a voting seat or a named replacement, not concerned; `ballot_cast` then checks
    that the person is the seat's voter at the meeting."""
    if proposal is None or selectors.is_concerned(user=user, proposal=proposal):
        return False
    return selectors.votes_in_core_group(user=user, agreement=proposal.agreement) or selectors.is_replacement(
        user=user, proposal=proposal
    )


@rules.predicate
def is_concerned(user, proposal) -> bool:
    """Art. 84: a person whose organization the case concerns, the chair included."""
    return isinstance(proposal, Proposal) and selectors.is_concerned(user=user, proposal=proposal)


@rules.predicate
def sees_proposal(user, proposal) -> bool:
    return proposal is not None and selectors.proposal_visible(proposal=proposal, user=user)


rules.add_perm("governance.view_core_group", has_organization)
rules.add_perm("governance.change_core_group", is_secretariat)

rules.add_perm("governance.view_meetings", takes_part)
rules.add_perm("governance.view_meeting_in_full", sees_everything)
rules.add_perm("governance.manage_meetings", is_secretariat)

rules.add_perm("governance.view_proposals", takes_part)
rules.add_perm("governance.view_proposal", sees_proposal)
rules.add_perm("governance.submit_proposal", is_secretariat | sits_in_core_group)
rules.add_perm("governance.view_deliberation", sees_case)
rules.add_perm("governance.deliberate", sees_case)
rules.add_perm("governance.vote", may_vote)
rules.add_perm("governance.close_vote", is_secretariat | (chairs_core_group & ~is_concerned))
rules.add_perm("governance.manage_proposals", is_secretariat)

rules.add_perm("governance.view_complaints", takes_part)
rules.add_perm("governance.file_complaint", is_secretariat | is_party_member)
rules.add_perm("governance.screen_complaint", is_secretariat)
