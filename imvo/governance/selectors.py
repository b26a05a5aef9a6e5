from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from imvo.accounts.roles import Role
from imvo.governance.models import Constituency, CoreGroupMember


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
