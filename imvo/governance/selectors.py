"""Reads of the core group, its meetings, proposals and complaints — with who may see what."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from imvo.accounts.roles import Role, roles_of
from imvo.agreements.models import AgreementYear
from imvo.governance.models import (
    CONSTITUENCY_KINDS,
    Body,
    Complaint,
    Constituency,
    CoreGroupMember,
    Meeting,
    Proposal,
)
from imvo.governance.voting import Seat, Tally, core_group, voter


def current_core_group(*, agreement) -> QuerySet[CoreGroupMember]:
    today = timezone.localdate()
    return (
        CoreGroupMember.objects.filter(agreement=agreement, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .select_related("user", "user__organization")
    )


def core_group_roles_of(user) -> set[Role]:
    today = timezone.localdate()
    roles: set[Role] = set()
    seats = (
        CoreGroupMember.objects.filter(user=user, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .values_list("role", flat=True)
    )
    for role in seats:
        roles.add(Role.CORE_GROUP_CHAIR if role == CoreGroupMember.Role.CHAIR else Role.CORE_GROUP_MEMBER)
    return roles


def core_group_table(*, agreement) -> list[dict]:
    """The seats in the agreement's order, each with its regular and alternate member; then the chair."""
    members = list(current_core_group(agreement=agreement))
    rows = []
    for constituency in Constituency:
        seat: dict[str, object] = {"constituency": constituency, "regular": None, "alternate": None}
        for m in members:
            if m.constituency == constituency and m.role in (m.Role.REGULAR, m.Role.ALTERNATE):
                seat[m.role] = m
        rows.append(seat)
    chair = next((m for m in members if m.role == CoreGroupMember.Role.CHAIR), None)
    return [*rows, {"constituency": None, "chair": chair}]


def holds_seat(*, user, agreement, chair: bool = False) -> bool:
    """A current seat in this agreement's core group; a member's organization must still be a party."""
    from imvo.organizations.selectors import is_active_party

    seats = current_core_group(agreement=agreement).filter(user=user)
    seats = seats.filter(role=CoreGroupMember.Role.CHAIR) if chair else seats
    for seat in seats:
        if seat.role == CoreGroupMember.Role.CHAIR:
            return True
        if user.organization_id and is_active_party(
            organization_id=user.organization_id, agreement=agreement
        ):
            return True
    return False


# --- who sees what ------------------------------------------------------------------------------


def is_party_member(*, user, agreement) -> bool:
    from imvo.organizations.selectors import is_active_party

    org_id = getattr(user, "organization_id", None)
    return org_id is not None and is_active_party(organization_id=org_id, agreement=agreement)


def sees_everything(*, user, agreement) -> bool:
    """Full minutes, every document, deliberation and ballots: the core group, its chair and the
    secretariat (art. 48: the meetings are closed)."""
    return Role.SECRETARIAT in roles_of(user) or holds_seat(user=user, agreement=agreement)


def takes_part(*, user, agreement) -> bool:
    """Agendas and minutes in outline go to every party (art. 44, 48); the government observer and
    the core group read along."""
    roles = roles_of(user)
    if Role.SECRETARIAT in roles or Role.GOVERNMENT_OBSERVER in roles:
        return True
    return holds_seat(user=user, agreement=agreement) or is_party_member(user=user, agreement=agreement)


def is_concerned(*, user, proposal) -> bool:
    """The person's organization is concerned by the case (art. 84): no deliberation, no ballots."""
    org_id = getattr(user, "organization_id", None)
    return org_id is not None and proposal.concerned.filter(pk=org_id).exists()


def is_replacement(*, user, proposal) -> bool:
    return proposal.replacements.filter(user_id=getattr(user, "pk", None)).exists()


def votes_in_core_group(*, user, agreement) -> bool:
    """A regular or alternate seat (not the chair), held for a party."""
    return holds_seat(user=user, agreement=agreement) and (
        current_core_group(agreement=agreement)
        .filter(user=user, role__in=[CoreGroupMember.Role.REGULAR, CoreGroupMember.Role.ALTERNATE])
        .exists()
    )


def sees_case(*, user, proposal) -> bool:
    """The text, deliberation, replacements and ballots of a proposal."""
    if is_concerned(user=user, proposal=proposal):
        return False
    return sees_everything(user=user, agreement=proposal.agreement) or is_replacement(
        user=user, proposal=proposal
    )


# --- meetings -----------------------------------------------------------------------------------


def meeting_list(*, agreement, body: str = "") -> QuerySet[Meeting]:
    """Every party may know when the bodies meet; what it may read of each meeting is the page's work."""
    qs = Meeting.objects.filter(agreement=agreement)
    return qs.filter(body=body) if body else qs


def next_core_group_meeting(*, agreement) -> Meeting | None:
    return (
        Meeting.objects.filter(
            agreement=agreement,
            body=Body.CORE_GROUP,
            status=Meeting.Status.PLANNED,
            held_on__gte=timezone.localdate(),
        )
        .order_by("held_on", "pk")
        .first()
    )


@dataclass(frozen=True)
class YearRhythm:
    """Art. 43 and 48 per agreement year: four core-group meetings, at least one assembly."""

    year: AgreementYear
    held: int
    planned: int
    assembly_held: bool
    assembly_planned: bool
    current: bool

    @property
    def short(self) -> int:
        return max(0, 4 - self.held - self.planned)


def meeting_rhythm(*, agreement) -> list[YearRhythm]:
    today = timezone.localdate()
    meetings = list(Meeting.objects.filter(agreement=agreement).exclude(status=Meeting.Status.CANCELLED))
    rows = []
    for year in agreement.years.all():
        mine = [m for m in meetings if year.contains(m.held_on)]
        core = [m for m in mine if m.body == Body.CORE_GROUP]
        assembly = [m for m in mine if m.body == Body.ASSEMBLY]
        rows.append(
            YearRhythm(
                year=year,
                held=sum(m.status == Meeting.Status.HELD for m in core),
                planned=sum(m.status == Meeting.Status.PLANNED for m in core),
                assembly_held=any(m.status == Meeting.Status.HELD for m in assembly),
                assembly_planned=any(m.status == Meeting.Status.PLANNED for m in assembly),
                current=year.contains(today),
            )
        )
    return [r for r in rows if r.year.start_date <= today]


def attendance_present(*, meeting) -> set[int]:
    return set(meeting.attendance.filter(present=True, user__isnull=False).values_list("user_id", flat=True))


# --- proposals ----------------------------------------------------------------------------------


def seats(*, agreement) -> tuple[list[Seat], int | None, dict[int, CoreGroupMember]]:
    """The seats as `voting` reads them (people by pk), the chair, and the members by person."""
    members = list(current_core_group(agreement=agreement))
    by_user = {m.user_id: m for m in members}
    result = []
    for constituency in Constituency:
        regular = next(
            (m.user_id for m in members if m.constituency == constituency and m.role == m.Role.REGULAR), None
        )
        alternate = next(
            (m.user_id for m in members if m.constituency == constituency and m.role == m.Role.ALTERNATE),
            None,
        )
        result.append(Seat(str(constituency), regular, alternate))
    chair = next((m.user_id for m in members if m.role == CoreGroupMember.Role.CHAIR), None)
    return result, chair, by_user


@dataclass(frozen=True)
class VoteContext:
    seats: list[Seat]
    chair: int | None
    members: dict[int, CoreGroupMember]
    present: set[int]
    concerned: set[int]
    replacements: dict[str, int]


def vote_context(*, proposal) -> VoteContext:
    seat_list, chair, members = seats(agreement=proposal.agreement)
    concerned_orgs = set(proposal.concerned.values_list("pk", flat=True))
    concerned = {
        pk
        for pk, m in members.items()
        if m.role != CoreGroupMember.Role.CHAIR and m.user.organization_id in concerned_orgs
    }
    present = attendance_present(meeting=proposal.meeting) if proposal.meeting_id else set()
    replacements = dict(proposal.replacements.values_list("constituency", "user_id"))
    return VoteContext(seat_list, chair, members, present, concerned, replacements)


def tally_of(*, proposal) -> Tally:
    """The outcome as `voting.core_group` sees it from what is recorded now."""
    ctx = vote_context(proposal=proposal)
    ballots = dict(proposal.ballots.values_list("user_id", "choice"))
    return core_group(
        ctx.seats,
        ballots,
        present=ctx.present,
        concerned=ctx.concerned,
        replacements=ctx.replacements,
        chair=ctx.chair,
    )


def seat_voter(*, proposal, user) -> str | None:
    """The seat this person casts the vote for at the proposal's meeting, if any."""
    ctx = vote_context(proposal=proposal)
    for seat in ctx.seats:
        who = voter(
            seat,
            present=ctx.present,
            concerned=ctx.concerned,
            replacement=ctx.replacements.get(seat.constituency),
        )
        if who is not None and who == user.pk:
            return seat.constituency
    return None


def proposal_list(*, agreement, fetched_by) -> QuerySet[Proposal]:
    """The core group and the secretariat see every proposal (a concerned member in outline only);
    parties see what is put to the assembly and what is published."""
    qs = Proposal.objects.filter(agreement=agreement).select_related("meeting")
    if sees_everything(user=fetched_by, agreement=agreement):
        return qs
    if not takes_part(user=fetched_by, agreement=agreement):
        return qs.none()
    return qs.filter(Q(status=Proposal.Status.TO_ASSEMBLY) | Q(published_at__isnull=False))


def proposal_visible(*, proposal, user) -> bool:
    if sees_everything(user=user, agreement=proposal.agreement) or is_replacement(
        user=user, proposal=proposal
    ):
        return True
    return takes_part(user=user, agreement=proposal.agreement) and (
        proposal.status == Proposal.Status.TO_ASSEMBLY or proposal.published_at is not None
    )


def open_proposal_about(*, subject) -> Proposal | None:
    from django.contrib.contenttypes.models import ContentType

    return Proposal.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        status__in=[Proposal.Status.OPEN, Proposal.Status.VOTING, Proposal.Status.TO_ASSEMBLY],
    ).first()


def decision_list(*, agreement) -> QuerySet[Proposal]:
    return Proposal.objects.filter(agreement=agreement, published_at__isnull=False).order_by(
        "-decided_on", "-published_at"
    )


def replacement_candidates(*, proposal, constituency: str):
    """People of another party of the same constituency kind whose organization is not concerned."""
    from imvo.accounts.models import User
    from imvo.organizations.models import ACTIVE_STATUSES, Participation

    today = timezone.localdate()
    parties = (
        Participation.objects.filter(
            agreement=proposal.agreement,
            form=Participation.Form.PARTY,
            status__in=ACTIVE_STATUSES,
            signed_on__lte=today,
            organization__kind__in=CONSTITUENCY_KINDS.get(constituency, ()),
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
        .exclude(organization__in=proposal.concerned.all())
        .values("organization_id")
    )
    return (
        User.objects.filter(is_active=True, organization_id__in=parties)
        .select_related("organization")
        .order_by("organization__name", "full_name")
    )


# --- complaints ---------------------------------------------------------------------------------


def complaint_access(*, complaint, user) -> str | None:
    """ "full" (what the complaint says and who filed it), "summary" (status and outcome) or None.

    The secretariat screens every complaint; the complainant follows their own; once it is with the
    core group its members read it — except a member whose organization is concerned (art. 84) —
    and the company concerned is told it was sent and what was decided, without the complainant.
    """
    if Role.SECRETARIAT in roles_of(user) or (
        complaint.complainant_id and complaint.complainant_id == user.pk
    ):
        return "full"
    org_id = getattr(user, "organization_id", None)
    with_core_group = complaint.status in (Complaint.Status.WITH_CORE_GROUP, Complaint.Status.DECIDED)
    concerned = org_id is not None and org_id in (complaint.company_id, complaint.complainant_organization_id)
    if (
        with_core_group
        and not concerned
        and complaint.proposal_id
        and sees_case(user=user, proposal=complaint.proposal)
    ):
        return "full"
    if org_id is not None and org_id == complaint.complainant_organization_id:
        return "summary"
    if with_core_group and org_id is not None and org_id == complaint.company_id:
        return "summary"
    return None


def complaint_list(*, agreement, fetched_by) -> list[tuple[Complaint, str]]:
    qs = Complaint.objects.filter(agreement=agreement).select_related(
        "company", "complainant", "complainant_organization", "proposal"
    )
    if not (Role.SECRETARIAT in roles_of(fetched_by) or holds_seat(user=fetched_by, agreement=agreement)):
        org_id = getattr(fetched_by, "organization_id", None) or 0
        qs = qs.filter(
            Q(complainant_id=fetched_by.pk) | Q(complainant_organization_id=org_id) | Q(company_id=org_id)
        )
    rows = []
    for complaint in qs:
        access = complaint_access(complaint=complaint, user=fetched_by)
        if access:
            rows.append((complaint, access))
    return rows
