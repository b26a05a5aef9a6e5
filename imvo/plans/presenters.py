"""What the plan pages show: codes turned into words in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from imvo.agreements.models import Agreement
from imvo.plans import aggregate, selectors
from imvo.plans.models import Goal, Plan
from imvo.risks.method import method


def source_text(goal: Goal) -> str:
    if goal.source == Goal.Source.ADVICE and goal.source_ref:
        return _("From the monitoring advice on indicator %(code)s") % {"code": goal.source_ref}
    if goal.source == Goal.Source.CARRIED and goal.carried_from_id:
        return _("Carried over from last year's plan")
    return str(goal.get_source_display())


def goal_rows(view: selectors.PlanView) -> list[dict[str, Any]]:
    names = selectors.step_names(view.plan.year.agreement)
    return [
        {
            "goal": line.goal,
            "missing": line.missing,
            "step": names.get(line.goal.step, line.goal.step),
            "source": source_text(line.goal),
            "risk": selectors.risk_label(line.goal.risk) if line.goal.risk else "",
        }
        for line in view.lines
    ]


def section_rows(plan: Plan) -> list[dict[str, Any]]:
    if plan.kind != Plan.Kind.REPORT:
        return []
    rows = []
    for step, name in selectors.step_names(plan.year.agreement).items():
        entry = (plan.section_map or {}).get(step) or {}
        rows.append(
            {
                "name": name,
                "where": entry.get("where", ""),
                "not_covered": bool(entry.get("not_covered")),
                "required": step in selectors.STEPS,
            }
        )
    return rows


def _labelled(table: aggregate.Table, labels: dict[str, str]) -> dict[str, Any]:
    other = _("Other (combined, each too few companies to show alone)")
    return {
        "rows": [
            {"label": other if row.key == aggregate.OTHER else labels.get(row.key, row.key), "row": row}
            for row in table.rows
        ],
        "total": table.total,
    }


def aggregated(content: dict[str, Any], *, agreement: Agreement) -> dict[str, Any]:
    view = aggregate.AggregatedView.from_json(content)
    themes = {**dict(method().choices("themes")), aggregate.UNLINKED: _("Not linked to a prioritised risk")}
    kinds = {k: str(v) for k, v in Plan.Kind.choices}
    past = {k: str(v) for k, v in selectors.PAST_LABELS.items()}
    return {
        "view": view,
        "plans": _labelled(view.plans, kinds),
        "steps": _labelled(view.steps, selectors.step_names(agreement)),
        "themes": _labelled(view.themes, themes),
        "past": _labelled(view.past, past),
    }
