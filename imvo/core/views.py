"""The landing page and each role's home page."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from imvo.accounts.roles import Role, roles_of
from imvo.agreements.selectors import (
    CalendarFilter,
    agreement_current,
    company_obligation_list,
    obligation_progress,
    state_counts,
)
from imvo.agreements.views import calendar_context
from imvo.core.models import Job
from imvo.governance.selectors import core_group_table
from imvo.modules.selectors import modules_for_company
from imvo.organizations.selectors import application_list, participant_list, participation_of
from imvo.signals.selectors import open_for_company, waiting_for_secretariat


def home(request):
    agreement = agreement_current(slug=request.session.get("agreement")) or agreement_current()
    if not request.user.is_authenticated or request.user.organization_id is None:
        return render(request, "core/landing.html", {"agreement": agreement})
    roles = roles_of(request.user)
    context = {"agreement": agreement, "today": timezone.localdate()}
    if agreement is None:
        return render(request, "core/home.html", context)
    year = agreement.current_year()
    context["year"] = year
    context["participation"] = participation_of(organization=request.user.organization, agreement=agreement)
    context["applications"] = application_list(agreement=agreement, fetched_by=request.user)[:10]
    if Role.SECRETARIAT in roles:
        context.update(calendar_context(request, agreement, is_secretariat=True))
        context.update(
            dashboard="secretariat",
            totals=state_counts(company_obligation_list(agreement=agreement, fetched_by=request.user)),
            participants=participant_list(agreement=agreement),
            signals_waiting=waiting_for_secretariat(agreement=agreement),
        )
    elif Role.COMPANY_MEMBER in roles:
        rows = company_obligation_list(agreement=agreement, fetched_by=request.user, filters=CalendarFilter())
        context.update(
            dashboard="company",
            rows=rows,
            counts=state_counts(rows),
            open_rows=[r for r in rows if r.state() in ("late", "due", "upcoming")],
            done_rows=[r for r in rows if r.state() in ("done", "waived")],
            signal_notices=open_for_company(organization=request.user.organization, agreement=agreement),
            modules=modules_for_company(organization=request.user.organization, year=year) if year else None,
        )
    else:
        context.update(
            dashboard="party",
            progress=obligation_progress(agreement=agreement, year_number=year.number if year else None),
            core_group=core_group_table(agreement=agreement),
        )
    return render(request, "core/home.html", context)


@login_required
def job_detail(request, pk: int):
    """Progress of one's own background job; htmx polls the partial until it is finished."""
    job = get_object_or_404(Job, pk=pk, created_by=request.user)
    template = "core/_job_progress.html" if request.htmx else "core/job.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request, pk: int):
    job = get_object_or_404(Job, pk=pk, created_by=request.user, status=Job.Status.DONE)
    name = (job.result.name or "result").rsplit("/", 1)[-1]
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=name)
