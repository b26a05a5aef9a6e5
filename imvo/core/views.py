"""The landing page and each role's home page."""

from django.shortcuts import render
from django.utils import timezone

from imvo.accounts.roles import Role, roles_of
from imvo.agreements.models import STATE_LABELS
from imvo.agreements.selectors import (
    CalendarFilter,
    agreement_current,
    company_obligation_list,
    obligation_progress,
    state_counts,
)
from imvo.audit.services import record_access
from imvo.governance.selectors import core_group_table
from imvo.organizations.selectors import application_list, participant_list, participation_of


def home(request):
    agreement = agreement_current(slug=request.session.get("agreement")) or agreement_current()
    if not request.user.is_authenticated or request.user.organization_id is None:
        return render(request, "core/landing.html", {"agreement": agreement})
    roles = roles_of(request.user)
    context = {"agreement": agreement, "state_labels": STATE_LABELS, "today": timezone.localdate()}
    if agreement is None:
        return render(request, "core/home.html", context)
    year = agreement.current_year()
    context["year"] = year
    context["participation"] = participation_of(organization=request.user.organization, agreement=agreement)
    context["applications"] = application_list(agreement=agreement, fetched_by=request.user)[:10]
    if Role.SECRETARIAT in roles:
        rows = company_obligation_list(agreement=agreement, fetched_by=request.user)
        late = [r for r in rows if r.state() == "late"]
        due = [r for r in rows if r.state() == "due"]
        record_access(
            actor=request.user,
            objects={r.organization_id: r.organization for r in late + due}.values(),
            what="obligations calendar",
        )
        context.update(
            dashboard="secretariat",
            late=late,
            due=due,
            counts=state_counts(rows),
            participants=participant_list(agreement=agreement),
        )
    elif Role.COMPANY_MEMBER in roles:
        rows = company_obligation_list(agreement=agreement, fetched_by=request.user, filters=CalendarFilter())
        context.update(
            dashboard="company",
            rows=rows,
            counts=state_counts(rows),
            open_rows=[r for r in rows if r.state() in ("late", "due", "upcoming")],
            done_rows=[r for r in rows if r.state() in ("done", "waived")],
        )
    else:
        context.update(
            dashboard="party",
            progress=obligation_progress(agreement=agreement, year_number=year.number if year else None),
            core_group=core_group_table(agreement=agreement),
        )
    return render(request, "core/home.html", context)
