"""Who sees and does what with modules: everyone with an organization sees what is offered; the
secretariat runs the modules; the parties download the materials; a company sees its own
assignments (they follow from its individual result), the secretariat every company's."""

import rules

from imvo.accounts.rules import (
    has_organization,
    is_company_member,
    is_industry_association_member,
    is_member_of,
    is_ngo_union_member,
    is_secretariat,
)

rules.add_perm("modules.view_modules", has_organization)
rules.add_perm("modules.manage_modules", is_secretariat)
rules.add_perm(
    "modules.download_material",
    is_secretariat | is_company_member | is_ngo_union_member | is_industry_association_member,
)
rules.add_perm("modules.view_own_modules", is_company_member)
rules.add_perm("modules.view_company_modules", is_secretariat | (is_company_member & is_member_of))
rules.add_perm("modules.view_overview", is_secretariat)
