"""Reads of organizations and participations, with list visibility per person."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from imvo.accounts.roles import Role, roles_of
from imvo.agreements.models import Agreement
from imvo.organizations.models import (
    ACTIVE_STATUSES,
    ConfidentialityAgreement,
    Organization,
    Participation,
)


def active_parties(*, agreement: Agreement) -> QuerySet[Participation]:
    """The participations of those who are a party today: signed, not yet ended."""
    today = timezone.localdate()
    return Participation.objects.filter(
        agreement=agreement, form=Participation.Form.PARTY, status__in=ACTIVE_STATUSES, signed_on__lte=today
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))


def is_active_party(*, organization_id: int, agreement: Agreement) -> bool:
    return active_parties(agreement=agreement).filter(organization_id=organization_id).exists()


def participant_list(
    *, agreement: Agreement, kind: str = "", form: str = "", q: str = "", include_former: bool = False
) -> QuerySet[Participation]:
    """The agreement's participants: public knowledge for everyone who takes part (art. 41)."""
    statuses = list(ACTIVE_STATUSES)
    if include_former:
        statuses += [Participation.Status.ENDED, Participation.Status.REMOVED]
    qs = Participation.objects.filter(agreement=agreement, status__in=statuses).select_related("organization")
    if kind:
        qs = qs.filter(organization__kind=kind)
    if form:
        qs = qs.filter(form=form)
    if q:
        qs = qs.filter(Q(organization__name__icontains=q) | Q(organization__city__icontains=q))
    return qs.order_by("organization__kind", "organization__name")


def active_party_emails(*, agreement: Agreement, exclude_organization_id: int = 0) -> list[str]:
    from imvo.accounts.models import User

    parties = active_parties(agreement=agreement)
    users = User.objects.filter(is_active=True, organization__participations__in=parties).exclude(
        organization_id=exclude_organization_id
    )
    return sorted(set(users.values_list("email", flat=True)))


def secretariat_emails() -> list[str]:
    from imvo.accounts.models import User

    return list(
        User.objects.filter(is_active=True, organization__kind=Organization.Kind.SECRETARIAT).values_list(
            "email", flat=True
        )
    )


def organization_get(*, pk: int) -> Organization | None:
    return Organization.objects.filter(pk=pk).first()


def organization_list(*, fetched_by, kind: str = "", q: str = "") -> QuerySet[Organization]:
    """Organizations a person may see: the participants (and applicants for the secretariat)."""
    roles = roles_of(fetched_by)
    qs = Organization.objects.all()
    if Role.SECRETARIAT not in roles:
        if fetched_by.organization_id is None:
            return Organization.objects.none()
        qs = qs.filter(
            Q(pk=fetched_by.organization_id)
            | Q(kind=Organization.Kind.SECRETARIAT)
            | Q(participations__status__in=ACTIVE_STATUSES)
        ).distinct()
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.prefetch_related(
        Prefetch("participations", queryset=Participation.objects.select_related("agreement"))
    )


def organization_visible_to(*, organization: Organization, user) -> bool:
    return organization_list(fetched_by=user).filter(pk=organization.pk).exists()


def application_list(*, agreement: Agreement, fetched_by) -> QuerySet[Participation]:
    """Open applications: all for the secretariat and the core group; for the parties once informed."""
    roles = roles_of(fetched_by)
    qs = (
        Participation.objects.filter(
            agreement=agreement,
            status__in=(Participation.Status.APPLIED, Participation.Status.APPROVED),
        )
        .select_related("organization")
        .order_by("applied_on", "pk")
    )
    from imvo.governance.selectors import holds_seat

    if Role.SECRETARIAT in roles or holds_seat(user=fetched_by, agreement=agreement):
        return qs
    own = Q(organization_id=fetched_by.organization_id)
    if fetched_by.organization_id and is_active_party(
        organization_id=fetched_by.organization_id, agreement=agreement
    ):
        return qs.filter(own | Q(parties_informed_on__isnull=False))
    return qs.filter(own)


def participation_of(*, organization: Organization, agreement: Agreement) -> Participation | None:
    return Participation.objects.filter(organization=organization, agreement=agreement).first()


def confidentiality_agreement_in_force(
    *, organization_id: int, agreement: Agreement, scope: str, on: dt.date | None = None
) -> ConfidentialityAgreement | None:
    """The agreement later capabilities check before granting access (art. 13, 22, 23)."""
    on = on or timezone.localdate()
    candidates = (
        ConfidentialityAgreement.objects.filter(
            organization_id=organization_id, agreement=agreement, scope=scope, signed_on__lte=on
        )
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=on))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
    )
    return candidates.order_by("-signed_on").first()


def confidentiality_agreement_list(*, fetched_by, organization: Organization | None = None):
    roles = roles_of(fetched_by)
    qs = ConfidentialityAgreement.objects.select_related("organization", "signed_by", "agreement")
    if Role.SECRETARIAT not in roles:
        qs = qs.filter(organization_id=fetched_by.organization_id)
    if organization is not None:
        qs = qs.filter(organization=organization)
    return qs


def grievance_mechanisms(*, agreement):
    """The participating companies' grievance mechanisms, for third parties (art. 85)."""
    from imvo.organizations.models import GrievanceMechanism

    return (
        GrievanceMechanism.objects.filter(
            organization__participations__agreement=agreement,
            organization__participations__status__in=ACTIVE_STATUSES,
        )
        .select_related("organization")
        .distinct()
    )


def companies_taking_part(*, agreement: Agreement) -> QuerySet[Organization]:
    """The companies taking part now (notice given included), for the secretariat's overviews."""
    return Organization.objects.filter(
        kind=Organization.Kind.COMPANY,
        participations__agreement=agreement,
        participations__status__in=[Participation.Status.ACTIVE, Participation.Status.NOTICE_GIVEN],
    ).distinct()
