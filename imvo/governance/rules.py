import rules

from imvo.accounts.rules import has_organization, is_secretariat

rules.add_perm("governance.view_core_group", has_organization)
rules.add_perm("governance.change_core_group", is_secretariat)
