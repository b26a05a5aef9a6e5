"""A composed report as the page and the PDF show it: each section's title, the secretariat's text,
its figures with names in the reader's language, and its chart."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imvo.core.countries import country_name
from imvo.reports import charts
from imvo.reports.models import AgreementReport

TITLES = {
    "participation": gettext_lazy("Who takes part"),
    "maturity": gettext_lazy("Maturity of due diligence"),
    "obligations": gettext_lazy("What the companies delivered"),
    "locations": gettext_lazy("Where the production locations are"),
    "risks": gettext_lazy("The sector's risks"),
    "plans": gettext_lazy("The plans of approach"),
    "modules": gettext_lazy("Modules"),
    "projects": gettext_lazy("Collective projects"),
    "public_reporting": gettext_lazy("The companies' public reports"),
    "core_group": gettext_lazy("The core group and the assembly"),
    "recruitment": gettext_lazy("Recruitment"),
}


@dataclass
class Section:
    key: str
    title: str
    text: str
    data: dict[str, Any]
    svg: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _step_labels(agreement) -> dict[str, str]:
    from imvo.monitoring.framework import load_framework
    from imvo.monitoring.presenters import step_label

    framework = load_framework(agreement.setting("framework_version"))
    keys = {s.step for s in framework.sections} | {"overall", "minerals"}
    return {k: step_label(framework, k) for k in keys}


def _maturity(data: dict, agreement) -> tuple[str, dict]:
    labels = _step_labels(agreement)
    current = data.get("current")
    extra: dict[str, Any] = {"labels": labels}
    svg = ""
    if current and not current["suppressed"]:
        steps = [(labels.get(s["key"], s["key"]), s["bands"]) for s in current["steps"]]
        svg = charts.distribution_svg(steps, bands=current["bands"])
        extra["rows"] = [
            {
                "label": labels.get(s["key"], s["key"]),
                **s,
                "bands": list(zip(current["bands"], s["bands"], strict=True)),
            }
            for s in current["steps"]
        ]
    medians = [
        {
            "year": r["year"],
            "values": {s["key"]: s["median"] for s in r["steps"]},
        }
        for r in data.get("rounds", [])
        if not r["suppressed"]
    ]
    if len(medians) > 1:
        from imvo.monitoring.charts import progress_svg

        rounds = [
            (
                _("Year %(n)s (median)") % {"n": m["year"]},
                {k: v for k, v in m["values"].items() if k != "overall"},
                m["values"].get("overall") or 0.0,
            )
            for m in medians
        ]
        extra["progress_svg"] = progress_svg(rounds, labels=labels)
    extra["medians"] = medians
    return svg, extra


def _locations(data: dict) -> tuple[str, dict]:
    rows = [(country_name(c["code"]), c["locations"]) for c in data["countries"]]
    return (charts.countries_svg(rows) if rows else ""), {"rows": rows}


def _risks(data: dict) -> dict:
    from imvo.risks.method import method
    from imvo.supply_chain.presenters import CONTINENTS, labels

    m = method()
    materials = labels()["material"]

    def theme(code: str) -> str:
        t = m.theme(code)
        return t.name if t else code

    return {
        "themes": [{**t, "name": theme(t["theme"])} for t in data["themes"]],
        "collective": [
            {
                **c,
                "theme_name": theme(c["theme"]),
                "material_name": materials.get(c["material"], c["material"]),
                "area_name": (
                    str(CONTINENTS[c["area"]]) if c["area"] in CONTINENTS else country_name(c["area"])
                )
                if c["area"]
                else "",
            }
            for c in data["collective"]
        ],
    }


def _plans(data: dict, agreement) -> dict:
    """The aggregated plan as the plans app shows it, labels and pooled rows included."""
    from imvo.plans.presenters import aggregated

    shown = aggregated(data, agreement=agreement)
    total = shown["view"].plans.total
    return {**shown, "submitted": total.count if total else None}


def report_view(report: AgreementReport) -> list[Section]:
    agreement = report.agreement
    regimes = dict(agreement.vocabulary_choices("reporting_regimes"))
    sections = []
    for key, data in report.content.get("sections", {}).items():
        svg, extra = "", dict[str, Any]()
        if key == "maturity":
            svg, extra = _maturity(data, agreement)
        elif key == "locations":
            svg, extra = _locations(data)
        elif key == "risks":
            extra = _risks(data)
        elif key == "public_reporting":
            extra = {"labels": regimes}
        elif key == "plans":
            extra = _plans(data, agreement)
        elif key == "recruitment":
            svg = charts.recruitment_svg(data["points"], data["targets"])
        sections.append(
            Section(
                key=key,
                title=str(TITLES.get(key, key)),
                text=report.texts.get(key, ""),
                data=data,
                svg=svg,
                extra=extra,
            )
        )
    return sections
