"""The roles a person has, derived from their organization and their core-group seat."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMPANY_MEMBER = "company_member", _("company member")
    COMPANY_ADMIN = "company_admin", _("company administrator")
    SECRETARIAT = "secretariat", _("secretariat")
    NGO_UNION_MEMBER = "ngo_union_member", _("NGO or union member")
    INDUSTRY_ASSOCIATION_MEMBER = "industry_association_member", _("industry-association member")
    GOVERNMENT_OBSERVER = "government_observer", _("government observer")
    CORE_GROUP_MEMBER = "core_group_member", _("core-group member")
    CORE_GROUP_CHAIR = "core_group_chair", _("core-group chair")


def roles_of(user) -> frozenset[Role]:
    """Roles are cached on the user object for the request; computed from data, never stored."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_imvo_roles", None)
    if cached is not None:
        return cached
    from imvo.governance.selectors import core_group_roles_of
    from imvo.organizations.models import Organization

    roles: set[Role] = set()
    org = user.organization
    if org is not None:
        kind = org.kind
        if kind == Organization.Kind.COMPANY:
            roles.add(Role.COMPANY_MEMBER)
            if user.is_org_admin:
                roles.add(Role.COMPANY_ADMIN)
        elif kind == Organization.Kind.SECRETARIAT:
            roles.add(Role.SECRETARIAT)
        elif kind in (Organization.Kind.NGO, Organization.Kind.UNION):
            roles.add(Role.NGO_UNION_MEMBER)
        elif kind == Organization.Kind.INDUSTRY_ASSOCIATION:
            roles.add(Role.INDUSTRY_ASSOCIATION_MEMBER)
        elif kind == Organization.Kind.GOVERNMENT:
            roles.add(Role.GOVERNMENT_OBSERVER)
    roles |= core_group_roles_of(user)
    frozen = frozenset(roles)
    user._imvo_roles = frozen
    return frozen
