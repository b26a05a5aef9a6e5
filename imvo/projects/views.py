"""Collective-project pages: the list, a proposal, and one page per project where the secretariat
and the lead record participants, progress, results and the status, and a company decides whether
others see that it takes part. Actions post to the project's page, so a refused form keeps what
was typed."""

from __future__ import annotations

import pycountry
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from imvo.accounts.roles import Role, roles_of
from imvo.audit.services import record_access
from imvo.core.countries import country_name
from imvo.core.views_helpers import current_agreement, on_valid, page, query_int, require_perm, step
from imvo.organizations.models import Organization
from imvo.projects import forms as f
from imvo.projects import selectors, services
from imvo.projects.models import ProgressUpdate, Project, ProjectParticipant


def _project(request, pk: int) -> Project:
    project = (
        Project.objects.filter(pk=pk, agreement=current_agreement(request))
        .select_related("agreement", "proposal", "proposed_by", "origin_collective_risk", "origin_signal")
        .first()
    )
    if project is None or not request.user.has_perm("projects.view_project", project):
        raise Http404
    return project


@login_required
def project_list(request):
    agreement = current_agreement(request)
    require_perm(request, "projects.view_projects", agreement)
    status = request.GET.get("status", "")
    status = status if status in Project.Status.values else ""
    country = request.GET.get("country", "").upper()
    seen = selectors.projects_visible_to(user=request.user, agreement=agreement)
    codes = sorted({c for p in seen for c in p.countries}, key=country_name)
    country = country if pycountry.countries.get(alpha_2=country) else ""
    projects = selectors.projects_visible_to(
        user=request.user, agreement=agreement, status=status, country=country
    )
    lab = selectors.labels()
    rows = [
        {
            "project": p,
            "countries": ", ".join(country_name(c) for c in p.countries),
            "themes": ", ".join(lab["theme"].get(t, t) for t in p.themes),
        }
        for p in projects
    ]
    context = {
        "rows": rows,
        "status": status,
        "statuses": f.STATUS_FILTER,
        "country": country,
        "countries": [(c, country_name(c)) for c in codes],
        "may_propose": request.user.has_perm("projects.propose", agreement),
    }
    return page(request, "projects/list.html", context)


@login_required
def propose(request):
    from imvo.risks import presenters
    from imvo.risks.selectors import collective_risks

    agreement = current_agreement(request)
    require_perm(request, "projects.propose", agreement)
    risks = presenters.collective(collective_risks(agreement=agreement))
    chosen = request.GET.get("risk", "")
    initial = {"collective_risk": chosen} if any(str(r["risk"].pk) == chosen for r in risks) else {}
    form = f.ProposeForm(request.POST or None, collective_risks=risks, initial=initial)
    made: list[Project] = []

    def submit(data):
        risk = form.risks.get(data.pop("collective_risk") or "")
        if risk is not None:
            made.append(
                services.project_from_collective_risk(collective_risk=risk, actor=request.user, data=data)
            )
        else:
            made.append(services.project_propose(agreement=agreement, actor=request.user, data=data))

    done = on_valid(
        request, form, submit, _("The project has been proposed to the core group."), "projects:list"
    )
    if done:
        return redirect("projects:detail", pk=made[0].pk)
    return page(request, "projects/propose.html", {"form": form}, form)


@login_required
def edit(request, pk: int):
    project = _project(request, pk)
    require_perm(request, "projects.manage", project)
    if project.status in (Project.Status.PROPOSED, Project.Status.REJECTED, Project.Status.WITHDRAWN):
        raise PermissionDenied
    initial = {name: getattr(project, name) for name in services.FIELDS}
    form = f.ProjectForm(request.POST or None, initial=initial)
    done = on_valid(
        request,
        form,
        lambda data: services.project_update(project=project, actor=request.user, data=data),
        _("The project has been saved."),
        project.get_absolute_url(),
    )
    return done or page(request, "projects/edit.html", {"form": form, "project": project}, form)


@login_required
def update_file(request, pk: int, update_pk: int):
    project = _project(request, pk)
    update = get_object_or_404(ProgressUpdate, pk=update_pk, project=project)
    if not update.file:
        raise Http404
    return FileResponse(update.file.open("rb"), as_attachment=True, filename=update.original_name)


def _updates_as_seen(project, user, participants) -> list:
    """Progress updates with their author's name only where it cannot name an unconsenting company:
    for the secretariat, for the author's own organization, and for organizations shown anyway."""
    from imvo.projects.selectors import _is_secretariat

    shown = {p.organization_id for p in participants.shown if p.organization_id}
    updates = list(project.updates.select_related("author"))
    for u in updates:
        org = getattr(u.author, "organization_id", None)
        u.show_author = bool(u.author) and (
            _is_secretariat(user) or org == getattr(user, "organization_id", None) or org in shown
        )
    return updates


@login_required
def detail(request, pk: int):
    project = _project(request, pk)
    user = request.user
    here = project.get_absolute_url()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    manages = user.has_perm("projects.manage", project)
    if action in ("consent", "withdraw_consent"):
        participant = get_object_or_404(
            ProjectParticipant, pk=query_int(request.POST.get("participant", "")) or 0, project=project
        )
        require_perm(request, "projects.give_consent", participant)
        return step(
            request,
            lambda: services.participant_consent(
                participant=participant, actor=user, consent=action == "consent"
            ),
            _("Other parties now see that you take part.")
            if action == "consent"
            else _("Other parties no longer see that you take part."),
            here,
        )
    if action == "withdraw":
        require_perm(request, "projects.withdraw", project)
        return step(
            request,
            lambda: services.project_withdraw(project=project, actor=user),
            _("The proposal has been withdrawn."),
            here,
        )
    if action == "remove":
        require_perm(request, "projects.manage", project)
        chosen = query_int(request.POST.get("participant", ""))
        seen = selectors.participants_visible_to(project=project, user=user).shown
        leaving = next((p for p in seen if p.pk == chosen), None)
        if leaving is None:
            raise Http404
        return step(
            request,
            lambda: services.participant_remove(participant=leaving, actor=user),
            _("The participant has been removed."),
            here,
        )
    posted = request.POST if action else None
    files = request.FILES if action else None
    today = timezone.localdate()
    organizations = list(selectors.organizations_to_add(project=project)) if manages else []
    participant_form = f.ParticipantForm(
        posted if action == "participant" else None, organizations=organizations
    )
    forms: dict[str, Form] = {
        "participant": participant_form,
        "update": f.UpdateForm(
            posted if action == "update" else None,
            files if action == "update" else None,
            initial={"date": today},
        ),
        "result": f.ResultForm(posted if action == "result" else None, initial={"date": today}),
        "start": f.StartForm(posted if action == "start" else None, initial={"started_on": today}),
        "close": f.CloseForm(posted if action == "close" else None, initial={"ends_on": today}),
    }
    if action:
        if action not in forms:
            raise Http404
        require_perm(request, "projects.manage", project)
        form = forms[action]
        runs = {
            "participant": (
                lambda d: services.participant_add(
                    project=project,
                    actor=user,
                    role=d["role"],
                    organization=participant_form.organizations.get(d["organization"] or ""),
                    local_partner_name=d["local_partner_name"],
                    joined_on=d["joined_on"],
                ),
                _("The participant has been added."),
            ),
            "update": (
                lambda d: services.update_add(
                    project=project, actor=user, text=d["text"], date=d["date"], file=d["file"]
                ),
                _("The progress has been recorded."),
            ),
            "result": (
                lambda d: services.result_add(project=project, actor=user, **d),
                _("The result has been recorded."),
            ),
            "start": (
                lambda d: services.project_start(project=project, actor=user, started_on=d["started_on"]),
                _("The project is running."),
            ),
            "close": (
                lambda d: services.project_close(
                    project=project, actor=user, ends_on=d["ends_on"], note=d["note"]
                ),
                _("The project has been completed."),
            ),
        }
        run, message = runs[action]
        done = on_valid(request, form, run, message, here)
        if done:
            return done
    participants = selectors.participants_visible_to(project=project, user=user)
    unnamed_of_others = [p for p in participants.unnamed if p.organization_id != user.organization_id]
    if unnamed_of_others:
        record_access(
            actor=user,
            objects=unnamed_of_others,
            what="unnamed participation in a collective project",
            owner_org_id=lambda p: p.organization_id,
        )
    context = {
        "project": project,
        "public": selectors.public_project(project),
        "participants": participants,
        "unnamed": {p.pk for p in participants.unnamed},
        "updates": _updates_as_seen(project, user, participants),
        "results": project.results.all(),
        "manages": manages,
        "may_withdraw": project.status == Project.Status.PROPOSED
        and user.has_perm("projects.withdraw", project),
        "consent_for": {p.pk for p in participants.shown if user.has_perm("projects.give_consent", p)},
        "proposer": _proposer(project, user),
        "proposal_link": _proposal_link(project, user),
        "signal_link": reverse("signals:detail", args=[project.origin_signal_id])
        if project.origin_signal_id and user.has_perm("signals.view_signal", project.origin_signal)
        else "",
        "forms": forms,
    }
    return page(request, "projects/detail.html", context, forms.get(action))


def _proposer(project: Project, user) -> str:
    """A proposing company is named as its participation is: with its consent, or to itself and the
    secretariat."""
    org = project.proposed_by
    if org is None:
        return ""
    if org.kind != Organization.Kind.COMPANY or user.organization_id == org.pk or _secretariat(user):
        return org.name
    row = project.participants.filter(organization=org).first()
    return org.name if row is not None and row.consent_to_show else ""


def _secretariat(user) -> bool:
    return Role.SECRETARIAT in roles_of(user)


def _proposal_link(project: Project, user) -> str:
    if project.proposal is None or not user.has_perm("governance.view_proposal", project.proposal):
        return ""
    return reverse("governance:proposal", args=[project.proposal_id])
