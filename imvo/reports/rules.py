"""Published reports, the participants and the aggregated map are public; the secretariat composes
and publishes; a company records its own public reports; parties read the recruitment figures."""

import rules

from imvo.accounts.rules import has_organization, is_company_member, is_member_of, is_secretariat

rules.add_perm("reports.manage", is_secretariat)
rules.add_perm("reports.view_company_reporting", is_secretariat | is_company_member)
rules.add_perm("reports.record_company_report", is_secretariat | (is_company_member & is_member_of))
rules.add_perm("reports.view_recruitment", has_organization)
