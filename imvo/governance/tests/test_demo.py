"""The demo sector shows the core group at work: a year of meetings, decisions and complaints."""

from imvo.demo.services import demo_load
from imvo.governance import selectors
from imvo.governance.models import Complaint, Meeting, Proposal


def test_the_demo_shows_a_year_of_meetings_decisions_and_complaints(db):
    assert demo_load() is True
    agreement = Meeting.objects.first().agreement
    first, second = selectors.meeting_rhythm(agreement=agreement)[:2]
    assert (first.held, first.short, first.assembly_held) == (4, 0, True)
    assert second.planned == 1
    assert all(m.progress_report for m in Meeting.objects.filter(body="core_group", status="held"))
    results = set(
        Proposal.objects.filter(published_at__isnull=False).values_list("result", "assembly_result")
    )
    assert results == {("consensus", ""), ("adopted", ""), ("to_assembly", "adopted")}
    voting = Proposal.objects.get(status="voting")
    assert len(selectors.tally_of(proposal=voting).votes) == 2
    assert Complaint.objects.get(status="out_of_scope").out_of_scope_reason
    case = Complaint.objects.get(status="with_core_group").proposal
    ctx = selectors.vote_context(proposal=case)
    assert len(ctx.concerned) == 2 and set(ctx.replacements) == {"ngos", "companies"}
