"""What the risk pages show, computed from selectors' data: labels in the reader's language, the
heat-map grid, suggestion rows, a statement as read, and the sector table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from imvo.core.countries import country_choices, country_name, region_name
from imvo.organizations.selectors import companies_taking_part
from imvo.risks import drafting, exports, sector, selectors
from imvo.risks.method import Link, method
from imvo.risks.models import Risk, RiskRegister, RiskStatement
from imvo.risks.prioritisation import severity
from imvo.supply_chain.presenters import CONTINENTS
from imvo.supply_chain.vocabulary import vocabulary


def labels() -> dict[str, dict[str, str]]:
    m = method()
    return {
        "theme": dict(m.choices("themes")),
        "stage": dict(m.choices("chain_stages")),
        "stakeholder": dict(m.choices("stakeholders")),
        "involvement": dict(m.choices("involvement")),
        "material": dict(vocabulary().choices("materials")),
        "nature": {k: str(v) for k, v in Risk.Nature.choices},
        "gender": {k: str(v) for k, v in Risk.Gender.choices},
    }


def place(country: str, region: str) -> str:
    if region:
        return f"{region_name(region)} ({country_name(country)})"
    return country_name(country) if country else ""


@dataclass(frozen=True)
class HeatCell:
    severity: int
    likelihood: int
    count: int
    zone: str


def heat_grid(heat: dict[tuple[int, int], int]) -> list[tuple[int, list[HeatCell]]]:
    """Rows from severity 5 down to 1, columns likelihood 1 to 5, as a table reads."""
    m = method()
    return [
        (s, [HeatCell(s, lik, heat.get((s, lik), 0), m.zone(s, lik)) for lik in range(1, 6)])
        for s in range(5, 0, -1)
    ]


def citations(items: list[dict[str, Any]]) -> list[str]:
    return [drafting.citation_text(c) for c in items]


def links_for(theme: str) -> list[Link]:
    return method().links_for(theme) if theme else list(method().links)


def history(risk: Risk) -> list[dict[str, Any]]:
    return [
        {
            "score": score,
            "severity": severity(score.scale, score.scope, score.irremediability),
        }
        for score in selectors.risk_history(risk)
    ]


def suggestion_rows(lines: list[selectors.SuggestionLine]) -> list[dict[str, Any]]:
    lab = labels()
    return [
        {
            "key": line.suggestion.key,
            "in_register": line.in_register,
            "theme": lab["theme"].get(line.suggestion.theme, line.suggestion.theme),
            "material": lab["material"].get(line.suggestion.material, ""),
            "stage": lab["stage"].get(line.suggestion.chain_stage, ""),
            "place": place(line.suggestion.country, line.suggestion.region),
            "likelihood": line.suggestion.likelihood_at_least,
            "locations": line.suggestion.locations,
            "citations": citations([c.as_json() for c in line.suggestion.citations]),
        }
        for line in lines
    ]


def statement(content: dict[str, Any]) -> dict[str, Any]:
    """A published statement with its codes turned into words and the explanation in the reader's
    language (a company-written explanation reads the same in both)."""
    lab = labels()
    language = (get_language() or "nl")[:2]
    risks = []
    for risk in content["risks"]:
        risks.append(
            {
                **risk,
                "theme_label": lab["theme"].get(risk["theme"], risk["theme"]),
                "material_label": lab["material"].get(risk["material"], ""),
                "stage_label": lab["stage"].get(risk["chain_stage"], ""),
                "place": place(risk["country"], risk["region"]),
                "stakeholder_labels": [lab["stakeholder"].get(s, s) for s in risk["stakeholders"]],
                "nature_label": lab["nature"].get(risk["nature"], ""),
                "involvement_label": lab["involvement"].get(risk["involvement"], ""),
                "gender_label": lab["gender"].get(risk["gender"], ""),
                "text": risk["explanation"].get(language) or risk["explanation"].get("nl", ""),
            }
        )
    return {
        **content,
        "priorities": [r for r in risks if r["prioritised"] and not r["addressed"]],
        "others": [r for r in risks if not r["prioritised"] and not r["addressed"]],
        "addressed": [r for r in risks if r["addressed"]],
    }


def secretariat_overview(*, agreement, year) -> list[dict[str, Any]]:
    """Per company: its register this year, how far it is, and its latest statement."""
    companies = companies_taking_part(agreement=agreement)
    registers = {
        r.organization_id: r
        for r in RiskRegister.objects.filter(year=year).prefetch_related("risks", "statements")
    }
    rows = []
    for org in companies.order_by("name"):
        register = registers.get(org.pk)
        view = selectors.register_view(register) if register else None
        latest: RiskStatement | None = (
            max(register.statements.all(), key=lambda s: s.version, default=None) if register else None
        )
        rows.append(
            {
                "organization": org,
                "register": register,
                "risks": len(view.lines) if view else 0,
                "priorities": len(view.priorities) if view else 0,
                "incomplete": len(view.problems) if view else 0,
                "statement": latest,
            }
        )
    return rows


def collective(items) -> list[dict[str, Any]]:
    lab = labels()
    return [
        {
            "risk": c,
            "theme": lab["theme"].get(c.theme, c.theme),
            "material": lab["material"].get(c.material, ""),
            "area": str(CONTINENTS[c.area]) if c.area in CONTINENTS else country_name(c.area),
        }
        for c in items
    ]


def area_choices() -> list[tuple[str, str]]:
    continents = [(code, str(name)) for code, name in CONTINENTS.items()]
    return continents + country_choices()


def sector_table(view: sector.SectorView) -> dict[str, Any]:
    lab = labels()
    rows = [
        {
            "row": row,
            "theme": lab["theme"].get(row.theme, row.theme),
            "material": lab["material"].get(row.material, "") or _("other or all materials"),
            "area": exports.area_label(row.level, row.area),
        }
        for row in view.rows
    ]
    heat = {(c.severity, c.likelihood): c.risks for c in view.heat}
    return {
        "view": view,
        "rows": rows,
        "themes": [{"total": t, "theme": lab["theme"].get(t.theme, t.theme)} for t in view.themes],
        "heat": heat_grid(heat),
    }
