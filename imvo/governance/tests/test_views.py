"""The pages: recusal enforced on the pages themselves, outlines for the parties and everything
for the core group, forms that keep what was typed, and decisions put to the core group from the
records they concern. Every role's access per page is in core/tests/test_permissions.py."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imvo.governance import services
from imvo.governance.models import Ballot, Complaint, Proposal
from imvo.governance.tests.conftest import report, vote_on
from imvo.organizations.models import Participation


def _complaint_before_core_group(w):
    complaint = services.complaint_file(
        agreement=w.agreement,
        company=w.company,
        about="Alfa heeft haar risicoanalyse twee jaar niet ingeleverd.",
        actor=w.union_member,
    )
    return complaint, services.complaint_to_core_group(complaint=complaint, actor=w.secretariat)


def test_a_member_of_the_complained_about_company_is_kept_out_of_the_case(seated, meeting_today, login):
    w = seated
    complaint, proposal = _complaint_before_core_group(w)
    services.proposal_deliberate(proposal=proposal, author=w.ngo_member, text="Eerst Alfa horen.")
    services.proposal_vote_open(proposal=proposal, meeting=meeting_today, actor=w.secretariat)

    client = login(w.company_admin)
    assert client.get(reverse("governance:deliberation", args=[proposal.pk])).status_code == 403
    response = client.post(
        reverse("governance:deliberation", args=[proposal.pk]), {"text": "Wij zijn bezig."}
    )
    assert response.status_code == 403
    page = client.get(reverse("governance:proposal", args=[proposal.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Eerst Alfa horen." not in body and "twee jaar niet ingeleverd" not in body
    assert (
        page.context["concerned"] and "ballot_form" not in page.context and "tally_rows" not in page.context
    )
    assert (
        client.post(reverse("governance:ballot", args=[proposal.pk]), {"choice": "against"}).status_code
        == 403
    )
    assert not Ballot.objects.filter(user=w.company_admin).exists()
    complaint_page = client.get(reverse("governance:complaint", args=[complaint.pk]))
    assert (
        complaint_page.status_code == 200
        and "twee jaar niet ingeleverd" not in complaint_page.content.decode()
    )
    assert complaint_page.context["full"] is False

    union_seat = login(w.core_group_member).get(reverse("governance:deliberation", args=[proposal.pk]))
    assert union_seat.status_code == 403, "the complaint came from the union: its seat is concerned too"
    other = login(w.association_member)
    assert (
        "Eerst Alfa horen."
        in other.get(reverse("governance:deliberation", args=[proposal.pk])).content.decode()
    )


def test_the_named_replacement_votes_for_the_concerned_seat_through_the_pages(seated, meeting_today, login):
    w = seated
    complaint = services.complaint_file(
        agreement=w.agreement, company=w.third_company, about="Gamma levert niets aan.", actor=w.ngo_member
    )
    proposal = services.complaint_to_core_group(complaint=complaint, actor=w.secretariat)
    secretariat = login(w.secretariat)
    response = secretariat.post(
        reverse("governance:replacement", args=[proposal.pk]),
        {"constituency": "ngos", "user": w.ngo_member_without_ca.pk},
    )
    assert response.status_code == 302
    secretariat.post(reverse("governance:vote_open", args=[proposal.pk]), {"meeting": meeting_today.pk})

    refused = login(w.ngo_member).post(
        reverse("governance:ballot", args=[proposal.pk]), {"choice": "against"}
    )
    assert refused.status_code == 403
    replacement = login(w.ngo_member_without_ca)
    assert replacement.get(reverse("governance:deliberation", args=[proposal.pk])).status_code == 200
    assert (
        replacement.post(reverse("governance:ballot", args=[proposal.pk]), {"choice": "for"}).status_code
        == 302
    )
    login(w.core_group_member).post(reverse("governance:ballot", args=[proposal.pk]), {"choice": "for"})

    page = login(w.chair).get(reverse("governance:proposal", args=[proposal.pk]))
    rows = {row["seat"].constituency: row for row in page.context["tally_rows"]}
    assert rows["ngos"]["voter"] == w.ngo_member_without_ca and rows["ngos"]["vote"] == "for"
    closed = login(w.chair).post(
        reverse("governance:vote_close", args=[proposal.pk]),
        {"outcome": "Gamma levert binnen drie maanden aan.", "decided_on": meeting_today.held_on.isoformat()},
    )
    assert closed.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.DECIDED


def test_a_ballot_from_someone_who_is_not_the_seats_voter_is_refused_with_the_reason(
    seated, meeting_today, login
):
    w = seated
    services.meeting_attendance_set(
        meeting=meeting_today, present=[w.company_admin, w.other_company_admin], actor=w.secretariat
    )
    proposal = vote_on(w, meeting_today)
    client = login(w.other_company_admin)
    response = client.post(reverse("governance:ballot", args=[proposal.pk]), {"choice": "for"})
    assert response.status_code == 400
    assert "plaatsvervangend lid stemt alleen als" in response.content.decode()
    assert not proposal.ballots.exists()


def test_closing_the_vote_keeps_the_decision_typed_when_refused(seated, meeting_today, login):
    w = seated
    proposal = vote_on(w, meeting_today)
    client = login(w.secretariat)
    response = client.post(
        reverse("governance:vote_close", args=[proposal.pk]),
        {"outcome": "Het jaarplan is vastgesteld.", "decided_on": meeting_today.held_on.isoformat()},
    )
    assert response.status_code == 400, "no vote counts yet"
    assert "Het jaarplan is vastgesteld." in response.content.decode()
    login(w.core_group_member).post(reverse("governance:ballot", args=[proposal.pk]), {"choice": "against"})
    login(w.ngo_member).post(reverse("governance:ballot", args=[proposal.pk]), {"choice": "for"})
    response = login(w.secretariat).post(
        reverse("governance:vote_close", args=[proposal.pk]), {"outcome": "", "decided_on": "2026-01-01"}
    )
    proposal.refresh_from_db()
    assert response.status_code == 302 and proposal.status == Proposal.Status.TO_ASSEMBLY


def test_parties_read_meetings_in_outline_and_the_core_group_in_full(world, login):
    meeting = services.meeting_plan(
        agreement=world.agreement,
        body="core_group",
        held_on=world.agreement.start_date,
        actor=world.secretariat,
    )
    services.meeting_update(
        meeting=meeting,
        actor=world.secretariat,
        held_on=meeting.held_on,
        agenda_outline="Jaarplan en signalen",
        minutes="Alfa loopt achter met haar lijst.",
        minutes_outline="Het jaarplan is besproken.",
        progress_report=report(),
    )
    secret = services.meeting_document_add(
        meeting=meeting,
        title="Notitie",
        file=SimpleUploadedFile("notitie.txt", b"vertrouwelijk"),
        shared_with_parties=False,
        actor=world.secretariat,
    )
    party = login(world.union_member).get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert "Het jaarplan is besproken." in party and "Jaarplan en signalen" in party
    assert "Alfa loopt achter" not in party and "Notitie" not in party
    url = reverse("governance:meeting_document", args=[meeting.pk, secret.pk])
    assert login(world.union_member).get(url).status_code == 404
    member = login(world.core_group_member)
    assert (
        "Alfa loopt achter" in member.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    )
    assert b"".join(member.get(url).streaming_content) == b"vertrouwelijk"


def test_the_meetings_page_warns_when_the_year_falls_short_of_four_meetings(world, login):
    response = login(world.secretariat).get(reverse("governance:meetings"))
    current = next(r for r in response.context["rhythm"] if r.current)
    assert current.short == 4 and not current.assembly_held
    assert response.content.decode().count('role="alert"') == 1


def test_the_secretariat_records_attendance_and_cannot_hold_without_the_report(seated, login):
    w = seated
    meeting = services.meeting_plan(
        agreement=w.agreement, body="core_group", held_on=w.agreement.start_date, actor=w.secretariat
    )
    client = login(w.secretariat)
    response = client.post(
        reverse("governance:meeting_attendance", args=[meeting.pk]),
        {f"att-user_{w.core_group_member.pk}": "on", f"att-user_{w.chair.pk}": "on"},
    )
    assert response.status_code == 302
    assert set(meeting.attendance.filter(present=True).values_list("user", flat=True)) == {
        w.core_group_member.pk,
        w.chair.pk,
    }
    client.post(reverse("governance:meeting_hold", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == "planned"
    client.post(
        reverse("governance:meeting_edit", args=[meeting.pk]),
        {"held_on": meeting.held_on.isoformat(), "progress_report": report()},
    )
    client.post(reverse("governance:meeting_hold", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == "held"


def test_an_application_is_put_to_the_core_group_from_its_page(world, login):
    from imvo.core.tests.test_permissions import _application

    application = _application(world)
    client = login(world.secretariat)
    page = client.get(reverse("organizations:application", args=[application.pk])).content.decode()
    start = f"{reverse('governance:proposal_new')}?kind=accession&amp;subject={application.pk}"
    assert start in page
    url = start.replace("&amp;", "&")
    form = client.get(url)
    assert "Nieuw BV" in form.context["form"]["title"].value()
    assert [k for k, _label in form.context["form"].fields["kind"].choices] == ["accession"]
    response = client.post(url, {"kind": "accession", "title": "Toetreding Nieuw BV", "text": "Toelaten."})
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and proposal.subject == application
    assert client.get(url).url == reverse("governance:proposal", args=[proposal.pk]), "not twice"
    participation = Participation.objects.get(organization=world.company)
    detail = client.get(reverse("organizations:detail", args=[world.company.pk])).content.decode()
    assert f"kind=removal&amp;subject={participation.pk}" in detail


def test_a_complaint_form_says_what_a_complaint_may_concern_and_screening_needs_a_reason(world, login):
    client = login(world.union_member)
    form = client.get(reverse("governance:complaint_new"))
    assert world.union not in form.context["form"].fields["company"].queryset
    assert world.company in form.context["form"].fields["company"].queryset
    response = client.post(reverse("governance:complaint_new"), {"company": world.company.pk, "about": ""})
    assert response.status_code == 400
    client.post(
        reverse("governance:complaint_new"), {"company": world.company.pk, "about": "Geen voortgang."}
    )
    complaint = Complaint.objects.get()
    assert complaint.complainant == world.union_member
    secretariat = login(world.secretariat)
    url = reverse("governance:complaint_screen", args=[complaint.pk])
    refused = secretariat.post(url, {"decision": "out_of_scope", "reason": ""})
    assert refused.status_code == 400
    secretariat.post(url, {"decision": "out_of_scope", "reason": "Gaat over een leverancier."})
    complaint.refresh_from_db()
    assert complaint.status == "out_of_scope"
    mine = (
        login(world.union_member).get(reverse("governance:complaint", args=[complaint.pk])).content.decode()
    )
    assert "Gaat over een leverancier." in mine
    assert (
        login(world.company_admin).get(reverse("governance:complaint", args=[complaint.pk])).status_code
        == 404
    )


def test_a_published_decision_reaches_every_party(seated, meeting_today, login):
    w = seated
    proposal = vote_on(w, meeting_today)
    services.ballot_cast(proposal=proposal, user=w.core_group_member, choice="for")
    services.proposal_tally(
        proposal=proposal, actor=w.secretariat, outcome="Het jaarplan 2027 is vastgesteld."
    )
    assert login(w.union_member).get(reverse("governance:proposal", args=[proposal.pk])).status_code == 404
    login(w.chair).post(reverse("governance:publish", args=[proposal.pk]))
    page = login(w.government_observer).get(reverse("governance:decisions")).content.decode()
    assert "Het jaarplan 2027 is vastgesteld." in page
    assert login(w.union_member).get(reverse("governance:proposal", args=[proposal.pk])).status_code == 200


def test_the_meeting_page_keeps_an_unpublished_result_from_a_concerned_member(seated, meeting_today, login):
    w = seated
    _complaint, proposal = _complaint_before_core_group(w)
    services.proposal_vote_open(proposal=proposal, meeting=meeting_today, actor=w.secretariat)
    services.ballot_cast(proposal=proposal, user=w.ngo_member, choice="against")
    services.ballot_cast(proposal=proposal, user=w.association_member, choice="against")
    services.proposal_tally(proposal=proposal, actor=w.secretariat, outcome="De klacht wordt afgewezen.")
    url = reverse("governance:meeting", args=[meeting_today.pk])
    assert proposal not in login(w.company_admin).get(url).context["proposals"]
    assert proposal in login(w.ngo_member).get(url).context["proposals"]


def test_reading_a_complaint_through_its_proposal_is_logged(seated, login):
    from auditlog.models import LogEntry

    w = seated
    complaint, proposal = _complaint_before_core_group(w)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(complaint.pk)).count()
    login(w.association_member).get(reverse("governance:proposal", args=[proposal.pk]))
    login(w.association_member).get(reverse("governance:deliberation", args=[proposal.pk]))
    after = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(complaint.pk)).count()
    assert after == before + 2


def test_a_tampered_id_in_the_proposal_form_is_a_form_error(seated, login):
    client = login(seated.secretariat)
    response = client.post(
        reverse("governance:proposal_new"),
        {"kind": "general", "title": "Test", "text": "Tekst", "concerned": ["99999999999999999999", "x"]},
    )
    assert response.status_code == 400


def test_a_chair_whose_organization_is_concerned_cannot_close_the_vote(seated, meeting_today, login):
    w = seated
    complaint = services.complaint_file(
        agreement=w.agreement, company=w.third_company, about="Gamma levert niets aan.", actor=w.union_member
    )
    proposal = services.complaint_to_core_group(complaint=complaint, actor=w.secretariat)
    proposal.concerned.add(w.chair.organization)
    services.proposal_vote_open(proposal=proposal, meeting=meeting_today, actor=w.secretariat)
    assert not w.chair.has_perm("governance.close_vote", proposal)
    assert w.secretariat.has_perm("governance.close_vote", proposal)
