"""Who may see and do what with collective projects. Every party and the government observer see
the approved, running and completed ones; a proposal is seen as its governance proposal is. The
secretariat and the project's lead keep it up to date; a company alone decides whether others may
see that it takes part. Objects passed: an agreement, a project or a participant."""

import rules

from imvo.accounts.rules import (
    is_company_member,
    is_core_group_chair,
    is_core_group_member,
    is_government_observer,
    is_industry_association_member,
    is_ngo_union_member,
    is_secretariat,
)
from imvo.governance.rules import takes_part
from imvo.projects import selectors


@rules.predicate
def sees_project(user, project) -> bool:
    return project is not None and selectors.project_visible(project=project, user=user)


@rules.predicate
def leads_project(user, project) -> bool:
    return project is not None and selectors.leads(project=project, user=user)


@rules.predicate
def proposed_it(user, project) -> bool:
    return (
        project is not None
        and user.organization_id is not None
        and project.proposed_by_id == user.organization_id
    )


@rules.predicate
def may_propose(user, agreement) -> bool:
    return agreement is not None and selectors.may_propose(user=user, agreement=agreement)


@rules.predicate
def speaks_for_the_company(user, participant) -> bool:
    """The company's administrator decides whether its participation is shown."""
    return (
        participant is not None
        and participant.needs_consent
        and user.is_org_admin
        and user.organization_id == participant.organization_id
    )


# The menu link: anyone with a role in the agreement (the page itself checks the agreement).
rules.add_perm(
    "projects.view_index",
    is_secretariat
    | is_government_observer
    | is_core_group_member
    | is_core_group_chair
    | is_company_member
    | is_ngo_union_member
    | is_industry_association_member,
)
rules.add_perm("projects.view_projects", is_secretariat | takes_part)
rules.add_perm("projects.view_project", sees_project & (is_secretariat | takes_part))
rules.add_perm("projects.propose", is_secretariat | may_propose)
rules.add_perm("projects.manage", is_secretariat | (sees_project & leads_project))
rules.add_perm("projects.withdraw", is_secretariat | (sees_project & proposed_it))
rules.add_perm("projects.give_consent", speaks_for_the_company)
