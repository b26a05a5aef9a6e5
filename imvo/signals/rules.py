"""Who may see and do what with signals. A signal: the secretariat, the reporting organization
and the companies it was brought to — each company only its own thread. Reporting with an account
needs the confidentiality clause of art. 23; anyone may use the public form."""

import rules

from imvo.accounts.rules import is_company_member, is_ngo_union_member, is_secretariat


@rules.predicate
def may_report(user, agreement) -> bool:
    """`agreement` is the one the person works in."""
    from imvo.signals.selectors import may_report as allowed

    return agreement is not None and allowed(organization=user.organization, agreement=agreement)


@rules.predicate
def is_reporter(user, signal) -> bool:
    return (
        signal is not None
        and user.organization_id is not None
        and signal.reporter_organization_id == user.organization_id
    )


@rules.predicate
def was_notified(user, signal) -> bool:
    if signal is None or user.organization_id is None:
        return False
    return signal.notices.filter(organization_id=user.organization_id).exists()


rules.add_perm("signals.view_index", is_secretariat | is_company_member | is_ngo_union_member)
rules.add_perm("signals.report", is_ngo_union_member & may_report)
rules.add_perm("signals.view_signal", is_secretariat | is_reporter | (is_company_member & was_notified))
rules.add_perm("signals.handle", is_secretariat)
