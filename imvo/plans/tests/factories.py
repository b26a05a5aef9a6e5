"""Plans as the tests need them, made through the services."""

from __future__ import annotations

import datetime as dt

from imvo.plans import services
from imvo.plans.models import Goal, Plan
from imvo.risks import services as risks

SMART = {"who": "MVO-manager", "due_on": dt.date(2027, 6, 30), "indicator": "Vastgesteld door de directie"}


def prioritised_risk(organization, year, actor, theme="child_labour"):
    """A scored risk in the company's register of the year; with fewer than five it is prioritised."""
    register = risks.register_start(organization=organization, year=year, actor=actor)
    data = {"theme": theme, "material": "cobalt", "country": "CD", "nature": "potential"}
    data |= {"scale": 5, "scope": 3, "irremediability": 4, "likelihood": 4, "gender": "no"}
    return risks.risk_save(register=register, data=data, actor=actor)


def complete(plan: Plan, actor, status: str = Goal.Status.PLANNED) -> Plan:
    """Make every goal SMART and give carried goals their status."""
    for goal in plan.goals.all():
        data = dict(SMART)
        if goal.source == Goal.Source.CARRIED and not goal.status:
            data["status"] = status
        services.goal_save(plan=plan, goal=goal, data=data, actor=actor)
    return plan


def submitted_plan(organization, year, actor, goals=(), kind="structured") -> Plan:
    """A submitted structured plan with the pre-filled goals completed plus `goals` (dicts of fields)."""
    plan = services.plan_start(organization=organization, year=year, kind=kind, actor=actor)
    for data in goals:
        services.goal_save(plan=plan, data={"what": "Een eigen doel", **SMART, **data}, actor=actor)
    complete(plan, actor)
    return services.plan_submit(plan=plan, actor=actor)
