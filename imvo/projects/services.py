"""Collective projects from proposal to result (art. 16, 23, 60): proposed by a party, from a
collective risk or from a signal; decided by the core group through a governance proposal; run by
their participants; closed with their results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from imvo.accounts.roles import Role, roles_of
from imvo.core.countries import country_name, region_name
from imvo.core.files import sha256_of
from imvo.core.services import notify_by_email
from imvo.organizations.models import Organization
from imvo.projects import selectors
from imvo.projects.models import ProgressUpdate, Project, ProjectParticipant, Result

FIELDS = (
    "title",
    "summary",
    "countries",
    "regions",
    "materials",
    "themes",
    "goals",
    "budget",
    "co_financing",
    "started_on",
    "ends_on",
)
MAX_FILE_BYTES = 20 * 1024 * 1024


def _person(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _is_secretariat(actor) -> bool:
    return Role.SECRETARIAT in roles_of(actor)


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """The project's fields from a form or a data file, checked against the agreement's vocabulary."""
    from imvo.risks.method import method
    from imvo.supply_chain.vocabulary import vocabulary

    errors: dict[str, str] = {}
    values = {name: data.get(name) for name in FIELDS if name in data}
    for name in ("title", "summary", "regions", "goals", "co_financing"):
        if name in values:
            values[name] = (values[name] or "").strip()
    if not values.get("title"):
        errors["title"] = _("Give the project a title.")
    if not values.get("summary"):
        errors["summary"] = _("Say what the project is about.")
    countries = [str(c).upper() for c in values.get("countries") or []]
    if any(pycountry.countries.get(alpha_2=c) is None for c in countries):
        errors["countries"] = _("Choose countries from the list.")
    values["countries"] = list(dict.fromkeys(countries))
    materials = list(dict.fromkeys(values.get("materials") or []))
    if set(materials) - vocabulary().codes("materials"):
        errors["materials"] = _("Choose materials from the list.")
    values["materials"] = materials
    themes = list(dict.fromkeys(values.get("themes") or []))
    if set(themes) - set(method().codes("themes")):
        errors["themes"] = _("Choose themes from the list.")
    values["themes"] = themes
    budget = values.get("budget")
    values["budget"] = None
    if budget not in (None, ""):
        try:
            amount = Decimal(str(budget))
        except InvalidOperation:
            errors["budget"] = _("Give the budget as an amount in euros.")
        else:
            values["budget"] = amount
            if amount < 0:
                errors["budget"] = _("A budget cannot be negative.")
    started, ends = values.get("started_on"), values.get("ends_on")
    if started and ends and ends < started:
        errors["ends_on"] = _("The project cannot end before it starts.")
    if errors:
        raise ValidationError(errors)
    return values


def _check_proposer(*, agreement, actor) -> None:
    if not (_is_secretariat(actor) or selectors.may_propose(user=actor, agreement=agreement)):
        raise ValidationError(
            _(
                "A collective project is proposed by a party (a company, an NGO, a union or an industry association) or the secretariat."
            )
        )


def _proposal_text(project: Project) -> str:
    parts = [project.summary]
    if project.goals:
        parts.append(project.goals)
    where = [country_name(c) for c in project.countries] + ([project.regions] if project.regions else [])
    if where:
        parts.append(", ".join(where))
    if project.budget is not None:
        parts.append(f"€ {project.budget:,.2f}")
    return "\n\n".join(parts)


def _propose(*, project: Project, actor, text: str = "", title: str = "") -> Project:
    """Save the project and put it to the core group; a party proposing it leads it."""
    from imvo.governance.services import proposal_submit

    project.created_by = _person(actor)
    project.status = Project.Status.PROPOSED
    project.save()
    proposer = project.proposed_by
    if proposer is not None and proposer.kind != Organization.Kind.SECRETARIAT:
        ProjectParticipant.objects.create(
            project=project,
            organization=proposer,
            role=ProjectParticipant.Role.LEAD,
            joined_on=timezone.localdate(),
        )
    project.proposal = proposal_submit(
        agreement=project.agreement,
        kind="collective_project",
        title=(title or project.title)[:200],
        text=text or _proposal_text(project),
        actor=actor,
        subject=project,
    )
    project.save(update_fields=["proposal"])
    return project


@transaction.atomic
def project_propose(*, agreement, actor, data: Mapping[str, Any]) -> Project:
    """A party or the secretariat proposes a collective project; the core group decides."""
    _check_proposer(agreement=agreement, actor=actor)
    project = Project(
        agreement=agreement,
        origin=Project.Origin.PARTY,
        proposed_by=getattr(actor, "organization", None),
        **_clean(data),
    )
    return _propose(project=project, actor=actor)


@transaction.atomic
def project_from_collective_risk(*, collective_risk, actor, data: Mapping[str, Any]) -> Project:
    """A project to address a collective risk (art. 29-30): its theme, material and country come
    with it unless the proposer chose otherwise."""
    from imvo.supply_chain.presenters import CONTINENTS

    agreement = collective_risk.agreement
    _check_proposer(agreement=agreement, actor=actor)
    data = dict(data)
    data["themes"] = data.get("themes") or [collective_risk.theme]
    if collective_risk.material and not data.get("materials"):
        data["materials"] = [collective_risk.material]
    area = collective_risk.area
    if area in CONTINENTS:
        if not data.get("regions"):
            with override("nl"):
                data["regions"] = str(CONTINENTS[area])
    elif area and not data.get("countries"):
        data["countries"] = [area]
    project = Project(
        agreement=agreement,
        origin=Project.Origin.COLLECTIVE_RISK,
        origin_collective_risk=collective_risk,
        proposed_by=getattr(actor, "organization", None),
        **_clean(data),
    )
    return _propose(project=project, actor=actor)


def _site_materials(signal) -> list[str]:
    """The materials the companies' lists record for the reported site: the site's, not a company's."""
    if signal.facility_id is None:
        return []
    from imvo.supply_chain.models import ProductionLocation

    found: list[str] = []
    for materials in ProductionLocation.objects.filter(facility_id=signal.facility_id).values_list(
        "materials", flat=True
    ):
        found += [m for m in materials or [] if m not in found]
    return found


@transaction.atomic
def project_from_signal(*, signal, reason: str, actor) -> Project:
    """A systemic issue found through a signal (art. 23): a project proposal with the abuse, the
    country and the theme — never a company, never the reporter."""
    from imvo.risks.method import method

    if not reason.strip():
        raise ValidationError({"reason": _("Say why this calls for a collective project.")})
    theme = method().theme(signal.theme) if signal.theme else None
    with override("nl"):
        title = _("Collective project after signal %(ref)s: %(theme)s in %(where)s") % {
            "ref": signal.reference,
            "theme": theme.name if theme else _("abuse"),
            "where": country_name(signal.site_country),
        }
    project = Project(
        agreement=signal.agreement,
        origin=Project.Origin.SIGNAL,
        origin_signal=signal,
        proposed_by=getattr(actor, "organization", None),
        **_clean(
            {
                "title": title[:200],
                "summary": reason,
                "countries": [signal.site_country] if signal.site_country else [],
                "regions": region_name(signal.site_region) if signal.site_region else "",
                "themes": [signal.theme] if theme else [],
                "materials": _site_materials(signal),
            }
        ),
    )
    return _propose(project=project, actor=actor, text=f"{reason.strip()}\n\n{signal.description}")


def _members_of(organization: Organization | None) -> list[str]:
    if organization is None or organization.kind == Organization.Kind.SECRETARIAT:
        return []
    return list(organization.members.filter(is_active=True).values_list("email", flat=True))


@transaction.atomic
def project_decided(*, project: Project, adopted: bool, actor) -> Project:
    """The core group's decision on the proposal, carried out by governance: approved or rejected."""
    if project.status != Project.Status.PROPOSED:
        raise ValidationError(_("This project is not awaiting the core group's decision."))
    project.status = Project.Status.APPROVED if adopted else Project.Status.REJECTED
    project.save(update_fields=["status"])
    with override("nl"):
        notify_by_email(
            recipients=_members_of(project.proposed_by),
            subject=_("The core group has decided on the project %(title)s") % {"title": project.title},
            body=(
                _("The core group has approved the collective project.")
                if adopted
                else _("The core group has not approved the collective project.")
            ),
        )
    return project


def project_proposal_withdrawn(*, project: Project) -> Project:
    """Governance withdrew the proposal: the project is withdrawn with it."""
    if project.status == Project.Status.PROPOSED:
        project.status = Project.Status.WITHDRAWN
        project.save(update_fields=["status"])
    return project


@transaction.atomic
def project_withdraw(*, project: Project, actor) -> Project:
    """The proposer or the secretariat withdraws a proposal the core group has not yet decided."""
    from imvo.governance.services import proposal_withdraw

    if project.status != Project.Status.PROPOSED:
        raise ValidationError(_("Only a proposal still before the core group can be withdrawn."))
    if project.proposal is not None:
        proposal_withdraw(proposal=project.proposal, actor=actor)
        project.refresh_from_db()
    return project_proposal_withdrawn(project=project)


@transaction.atomic
def project_update(*, project: Project, actor, data: Mapping[str, Any]) -> Project:
    """Correct or complete the project's description (goals, budget, places, dates)."""
    if project.status in (Project.Status.PROPOSED, Project.Status.REJECTED, Project.Status.WITHDRAWN):
        raise ValidationError(
            _("Only an approved project can be changed; a proposal is as the core group reads it.")
        )
    for name, value in _clean({**{f: getattr(project, f) for f in FIELDS}, **data}).items():
        setattr(project, name, value)
    project.save()
    return project


def _today_or_before(day: dt.date | None, field: str) -> dt.date:
    today = timezone.localdate()
    day = day or today
    if day > today:
        raise ValidationError({field: _("This date cannot lie in the future.")})
    return day


@transaction.atomic
def project_start(*, project: Project, actor, started_on: dt.date | None = None) -> Project:
    if project.status != Project.Status.APPROVED:
        raise ValidationError(_("Only an approved project can start."))
    project.started_on = _today_or_before(started_on, "started_on")
    if project.ends_on and project.ends_on < project.started_on:
        raise ValidationError({"started_on": _("The project cannot start after its planned end.")})
    project.status = Project.Status.RUNNING
    project.save(update_fields=["status", "started_on"])
    return project


@transaction.atomic
def project_close(*, project: Project, actor, ends_on: dt.date | None = None, note: str = "") -> Project:
    """The project is completed; its results stay for the reports."""
    if project.status not in (Project.Status.APPROVED, Project.Status.RUNNING):
        raise ValidationError(_("Only an approved or running project can be completed."))
    ends_on = _today_or_before(ends_on, "ends_on")
    if project.started_on and ends_on < project.started_on:
        raise ValidationError({"ends_on": _("The project cannot end before it starts.")})
    project.ends_on = ends_on
    project.closing_note = note.strip()
    project.status = Project.Status.COMPLETED
    project.save(update_fields=["status", "ends_on", "closing_note"])
    return project


@transaction.atomic
def project_record_earlier(
    *, agreement, actor, data: Mapping[str, Any], status: str = Project.Status.COMPLETED, note: str = ""
) -> Project:
    """A project the parties ran before the platform (the first covenant, 2019-2024), recorded by
    the secretariat with its participants and results so that the reports carry it."""
    if not _is_secretariat(actor):
        raise ValidationError(_("Only the secretariat records earlier projects."))
    if status not in (Project.Status.RUNNING, Project.Status.COMPLETED):
        raise ValidationError({"status": _("An earlier project is running or completed.")})
    project = Project(
        agreement=agreement,
        origin=Project.Origin.PARTY,
        proposed_by=getattr(actor, "organization", None),
        status=status,
        closing_note=note.strip(),
        created_by=_person(actor),
        **_clean(data),
    )
    project.save()
    return project


# --- participants -------------------------------------------------------------------------------


def _open_for_work(project: Project) -> None:
    if project.status in (Project.Status.REJECTED, Project.Status.WITHDRAWN):
        raise ValidationError(_("This project was not approved."))


@transaction.atomic
def participant_add(
    *,
    project: Project,
    actor,
    role: str,
    organization: Organization | None = None,
    local_partner_name: str = "",
    joined_on: dt.date | None = None,
) -> ProjectParticipant:
    """An organization taking part in the agreement, or a local partner without an account. A
    company is added unnamed: only the company itself can agree to be shown."""
    _open_for_work(project)
    name = local_partner_name.strip()
    if role not in ProjectParticipant.Role.values:
        raise ValidationError({"role": _("Choose the role.")})
    if (organization is None) == (not name):
        raise ValidationError(
            {"organization": _("Choose an organization, or name a local partner without an account.")}
        )
    if organization is not None:
        if not selectors.organizations_to_add(project=project).filter(pk=organization.pk).exists():
            raise ValidationError(
                {
                    "organization": _(
                        "Choose an organization taking part in the agreement that is not in the project yet."
                    )
                }
            )
    elif role != ProjectParticipant.Role.LOCAL_PARTNER:
        raise ValidationError({"role": _("A partner without an account takes part as a local partner.")})
    return ProjectParticipant.objects.create(
        project=project,
        organization=organization,
        local_partner_name=name,
        role=role,
        joined_on=joined_on or timezone.localdate(),
    )


@transaction.atomic
def participant_remove(*, participant: ProjectParticipant, actor) -> None:
    project = participant.project
    if (
        participant.role == ProjectParticipant.Role.LEAD
        and not project.participants.filter(role=ProjectParticipant.Role.LEAD)
        .exclude(pk=participant.pk)
        .exists()
        and project.is_active
    ):
        raise ValidationError(_("Name another lead before removing the project's only lead."))
    participant.delete()


@transaction.atomic
def participant_consent(*, participant: ProjectParticipant, actor, consent: bool) -> ProjectParticipant:
    """A company agrees, or no longer agrees, that other parties and the public see it takes part."""
    if not participant.needs_consent:
        raise ValidationError(_("Only a company's participation needs its consent to be shown."))
    if getattr(actor, "organization_id", None) != participant.organization_id:
        raise ValidationError(_("Only the company itself gives or withdraws its consent."))
    participant.consent_to_show = consent
    participant.save(update_fields=["consent_to_show"])
    return participant


# --- progress and results -----------------------------------------------------------------------


def _working(project: Project) -> None:
    if project.status not in (Project.Status.APPROVED, Project.Status.RUNNING, Project.Status.COMPLETED):
        raise ValidationError(
            _("Progress and results are recorded once the core group has approved the project.")
        )


@transaction.atomic
def update_add(
    *, project: Project, actor, text: str, date: dt.date | None = None, file=None
) -> ProgressUpdate:
    _working(project)
    if not text.strip():
        raise ValidationError({"text": _("Describe the progress.")})
    update = ProgressUpdate(
        project=project, date=_today_or_before(date, "date"), text=text.strip(), author=_person(actor)
    )
    if file:
        if file.size > MAX_FILE_BYTES:
            raise ValidationError({"file": _("A document may be at most 20 MB.")})
        update.sha256 = sha256_of(file)
        update.original_name = file.name[:255]
        update.file = file
    update.save()
    return update


@transaction.atomic
def result_add(
    *,
    project: Project,
    actor,
    title: str,
    date: dt.date | None = None,
    text: str = "",
    indicator: str = "",
    value: str = "",
) -> Result:
    _working(project)
    if not title.strip():
        raise ValidationError({"title": _("Name the result.")})
    if value.strip() and not indicator.strip():
        raise ValidationError({"indicator": _("Say what the value measures.")})
    return Result.objects.create(
        project=project,
        title=title.strip(),
        text=text.strip(),
        indicator=indicator.strip(),
        value=value.strip(),
        date=_today_or_before(date, "date"),
        author=_person(actor),
    )
