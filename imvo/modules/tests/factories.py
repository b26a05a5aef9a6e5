"""Taking part in a module, for tests that need it (NGO insight, art. 13, rests on it)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from imvo.modules.models import Attendance, Module, Session
from imvo.modules.services import attendance_record, session_plan


def past_session(agreement, *, code: str = "sectormodule", days_ago: int = 7, actor=None) -> Session:
    start = timezone.now() - dt.timedelta(days=days_ago)
    return session_plan(
        module=Module.objects.get(agreement=agreement, code=code),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="SER, Den Haag",
        online_link="",
        description="",
        actor=actor,
    )


def module_attended(organization, *, agreement, actor=None, session: Session | None = None) -> Attendance:
    """The organization took part in a session (a past one of the sector module unless given)."""
    session = session or past_session(agreement, actor=actor)
    present = [a.organization for a in session.attendance.filter(present=True)]
    attendance_record(session=session, present=[*present, organization], actor=actor)
    return session.attendance.get(organization=organization)
