"""The core group at work: seats (art. 46-47, 49, 54), meetings (art. 43-44, 48, 52), proposals
decided by consensus, vote or the assembly (art. 50), and complaints (art. 83-84)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from imvo.core.files import sha256_of
from imvo.core.services import notify_by_email
from imvo.governance import selectors, voting
from imvo.governance.models import (
    CONSTITUENCY_KINDS,
    AgendaItem,
    AssemblyBallot,
    Attendance,
    Ballot,
    Body,
    Complaint,
    CoreGroupMember,
    Deliberation,
    Meeting,
    MeetingDocument,
    Proposal,
    Replacement,
)
from imvo.governance.selectors import current_core_group
from imvo.organizations.models import Organization, Participation
from imvo.organizations.selectors import is_active_party, secretariat_emails


@transaction.atomic
def core_group_member_add(
    *, agreement, user, role: str, constituency: str, started_on: dt.date
) -> CoreGroupMember:
    """Seat a person: one regular and one alternate per seat, held by a party of that
    constituency; one chair, not from the secretariat (art. 54)."""
    org = user.organization
    if org is None:
        raise ValidationError({"user": _("This person does not belong to an organization.")})
    seated = current_core_group(agreement=agreement)
    if seated.filter(user=user).exists():
        raise ValidationError({"user": _("This person already has a seat in the core group.")})
    if role == CoreGroupMember.Role.CHAIR:
        constituency = ""
        if org.kind == Organization.Kind.SECRETARIAT:
            raise ValidationError({"user": _("The chair is not involved in the secretariat (art. 54).")})
        if seated.filter(role=role).exists():
            raise ValidationError({"role": _("The core group already has a chair.")})
    else:
        if constituency not in CONSTITUENCY_KINDS:
            raise ValidationError({"constituency": _("Choose the seat.")})
        if org.kind not in CONSTITUENCY_KINDS[constituency]:
            raise ValidationError(
                {
                    "user": _("This seat is held by the %(seat)s constituency.")
                    % {"seat": CoreGroupMember(constituency=constituency).get_constituency_display()}
                }
            )
        if not is_active_party(organization_id=org.pk, agreement=agreement):
            raise ValidationError({"user": _("Only a party to the agreement can hold a seat.")})
        if seated.filter(role=role, constituency=constituency).exists():
            raise ValidationError(
                {"role": _("This seat already has a %(role)s.") % {"role": CoreGroupMember.Role(role).label}}
            )
    member = CoreGroupMember(
        agreement=agreement, user=user, role=role, constituency=constituency, started_on=started_on
    )
    member.full_clean()
    member.save()
    return member


def core_group_member_end(*, member: CoreGroupMember, ended_on: dt.date) -> CoreGroupMember:
    if ended_on < member.started_on:
        raise ValidationError(_("A seat cannot end before it started."))
    member.ended_on = ended_on
    member.save(update_fields=["ended_on"])
    return member


# --- meetings -----------------------------------------------------------------------------------


def _check_date(agreement, day: dt.date, field: str = "held_on") -> None:
    if not (agreement.start_date <= day <= agreement.end_date):
        raise ValidationError({field: _("The date must fall within the agreement's term.")})


def _store_report(meeting: Meeting, file) -> None:
    meeting.progress_report_sha256 = sha256_of(file)
    meeting.progress_report_name = getattr(file, "name", "")[:255]
    meeting.progress_report.save(meeting.progress_report_name or "report", file, save=False)


@transaction.atomic
def meeting_plan(
    *, agreement, body: str, held_on: dt.date, actor, place: str = "", agenda_outline: str = ""
) -> Meeting:
    """Plan a meeting. A core-group meeting gets the secretariat's progress report on its agenda
    (art. 52) and takes up the items waiting for the next meeting."""
    if body not in Body.values:
        raise ValidationError({"body": _("Choose the core group or the assembly.")})
    _check_date(agreement, held_on)
    meeting = Meeting.objects.create(
        agreement=agreement,
        body=body,
        held_on=held_on,
        place=place.strip(),
        agenda_outline=agenda_outline.strip(),
        created_by=_person(actor),
    )
    if body == Body.CORE_GROUP:
        AgendaItem.objects.create(
            agreement=agreement,
            meeting=meeting,
            title=_("Progress of the due-diligence process (report of the secretariat, art. 52)"),
            kind=AgendaItem.Kind.PROGRESS_REPORT,
            position=0,
            added_by=_person(actor),
        )
        if held_on >= timezone.localdate():
            AgendaItem.objects.filter(agreement=agreement, meeting__isnull=True).update(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    actor,
    held_on: dt.date,
    place: str = "",
    agenda_outline: str = "",
    minutes: str = "",
    minutes_outline: str = "",
    progress_report=None,
) -> Meeting:
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be changed."))
    _check_date(meeting.agreement, held_on)
    if meeting.status == Meeting.Status.HELD and held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A meeting that was held cannot be dated in the future.")})
    meeting.held_on = held_on
    meeting.place = place.strip()
    meeting.agenda_outline = agenda_outline.strip()
    meeting.minutes = minutes.strip()
    meeting.minutes_outline = minutes_outline.strip()
    if progress_report is not None:
        if not meeting.is_core_group:
            raise ValidationError(
                {"progress_report": _("The progress report belongs to a core-group meeting.")}
            )
        _store_report(meeting, progress_report)
    meeting.save()
    return meeting


@transaction.atomic
def meeting_document_add(
    *, meeting: Meeting, title: str, file, shared_with_parties: bool, actor
) -> MeetingDocument:
    """The file is kept unaltered; its SHA-256 shows later that it was."""
    if not title.strip():
        raise ValidationError({"title": _("Give the document a title.")})
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("A cancelled meeting takes no documents."))
    document = MeetingDocument(
        meeting=meeting,
        title=title.strip(),
        original_name=getattr(file, "name", "")[:255],
        sha256=sha256_of(file),
        shared_with_parties=shared_with_parties,
        uploaded_by=_person(actor),
    )
    document.file.save(document.original_name or "document", file, save=False)
    document.save()
    return document


@transaction.atomic
def meeting_attendance_set(
    *, meeting: Meeting, present: Iterable, actor, representatives: Mapping[int, str] | None = None
) -> list[Attendance]:
    """Who was there. A core-group meeting lists every seated person and the chair (people in
    `present`); the assembly lists every party (organizations in `present`, each with the name of
    its representative in `representatives`)."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("A cancelled meeting has no attendance."))
    if meeting.held_on > timezone.localdate():
        raise ValidationError(_("Attendance is recorded on the day of the meeting or after it."))
    present_ids = {obj.pk for obj in present}
    rows: list[Attendance] = []
    if meeting.is_core_group:
        members = list(current_core_group(agreement=meeting.agreement))
        seated = {m.user_id: m.user for m in members}
        if present_ids - set(seated):
            raise ValidationError({"present": _("Only seated members and the chair attend the core group.")})
        rows = [
            Attendance(meeting=meeting, user=user, organization=user.organization, present=pk in present_ids)
            for pk, user in seated.items()
        ]
    else:
        names = representatives or {}
        parties = _parties(meeting.agreement)
        if present_ids - {org.pk for org in parties}:
            raise ValidationError({"present": _("Only the parties form the assembly (art. 42).")})
        for org in parties:
            is_present = org.pk in present_ids
            name = (names.get(org.pk) or "").strip()
            if name and not is_present:
                raise ValidationError(
                    {"present": _("%(org)s has a representative but is not marked present.") % {"org": org}}
                )
            rows.append(
                Attendance(meeting=meeting, organization=org, present=is_present, representative=name)
            )
    meeting.attendance.all().delete()
    return Attendance.objects.bulk_create(rows)


@transaction.atomic
def meeting_hold(*, meeting: Meeting, actor) -> Meeting:
    """Mark a meeting held; a core-group meeting only with the secretariat's progress report (art. 52)."""
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned meeting can be marked as held."))
    if meeting.held_on > timezone.localdate():
        raise ValidationError(_("A meeting can be marked as held on its date or after it."))
    if meeting.is_core_group and not meeting.progress_report:
        raise ValidationError(
            {
                "progress_report": _(
                    "Attach the secretariat's due-diligence progress report first: it is reported at every meeting (art. 52)."
                )
            }
        )
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status"])
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor) -> Meeting:
    """Cancel a planned meeting; its open agenda items move to the next one (or wait for it)."""
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned meeting can be cancelled."))
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status"])
    following = selectors.next_core_group_meeting(agreement=meeting.agreement)
    meeting.agenda_items.exclude(kind=AgendaItem.Kind.PROGRESS_REPORT).update(meeting=following)
    return meeting


@transaction.atomic
def agenda_item_add(
    *,
    agreement,
    title: str,
    summary: str,
    kind: str,
    actor,
    source=None,
    meeting: Meeting | None = None,
    proposal: Proposal | None = None,
) -> AgendaItem:
    """Put an item on the core group's agenda: on the given meeting, else on the next planned one,
    else waiting for the next meeting to be planned. `source` (any record, e.g. a signal) is kept
    as a reference."""
    if not title.strip():
        raise ValidationError({"title": _("Give the item a title.")})
    if kind not in AgendaItem.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of item.")})
    if meeting is not None:
        if meeting.agreement_id != agreement.pk or meeting.status == Meeting.Status.CANCELLED:
            raise ValidationError({"meeting": _("Choose a meeting of this agreement that is not cancelled.")})
    else:
        meeting = selectors.next_core_group_meeting(agreement=agreement)
    last = AgendaItem.objects.filter(agreement=agreement, meeting=meeting).aggregate(n=Max("position"))["n"]
    item = AgendaItem(
        agreement=agreement,
        meeting=meeting,
        title=title.strip()[:200],
        summary=summary.strip(),
        kind=kind,
        proposal=proposal,
        position=(last or 0) + 1,
        added_by=_person(actor),
    )
    if source is not None:
        item.source_type = ContentType.objects.get_for_model(source)
        item.source_id = source.pk
    item.save()
    return item


# --- proposals ----------------------------------------------------------------------------------

OPEN_STATUSES = (Proposal.Status.OPEN, Proposal.Status.VOTING, Proposal.Status.TO_ASSEMBLY)


def _person(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _parties(agreement) -> list[Organization]:
    return [
        org
        for org in Organization.objects.filter(
            participations__agreement=agreement, participations__form=Participation.Form.PARTY
        )
        .distinct()
        .order_by("kind", "name")
        if is_active_party(organization_id=org.pk, agreement=agreement)
    ]


def _subject_check(*, agreement, kind: str, subject) -> set[int]:
    """Is this the right kind of record for the proposal? Returns the organizations it concerns."""
    from imvo.projects.models import Project
    from imvo.supply_chain.models import Decision, DisclosureRestriction

    expected: type | None = {
        Proposal.Kind.ACCESSION: Participation,
        Proposal.Kind.REMOVAL: Participation,
        Proposal.Kind.DISCLOSURE_RESTRICTION: DisclosureRestriction,
        Proposal.Kind.COMPLAINT: Complaint,
        Proposal.Kind.COLLECTIVE_PROJECT: Project,
    }.get(Proposal.Kind(kind))
    if subject is None:
        if expected is not None:
            raise ValidationError(
                _("This kind of proposal is about a record; start it from that record's page.")
            )
        return set()
    if expected is not None and not isinstance(subject, expected):
        raise ValidationError(_("This record cannot be the subject of this kind of proposal."))
    if getattr(subject, "agreement_id", agreement.pk) != agreement.pk:
        raise ValidationError(_("This record belongs to another agreement."))
    if kind == Proposal.Kind.ACCESSION:
        if subject.status != Participation.Status.APPLIED:
            raise ValidationError(_("Only an application still awaiting a decision can be proposed."))
        return set()
    if kind == Proposal.Kind.REMOVAL:
        if subject.status not in (Participation.Status.ACTIVE, Participation.Status.NOTICE_GIVEN):
            raise ValidationError(_("Only a taking-part party can be removed."))
        return {subject.organization_id}
    if kind == Proposal.Kind.DISCLOSURE_RESTRICTION:
        if subject.status != Decision.REQUESTED:
            raise ValidationError(_("This request has already been decided."))
        return {subject.organization_id}
    if kind == Proposal.Kind.COMPLAINT:
        return {subject.company_id} | ({subject.complainant_organization_id} - {None})
    if kind == Proposal.Kind.COLLECTIVE_PROJECT and subject.status != Project.Status.PROPOSED:
        raise ValidationError(_("Only a project still to be decided can be proposed."))
    return set()


@transaction.atomic
def proposal_submit(
    *, agreement, kind: str, title: str, text: str, actor, subject=None, concerned: Iterable = ()
) -> Proposal:
    """Put a proposal to the core group; it lands on the agenda of the next meeting. `concerned`
    are organizations whose members step aside for it (art. 84); a subject's own concerned
    organizations (the company of a restriction, the party to be removed, the complaint's company
    and complainant) are added."""
    if kind not in Proposal.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of proposal.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the proposal a title.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the proposal.")})
    concerned_ids = _subject_check(agreement=agreement, kind=kind, subject=subject)
    concerned_ids |= {org.pk for org in concerned}
    proposal = Proposal(
        agreement=agreement,
        kind=kind,
        title=title.strip()[:200],
        text=text.strip(),
        submitted_by=_person(actor),
    )
    if subject is not None:
        proposal.subject_type = ContentType.objects.get_for_model(subject)
        proposal.subject_id = subject.pk
        if selectors.open_proposal_about(subject=subject) is not None:
            raise ValidationError(_("This is already before the core group."))
    proposal.save()
    proposal.concerned.set(concerned_ids)
    agenda_item_add(
        agreement=agreement,
        title=proposal.title,
        summary="",
        kind=AgendaItem.Kind.DECISION,
        actor=actor,
        proposal=proposal,
    )
    return proposal


def _refuse_concerned(proposal: Proposal, user) -> None:
    if selectors.is_concerned(user=user, proposal=proposal):
        raise ValidationError(
            _(
                "Your organization is concerned by this case: you do not take part in its deliberation or vote; "
                "another party of your constituency replaces you (art. 84)."
            )
        )


@transaction.atomic
def proposal_deliberate(*, proposal: Proposal, author, text: str) -> Deliberation:
    _refuse_concerned(proposal, author)
    if not selectors.sees_case(user=author, proposal=proposal):
        raise ValidationError(_("Only the core group and the secretariat deliberate."))
    if proposal.status not in OPEN_STATUSES:
        raise ValidationError(_("The deliberation on this proposal is closed."))
    if not text.strip():
        raise ValidationError({"text": _("Write your contribution.")})
    return Deliberation.objects.create(proposal=proposal, author=author, text=text.strip())


@transaction.atomic
def replacement_name(*, proposal: Proposal, constituency: str, user, actor) -> Replacement:
    """Art. 84: name, for a seat whose member is concerned, a person of another party of the same
    constituency who is not concerned."""
    if proposal.status not in (Proposal.Status.OPEN, Proposal.Status.VOTING):
        raise ValidationError(_("A replacement can only be named before the vote is closed."))
    ctx = selectors.vote_context(proposal=proposal)
    seat = next((s for s in ctx.seats if s.constituency == constituency), None)
    if seat is None:
        raise ValidationError({"constituency": _("Choose the seat.")})
    if seat.regular not in ctx.concerned:
        raise ValidationError(
            {"constituency": _("The member holding this seat is not concerned; no replacement is needed.")}
        )
    if (
        not selectors.replacement_candidates(proposal=proposal, constituency=constituency)
        .filter(pk=user.pk)
        .exists()
    ):
        raise ValidationError(
            {
                "user": _(
                    "The replacement must belong to another party of the same constituency that is not concerned."
                )
            }
        )
    replacement, _created = Replacement.objects.update_or_create(
        proposal=proposal, constituency=constituency, defaults={"user": user, "named_by": _person(actor)}
    )
    return replacement


@transaction.atomic
def proposal_vote_open(*, proposal: Proposal, meeting: Meeting, actor) -> Proposal:
    """The core group did not reach consensus in its deliberation, or wants it on record: vote at
    this meeting, among those recorded present."""
    if proposal.status != Proposal.Status.OPEN:
        raise ValidationError(_("Only an open proposal can be put to the vote."))
    if (
        meeting.agreement_id != proposal.agreement_id
        or not meeting.is_core_group
        or meeting.status == Meeting.Status.CANCELLED
    ):
        raise ValidationError({"meeting": _("Choose a core-group meeting that is not cancelled.")})
    proposal.status = Proposal.Status.VOTING
    proposal.meeting = meeting
    proposal.save(update_fields=["status", "meeting"])
    return proposal


@transaction.atomic
def ballot_cast(*, proposal: Proposal, user, choice: str) -> Ballot:
    """A member votes for their seat — only when they are the seat's voter at the meeting
    (`voting.voter`): the regular member, the alternate in their absence, or a named replacement."""
    if proposal.status != Proposal.Status.VOTING:
        raise ValidationError(_("This proposal is not open for voting."))
    if choice not in voting.CHOICES:
        raise ValidationError({"choice": _("Choose for, against or abstain.")})
    _refuse_concerned(proposal, user)
    if selectors.seat_voter(proposal=proposal, user=user) is None:
        raise ValidationError(_why_no_vote(proposal, user))
    ballot, _created = Ballot.objects.update_or_create(
        proposal=proposal, user=user, defaults={"choice": choice}
    )
    return ballot


def _why_no_vote(proposal: Proposal, user) -> str:
    ctx = selectors.vote_context(proposal=proposal)
    member = ctx.members.get(user.pk)
    if user.pk == ctx.chair:
        return _("The chair has no vote (art. 50).")
    if member is None and user.pk not in ctx.replacements.values():
        return _("Only the core group's members vote.")
    if not ctx.present:
        return _("The secretariat has not recorded who is present at the meeting yet.")
    if user.pk not in ctx.present:
        return _("You are not recorded as present at the meeting.")
    return _(
        "The regular member votes for your seat; the alternate votes only when the regular member is absent."
    )


def _decided_on(decided_on: dt.date | None) -> dt.date:
    today = timezone.localdate()
    decided_on = decided_on or today
    if decided_on > today:
        raise ValidationError({"decided_on": _("A decision cannot be dated in the future.")})
    return decided_on


@transaction.atomic
def proposal_tally(
    *, proposal: Proposal, actor, outcome: str = "", decided_on: dt.date | None = None
) -> voting.Tally:
    """Close the vote. Consensus or a majority decides (and the decision is applied to its subject
    at once); with no majority the proposal goes to the assembly (art. 50)."""
    if proposal.status != Proposal.Status.VOTING:
        raise ValidationError(_("This proposal is not open for voting."))
    tally = selectors.tally_of(proposal=proposal)
    if not tally.votes:
        raise ValidationError(_("No vote counts yet: nobody entitled to vote has voted."))
    proposal.result = tally.result
    if tally.result == "to_assembly":
        proposal.status = Proposal.Status.TO_ASSEMBLY
        proposal.save(update_fields=["result", "status"])
        return tally
    _decide(proposal, actor=actor, outcome=outcome, decided_on=decided_on)
    return tally


@transaction.atomic
def assembly_ballot_record(
    *, proposal: Proposal, organization: Organization, choice: str, actor
) -> AssemblyBallot:
    """Every party has one vote in the sector-module assembly (art. 42, 50)."""
    if proposal.status != Proposal.Status.TO_ASSEMBLY:
        raise ValidationError(_("This proposal is not before the assembly."))
    if choice not in voting.CHOICES:
        raise ValidationError({"choice": _("Choose for, against or abstain.")})
    if not is_active_party(organization_id=organization.pk, agreement=proposal.agreement):
        raise ValidationError({"organization": _("Only the parties vote in the assembly.")})
    ballot, _created = AssemblyBallot.objects.update_or_create(
        proposal=proposal,
        organization=organization,
        defaults={"choice": choice, "recorded_by": _person(actor)},
    )
    return ballot


@transaction.atomic
def assembly_tally(
    *,
    proposal: Proposal,
    actor,
    outcome: str = "",
    decided_on: dt.date | None = None,
    meeting: Meeting | None = None,
) -> str:
    """The assembly decides by majority; without one the proposal is not adopted (art. 50)."""
    if proposal.status != Proposal.Status.TO_ASSEMBLY:
        raise ValidationError(_("This proposal is not before the assembly."))
    ballots: dict = dict(proposal.assembly_ballots.values_list("organization_id", "choice"))
    if not ballots:
        raise ValidationError(_("Record the parties' votes first."))
    if meeting is not None and (
        meeting.agreement_id != proposal.agreement_id or meeting.body != Body.ASSEMBLY
    ):
        raise ValidationError({"meeting": _("Choose a meeting of the assembly.")})
    proposal.assembly_result = voting.assembly(ballots)
    proposal.assembly_meeting = meeting
    _decide(proposal, actor=actor, outcome=outcome, decided_on=decided_on)
    return proposal.assembly_result


def _decide(proposal: Proposal, *, actor, outcome: str, decided_on: dt.date | None) -> None:
    if not outcome.strip():
        raise ValidationError({"outcome": _("Write the decision as it will be published.")})
    proposal.decided_on = _decided_on(decided_on)
    proposal.outcome = outcome.strip()
    proposal.status = Proposal.Status.DECIDED
    proposal.save()
    try:
        _apply(proposal, actor=actor)
    except ValidationError as e:
        raise ValidationError(
            _("The decision cannot be applied: %(reason)s") % {"reason": " ".join(e.messages)}
        ) from e


def _apply(proposal: Proposal, *, actor) -> None:
    """Carry the decision out on its subject through that subject's own service."""
    subject = proposal.subject
    if subject is None:
        return
    adopted = bool(proposal.adopted)
    decided_on = proposal.decided_on or timezone.localdate()
    if proposal.kind == Proposal.Kind.ACCESSION:
        from imvo.organizations.services import application_decide

        application_decide(
            participation=subject,
            actor=actor,
            approve=adopted,
            decided_on=decided_on,
            note=proposal.outcome,
        )
    elif proposal.kind == Proposal.Kind.DISCLOSURE_RESTRICTION:
        from imvo.supply_chain.services import restriction_decide

        restriction_decide(
            restriction=subject,
            approve=adopted,
            decided_on=decided_on,
            note=proposal.outcome,
            actor=actor,
        )
    elif proposal.kind == Proposal.Kind.REMOVAL and adopted:
        from imvo.organizations.services import participation_remove

        participation_remove(
            participation=subject, actor=actor, decided_on=decided_on, explanation=proposal.outcome
        )
    elif proposal.kind == Proposal.Kind.COMPLAINT:
        subject.status = Complaint.Status.DECIDED
        subject.outcome = proposal.outcome
        subject.save(update_fields=["status", "outcome"])
        _tell_about_complaint(
            subject,
            _("The core group has decided on the complaint about %(company)s:\n\n%(outcome)s")
            % {"company": subject.company, "outcome": proposal.outcome},
            company_too=True,
        )
    elif proposal.kind == Proposal.Kind.COLLECTIVE_PROJECT:
        from imvo.projects.services import project_decided

        project_decided(project=subject, adopted=adopted, actor=actor)


@transaction.atomic
def proposal_publish(*, proposal: Proposal, actor) -> Proposal:
    """Publish the decision to all parties (art. 44)."""
    if proposal.status != Proposal.Status.DECIDED:
        raise ValidationError(_("Only a decision can be published."))
    if proposal.published_at is not None:
        raise ValidationError(_("This decision has already been published."))
    proposal.published_at = timezone.now()
    proposal.save(update_fields=["published_at"])
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor) -> Proposal:
    if proposal.status not in OPEN_STATUSES:
        raise ValidationError(_("A decided proposal cannot be withdrawn."))
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.save(update_fields=["status"])
    proposal.agenda_items.filter(meeting__isnull=True).delete()
    Complaint.objects.filter(proposal=proposal).update(status=Complaint.Status.RECEIVED, proposal=None)
    if proposal.kind == Proposal.Kind.COLLECTIVE_PROJECT and proposal.subject is not None:
        from imvo.projects.services import project_proposal_withdrawn

        project_proposal_withdrawn(project=proposal.subject)
    return proposal


# --- complaints ---------------------------------------------------------------------------------


def _tell_about_complaint(complaint: Complaint, body: str, *, company_too: bool = False) -> None:
    from imvo.accounts.models import User

    recipients = [complaint.complainant.email if complaint.complainant else complaint.complainant_email]
    if company_too:
        recipients += list(
            User.objects.filter(
                organization=complaint.company, is_active=True, is_org_admin=True
            ).values_list("email", flat=True)
        )
    notify_by_email(
        recipients=recipients,
        subject=_("Complaint about %(company)s") % {"company": complaint.company},
        body=body,
    )


@transaction.atomic
def complaint_file(
    *,
    agreement,
    company: Organization,
    about: str,
    actor,
    complainant_name: str = "",
    complainant_email: str = "",
) -> Complaint:
    """A party's member files a complaint; the secretariat records one for someone without an
    account. It may only concern a participating company's lack of progress (art. 83)."""
    from imvo.accounts.roles import Role, roles_of

    if not (company.is_company and is_active_party(organization_id=company.pk, agreement=agreement)):
        raise ValidationError(
            {"company": _("A complaint can only concern a participating company (art. 83).")}
        )
    if not about.strip():
        raise ValidationError({"about": _("Describe the company's lack of progress.")})
    complaint = Complaint(agreement=agreement, company=company, about=about.strip(), filed_by=_person(actor))
    if Role.SECRETARIAT in roles_of(actor):
        if not complainant_name.strip():
            raise ValidationError({"complainant_name": _("Give the complainant's name.")})
        complaint.complainant_name = complainant_name.strip()
        complaint.complainant_email = complainant_email.strip()
    else:
        if not selectors.is_party_member(user=actor, agreement=agreement):
            raise ValidationError(_("Only a party's members can file a complaint here."))
        if actor.organization_id == company.pk:
            raise ValidationError({"company": _("A complaint cannot concern your own organization.")})
        complaint.complainant = actor
        complaint.complainant_organization = actor.organization
    complaint.full_clean()
    complaint.save()
    notify_by_email(
        recipients=secretariat_emails(),
        subject=_("New complaint about %(company)s") % {"company": company},
        body=_("A complaint has been filed; screen it on the platform."),
    )
    return complaint


def _screen(complaint: Complaint, actor) -> None:
    if complaint.status != Complaint.Status.RECEIVED:
        raise ValidationError(_("This complaint has already been screened."))
    complaint.screened_by = _person(actor)
    complaint.screened_at = timezone.now()


@transaction.atomic
def complaint_declare_out_of_scope(*, complaint: Complaint, reason: str, actor) -> Complaint:
    _screen(complaint, actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the complaint is out of scope.")})
    complaint.status = Complaint.Status.OUT_OF_SCOPE
    complaint.out_of_scope_reason = reason.strip()
    complaint.save()
    _tell_about_complaint(
        complaint,
        _(
            "The secretariat has declared your complaint out of scope: a complaint may only concern a "
            "participating company's lack of progress (art. 83).\n\n%(reason)s"
        )
        % {"reason": complaint.out_of_scope_reason},
    )
    return complaint


@transaction.atomic
def complaint_to_core_group(*, complaint: Complaint, actor) -> Proposal:
    """The core group decides (art. 84); the company and the complainant's organization are concerned."""
    _screen(complaint, actor)
    proposal = proposal_submit(
        agreement=complaint.agreement,
        kind=Proposal.Kind.COMPLAINT,
        title=_("Complaint about the progress of %(company)s") % {"company": complaint.company},
        text=complaint.about,
        actor=actor,
        subject=complaint,
    )
    complaint.status = Complaint.Status.WITH_CORE_GROUP
    complaint.proposal = proposal
    complaint.save()
    _tell_about_complaint(
        complaint,
        _("The complaint about %(company)s has been sent to the core group, which decides on it (art. 84).")
        % {"company": complaint.company},
        company_too=True,
    )
    return proposal
