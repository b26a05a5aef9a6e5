import rules

from imvo.accounts.rules import has_organization, is_secretariat

rules.add_perm("agreements.view_agreement", has_organization)
rules.add_perm("agreements.change_agreement", is_secretariat)
rules.add_perm("agreements.view_all_company_obligations", is_secretariat)
rules.add_perm("agreements.change_company_obligation", is_secretariat)
