"""Actions of the risk analysis: keeping the yearly register, publishing the public statement, and
the secretariat's sector report and collective risks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imvo.agreements.models import Agreement, AgreementYear, CompanyObligation
from imvo.core.countries import country_name
from imvo.organizations.models import Organization
from imvo.risks import sector, selectors, suggestions
from imvo.risks.method import DIMENSIONS, method
from imvo.risks.models import CollectiveRisk, Risk, RiskRegister, RiskScore, RiskStatement, SectorReport
from imvo.supply_chain.vocabulary import vocabulary

OBLIGATION = "risk_analysis"
FIELDS = (
    "theme",
    "material",
    "chain_stage",
    "country",
    "region",
    "stakeholders",
    "description",
    "nature",
    "involvement",
    *DIMENSIONS,
    "likelihood_evidence",
    "override",
    "override_reason",
    "explanation",
    "gender",
    "gender_how",
    "disclose_location",
)
SCORED = ("nature", *DIMENSIONS)


def _record(risk: Risk, event: str, actor) -> None:
    RiskScore.objects.create(
        risk=risk,
        lineage=risk.lineage,
        year_number=risk.register.year.number,
        event=event,
        nature=risk.nature,
        scale=risk.scale,
        scope=risk.scope,
        irremediability=risk.irremediability,
        likelihood=risk.likelihood,
        addressed=risk.addressed,
        recorded_by=actor,
    )


@transaction.atomic
def register_start(*, organization: Organization, year: AgreementYear, actor) -> RiskRegister:
    """This year's register, started from last year's (art. 26): every risk comes along with its
    scores and history, to be reassessed; addressed risks stay addressed."""
    existing = selectors.register_for(organization=organization, year=year)
    if existing is not None:
        return existing
    previous = selectors.previous_register(organization=organization, year=year)
    register = RiskRegister.objects.create(
        agreement=year.agreement,
        year=year,
        organization=organization,
        method_version=method().version,
        priority_count=previous.priority_count if previous else method().default_priority_count,
        previous=previous,
        created_by=actor,
    )
    for old in previous.risks.all() if previous else ():
        old.pk = None
        old.register = register
        old.reassessed = old.addressed
        old.explanation, old.explanation_edited = "", False  # last year's words name last year's ranks
        old.save()
        _record(old, RiskScore.Event.CARRIED, actor)
    return register


def register_update(*, register: RiskRegister, priority_count: int, actor) -> RiskRegister:
    if not 1 <= priority_count <= 50:
        raise ValidationError({"priority_count": _("Choose a number from 1 to 50.")})
    register.priority_count = priority_count
    register.save(update_fields=["priority_count"])
    return register


def _check(data: dict[str, Any]) -> dict[str, list[str]]:
    m = method()
    errors: dict[str, list[str]] = {}

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.get("theme") not in m.codes("themes"):
        error("theme", _("Choose a theme."))
    if data.get("material") and data["material"] not in vocabulary().codes("materials"):
        error("material", _("Unknown raw material."))
    if data.get("chain_stage") and data["chain_stage"] not in m.codes("chain_stages"):
        error("chain_stage", _("Unknown chain stage."))
    if data.get("involvement") and data["involvement"] not in m.codes("involvement"):
        error("involvement", _("Unknown involvement."))
    unknown = set(data.get("stakeholders") or ()) - set(m.codes("stakeholders"))
    if unknown:
        error("stakeholders", _("Unknown stakeholder group."))
    region, country = data.get("region") or "", data.get("country") or ""
    if region and not region.startswith(f"{country}-"):
        error(
            "region",
            _("The region must lie in the country: %(country)s.") % {"country": country_name(country)},
        )
    if data.get("nature") not in Risk.Nature.values:
        error("nature", _("Say whether the impact is actual or potential."))
    for name in DIMENSIONS:
        value = data.get(name)
        if value is not None and not 1 <= int(value) <= 5:
            error(name, _("Score from 1 to 5."))
    if data.get("override") and not (data.get("override_reason") or "").strip():
        error("override_reason", _("Give the reason for deviating from the method: it is published."))
    if data.get("gender") == Risk.Gender.YES and not (data.get("gender_how") or "").strip():
        error("gender_how", _("Say how women or girls are affected differently."))
    return errors


def _apply_floor(risk: Risk) -> None:
    floor, citations = suggestions.floor_for(
        theme=risk.theme,
        material=risk.material,
        chain_stage=risk.chain_stage,
        country=risk.country,
        region=risk.region,
    )
    risk.likelihood_floor = floor
    risk.floor_citations = [c.as_json() for c in citations]


@transaction.atomic
def risk_save(*, register: RiskRegister, data: dict[str, Any], actor, risk: Risk | None = None) -> Risk:
    """Add or change a risk. An incomplete risk is kept (nothing typed is lost); it only cannot be
    published yet. A likelihood below what the reference data suggest needs evidence."""
    is_new = risk is None
    risk = risk or Risk(register=register)
    merged = {name: getattr(risk, name) for name in FIELDS} | {k: v for k, v in data.items() if k in FIELDS}
    errors = _check(merged)
    before = {name: getattr(risk, name) for name in SCORED}
    line = None if is_new else selectors.register_view(register).lines_by_pk()[risk.pk]
    drafts = {data.get("shown_draft") or ""} | ({line.draft, line.public_draft} if line else set())
    for name in FIELDS:
        if name in data:
            setattr(risk, name, data[name] if data[name] is not None else _empty(name))
    _apply_floor(risk)
    if (
        risk.likelihood_floor
        and risk.nature == Risk.Nature.POTENTIAL
        and risk.likelihood is not None
        and risk.likelihood < risk.likelihood_floor
        and not risk.likelihood_evidence.strip()
    ):
        errors.setdefault("likelihood_evidence", []).append(
            _(
                "The reference data suggest a likelihood of at least %(floor)s. Give the evidence "
                "that it is lower here, or raise it."
            )
            % {"floor": risk.likelihood_floor}
        )
    if errors:
        raise ValidationError(errors)
    if risk.nature == Risk.Nature.ACTUAL:
        risk.likelihood = None
    if not risk.override:
        risk.override_reason = ""
    text = (risk.explanation or "").strip()
    risk.explanation_edited = bool(text) and text not in {d.strip() for d in drafts}
    if not risk.explanation_edited:
        risk.explanation = ""
    changed = any(getattr(risk, name) != before[name] for name in SCORED)
    if not is_new and changed:
        risk.reassessed = True
    risk.save()
    if is_new:
        _record(risk, RiskScore.Event.ADDED, actor)
    elif changed:
        _record(risk, RiskScore.Event.CHANGED, actor)
    return risk


def _empty(name: str) -> Any:
    return None if name in DIMENSIONS else ([] if name == "stakeholders" else "")


@transaction.atomic
def risk_add_suggestions(*, register: RiskRegister, keys: list[str], actor) -> list[Risk]:
    """Take suggested risks into the register, with the likelihood the reference data give as the
    starting point; the company still scores severity and may lower the likelihood with evidence."""
    wanted = set(keys)
    added = []
    for line in selectors.suggestions_for(register):
        s = line.suggestion
        if s.key not in wanted or line.in_register:
            continue
        risk = Risk.objects.create(
            register=register,
            theme=s.theme,
            material=s.material,
            chain_stage=s.chain_stage,
            country=s.country,
            region=s.region,
            nature=Risk.Nature.POTENTIAL,
            likelihood=s.likelihood_at_least,
            likelihood_floor=s.likelihood_at_least,
            floor_citations=[c.as_json() for c in s.citations],
            suggestion_key=s.key,
        )
        _record(risk, RiskScore.Event.ADDED, actor)
        added.append(risk)
    if not added:
        raise ValidationError(_("Choose at least one suggestion that is not yet in the register."))
    return added


def risk_confirm(*, risk: Risk, actor) -> Risk:
    """Reassessed for this year with the scores unchanged."""
    risk.reassessed = True
    risk.save(update_fields=["reassessed", "updated_at"])
    _record(risk, RiskScore.Event.CONFIRMED, actor)
    return risk


def risk_address(*, risk: Risk, addressed: bool, note: str, actor) -> Risk:
    """Addressed risks leave the priority list, so the next ones move up (art. 26)."""
    if addressed and not note.strip():
        raise ValidationError({"addressed_note": _("Say how the risk was addressed: it is published.")})
    risk.addressed = addressed
    risk.addressed_note = note.strip() if addressed else ""
    risk.reassessed = True
    risk.save(update_fields=["addressed", "addressed_note", "reassessed", "updated_at"])
    _record(risk, RiskScore.Event.ADDRESSED if addressed else RiskScore.Event.REOPENED, actor)
    return risk


def risk_delete(*, risk: Risk, actor) -> None:
    """Earlier years keep their copy; published statements are never touched."""
    risk.delete()


# --- the public statement ---------------------------------------------------------------------


def _statement_content(view: selectors.RegisterView) -> dict[str, Any]:
    register = view.register
    risks = []
    for line in sorted(view.lines, key=selectors.rank_order):
        risk = line.risk
        shown = risk.disclose_location
        explanation = (
            {"nl": risk.explanation, "en": risk.explanation}
            if risk.explanation_edited
            else {lang: selectors.draft_in(line, view, lang, cite=shown) for lang in ("nl", "en")}
        )
        risks.append(
            {
                "theme": risk.theme,
                "material": risk.material,
                "chain_stage": risk.chain_stage,
                "country": risk.country if shown else "",
                "region": risk.region if shown else "",
                "stakeholders": list(risk.stakeholders),
                "nature": risk.nature,
                "involvement": risk.involvement,
                "severity": line.severity,
                "scale": risk.scale,
                "scope": risk.scope,
                "irremediability": risk.irremediability,
                "likelihood": risk.likelihood,
                "rank": line.outcome.rank,
                "prioritised": line.outcome.prioritised,
                "reason": line.outcome.reason,
                "overridden": line.outcome.overridden,
                "addressed": risk.addressed,
                "addressed_note": risk.addressed_note,
                "explanation": explanation,
                "gender": risk.gender,
                "gender_how": risk.gender_how,
                "citations": risk.floor_citations if shown else [],
            }
        )
    return {
        "organization": register.organization.name,
        "year": register.year.number,
        "year_start": register.year.start_date.isoformat(),
        "year_end": register.year.end_date.isoformat(),
        "method_version": register.method_version,
        "priority_count": register.priority_count,
        "open_risks": view.open_risks,
        "risks": risks,
    }


@transaction.atomic
def statement_publish(*, register: RiskRegister, actor) -> RiskStatement:
    """Publish the register's explanation of every risk (art. 27), frozen as a new version. Every
    risk must be scored, reassessed this year, explained and have its gender question answered."""
    view = selectors.register_view(register)
    if not view.lines:
        raise ValidationError(_("The register has no risks yet."))
    problems = view.problems
    if problems:
        raise ValidationError(
            _("%(count)s risks are not complete yet; the register shows what each still needs.")
            % {"count": len(problems)}
        )
    latest = selectors.statement_latest(register=register)
    statement = RiskStatement.objects.create(
        register=register,
        version=(latest.version + 1) if latest else 1,
        content=_statement_content(view),
        published_by=actor,
    )
    CompanyObligation.objects.filter(
        organization=register.organization,
        obligation__year=register.year,
        obligation__kind=OBLIGATION,
        status=CompanyObligation.Status.OPEN,
    ).update(status=CompanyObligation.Status.DONE, completed_on=timezone.localdate(), completed_by=actor)
    return statement


# --- the sector ------------------------------------------------------------------------------


@transaction.atomic
def sector_report_build(*, agreement: Agreement, year: AgreementYear, actor) -> SectorReport:
    """A draft of the year's sector risks; a new build replaces the earlier draft. Once a year's
    report is published it stays the only one, so that two builds cannot be compared."""
    if SectorReport.objects.filter(
        agreement=agreement, year=year, status=SectorReport.Status.PUBLISHED
    ).exists():
        raise ValidationError(_("The sector report of this year has already been published."))
    view = selectors.sector_live(agreement=agreement, year=year)
    SectorReport.objects.filter(agreement=agreement, year=year, status=SectorReport.Status.DRAFT).delete()
    return SectorReport.objects.create(agreement=agreement, year=year, content=view.to_json(), built_by=actor)


def sector_report_view(report: SectorReport) -> sector.SectorView:
    return sector.SectorView.from_json(report.content)


def sector_report_publish(*, report: SectorReport, actor) -> SectorReport:
    if report.status != SectorReport.Status.DRAFT:
        raise ValidationError(_("This report is already published."))
    report.status = SectorReport.Status.PUBLISHED
    report.published_at = timezone.now()
    report.save(update_fields=["status", "published_at"])
    return report


def collective_risk_choose(
    *,
    agreement: Agreement,
    year: AgreementYear,
    theme: str,
    material: str,
    area: str,
    rationale: str,
    chosen_on: dt.date,
    actor,
) -> CollectiveRisk:
    if theme not in method().codes("themes"):
        raise ValidationError({"theme": _("Choose a theme.")})
    if material and material not in vocabulary().codes("materials"):
        raise ValidationError({"material": _("Unknown raw material.")})
    if not rationale.strip():
        raise ValidationError({"rationale": _("Say why the parties address this risk together.")})
    return CollectiveRisk.objects.create(
        agreement=agreement,
        year=year,
        theme=theme,
        material=material,
        area=area,
        rationale=rationale.strip(),
        chosen_on=chosen_on,
        recorded_by=actor,
    )


def collective_risk_delete(*, collective_risk: CollectiveRisk, actor) -> None:
    collective_risk.delete()
