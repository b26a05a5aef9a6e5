"""Who may see and do what in the monitoring tool: individual results belong to the company and
the secretariat; NGOs and unions see the risk and plan-of-approach parts under art. 13."""

import rules

from imvo.accounts.rules import has_organization, is_company_member, is_member_of, is_secretariat


@rules.predicate
def owns_assessment(user, assessment) -> bool:
    return assessment is not None and user.organization_id == assessment.organization_id


@rules.predicate
def has_insight(user, target) -> bool:
    """`target` is an assessment or an agreement."""
    from imvo.monitoring.models import Assessment
    from imvo.monitoring.selectors import has_ngo_insight

    if target is None:
        return False
    agreement = target.round.agreement if isinstance(target, Assessment) else target
    return has_ngo_insight(user=user, agreement=agreement)


rules.add_perm("monitoring.view_rounds", has_organization)
rules.add_perm("monitoring.view_aggregate", has_organization)
rules.add_perm("monitoring.open_round", is_secretariat)
rules.add_perm("monitoring.view_round_table", is_secretariat)
rules.add_perm("monitoring.record_follow_up", is_secretariat)
rules.add_perm("monitoring.view_assessment", is_secretariat | owns_assessment)
rules.add_perm("monitoring.change_assessment", owns_assessment & is_company_member)
rules.add_perm("monitoring.view_insight", has_insight & ~is_secretariat)
rules.add_perm("monitoring.view_progress", is_secretariat | is_member_of)  # object: the organization
