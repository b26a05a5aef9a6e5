"""Reads of the risk analysis, including who may see which register: a company its own, the
secretariat every company's; statements and published sector reports are for their audiences."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from imvo.accounts.roles import Role, roles_of
from imvo.agreements.models import Agreement, AgreementYear
from imvo.core.countries import country_name, region_name
from imvo.organizations.models import Organization
from imvo.risks import drafting, sector, suggestions
from imvo.risks.method import Method, method
from imvo.risks.models import CollectiveRisk, Risk, RiskRegister, RiskScore, RiskStatement, SectorReport
from imvo.risks.prioritisation import Item, Outcome, prioritise, severity


def is_secretariat(user) -> bool:
    return Role.SECRETARIAT in roles_of(user)


def registers_visible_to(*, user, agreement: Agreement) -> QuerySet[RiskRegister]:
    qs = RiskRegister.objects.filter(agreement=agreement).select_related("organization", "year")
    if is_secretariat(user):
        return qs
    org_id = getattr(user, "organization_id", None)
    return qs.filter(organization_id=org_id) if org_id else qs.none()


def register_get(*, pk: int) -> RiskRegister | None:
    return RiskRegister.objects.select_related("organization", "year", "agreement").filter(pk=pk).first()


def register_for(*, organization: Organization, year: AgreementYear) -> RiskRegister | None:
    return RiskRegister.objects.filter(organization=organization, year=year).first()


def previous_register(*, organization: Organization, year: AgreementYear) -> RiskRegister | None:
    return (
        RiskRegister.objects.filter(
            organization=organization, agreement=year.agreement, year__number__lt=year.number
        )
        .order_by("-year__number")
        .first()
    )


def risk_get(*, pk: int) -> Risk | None:
    return Risk.objects.select_related("register__organization", "register__year").filter(pk=pk).first()


def _item(risk: Risk, m: Method) -> Item:
    theme = m.theme(risk.theme)
    return Item(
        key=risk.pk,
        scale=risk.scale,
        scope=risk.scope,
        irremediability=risk.irremediability,
        likelihood=risk.likelihood,
        actual=risk.nature == Risk.Nature.ACTUAL,
        human_rights=bool(theme and theme.human_rights),
        addressed=risk.addressed,
        override=risk.override,  # type: ignore[arg-type]
    )


def facts_of(risk: Risk) -> drafting.Facts:
    return drafting.Facts(
        theme=risk.theme,
        scale=risk.scale,
        scope=risk.scope,
        irremediability=risk.irremediability,
        likelihood=risk.likelihood,
        actual=risk.nature == Risk.Nature.ACTUAL,
        override_reason=risk.override_reason,
        addressed_note=risk.addressed_note,
        citations=risk.floor_citations,
    )


@dataclass
class RiskLine:
    """A risk as the register page shows it: its outcome, the draft and what is still missing."""

    risk: Risk
    outcome: Outcome
    severity: int | None
    draft: str
    public_draft: str  # without the sources when they would name a location the company keeps hidden
    missing: list[str] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        return self.risk.explanation if self.risk.explanation_edited else self.draft

    @property
    def editable(self) -> str:
        """What the edit form starts from: the company's words, else the draft as it would be published."""
        return self.risk.explanation if self.risk.explanation_edited else self.public_draft


@dataclass
class RegisterView:
    register: RiskRegister
    lines: list[RiskLine]
    open_risks: int
    heat: dict[tuple[int, int], int]  # (severity, likelihood) → open risks

    @property
    def priorities(self) -> list[RiskLine]:
        return sorted((line for line in self.lines if line.outcome.prioritised), key=rank_order)

    @property
    def others(self) -> list[RiskLine]:
        return sorted((line for line in self.lines if not line.outcome.prioritised), key=rank_order)

    @property
    def problems(self) -> list[RiskLine]:
        return [line for line in self.lines if line.missing]

    def lines_by_pk(self) -> dict[int, RiskLine]:
        return {line.risk.pk: line for line in self.lines}

    @property
    def reassessed(self) -> int:
        return sum(line.risk.reassessed for line in self.lines)


def rank_order(line: RiskLine) -> tuple[int, int, int]:
    addressed = line.outcome.reason == "addressed"
    return (addressed, line.outcome.rank or 10_000, line.risk.pk)


def _missing(risk: Risk, outcome: Outcome, draft: str) -> list[str]:
    """What still keeps a risk out of a public statement, in words for the company."""
    missing = []
    if outcome.reason == "unscored" and not risk.addressed:
        missing.append(
            _("score scale, scope and irremediable character")
            if risk.nature == Risk.Nature.ACTUAL
            else _("score scale, scope, irremediable character and likelihood")
        )
    if not risk.reassessed:
        missing.append(_("reassess it for this year"))
    if not (risk.explanation if risk.explanation_edited else draft).strip():
        missing.append(_("explain why it is or is not prioritised"))
    if not risk.gender:
        missing.append(_("answer the gender question"))
    if risk.explanation_edited and not risk.disclose_location and _names_place(risk):
        missing.append(_("the explanation names the place: remove it, or show the location in the statement"))
    return missing


def _names_place(risk: Risk) -> bool:
    """Whether the company's own words name the country or region it keeps out of the statement."""
    text = risk.explanation.casefold()
    names = {country_name(risk.country, lang) for lang in ("nl", "en")} if risk.country else set()
    if risk.region:
        names |= {region_name(risk.region), risk.region}
    return any(len(name) > 2 and name.casefold() in text for name in names)


def register_view(register: RiskRegister) -> RegisterView:
    m = method()
    risks = list(register.risks.all())
    outcomes = prioritise(
        (_item(r, m) for r in risks),
        count=register.priority_count,
        human_rights_from=m.human_rights_always_from,
    )
    open_risks = sum(1 for o in outcomes.values() if o.rank is not None)
    lines, heat = [], Counter[tuple[int, int]]()
    for risk in risks:
        outcome = outcomes[risk.pk]
        facts = facts_of(risk)
        draft = drafting.draft(facts, outcome, open_risks=open_risks, count=register.priority_count, method=m)
        public = draft
        if facts.citations and not risk.disclose_location:
            public = drafting.draft(
                facts, outcome, open_risks=open_risks, count=register.priority_count, method=m, cite=False
            )
        sev = severity(risk.scale, risk.scope, risk.irremediability)
        if outcome.rank is not None and sev is not None:
            heat[(sev, 5 if risk.nature == Risk.Nature.ACTUAL else risk.likelihood or 1)] += 1
        lines.append(RiskLine(risk, outcome, sev, draft, public, _missing(risk, outcome, draft)))
    return RegisterView(register=register, lines=lines, open_risks=open_risks, heat=dict(heat))


def draft_in(line: RiskLine, register_view: RegisterView, language: str, *, cite: bool = True) -> str:
    """The draft in another language, for a statement that is read in both."""
    with translation.override(language):
        return drafting.draft(
            facts_of(line.risk),
            line.outcome,
            open_risks=register_view.open_risks,
            count=register_view.register.priority_count,
            method=method(),
            cite=cite,
        )


# --- suggestions from the company's production locations --------------------------------------


def location_facts(*, organization: Organization, year: AgreementYear) -> list[suggestions.LocationFact]:
    """This year's list (the draft being worked on, else the latest submitted), else last year's."""
    from imvo.supply_chain.models import LocationList
    from imvo.supply_chain.selectors import previous_list

    location_list = (
        LocationList.objects.filter(
            organization=organization,
            year=year,
            status__in=[LocationList.Status.DRAFT, LocationList.Status.SUBMITTED],
        )
        .order_by("-version")
        .first()
    ) or previous_list(organization=organization, year=year)
    if location_list is None:
        return []
    return [
        suggestions.LocationFact(
            country=country, region=region, activity=activity, materials=tuple(materials or ())
        )
        for country, region, activity, materials in location_list.locations.values_list(
            "country", "region", "activity", "materials"
        )
    ]


@dataclass(frozen=True)
class SuggestionLine:
    suggestion: suggestions.Suggestion
    in_register: bool


def suggestions_for(register: RiskRegister) -> list[SuggestionLine]:
    facts = location_facts(organization=register.organization, year=register.year)
    taken: set[str] = set()
    for r in register.risks.all():
        taken |= {r.suggestion_key, f"{r.theme}|{r.material}|{r.chain_stage}|{r.country}|{r.region}"}
    return [SuggestionLine(s, s.key in taken) for s in suggestions.suggest(facts)]


def risk_history(risk: Risk) -> QuerySet[RiskScore]:
    """Every recorded score of this risk, this year and in the years before."""
    return RiskScore.objects.filter(lineage=risk.lineage).select_related("recorded_by")


# --- statements ---------------------------------------------------------------------------------


def statement_latest(*, register: RiskRegister) -> RiskStatement | None:
    return register.statements.order_by("-version").first()


def statements_public(*, agreement: Agreement) -> list[RiskStatement]:
    """The newest statement of every company and year, for the public index."""
    latest: dict[int, RiskStatement] = {}
    for statement in (
        RiskStatement.objects.filter(register__agreement=agreement)
        .select_related("register__organization", "register__year")
        .defer("content")
        .order_by("register_id", "-version")
    ):
        latest.setdefault(statement.register_id, statement)
    return sorted(
        latest.values(), key=lambda s: (-s.register.year.number, s.register.organization.name.lower())
    )


def statement_get(*, register_pk: int, version: int | None = None) -> RiskStatement | None:
    qs = RiskStatement.objects.filter(register_id=register_pk).select_related(
        "register__organization", "register__year"
    )
    if version is not None:
        qs = qs.filter(version=version)
    return qs.order_by("-version").first()


# --- the sector ------------------------------------------------------------------------------


def sector_entries(*, agreement: Agreement, year: AgreementYear) -> list[sector.Entry]:
    """Every scored open risk in the companies' registers of the year, with its outcome; addressed
    risks are out, as they are out of the companies' own heat maps."""
    entries = []
    registers = RiskRegister.objects.filter(agreement=agreement, year=year).prefetch_related("risks")
    for register in registers:
        view = register_view(register)
        for line in view.lines:
            if line.severity is None or line.outcome.rank is None:
                continue
            risk = line.risk
            entries.append(
                sector.Entry(
                    company=register.organization_id,
                    theme=risk.theme,
                    material=risk.material,
                    country=risk.country,
                    severity=line.severity,
                    likelihood=None if risk.nature == Risk.Nature.ACTUAL else risk.likelihood,
                    actual=risk.nature == Risk.Nature.ACTUAL,
                    prioritised=line.outcome.prioritised,
                )
            )
    return entries


def sector_live(*, agreement: Agreement, year: AgreementYear) -> sector.SectorView:
    return sector.aggregate(
        sector_entries(agreement=agreement, year=year),
        k=agreement.min_companies_per_cell,
        themes=method().codes("themes"),
    )


def sector_reports(*, user, agreement: Agreement) -> QuerySet[SectorReport]:
    """The secretariat sees drafts too; everyone else only what was published."""
    qs = SectorReport.objects.filter(agreement=agreement).select_related("year")
    return qs if is_secretariat(user) else qs.filter(status=SectorReport.Status.PUBLISHED)


def collective_risks(*, agreement: Agreement) -> QuerySet[CollectiveRisk]:
    return CollectiveRisk.objects.filter(agreement=agreement).select_related("year")
