"""Reads of signals, cut to what each reader may know: the secretariat everything, a company its own
thread, the reporter the status and the threads companies opened to it — never which companies
buy from the site."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from imvo.accounts.roles import Role, roles_of
from imvo.agreements.models import Agreement
from imvo.organizations.models import ConfidentialityAgreement, Organization
from imvo.organizations.selectors import confidentiality_agreement_in_force, is_active_party
from imvo.signals.models import Event, Message, Notice, Signal

REPORT_SCOPES = (ConfidentialityAgreement.Scope.SUPPLIER_SIGNALS, ConfidentialityAgreement.Scope.GENERAL)


def reporting_clause(
    *, organization: Organization | None, agreement: Agreement
) -> ConfidentialityAgreement | None:
    """The confidentiality clause (art. 23) under which an NGO or union that is party reports."""
    if organization is None or organization.kind not in (Organization.Kind.NGO, Organization.Kind.UNION):
        return None
    if not is_active_party(organization_id=organization.pk, agreement=agreement):
        return None
    for scope in REPORT_SCOPES:
        clause = confidentiality_agreement_in_force(
            organization_id=organization.pk, agreement=agreement, scope=scope
        )
        if clause is not None:
            return clause
    return None


def may_report(*, organization: Organization | None, agreement: Agreement) -> bool:
    return reporting_clause(organization=organization, agreement=agreement) is not None


def signals_visible_to(*, user, agreement: Agreement) -> QuerySet[Signal]:
    qs = Signal.objects.filter(agreement=agreement).select_related("reporter_organization")
    if Role.SECRETARIAT in roles_of(user):
        return qs.annotate(notified=Count("notices"))
    org_id = getattr(user, "organization_id", None)
    if org_id is None:
        return qs.none()
    return qs.filter(Q(reporter_organization_id=org_id) | Q(notices__organization_id=org_id)).distinct()


def open_for_company(*, organization: Organization, agreement: Agreement) -> QuerySet[Notice]:
    """The signals brought to a company that are still open: its home page shows them."""
    closed = (Signal.Status.RESOLVED, Signal.Status.ESCALATED, Signal.Status.NOT_PURSUED)
    return (
        Notice.objects.filter(organization=organization, signal__agreement=agreement)
        .exclude(signal__status__in=closed)
        .select_related("signal")
    )


def waiting_for_secretariat(*, agreement: Agreement) -> dict[str, int]:
    qs = Signal.objects.filter(agreement=agreement)
    return {
        "screening": qs.filter(status=Signal.Status.SCREENING).count(),
        "received": qs.filter(status=Signal.Status.RECEIVED).count(),
    }


@dataclass
class Thread:
    """One conversation of a signal as a reader sees it; `title` never names a company the reader
    may not know."""

    title: str
    notice: Notice | None
    messages: list[Message] = field(default_factory=list)
    may_write: bool = False
    key: str = "s"
    """What the page posts to name the thread: the reporter never sees a notice's row id, which
    would count the companies notified."""


def company_label(notice: Notice) -> str:
    from django.utils.translation import gettext as _

    if notice.named_at:
        return str(notice.organization)
    return _("Company %(letter)s") % {"letter": notice.label or "?"}


def threads_for_reporter(signal: Signal) -> list[Thread]:
    from django.utils.translation import gettext as _

    messages = [m for m in signal.messages.select_related("notice") if not m.private]
    threads = [
        Thread(
            _("With the secretariat"),
            None,
            [m for m in messages if m.notice_id is None],
            may_write=not signal.is_closed,
        )
    ]
    for notice in signal.notices.filter(label__gt="").select_related("organization").order_by("label"):
        threads.append(
            Thread(
                company_label(notice),
                notice,
                [m for m in messages if m.notice_id == notice.pk],
                may_write=not signal.is_closed,
                key=notice.label,
            )
        )
    return threads


def thread_for_company(signal: Signal, notice: Notice) -> Thread:
    from django.utils.translation import gettext as _

    return Thread(
        _("With the reporter and the secretariat"),
        notice,
        list(signal.messages.filter(notice=notice)),
        may_write=not signal.is_closed,
        key=str(notice.pk),
    )


def threads_for_secretariat(signal: Signal) -> list[Thread]:
    from django.utils.translation import gettext as _

    messages = list(signal.messages.all())
    threads = [Thread(_("With the reporter"), None, [m for m in messages if m.notice_id is None], True)]
    for notice in signal.notices.select_related("organization"):
        threads.append(
            Thread(
                str(notice.organization),
                notice,
                [m for m in messages if m.notice_id == notice.pk],
                True,
                key=str(notice.pk),
            )
        )
    return threads


def reporter_for_company(signal: Signal) -> str:
    """Who reported, as a company may know it: nothing when the reporter asked for that."""
    from django.utils.translation import gettext as _

    if signal.anonymous_to_companies:
        return _("a reporter who asked not to be named")
    return signal.reporter_label


def reporter_for_secretariat(signal: Signal) -> str:
    parts = [signal.reporter_label, signal.reporter_name, signal.reporter_email]
    text = ", ".join(dict.fromkeys(p for p in parts if p))
    return f"{text} ({signal.get_channel_display()})"


def status_for_company(signal: Signal, notice: Notice) -> str:
    """What a company is told of the signal's state: its own thread's, never whether other
    companies are in dialogue (that would tell it someone else buys there)."""
    from django.utils.translation import gettext as _

    if signal.is_closed:
        return signal.get_status_display()
    if notice.label:
        return _("in dialogue with the reporter")
    return _("brought to you")


def events_for_reporter(signal: Signal) -> QuerySet[Event]:
    return signal.events.filter(for_reporter=True)


def evidence_for_company(signal: Signal):
    return signal.evidence.filter(share_with_companies=True)


@dataclass
class Candidates:
    """What the registry says about the reported site: the secretariat confirms one."""

    decision: str
    facilities: list = field(default_factory=list)  # (facility, score, fields)


def site_candidates(signal: Signal) -> Candidates:
    from imvo.supply_chain.lookup import site_lookup

    found = site_lookup(
        country=signal.site_country,
        name=signal.site_name,
        address=signal.site_address,
        city=signal.site_city,
        region=signal.site_region,
        latitude=signal.latitude,
        longitude=signal.longitude,
    )
    return Candidates(found.decision, [(c.facility, c.score, c.fields) for c in found.candidates])


def companies_buying_there(signal: Signal) -> list[Organization]:
    """The participating companies whose latest list holds the confirmed site. For the secretariat
    only; the view logs the read."""
    if signal.facility_id is None:
        return []
    from imvo.supply_chain.lookup import companies_sourcing_from

    return companies_sourcing_from(agreement=signal.agreement, facility_ids=[signal.facility_id])
