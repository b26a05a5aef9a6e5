"""The risk analysis through the API, with the pages' permissions: a register to its company and
the secretariat (reads logged), statements to everyone, the published sector reports to every party."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from ninja import Router, Schema
from ninja.errors import HttpError

from imvo.agreements.selectors import agreement_current
from imvo.audit.services import record_access
from imvo.core.api import RowId, Version
from imvo.risks import selectors, services
from imvo.risks.models import RiskRegister

router = Router(tags=["risk analysis"])


class RegisterOut(Schema):
    id: int
    organization_id: int
    organization: str
    year: int
    priority_count: int
    method_version: str
    statement_version: int | None


class RiskOut(Schema):
    id: int
    lineage: str
    theme: str
    material: str
    chain_stage: str
    country: str
    region: str
    stakeholders: list[str]
    description: str
    nature: str
    involvement: str
    scale: int | None
    scope: int | None
    irremediability: int | None
    severity: int | None
    likelihood: int | None
    likelihood_floor: int | None
    likelihood_evidence: str
    rank: int | None
    prioritised: bool
    reason: str
    overridden: bool
    override_reason: str
    explanation: str
    gender: str
    gender_how: str
    addressed: bool
    reassessed: bool
    missing: list[str]
    citations: list[dict[str, Any]]


class RegisterDetailOut(RegisterOut):
    open_risks: int
    risks: list[RiskOut]


class StatementOut(Schema):
    register_id: int
    organization: str
    year: int
    version: int
    published_at: dt.datetime
    content: dict[str, Any]


class SectorReportOut(Schema):
    id: int
    year: int
    status: str
    built_at: dt.datetime
    published_at: dt.datetime | None
    content: dict[str, Any]


def _agreement():
    agreement = agreement_current()
    if agreement is None:
        raise HttpError(404, "No agreement has been loaded yet.")
    return agreement


def _register_out(register: RiskRegister, latest: int | None) -> dict[str, Any]:
    return {
        "id": register.pk,
        "organization_id": register.organization_id,
        "organization": register.organization.name,
        "year": register.year.number,
        "priority_count": register.priority_count,
        "method_version": register.method_version,
        "statement_version": latest,
    }


def _risk_out(line: selectors.RiskLine) -> dict[str, Any]:
    risk = line.risk
    plain = [
        "theme",
        "material",
        "chain_stage",
        "country",
        "region",
        "stakeholders",
        "description",
        "nature",
        "involvement",
        "scale",
        "scope",
        "irremediability",
        "likelihood",
        "likelihood_floor",
        "likelihood_evidence",
        "override_reason",
        "gender",
        "gender_how",
        "addressed",
        "reassessed",
    ]
    return {
        **{name: getattr(risk, name) for name in plain},
        "id": risk.pk,
        "lineage": str(risk.lineage),
        "severity": line.severity,
        "rank": line.outcome.rank,
        "prioritised": line.outcome.prioritised,
        "reason": line.outcome.reason,
        "overridden": line.outcome.overridden,
        "explanation": line.explanation,
        "missing": line.missing,
        "citations": risk.floor_citations,
    }


@router.get(
    "/registers",
    response=list[RegisterOut],
    summary="The caller's company's registers (all for the secretariat)",
)
def register_index(request):
    if not request.user.has_perm("risks.view_index"):
        raise HttpError(403, "You may not do this.")
    registers = list(
        selectors.registers_visible_to(user=request.user, agreement=_agreement()).annotate(
            latest_version=Max("statements__version")
        )
    )
    record_access(actor=request.user, objects=registers, what="risk registers (API list)")
    return [_register_out(r, r.latest_version) for r in registers]


@router.get(
    "/registers/{pk}",
    response=RegisterDetailOut,
    summary="One register: every risk, its rank and explanation",
)
def register_detail(request, pk: RowId):
    register = selectors.register_get(pk=pk)
    if register is None or not request.user.has_perm("risks.view_register", register):
        raise HttpError(404, "Not found.")  # as the pages: another company's register is not there
    record_access(actor=request.user, objects=[register], what="risk register (API)")
    view = selectors.register_view(register)
    statement = selectors.statement_latest(register=register)
    return {
        **_register_out(register, statement.version if statement else None),
        "open_risks": view.open_risks,
        "risks": [_risk_out(line) for line in sorted(view.lines, key=selectors.rank_order)],
    }


@router.get(
    "/statements", response=list[StatementOut], auth=None, summary="Every company's latest public statement"
)
def statement_index(request):
    return [_statement_out(s) for s in selectors.statements_public(agreement=_agreement())]


@router.get(
    "/statements/{register_pk}", response=StatementOut, auth=None, summary="A company's public statement"
)
def statement_detail(request, register_pk: RowId, version: Version = None):
    statement = selectors.statement_get(register_pk=register_pk, version=version)
    if statement is None:
        raise HttpError(404, "Not found.")
    return _statement_out(statement)


def _statement_out(statement) -> dict[str, Any]:
    return {
        "register_id": statement.register_id,
        "organization": statement.register.organization.name,
        "year": statement.register.year.number,
        "version": statement.version,
        "published_at": statement.published_at,
        "content": statement.content,
    }


@router.get(
    "/sector",
    response=list[SectorReportOut],
    summary="The published sector reports (drafts too for the secretariat)",
)
def sector_index(request):
    if not request.user.has_perm("risks.view_sector"):
        raise HttpError(403, "You may not do this.")
    return [
        {
            "id": r.pk,
            "year": r.year.number,
            "status": r.status,
            "built_at": r.built_at,
            "published_at": r.published_at,
            "content": services.sector_report_view(r).to_json(),
        }
        for r in selectors.sector_reports(user=request.user, agreement=_agreement())
    ]
