"""Pages of the core group and the assembly: seats, meetings, proposals and votes, decisions,
complaints. Outsiders get 404; parties read in outline; the core group and the secretariat read
everything but what a concerned member may not (art. 84)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imvo.audit.services import record_access
from imvo.core.views_helpers import (
    apply_errors,
    current_agreement,
    on_valid,
    page,
    require_perm,
    step,
)
from imvo.governance import forms as f
from imvo.governance import selectors, services
from imvo.governance.models import (
    AgendaItem,
    Body,
    Complaint,
    Constituency,
    CoreGroupMember,
    Meeting,
    MeetingDocument,
    Proposal,
)
from imvo.organizations.models import Organization, Participation


@login_required
def core_group(request):
    require_perm(request, "governance.view_core_group")
    agreement = current_agreement(request)
    can_change = request.user.has_perm("governance.change_core_group")
    form = None
    if can_change:
        form = f.CoreGroupMemberForm(request.POST or None, initial={"started_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                services.core_group_member_add(agreement=agreement, **form.cleaned_data)
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, _("The seat has been filled."))
                return redirect("governance:core_group")
    elif request.method == "POST":
        require_perm(request, "governance.change_core_group")
    return render(
        request,
        "governance/core_group.html",
        {
            "agreement": agreement,
            "table": selectors.core_group_table(agreement=agreement),
            "form": form,
            "can_change": can_change,
        },
    )


@login_required
@require_POST
def end_seat(request, pk: int):
    require_perm(request, "governance.change_core_group")
    member = get_object_or_404(CoreGroupMember, pk=pk, agreement=current_agreement(request))
    try:
        services.core_group_member_end(member=member, ended_on=timezone.localdate())
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("%(name)s no longer holds the seat.") % {"name": member.user})
    return redirect("governance:core_group")


# --- meetings -----------------------------------------------------------------------------------


def _parties(agreement):
    return Organization.objects.filter(pk__in=[o.pk for o in services._parties(agreement)]).order_by(
        "kind", "name"
    )


@login_required
def meetings(request):
    agreement = current_agreement(request)
    require_perm(request, "governance.view_meetings", agreement)
    full = request.user.has_perm("governance.view_meeting_in_full", agreement)
    return render(
        request,
        "governance/meetings.html",
        {
            "agreement": agreement,
            "meetings": selectors.meeting_list(agreement=agreement),
            "rhythm": selectors.meeting_rhythm(agreement=agreement),
            "backlog": AgendaItem.objects.filter(agreement=agreement, meeting__isnull=True) if full else [],
            "can_manage": request.user.has_perm("governance.manage_meetings"),
        },
    )


@login_required
def meeting_new(request):
    require_perm(request, "governance.manage_meetings")
    agreement = current_agreement(request)
    form = f.MeetingForm(request.POST or None, initial={"body": request.GET.get("body", Body.CORE_GROUP)})
    made: list[Meeting] = []

    def plan(data):
        made.append(services.meeting_plan(agreement=agreement, actor=request.user, **data))

    done = on_valid(request, form, plan, _("The meeting has been planned."), reverse("governance:meetings"))
    if done:
        return redirect("governance:meeting", pk=made[0].pk)
    return page(request, "governance/meeting_form.html", {"form": form, "meeting": None}, form)


def _meeting(request, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("agreement"), pk=pk)
    if not request.user.has_perm("governance.view_meetings", meeting):
        raise Http404
    return meeting


def _meeting_page(request, meeting: Meeting, **bound):
    full = request.user.has_perm("governance.view_meeting_in_full", meeting)
    can_manage = request.user.has_perm("governance.manage_meetings")
    documents = meeting.documents.all() if full else meeting.documents.filter(shared_with_parties=True)
    proposals = [
        p
        for p in (meeting.proposals.all() if full else meeting.proposals.filter(published_at__isnull=False))
        if p.published_at or request.user.has_perm("governance.view_deliberation", p)
    ]
    context = {
        "meeting": meeting,
        "agreement": meeting.agreement,
        "full": full,
        "can_manage": can_manage,
        "agenda": meeting.agenda_items.select_related("proposal") if full else [],
        "documents": documents,
        "attendance": meeting.attendance.select_related("user", "organization")
        if full or not meeting.is_core_group
        else [],
        "proposals": proposals,
        "assembly_proposals": meeting.assembly_proposals.filter(published_at__isnull=False),
    }
    if can_manage:
        members = selectors.current_core_group(agreement=meeting.agreement)
        context.update(
            attendance_form=bound.get("attendance_form")
            or f.AttendanceForm(
                meeting=meeting, members=members, parties=_parties(meeting.agreement), prefix="att"
            ),
            document_form=bound.get("document_form") or f.MeetingDocumentForm(prefix="doc"),
            agenda_form=bound.get("agenda_form") or f.AgendaItemForm(prefix="agenda"),
        )
    form = next((b for b in bound.values() if b is not None and b.errors), None)
    return page(request, "governance/meeting.html", context, form)


@login_required
def meeting(request, pk: int):
    return _meeting_page(request, _meeting(request, pk))


@login_required
def meeting_edit(request, pk: int):
    item = _meeting(request, pk)
    require_perm(request, "governance.manage_meetings")
    fields = ("held_on", "place", "agenda_outline", "minutes_outline", "minutes")
    form = f.MeetingEditForm(
        request.POST or None,
        request.FILES or None,
        initial={name: getattr(item, name) for name in fields},
        core_group=item.is_core_group,
    )
    done = on_valid(
        request,
        form,
        lambda data: services.meeting_update(meeting=item, actor=request.user, **data),
        _("The meeting has been saved."),
        reverse("governance:meeting", args=[item.pk]),
    )
    return done or page(request, "governance/meeting_form.html", {"form": form, "meeting": item}, form)


@login_required
@require_POST
def meeting_attendance(request, pk: int):
    item = _meeting(request, pk)
    require_perm(request, "governance.manage_meetings")
    form = f.AttendanceForm(
        request.POST,
        meeting=item,
        members=selectors.current_core_group(agreement=item.agreement),
        parties=_parties(item.agreement),
        prefix="att",
    )
    done = on_valid(
        request,
        form,
        lambda data: services.meeting_attendance_set(
            meeting=item,
            present=form.present(),
            representatives=form.representatives(),
            actor=request.user,
        ),
        _("The attendance has been recorded."),
        reverse("governance:meeting", args=[item.pk]),
    )
    return done or _meeting_page(request, item, attendance_form=form)


@login_required
@require_POST
def meeting_document_add(request, pk: int):
    item = _meeting(request, pk)
    require_perm(request, "governance.manage_meetings")
    form = f.MeetingDocumentForm(request.POST, request.FILES, prefix="doc")
    done = on_valid(
        request,
        form,
        lambda data: services.meeting_document_add(meeting=item, actor=request.user, **data),
        _("The document has been added."),
        reverse("governance:meeting", args=[item.pk]),
    )
    return done or _meeting_page(request, item, document_form=form)


@login_required
@require_POST
def agenda_add(request, pk: int):
    item = _meeting(request, pk)
    require_perm(request, "governance.manage_meetings")
    form = f.AgendaItemForm(request.POST, prefix="agenda")
    done = on_valid(
        request,
        form,
        lambda data: services.agenda_item_add(
            agreement=item.agreement, meeting=item, actor=request.user, **data
        ),
        _("The item has been put on the agenda."),
        reverse("governance:meeting", args=[item.pk]),
    )
    return done or _meeting_page(request, item, agenda_form=form)


@login_required
@require_POST
def meeting_hold(request, pk: int):
    item = _meeting(request, pk)
    require_perm(request, "governance.manage_meetings")
    return step(
        request,
        lambda: services.meeting_hold(meeting=item, actor=request.user),
        _("The meeting has been marked as held."),
        reverse("governance:meeting", args=[item.pk]),
    )


@login_required
@require_POST
def meeting_cancel(request, pk: int):
    item = _meeting(request, pk)
    require_perm(request, "governance.manage_meetings")
    return step(
        request,
        lambda: services.meeting_cancel(meeting=item, actor=request.user),
        _("The meeting has been cancelled."),
        reverse("governance:meeting", args=[item.pk]),
    )


def _download(file, name: str):
    if not file:
        raise Http404
    return FileResponse(file.open("rb"), as_attachment=True, filename=name or file.name.rsplit("/", 1)[-1])


@login_required
def meeting_document(request, pk: int, document: int):
    item = _meeting(request, pk)
    doc = get_object_or_404(MeetingDocument, pk=document, meeting=item)
    if not doc.shared_with_parties and not request.user.has_perm("governance.view_meeting_in_full", item):
        raise Http404
    return _download(doc.file, doc.original_name)


@login_required
def meeting_report(request, pk: int):
    item = _meeting(request, pk)
    require_perm(request, "governance.view_meeting_in_full", item)
    return _download(item.progress_report, item.progress_report_name)


# --- proposals ----------------------------------------------------------------------------------


@login_required
def proposals(request):
    agreement = current_agreement(request)
    require_perm(request, "governance.view_proposals", agreement)
    items = selectors.proposal_list(agreement=agreement, fetched_by=request.user)
    return render(
        request,
        "governance/proposals.html",
        {
            "agreement": agreement,
            "proposals": items,
            "can_submit": request.user.has_perm("governance.submit_proposal", agreement),
        },
    )


SUBJECT_KINDS = {
    Proposal.Kind.ACCESSION: ("organizations", "participation"),
    Proposal.Kind.REMOVAL: ("organizations", "participation"),
    Proposal.Kind.DISCLOSURE_RESTRICTION: ("supply_chain", "disclosurerestriction"),
}


def _subject_from_query(request, agreement):
    """A proposal started from a record's page: `?kind=accession&subject=<pk>`."""
    from django.contrib.contenttypes.models import ContentType

    kind = request.GET.get("kind", "")
    if kind not in SUBJECT_KINDS:
        return None, ""
    model = ContentType.objects.get_by_natural_key(*SUBJECT_KINDS[Proposal.Kind(kind)]).model_class()
    pk = request.GET.get("subject", "")
    subject = model.objects.filter(pk=int(pk), agreement=agreement).first() if pk.isdecimal() else None
    if subject is None:
        raise Http404
    return subject, kind


def _subject_title(kind: str, subject) -> str:
    if kind == Proposal.Kind.ACCESSION:
        return _("Accession of %(org)s") % {"org": subject.organization}
    if kind == Proposal.Kind.REMOVAL:
        return _("Removal of %(org)s") % {"org": subject.organization}
    return _("Restricting the disclosure of locations of %(org)s") % {"org": subject.organization}


@login_required
def proposal_new(request):
    agreement = current_agreement(request)
    require_perm(request, "governance.submit_proposal", agreement)
    subject, kind = _subject_from_query(request, agreement)
    if subject is not None:
        existing = selectors.open_proposal_about(subject=subject)
        if existing is not None:
            messages.info(request, _("This is already before the core group."))
            return redirect("governance:proposal", pk=existing.pk)
    kinds = [Proposal.Kind(kind)] if subject else [Proposal.Kind.GENERAL]
    initial = {"kind": kinds[0]}
    if subject is not None:
        initial["title"] = _subject_title(kind, subject)
    form = f.ProposalForm(request.POST or None, kinds=kinds, parties=_parties(agreement), initial=initial)
    made: list[Proposal] = []

    def submit(data):
        made.append(
            services.proposal_submit(agreement=agreement, actor=request.user, subject=subject, **data)
        )

    done = on_valid(
        request, form, submit, _("The proposal is on the core group's agenda."), "governance:proposals"
    )
    if done:
        return redirect("governance:proposal", pk=made[0].pk)
    return page(
        request, "governance/proposal_new.html", {"form": form, "subject": subject, "kind": kind}, form
    )


def _proposal(request, pk: int) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("agreement", "meeting"), pk=pk)
    if not request.user.has_perm("governance.view_proposal", proposal):
        raise Http404
    return proposal


def _subject_link(proposal: Proposal) -> str:
    subject = proposal.subject
    if subject is None:
        return ""
    if isinstance(subject, Participation):
        if proposal.kind == Proposal.Kind.ACCESSION:
            return reverse("organizations:application", args=[subject.pk])
        return reverse("organizations:detail", args=[subject.organization_id])
    if isinstance(subject, Complaint):
        return reverse("governance:complaint", args=[subject.pk])
    if proposal.kind == Proposal.Kind.DISCLOSURE_RESTRICTION:
        return reverse("supply_chain:restrictions")
    return subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else ""


REASONS = {
    "chair": _("the chair has no vote"),
    "concerned": _("concerned by the case (art. 84)"),
    "absent": _("not recorded as present"),
    "not_the_seats_voter": _("the seat's regular member voted"),
}


def _log_complaint_read(request, proposal: Proposal) -> None:
    """A complaint's text read through its proposal is a read of the complaint (logged as on its page)."""
    if proposal.kind == Proposal.Kind.COMPLAINT and isinstance(proposal.subject, Complaint):
        complaint = proposal.subject
        record_access(
            actor=request.user,
            objects=[complaint],
            what="complaint",
            owner_org_id=lambda c: c.complainant_organization_id,
        )


def _proposal_page(request, proposal: Proposal, **bound):
    user = request.user
    agreement = proposal.agreement
    sees_case = user.has_perm("governance.view_deliberation", proposal)
    concerned = selectors.is_concerned(user=user, proposal=proposal)
    can_close = user.has_perm("governance.close_vote", proposal)
    can_manage = user.has_perm("governance.manage_proposals")
    status = proposal.status
    context: dict[str, object] = {
        "proposal": proposal,
        "agreement": agreement,
        "sees_case": sees_case,
        "concerned": concerned,
        "show_text": sees_case or (not concerned and proposal.kind != Proposal.Kind.COMPLAINT),
        "can_close": can_close,
        "can_manage": can_manage,
        "assembly_ballots": proposal.assembly_ballots.select_related("organization"),
    }
    if sees_case:
        _log_complaint_read(request, proposal)
        ctx = selectors.vote_context(proposal=proposal)
        context.update(
            subject_link=_subject_link(proposal),
            concerned_organizations=proposal.concerned.all(),
            deliberations=proposal.deliberations.select_related("author"),
            deliberation_form=bound.get("deliberation_form") or f.DeliberationForm(),
            replacements=proposal.replacements.select_related("user", "user__organization"),
            concerned_members=[ctx.members[pk] for pk in ctx.concerned],
        )
        if status in (Proposal.Status.VOTING, Proposal.Status.TO_ASSEMBLY, Proposal.Status.DECIDED):
            tally = selectors.tally_of(proposal=proposal)
            people: dict = {m.user_id: m.user for m in ctx.members.values()}
            people.update({r.user_id: r.user for r in proposal.replacements.select_related("user")})
            ballots = {b.user_id: b for b in proposal.ballots.select_related("user")}
            context["tally"] = tally
            context["tally_rows"] = [
                {
                    "seat": s,
                    "label": Constituency(s.constituency).label,
                    "voter": people.get(tally.voters.get(s.constituency)),
                    "vote": tally.votes.get(s.constituency),
                }
                for s in ctx.seats
            ]
            context["not_counted"] = [
                {"user": ballots[pk].user, "choice": ballots[pk].choice, "reason": REASONS.get(why, why)}
                for pk, why in tally.not_counted.items()
                if pk in ballots
            ]
        if can_manage and status in (Proposal.Status.OPEN, Proposal.Status.VOTING):
            seats = [s.constituency for s in ctx.seats if s.regular in ctx.concerned]
            if seats:
                context["replacement_form"] = bound.get("replacement_form") or f.ReplacementForm(
                    seats=seats, candidates=_candidates(proposal, seats)
                )
    if status == Proposal.Status.OPEN and can_close:
        context["vote_open_form"] = bound.get("vote_open_form") or f.VoteOpenForm(
            agreement=agreement,
            initial={
                "meeting": proposal.meeting_id or getattr(proposal.agenda_items.first(), "meeting_id", None)
            },
        )
    if status == Proposal.Status.VOTING:
        if user.has_perm("governance.vote", proposal):
            mine = proposal.ballots.filter(user=user).first()
            seat = selectors.seat_voter(proposal=proposal, user=user)
            context["my_seat"] = Constituency(seat).label if seat else None
            context["my_ballot"] = mine
            context["ballot_form"] = bound.get("ballot_form") or f.BallotForm(
                initial={"choice": mine.choice if mine else None}
            )
        if can_close:
            context["close_form"] = bound.get("close_form") or f.DecisionForm(
                initial={"decided_on": timezone.localdate()}
            )
    if status == Proposal.Status.TO_ASSEMBLY and can_manage:
        context["assembly_form"] = bound.get("assembly_form") or f.AssemblyBallotForm(
            parties=_parties(agreement)
        )
        context["assembly_close_form"] = bound.get("assembly_close_form") or f.AssemblyDecisionForm(
            agreement=agreement, initial={"decided_on": timezone.localdate()}
        )
    form = next((b for b in bound.values() if b is not None and b.errors), None)
    return page(request, "governance/proposal.html", context, form)


def _candidates(proposal: Proposal, seats: list[str]):
    """Everyone who may replace a concerned member of one of these seats; the service checks the seat."""
    from imvo.accounts.models import User

    pks: set[int] = set()
    for seat in seats:
        pks |= set(
            selectors.replacement_candidates(proposal=proposal, constituency=seat).values_list(
                "pk", flat=True
            )
        )
    return (
        User.objects.filter(pk__in=pks)
        .select_related("organization")
        .order_by("organization__name", "full_name")
    )


@login_required
def proposal(request, pk: int):
    return _proposal_page(request, _proposal(request, pk))


@login_required
def deliberation(request, pk: int):
    """The core group's discussion of a proposal: closed to a member whose organization is concerned."""
    item = _proposal(request, pk)
    require_perm(request, "governance.view_deliberation", item)
    _log_complaint_read(request, item)
    form = f.DeliberationForm(request.POST or None)
    here = reverse("governance:deliberation", args=[item.pk])
    done = on_valid(
        request,
        form,
        lambda data: services.proposal_deliberate(proposal=item, author=request.user, text=data["text"]),
        _("Your contribution has been added."),
        here,
    )
    if done:
        return done
    return page(
        request,
        "governance/deliberation.html",
        {
            "proposal": item,
            "deliberations": item.deliberations.select_related("author"),
            "form": form if item.status in services.OPEN_STATUSES else None,
        },
        form,
    )


def _proposal_step(request, pk: int, perm: str, form_class, run, done: str, name: str, **form_kwargs):
    """A form on the proposal page posted to its own address; refused, the page comes back with the
    errors beside what was typed."""
    item = _proposal(request, pk)
    require_perm(request, perm, item)
    form = form_class(request.POST, **{k: v(item) for k, v in form_kwargs.items()})
    result = on_valid(
        request, form, lambda data: run(item, data), done, reverse("governance:proposal", args=[pk])
    )
    if result:
        return result
    return _proposal_page(request, _proposal(request, pk), **{name: form})


@login_required
@require_POST
def vote_open(request, pk: int):
    return _proposal_step(
        request,
        pk,
        "governance.close_vote",
        f.VoteOpenForm,
        lambda p, d: services.proposal_vote_open(proposal=p, meeting=d["meeting"], actor=request.user),
        _("The vote is open."),
        "vote_open_form",
        agreement=lambda p: p.agreement,
    )


@login_required
@require_POST
def ballot(request, pk: int):
    return _proposal_step(
        request,
        pk,
        "governance.vote",
        f.BallotForm,
        lambda p, d: services.ballot_cast(proposal=p, user=request.user, choice=d["choice"]),
        _("Your vote has been recorded."),
        "ballot_form",
    )


@login_required
@require_POST
def replacement(request, pk: int):
    def seats(p):
        ctx = selectors.vote_context(proposal=p)
        return [s.constituency for s in ctx.seats if s.regular in ctx.concerned]

    def candidates(p):
        return _candidates(p, seats(p))

    return _proposal_step(
        request,
        pk,
        "governance.manage_proposals",
        f.ReplacementForm,
        lambda p, d: services.replacement_name(
            proposal=p, constituency=d["constituency"], user=d["user"], actor=request.user
        ),
        _("The replacement has been named."),
        "replacement_form",
        seats=seats,
        candidates=candidates,
    )


@login_required
@require_POST
def vote_close(request, pk: int):
    return _proposal_step(
        request,
        pk,
        "governance.close_vote",
        f.DecisionForm,
        lambda p, d: services.proposal_tally(
            proposal=p, actor=request.user, outcome=d["outcome"], decided_on=d["decided_on"]
        ),
        _("The vote has been closed."),
        "close_form",
    )


@login_required
@require_POST
def assembly_ballot(request, pk: int):
    return _proposal_step(
        request,
        pk,
        "governance.manage_proposals",
        f.AssemblyBallotForm,
        lambda p, d: services.assembly_ballot_record(
            proposal=p, organization=d["organization"], choice=d["choice"], actor=request.user
        ),
        _("The party's vote has been recorded."),
        "assembly_form",
        parties=lambda p: _parties(p.agreement),
    )


@login_required
@require_POST
def assembly_close(request, pk: int):
    return _proposal_step(
        request,
        pk,
        "governance.manage_proposals",
        f.AssemblyDecisionForm,
        lambda p, d: services.assembly_tally(
            proposal=p,
            actor=request.user,
            outcome=d["outcome"],
            decided_on=d["decided_on"],
            meeting=d["meeting"],
        ),
        _("The assembly's decision has been recorded."),
        "assembly_close_form",
        agreement=lambda p: p.agreement,
    )


@login_required
@require_POST
def publish(request, pk: int):
    item = _proposal(request, pk)
    require_perm(request, "governance.close_vote", item)
    return step(
        request,
        lambda: services.proposal_publish(proposal=item, actor=request.user),
        _("The decision has been published to all parties."),
        reverse("governance:proposal", args=[item.pk]),
    )


@login_required
@require_POST
def withdraw(request, pk: int):
    item = _proposal(request, pk)
    require_perm(request, "governance.manage_proposals")
    return step(
        request,
        lambda: services.proposal_withdraw(proposal=item, actor=request.user),
        _("The proposal has been withdrawn."),
        reverse("governance:proposal", args=[item.pk]),
    )


@login_required
def decisions(request):
    agreement = current_agreement(request)
    require_perm(request, "governance.view_proposals", agreement)
    return render(
        request,
        "governance/decisions.html",
        {"agreement": agreement, "decisions": selectors.decision_list(agreement=agreement)},
    )


# --- complaints ---------------------------------------------------------------------------------


@login_required
def complaints(request):
    agreement = current_agreement(request)
    require_perm(request, "governance.view_complaints", agreement)
    return render(
        request,
        "governance/complaints.html",
        {
            "agreement": agreement,
            "rows": selectors.complaint_list(agreement=agreement, fetched_by=request.user),
            "can_file": request.user.has_perm("governance.file_complaint", agreement),
        },
    )


def _companies(agreement, user):
    from imvo.organizations.selectors import companies_taking_part

    return companies_taking_part(agreement=agreement).exclude(pk=user.organization_id or 0).order_by("name")


@login_required
def complaint_new(request):
    agreement = current_agreement(request)
    require_perm(request, "governance.file_complaint", agreement)
    on_behalf = request.user.has_perm("governance.screen_complaint")
    form = f.ComplaintForm(
        request.POST or None, companies=_companies(agreement, request.user), on_behalf=on_behalf
    )
    made: list[Complaint] = []

    def file(data):
        made.append(services.complaint_file(agreement=agreement, actor=request.user, **data))

    done = on_valid(request, form, file, _("Your complaint has been received."), "governance:complaints")
    if done:
        return redirect("governance:complaint", pk=made[0].pk)
    return page(request, "governance/complaint_new.html", {"form": form}, form)


def _complaint(request, pk: int) -> tuple[Complaint, str]:
    complaint = get_object_or_404(
        Complaint.objects.select_related("company", "complainant", "complainant_organization", "proposal"),
        pk=pk,
    )
    access = selectors.complaint_access(complaint=complaint, user=request.user)
    if access is None:
        raise Http404
    if access == "full":
        record_access(
            actor=request.user,
            objects=[complaint],
            what="complaint",
            owner_org_id=complaint.complainant_organization_id,
        )
    return complaint, access


@login_required
def complaint(request, pk: int):
    item, access = _complaint(request, pk)
    return render(
        request,
        "governance/complaint.html",
        {
            "complaint": item,
            "full": access == "full",
            "can_screen": request.user.has_perm("governance.screen_complaint")
            and item.status == Complaint.Status.RECEIVED,
        },
    )


@login_required
def complaint_screen(request, pk: int):
    item, _access = _complaint(request, pk)
    require_perm(request, "governance.screen_complaint")
    form = f.ScreenForm(request.POST or None)

    def screen(data):
        if data["decision"] == "core_group":
            services.complaint_to_core_group(complaint=item, actor=request.user)
        else:
            services.complaint_declare_out_of_scope(complaint=item, reason=data["reason"], actor=request.user)

    done = on_valid(
        request,
        form,
        screen,
        _("The complaint has been screened."),
        reverse("governance:complaint", args=[pk]),
    )
    return done or page(request, "governance/complaint_screen.html", {"complaint": item, "form": form}, form)
