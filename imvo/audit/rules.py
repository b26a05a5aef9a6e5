import rules

from imvo.accounts.rules import is_secretariat

rules.add_perm("audit.view_log", is_secretariat)
