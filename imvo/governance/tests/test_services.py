"""The core group's work through its services: meetings and their agenda, proposals decided by
consensus, vote or the assembly and applied to their subject, and complaints with recusal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from imvo.governance import selectors, services
from imvo.governance.models import AgendaItem, Complaint, Meeting, Proposal
from imvo.governance.tests.conftest import report, vote_on
from imvo.organizations.models import Organization, Participation
from imvo.organizations.services import (
    application_inform_parties,
    application_request_hearing,
    application_submit,
    participation_remind,
)

TODAY = timezone.localdate()


def _plan(w, body="core_group", on=None):
    return services.meeting_plan(
        agreement=w.agreement, body=body, held_on=on or TODAY + dt.timedelta(days=30), actor=w.secretariat
    )


# --- meetings -----------------------------------------------------------------------------------


def test_an_item_waits_for_the_next_meeting_and_a_new_meeting_takes_it_up(world):
    early = services.agenda_item_add(
        agreement=world.agreement,
        title="Signaal: brand bij smelter",
        summary="",
        kind="early_warning",
        actor=None,
        source=world.company,
    )
    assert early.meeting is None and early.source == world.company
    meeting = _plan(world)
    early.refresh_from_db()
    assert early.meeting == meeting
    kinds = list(meeting.agenda_items.values_list("kind", flat=True))
    assert kinds == ["progress_report", "early_warning"], "art. 52: the progress report on every agenda"
    later = services.agenda_item_add(
        agreement=world.agreement, title="Rondvraag", summary="", kind="general", actor=world.secretariat
    )
    assert later.meeting == meeting and later.position > early.position


def test_a_past_meeting_does_not_take_up_the_waiting_items(world):
    item = services.agenda_item_add(
        agreement=world.agreement, title="Later", summary="", kind="general", actor=world.secretariat
    )
    _plan(world, on=TODAY - dt.timedelta(days=40))
    item.refresh_from_db()
    assert item.meeting is None


def test_a_core_group_meeting_is_held_only_with_the_progress_report(world):
    meeting = _plan(world, on=TODAY)
    with pytest.raises(ValidationError) as e:
        services.meeting_hold(meeting=meeting, actor=world.secretariat)
    assert "progress_report" in e.value.error_dict
    services.meeting_update(
        meeting=meeting,
        actor=world.secretariat,
        held_on=TODAY,
        minutes="Vertrouwelijk",
        minutes_outline="Op hoofdlijnen",
        progress_report=report(),
    )
    meeting.refresh_from_db()
    assert len(meeting.progress_report_sha256) == 64 and meeting.progress_report_name == "voortgang.pdf"
    services.meeting_hold(meeting=meeting, actor=world.secretariat)
    assert meeting.status == "held"
    assembly = _plan(world, body="assembly", on=TODAY)
    assert services.meeting_hold(meeting=assembly, actor=world.secretariat).status == "held"


def test_a_future_meeting_cannot_be_held_nor_attended(world):
    meeting = _plan(world)
    with pytest.raises(ValidationError):
        services.meeting_hold(meeting=meeting, actor=world.secretariat)
    with pytest.raises(ValidationError):
        services.meeting_attendance_set(meeting=meeting, present=[], actor=world.secretariat)


def test_documents_are_kept_unaltered_with_their_digest(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = _plan(world)
    doc = services.meeting_document_add(
        meeting=meeting,
        title="Jaarplan",
        file=SimpleUploadedFile("plan.txt", b"inhoud"),
        shared_with_parties=True,
        actor=world.secretariat,
    )
    import hashlib

    assert doc.sha256 == hashlib.sha256(b"inhoud").hexdigest() and doc.file.read() == b"inhoud"


def test_only_seated_people_attend_the_core_group_and_only_parties_the_assembly(seated):
    w = seated
    meeting = _plan(w, on=TODAY)
    with pytest.raises(ValidationError):
        services.meeting_attendance_set(meeting=meeting, present=[w.union_member], actor=w.secretariat)
    rows = services.meeting_attendance_set(
        meeting=meeting, present=[w.core_group_member], actor=w.secretariat
    )
    assert len(rows) == 6 and sum(r.present for r in rows) == 1, "every seat and the chair, present or not"
    assembly = _plan(w, body="assembly", on=TODAY)
    with pytest.raises(ValidationError):
        services.meeting_attendance_set(meeting=assembly, present=[w.government], actor=w.secretariat)
    rows = services.meeting_attendance_set(
        meeting=assembly,
        present=[w.ngo, w.company],
        representatives={w.ngo.pk: "Ingrid"},
        actor=w.secretariat,
    )
    assert {r.organization for r in rows if r.present} == {w.ngo, w.company}
    assert next(r for r in rows if r.organization == w.ngo).representative == "Ingrid"


def test_the_rhythm_counts_core_group_meetings_and_the_assembly_per_year(world):
    _plan(world, on=TODAY)
    _plan(world)
    row = next(r for r in selectors.meeting_rhythm(agreement=world.agreement) if r.current)
    assert (row.held, row.planned, row.short, row.assembly_held) == (0, 2, 2, False)


def test_cancelling_moves_the_items_to_the_next_meeting(world):
    first, second = (
        _plan(world, on=TODAY + dt.timedelta(days=5)),
        _plan(world, on=TODAY + dt.timedelta(days=60)),
    )
    item = services.agenda_item_add(
        agreement=world.agreement, title="Punt", summary="", kind="general", actor=world.secretariat
    )
    assert item.meeting == first
    services.meeting_cancel(meeting=first, actor=world.secretariat)
    item.refresh_from_db()
    assert item.meeting == second


# --- proposals and votes ------------------------------------------------------------------------


def test_no_objection_is_consensus_and_the_decision_is_published(seated, meeting_today):
    w = seated
    proposal = vote_on(w, meeting_today)
    assert AgendaItem.objects.filter(proposal=proposal, kind="decision").exists()
    for member in (w.core_group_member, w.ngo_member, w.association_member):
        services.ballot_cast(proposal=proposal, user=member, choice="for")
    services.ballot_cast(proposal=proposal, user=w.company_admin, choice="abstain")
    with pytest.raises(ValidationError) as e:
        services.proposal_tally(proposal=proposal, actor=w.chair)
    assert "outcome" in e.value.error_dict
    tally = services.proposal_tally(proposal=proposal, actor=w.chair, outcome="Het jaarplan is vastgesteld.")
    proposal.refresh_from_db()
    assert tally.result == "consensus" and proposal.status == "decided" and proposal.decided_on == TODAY
    assert not selectors.decision_list(agreement=w.agreement).exists()
    services.proposal_publish(proposal=proposal, actor=w.secretariat)
    assert list(selectors.decision_list(agreement=w.agreement)) == [proposal]


def test_one_objection_means_the_majority_decides(seated, meeting_today):
    w = seated
    proposal = vote_on(w, meeting_today)
    for member, choice in (
        (w.core_group_member, "for"),
        (w.ngo_member, "for"),
        (w.association_member, "against"),
        (w.company_admin, "for"),
    ):
        services.ballot_cast(proposal=proposal, user=member, choice=choice)
    services.ballot_cast(proposal=proposal, user=w.core_group_member, choice="for")
    assert (
        services.proposal_tally(proposal=proposal, actor=w.secretariat, outcome="Aangenomen.").result
        == "adopted"
    )


def test_the_chair_and_a_present_alternate_are_refused_with_the_reason(seated, meeting_today):
    w = seated
    proposal = vote_on(w, meeting_today)
    with pytest.raises(ValidationError, match="chair has no vote"):
        services.ballot_cast(proposal=proposal, user=w.chair, choice="for")
    services.meeting_attendance_set(
        meeting=meeting_today,
        present=[w.core_group_member, w.company_admin, w.other_company_admin],
        actor=w.secretariat,
    )
    with pytest.raises(ValidationError, match="regular member votes for your seat"):
        services.ballot_cast(proposal=proposal, user=w.other_company_admin, choice="for")
    with pytest.raises(ValidationError, match="not recorded as present"):
        services.ballot_cast(proposal=proposal, user=w.ngo_member, choice="for")
    with pytest.raises(ValidationError, match="Only the core group"):
        services.ballot_cast(proposal=proposal, user=w.union_member, choice="for")


def test_the_alternate_votes_when_the_regular_member_is_absent(seated, meeting_today):
    w = seated
    services.meeting_attendance_set(
        meeting=meeting_today, present=[w.core_group_member, w.other_company_admin], actor=w.secretariat
    )
    proposal = vote_on(w, meeting_today)
    services.ballot_cast(proposal=proposal, user=w.other_company_admin, choice="against")
    services.ballot_cast(proposal=proposal, user=w.core_group_member, choice="against")
    assert (
        services.proposal_tally(proposal=proposal, actor=w.secretariat, outcome="Verworpen.").result
        == "rejected"
    )


def test_a_ballot_needs_an_open_vote(seated, meeting_today):
    w = seated
    proposal = services.proposal_submit(
        agreement=w.agreement, kind="general", title="T", text="Tekst", actor=w.core_group_member
    )
    with pytest.raises(ValidationError, match="not open for voting"):
        services.ballot_cast(proposal=proposal, user=w.core_group_member, choice="for")


def test_a_tie_goes_to_the_assembly_where_the_parties_decide(seated, meeting_today):
    w = seated
    proposal = vote_on(w, meeting_today)
    for member, choice in (
        (w.core_group_member, "for"),
        (w.ngo_member, "for"),
        (w.association_member, "against"),
        (w.company_admin, "against"),
    ):
        services.ballot_cast(proposal=proposal, user=member, choice=choice)
    assert services.proposal_tally(proposal=proposal, actor=w.secretariat).result == "to_assembly"
    proposal.refresh_from_db()
    assert proposal.status == "to_assembly" and proposal.decided_on is None
    assert proposal in selectors.proposal_list(agreement=w.agreement, fetched_by=w.union_member)
    with pytest.raises(ValidationError):
        services.assembly_ballot_record(
            proposal=proposal, organization=w.government, choice="for", actor=w.secretariat
        )
    for org, choice in ((w.ngo, "for"), (w.union, "for"), (w.company, "against"), (w.ngo, "for")):
        services.assembly_ballot_record(
            proposal=proposal, organization=org, choice=choice, actor=w.secretariat
        )
    assembly = _plan(w, body="assembly", on=TODAY)
    result = services.assembly_tally(
        proposal=proposal, actor=w.secretariat, outcome="Aangenomen door de vergadering.", meeting=assembly
    )
    proposal.refresh_from_db()
    assert result == "adopted" and proposal.adopted and proposal.assembly_meeting == assembly


# --- decisions applied to their subject ---------------------------------------------------------


def _application(w):
    p = application_submit(
        agreement=w.agreement,
        organization=Organization(kind="company", name="Nieuw BV", chain_positions=["trading"]),
        form="party",
        applicant_name="Ann",
        applicant_email="ann@nieuw.example",
        motivation="Wij willen meedoen.",
    )
    application_inform_parties(participation=p, actor=w.secretariat)
    return p


def _adopt(w, meeting, proposal, outcome="Besloten."):
    services.proposal_vote_open(proposal=proposal, meeting=meeting, actor=w.secretariat)
    for member in (w.core_group_member, w.ngo_member, w.association_member):
        if selectors.seat_voter(proposal=proposal, user=member):
            services.ballot_cast(proposal=proposal, user=member, choice="for")
    return services.proposal_tally(proposal=proposal, actor=w.secretariat, outcome=outcome)


def test_an_accession_decided_by_the_core_group_approves_the_application(seated, meeting_today):
    w = seated
    application = _application(w)
    proposal = services.proposal_submit(
        agreement=w.agreement,
        kind="accession",
        title="Toetreding",
        text="Toelaten.",
        actor=w.secretariat,
        subject=application,
    )
    with pytest.raises(ValidationError, match="already before the core group"):
        services.proposal_submit(
            agreement=w.agreement,
            kind="accession",
            title="Nog eens",
            text="x",
            actor=w.secretariat,
            subject=application,
        )
    _adopt(w, meeting_today, proposal)
    application.refresh_from_db()
    assert application.status == Participation.Status.APPROVED and application.decided_on == TODAY


def test_a_pending_hearing_stops_the_decision_and_nothing_is_recorded(seated, meeting_today):
    w = seated
    application = _application(w)
    proposal = services.proposal_submit(
        agreement=w.agreement,
        kind="accession",
        title="Toetreding",
        text="Toelaten.",
        actor=w.secretariat,
        subject=application,
    )
    application_request_hearing(
        participation=application, actor=w.ngo_member, note="Vragen over kinderarbeid"
    )
    with pytest.raises(ValidationError, match="hear the applicant"):
        _adopt(w, meeting_today, proposal)
    proposal.refresh_from_db()
    application.refresh_from_db()
    assert proposal.status == "voting" and not proposal.outcome and application.status == "applied"


def test_a_removal_needs_the_reminder_and_then_is_applied_with_the_outcome_as_explanation(
    seated, meeting_today
):
    w = seated
    participation = Participation.objects.get(organization=w.third_company, agreement=w.agreement)
    proposal = services.proposal_submit(
        agreement=w.agreement,
        kind="removal",
        title="Verwijdering",
        text="Verwijderen.",
        actor=w.secretariat,
        subject=participation,
    )
    assert set(proposal.concerned.all()) == {w.third_company}
    with pytest.raises(ValidationError, match="reminded"):
        _adopt(w, meeting_today, proposal, outcome="Gamma volgt de uitspraak niet op.")
    participation_remind(
        participation=participation, actor=w.secretariat, reminded_on=TODAY, note="Uitspraak 3"
    )
    proposal.refresh_from_db()
    services.proposal_tally(
        proposal=proposal, actor=w.secretariat, outcome="Gamma volgt de uitspraak niet op."
    )
    participation.refresh_from_db()
    assert participation.status == "removal_pending"
    assert participation.removal_explanation == "Gamma volgt de uitspraak niet op."


def test_a_disclosure_restriction_is_decided_through_the_core_group(seated, meeting_today):
    from imvo.core.tests.test_permissions import _restriction

    w = seated
    restriction = _restriction(w)
    proposal = services.proposal_submit(
        agreement=w.agreement,
        kind="disclosure_restriction",
        title="Art. 24",
        text="Toestaan.",
        actor=w.secretariat,
        subject=restriction,
    )
    assert set(proposal.concerned.all()) == {w.company}, "the asking company's seat steps aside"
    _adopt(w, meeting_today, proposal, outcome="Op landniveau tonen.")
    restriction.refresh_from_db()
    assert restriction.status == "approved" and restriction.decided_on == TODAY


def test_a_proposal_about_a_record_needs_the_record_of_the_right_kind(world):
    with pytest.raises(ValidationError):
        services.proposal_submit(
            agreement=world.agreement, kind="removal", title="T", text="x", actor=world.secretariat
        )
    with pytest.raises(ValidationError):
        services.proposal_submit(
            agreement=world.agreement,
            kind="accession",
            title="T",
            text="x",
            actor=world.secretariat,
            subject=Participation.objects.get(organization=world.company),
        )


# --- complaints ---------------------------------------------------------------------------------


def _complaint(w, by=None):
    return services.complaint_file(
        agreement=w.agreement,
        company=w.company,
        about="Alfa levert al twee jaar geen productielocaties aan.",
        actor=by or w.ngo_member,
    )


def test_a_complaint_only_concerns_a_participating_company_other_than_ones_own(world):
    with pytest.raises(ValidationError) as e:
        services.complaint_file(
            agreement=world.agreement, company=world.ngo, about="x", actor=world.union_member
        )
    assert "company" in e.value.error_dict
    with pytest.raises(ValidationError):
        services.complaint_file(
            agreement=world.agreement, company=world.company, about="x", actor=world.company_member
        )
    with pytest.raises(ValidationError):
        services.complaint_file(
            agreement=world.agreement, company=world.company, about="x", actor=world.government_observer
        )
    with pytest.raises(ValidationError) as e:
        services.complaint_file(
            agreement=world.agreement, company=world.company, about="x", actor=world.secretariat
        )
    assert "complainant_name" in e.value.error_dict
    recorded = services.complaint_file(
        agreement=world.agreement,
        company=world.company,
        about="Via de telefoon",
        actor=world.secretariat,
        complainant_name="Mw. Jansen",
        complainant_email="jansen@example.org",
    )
    assert recorded.complainant is None and recorded.who == "Mw. Jansen"


def test_the_secretariat_declares_a_complaint_out_of_scope_with_a_reason(world):
    complaint = _complaint(world)
    with pytest.raises(ValidationError) as e:
        services.complaint_declare_out_of_scope(complaint=complaint, reason=" ", actor=world.secretariat)
    assert "reason" in e.value.error_dict
    mail.outbox.clear()
    services.complaint_declare_out_of_scope(
        complaint=complaint, reason="Gaat over een leverancier, niet over voortgang.", actor=world.secretariat
    )
    assert complaint.status == "out_of_scope"
    with pytest.raises(ValidationError, match="already been screened"):
        services.complaint_to_core_group(complaint=complaint, actor=world.secretariat)


def test_a_complaint_with_the_core_group_replaces_the_concerned_member(
    seated, meeting_today, django_capture_on_commit_callbacks
):
    w = seated
    complaint = _complaint(w)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.complaint_to_core_group(complaint=complaint, actor=w.secretariat)
    assert {m.to[0] for m in mail.outbox} >= {w.ngo_member.email, w.company_admin.email}
    assert set(proposal.concerned.all()) == {w.company, w.ngo}
    assert proposal.kind == "complaint" and complaint.status == "with_core_group"

    # Alfa's admin holds the companies seat and the NGO's member the NGO seat: both step aside.
    with pytest.raises(ValidationError, match="concerned"):
        services.proposal_deliberate(proposal=proposal, author=w.company_admin, text="Wij zijn bezig.")
    assert not selectors.sees_case(user=w.company_admin, proposal=proposal)
    assert selectors.complaint_access(complaint=complaint, user=w.company_admin) == "summary"
    assert selectors.complaint_access(complaint=complaint, user=w.core_group_member) == "full"
    services.proposal_deliberate(proposal=proposal, author=w.core_group_member, text="Eerst horen.")

    for seat, person in (("companies", w.union_member), ("ngos", w.ngo_member)):
        with pytest.raises(ValidationError, match="same constituency that is not concerned"):
            services.replacement_name(proposal=proposal, constituency=seat, user=person, actor=w.secretariat)
    with pytest.raises(ValidationError, match="not concerned"):
        services.replacement_name(
            proposal=proposal, constituency="unions", user=w.union_member, actor=w.secretariat
        )
    services.replacement_name(
        proposal=proposal, constituency="ngos", user=w.ngo_member_without_ca, actor=w.secretariat
    )

    services.proposal_vote_open(proposal=proposal, meeting=meeting_today, actor=w.secretariat)
    with pytest.raises(ValidationError, match="concerned"):
        services.ballot_cast(proposal=proposal, user=w.company_admin, choice="against")
    with pytest.raises(ValidationError, match="concerned"):
        services.ballot_cast(proposal=proposal, user=w.ngo_member, choice="for")
    services.ballot_cast(proposal=proposal, user=w.ngo_member_without_ca, choice="for")
    services.ballot_cast(proposal=proposal, user=w.core_group_member, choice="for")
    services.ballot_cast(proposal=proposal, user=w.association_member, choice="against")
    tally = selectors.tally_of(proposal=proposal)
    assert tally.voters["ngos"] == w.ngo_member_without_ca.pk and tally.votes["ngos"] == "for"
    assert "companies" in tally.empty_seats, "Beta, the alternate, was not present"
    services.proposal_tally(proposal=proposal, actor=w.chair, outcome="Alfa levert binnen drie maanden aan.")
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.DECIDED and complaint.outcome.startswith("Alfa levert")


def test_withdrawing_a_complaints_proposal_returns_it_to_screening(seated):
    w = seated
    complaint = _complaint(w)
    proposal = services.complaint_to_core_group(complaint=complaint, actor=w.secretariat)
    services.proposal_withdraw(proposal=proposal, actor=w.secretariat)
    complaint.refresh_from_db()
    assert complaint.status == "received" and complaint.proposal is None
    assert Proposal.objects.get(pk=proposal.pk).status == "withdrawn"


def test_only_parties_and_readers_of_the_agreement_take_part(world):
    assert selectors.takes_part(user=world.government_observer, agreement=world.agreement)
    assert selectors.takes_part(user=world.chair, agreement=world.agreement)
    assert not selectors.takes_part(user=world.no_org, agreement=world.agreement)
    assert Meeting.objects.count() == 0
