"""Who sees the budget: the secretariat keeps it; the core group reports on it to the government
(art. 65), and the government co-finances it, so both see it."""

import rules

from imvo.accounts.rules import (
    is_core_group_chair,
    is_core_group_member,
    is_government_observer,
    is_secretariat,
)

rules.add_perm(
    "finance.view_budget",
    is_secretariat | is_core_group_member | is_core_group_chair | is_government_observer,
)
rules.add_perm("finance.change_budget", is_secretariat)
