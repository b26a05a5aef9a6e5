"""Every page for every role, refusals included; a new page fails here until it is listed."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from imvo.agreements.models import CompanyObligation
from imvo.conftest import World
from imvo.organizations.models import Organization, Participation
from imvo.organizations.services import application_inform_parties, application_submit

ALL = World.ROLES
PARTY_MEMBERS = [
    "company_admin",
    "company_member",
    "other_company_admin",
    "ngo_member",
    "ngo_member_without_ca",
    "union_member",
    "association_member",
    "core_group_member",
]


def expect(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    codes = dict.fromkeys(ALL, default)
    codes["anonymous"] = anonymous
    codes.update(overrides)
    return codes


def only(roles, ok: int = 200, others: int = 403, anonymous: int = 302) -> dict[str, int]:
    codes = expect(others, anonymous=anonymous)
    codes.update(dict.fromkeys(roles, ok))
    return codes


@dataclass
class Case:
    name: str
    args: callable = field(default=lambda w: [])
    codes: dict = field(default_factory=dict)
    method: str = "get"
    data: dict = field(default_factory=dict)


def _application(w, informed=True):
    p = application_submit(
        agreement=w.agreement,
        organization=Organization(kind="company", name="Nieuw BV", chain_positions=["trading"]),
        form="party",
        applicant_name="Ann",
        applicant_email="ann@nieuw.example",
        motivation="Wij willen meedoen.",
    )
    if informed:
        application_inform_parties(participation=p, actor=w.secretariat)
    return p


def _company_participation(w):
    return Participation.objects.get(organization=w.company, agreement=w.agreement)


def _draft(w):
    import datetime as dt

    from imvo.monitoring.services import round_open

    rnd = round_open(agreement=w.agreement, year_number=2, due_date=dt.date(2027, 4, 16), actor=w.secretariat)
    return rnd.assessments.get(organization=w.company)


def _submitted(w):
    """A red result: the follow-up and the improvement apply."""
    from imvo.monitoring.services import assessment_submit

    a = _draft(w)
    assessment_submit(assessment=a, actor=w.company_member)
    return a


def _evidence(w):
    from imvo.monitoring.services import evidence_add

    return evidence_add(
        assessment=_draft(w),
        indicator="1.1-policy",
        requirement="a",
        file=SimpleUploadedFile("beleid.pdf", b"%PDF-1.4"),
        actor=w.company_member,
    )


COMPANY = ["company_admin", "company_member"]


def _own(ok=200, *, secretariat=200, others=404):
    """A company's own assessment: hidden (404) from every other organization."""
    return {**only(COMPANY, ok=ok, others=others), "secretariat": secretariat}


CASES = [
    Case("core:home", codes=expect(200, anonymous=200)),
    Case("core:job", lambda w: [_job(w).pk], {**only(["secretariat"], others=404)}),
    Case("core:job_download", lambda w: [_job(w).pk], {**only(["secretariat"], others=404)}),
    Case("agreements:calendar_export", method="post", codes=expect(302, no_org=403)),
    Case("agreements:detail", codes=expect(200, no_org=403)),
    Case("agreements:calendar", codes=expect(200, no_org=403)),
    Case(
        "agreements:company_obligation",
        lambda w: [CompanyObligation.objects.filter(organization=w.company).first().pk],
        only(["secretariat"]),
    ),
    Case("agreements:year_edit", lambda w: [w.agreement.years.first().pk], only(["secretariat"])),
    Case(
        "agreements:due_date_edit",
        lambda w: [w.agreement.years.first().obligations.first().pk],
        only(["secretariat"]),
    ),
    Case("agreements:fee_edit", lambda w: [w.agreement.size_classes.first().pk], only(["secretariat"])),
    Case("agreements:switch", method="post", data={"agreement": "metaal-2025-2029"}, codes=expect(302)),
    Case("organizations:list", codes=expect(200, no_org=403)),
    Case("organizations:create", codes=only(["secretariat"])),
    Case("organizations:detail", lambda w: [w.company.pk], expect(200, no_org=403)),
    Case(
        "organizations:edit",
        lambda w: [w.company.pk],
        {**only(["secretariat", "company_admin"]), "no_org": 404},
    ),
    Case(
        "organizations:invite",
        lambda w: [w.company.pk],
        {**only(["secretariat", "company_admin"]), "no_org": 404},
    ),
    Case(
        "organizations:confidentiality",
        lambda w: [w.company.pk],
        {**only(["secretariat", "company_admin", "company_member"]), "no_org": 404},
    ),
    Case("organizations:apply", codes=expect(200, anonymous=200)),
    Case("organizations:applied", codes=expect(200, anonymous=200)),
    Case("organizations:applications", codes=expect(200, no_org=403)),
    Case(
        "organizations:application",
        lambda w: [_application(w).pk],
        {**only(["secretariat", "chair", *PARTY_MEMBERS]), "government_observer": 404, "no_org": 404},
    ),
    Case(
        "organizations:inform_parties",
        lambda w: [_application(w, informed=False).pk],
        {**only(["secretariat"], ok=302, others=404), "core_group_member": 403, "chair": 403},
        method="post",
    ),
    Case(
        "organizations:request_hearing",
        lambda w: [_application(w).pk],
        {**only(PARTY_MEMBERS), "government_observer": 404, "no_org": 404},
    ),
    Case(
        "organizations:record_hearing",
        lambda w: [_application(w).pk],
        {**only(["secretariat", "chair"]), "government_observer": 404, "no_org": 404},
    ),
    Case(
        "organizations:decide",
        lambda w: [_application(w).pk],
        {**only(["secretariat", "chair"]), "government_observer": 404, "no_org": 404},
    ),
    Case(
        "organizations:sign",
        lambda w: [_application(w).pk],
        {**only(["secretariat"]), "government_observer": 404, "no_org": 404},
    ),
    Case(
        "organizations:give_notice",
        lambda w: [_company_participation(w).pk],
        {
            **only(["secretariat", "company_admin"], others=404),
            "company_member": 403,
            "core_group_member": 403,
            "chair": 403,
        },
    ),
    Case(
        "organizations:remind",
        lambda w: [_company_participation(w).pk],
        {
            **only(["secretariat", "chair"], others=404),
            "company_admin": 403,
            "company_member": 403,
            "core_group_member": 403,
        },
    ),
    Case(
        "organizations:remove",
        lambda w: [_company_participation(w).pk],
        {
            **only(["secretariat", "chair"], others=404),
            "company_admin": 403,
            "company_member": 403,
            "core_group_member": 403,
        },
    ),
    Case(
        "organizations:document",
        lambda w: ["motivation", _application(w).pk],
        {**only(["secretariat", "chair", *PARTY_MEMBERS], ok=404), "government_observer": 404, "no_org": 404},
    ),
    Case("governance:core_group", codes=expect(200, no_org=403)),
    Case(
        "governance:end_seat",
        lambda w: [w.chair.core_group_seats.first().pk],
        only(["secretariat"], ok=302),
        method="post",
    ),
    Case("audit:log", codes=only(["secretariat"])),
    Case("accounts:profile", codes=expect(200)),
    Case("accounts:login", codes=expect(302, anonymous=200)),
    Case("accounts:logout", codes=expect(302, anonymous=302), method="post"),
    Case("accounts:password_reset", codes=expect(200, anonymous=200)),
    Case("accounts:password_reset_done", codes=expect(200, anonymous=200)),
    Case("accounts:password_reset_confirm", lambda w: ["MQ", "bad-token"], expect(200, anonymous=200)),
    Case("accounts:password_reset_complete", codes=expect(200, anonymous=200)),
    Case("accounts:accept_invitation", lambda w: ["no-such-token"], expect(410, anonymous=410)),
    Case(
        "accounts:revoke_invitation",
        lambda w: [_invitation(w).pk],
        only(["secretariat", "company_admin"], ok=302),
        method="post",
    ),
    Case("accounts:token_create", method="post", data={"token-name": "ERP"}, codes=expect(200)),
    Case("accounts:token_revoke", lambda w: [999999], method="post", codes=expect(404)),
    Case("accounts:set_language", method="post", data={"language": "en"}, codes=expect(302, anonymous=302)),
    Case("monitoring:rounds", codes=expect(200, no_org=403)),
    Case("monitoring:round", lambda w: [_draft(w).round.pk], only(["secretariat"])),
    Case("monitoring:round_export", lambda w: [_draft(w).round.pk], only(["secretariat"], ok=302), "post"),
    Case("monitoring:aggregate", lambda w: [_draft(w).round.pk], expect(200, no_org=403)),
    Case("monitoring:assessment", lambda w: [_draft(w).pk], _own()),
    Case("monitoring:section", lambda w: [_draft(w).pk, "step2"], _own()),
    Case("monitoring:answer", lambda w: [_draft(w).pk, "1.1-policy"], _own(400, secretariat=403), "post"),
    Case(
        "monitoring:evidence_add", lambda w: [_draft(w).pk, "1.1-policy"], _own(400, secretariat=403), "post"
    ),
    Case("monitoring:evidence", lambda w: [_evidence(w).pk], _own()),
    Case("monitoring:cmrt_import", lambda w: [_draft(w).pk], _own(302, secretariat=403), "post"),
    Case("monitoring:submit", lambda w: [_draft(w).pk], _own(secretariat=403)),
    Case("monitoring:result", lambda w: [_submitted(w).pk], _own()),
    Case("monitoring:result_pdf", lambda w: [_submitted(w).pk], _own()),
    Case("monitoring:improve", lambda w: [_submitted(w).pk], _own(secretariat=403)),
    Case("monitoring:follow_up", lambda w: [_submitted(w).pk], {**_own(403), "secretariat": 200}),
    Case(
        "monitoring:progress",
        lambda w: [w.company.pk],
        {**only(["secretariat", *COMPANY]), "no_org": 403},
    ),
    Case("monitoring:insight_list", codes=only(["ngo_member"])),
    Case("monitoring:insight", lambda w: [_submitted(w).pk], only(["ngo_member"])),
    Case("monitoring:locations_prefill", lambda w: [_draft(w).pk], _own(302, secretariat=403), "post"),
    # Production locations: names and addresses for the owning company and the secretariat only.
    Case("supply_chain:index", codes=expect(200, no_org=403)),
    Case("supply_chain:template", codes=expect(200, anonymous=200)),
    Case("supply_chain:upload", codes=only([*COMPANY, "other_company_admin"])),
    Case("supply_chain:start", method="post", codes=only([*COMPANY, "other_company_admin"], ok=302)),
    Case("supply_chain:list", lambda w: [_location_list(w).pk], _own()),
    Case("supply_chain:list_download", lambda w: [_location_list(w).pk], _own()),
    Case("supply_chain:list_original", lambda w: [_uploaded_list(w).pk], _own()),
    Case("supply_chain:location_add", lambda w: [_location_list(w).pk], _own(secretariat=403)),
    Case(
        "supply_chain:location_edit",
        lambda w: [_location_list(w).locations.first().pk],
        _own(secretariat=403),
    ),
    Case(  # on a submitted list, so that the first role's removal leaves the row for the next
        "supply_chain:location_delete",
        lambda w: [_location_list(w, submit=True).locations.first().pk],
        _own(302, secretariat=403),
        "post",
    ),
    Case("supply_chain:list_add_cmrt", lambda w: [_location_list(w).pk], _own(302, secretariat=403), "post"),
    Case("supply_chain:list_submit", lambda w: [_location_list(w).pk], _own(302, secretariat=403), "post"),
    Case(
        "supply_chain:list_new_version",
        lambda w: [_location_list(w, submit=True).pk],
        _own(302, secretariat=403),
        "post",
    ),
    Case("supply_chain:review_queue", codes=only(["secretariat"])),
    Case("supply_chain:review", lambda w: [_location_list(w).locations.first().pk], only(["secretariat"])),
    Case("supply_chain:registry", codes=only(["secretariat"])),
    Case("supply_chain:facility", lambda w: [_facility(w).pk], only(["secretariat"])),
    Case("supply_chain:aggregate", codes=expect(200, no_org=403)),
    Case("supply_chain:aggregate_excel", lambda w: [_aggregated(w).pk], expect(200, no_org=403)),
    Case("supply_chain:aggregate_build", method="post", codes=only(["secretariat"], ok=302)),
    Case(
        "supply_chain:aggregate_publish",
        lambda w: [_aggregated(w, publish=False).pk],
        only(["secretariat"], ok=302),
        "post",
    ),
    Case(
        "supply_chain:restrictions",
        codes=only(["secretariat", *COMPANY, "other_company_admin", "core_group_member", "chair"]),
    ),
    Case("supply_chain:restriction_decide", lambda w: [_restriction(w).pk], only(["secretariat", "chair"])),
    Case("supply_chain:lookups", codes=only(["secretariat", "ngo_member"])),
    Case("supply_chain:lookup", lambda w: [_lookup(w).pk], only(["secretariat", "ngo_member"])),
    Case("supply_chain:networks", codes=expect(200, no_org=403)),
    Case("supply_chain:network_delete", lambda w: [_network(w).pk], only(["secretariat"], ok=302), "post"),
    # Risk analysis: the register for the owning company and the secretariat; statements are public.
    Case("risks:index", codes=expect(200, no_org=403)),
    Case("risks:register_start", method="post", codes=only([*COMPANY, "other_company_admin"], ok=302)),
    Case("risks:register", lambda w: [_risk(w).register_id], _own()),
    Case("risks:register_excel", lambda w: [_risk(w).register_id], _own()),
    Case("risks:register_pdf", lambda w: [_risk(w).register_id], _own()),
    Case("risks:risk_add", lambda w: [_risk(w).register_id], _own(secretariat=403)),
    Case("risks:suggestions", lambda w: [_risk(w).register_id], _own(secretariat=403)),
    Case("risks:statement_publish", lambda w: [_risk(w).register_id], _own(302, secretariat=403), "post"),
    Case("risks:risk_edit", lambda w: [_risk(w).pk], _own(secretariat=403)),
    Case("risks:risk_confirm", lambda w: [_risk(w).pk], _own(302, secretariat=403), "post"),
    Case("risks:risk_address", lambda w: [_risk(w).pk], _own(secretariat=403)),
    Case("risks:risk_reopen", lambda w: [_risk(w).pk], _own(302, secretariat=403), "post"),
    Case(  # the first role's removal leaves nothing for the next; risks/tests/test_views.py covers them
        "risks:risk_delete",
        lambda w: [_risk(w).pk],
        {**_own(302, secretariat=404), "company_member": 404},
        "post",
    ),
    Case("risks:statements", codes=expect(200, anonymous=200)),
    Case("risks:statement", lambda w: [_risk_statement(w).register_id], expect(200, anonymous=200)),
    Case("risks:statement_pdf", lambda w: [_risk_statement(w).register_id], expect(200, anonymous=200)),
    Case("risks:statement_excel", lambda w: [_risk_statement(w).register_id], expect(200, anonymous=200)),
    Case("risks:sources", codes=expect(200, anonymous=200)),
    Case("risks:sector", codes=expect(200, no_org=403)),
    Case("risks:sector_excel", lambda w: [_sector_report(w).pk], expect(200, no_org=403)),
    Case("risks:sector_build", method="post", codes=only(["secretariat"], ok=302)),
    Case(
        "risks:sector_publish",
        lambda w: [_sector_report(w, publish=False).pk],
        only(["secretariat"], ok=302),
        "post",
    ),
    Case("risks:collective_delete", lambda w: [_collective(w).pk], only(["secretariat"], ok=302), "post"),
    # Plan of approach (art. 12): a company's plan for itself and the secretariat it is submitted to;
    # the aggregated plan, built and published by the secretariat, for every party and the government.
    Case("plans:index", codes=expect(200, no_org=403)),
    Case(
        "plans:start",
        method="post",
        data={"kind": "structured"},
        codes=only([*COMPANY, "other_company_admin"], ok=302),
    ),
    Case("plans:plan", lambda w: [_plan(w).pk], _own()),
    Case("plans:goal_add", lambda w: [_plan(w).pk], _own(secretariat=403)),
    Case("plans:goal_edit", lambda w: [_goal(w).pk], _own(secretariat=403)),
    Case(  # the first role's removal leaves nothing for the next; plans/tests/test_views.py covers them
        "plans:goal_delete",
        lambda w: [_goal(w).pk],
        {**_own(302, secretariat=404), "company_member": 404},
        "post",
    ),
    Case("plans:sections", lambda w: [_report_plan(w).pk], _own(secretariat=403)),
    Case("plans:upload", lambda w: [_report_plan(w).pk], _own(secretariat=403)),
    Case("plans:file", lambda w: [_report_plan(w).pk], _own()),
    Case("plans:submit", lambda w: [_report_plan(w).pk], _own(302, secretariat=403), "post"),
    Case(
        "plans:new_version",
        lambda w: [_report_plan(w, submit=True).pk],
        _own(302, secretariat=403),
        "post",
    ),
    Case("plans:aggregated", codes=expect(200, no_org=403)),
    Case("plans:aggregated_build", method="post", codes=only(["secretariat"], ok=302)),
    Case("plans:aggregated_intro", lambda w: [_aggregated_plan(w, publish=False).pk], only(["secretariat"])),
    Case(
        "plans:aggregated_publish",
        lambda w: [_aggregated_plan(w, publish=False).pk],
        only(["secretariat"], ok=302),
        "post",
    ),
    Case(
        "organizations:grievance_mechanism",
        lambda w: [w.company.pk],
        {**only(["secretariat", "company_admin"]), "company_member": 403, "no_org": 404},
    ),
    Case("organizations:grievance_mechanisms", codes=expect(200, anonymous=200)),
    # The budget: kept by the secretariat, read by the core group and the government.
    Case("finance:budget", codes=only(["secretariat", "core_group_member", "chair", "government_observer"])),
    Case(
        "finance:invoices_prepare", lambda w: _budget(w) and [], only(["secretariat"], ok=302), method="post"
    ),
    Case("finance:invoice", lambda w: [_invoice(w).pk], only(["secretariat"])),
    Case("finance:funding_delete", lambda w: [_funding(w).pk], only(["secretariat"], ok=302), "post"),
    # Reports (art. 31-33, 36-38, 51) and the public pages.
    Case("reports:index", codes=expect(200, anonymous=200)),
    Case("reports:detail", lambda w: [_report(w).pk], expect(200, anonymous=200)),
    Case("reports:pdf", lambda w: [_report(w).pk], expect(200, anonymous=200)),
    Case(
        "reports:publish",
        lambda w: [_report(w, publish=False).pk],
        only(["secretariat"], ok=302),
        "post",
    ),
    Case(
        "reports:company_reporting",
        codes=only(["secretariat", "company_admin", "company_member", "other_company_admin"]),
    ),
    Case("reports:recruitment", codes=expect(200, no_org=403)),
    Case("public:about", codes=expect(200, anonymous=200)),
    Case("public:participants", codes=expect(200, anonymous=200)),
    Case("public:map", codes=expect(200, anonymous=200)),
    # Modules (art. 29-30): offered to everyone with an organization, run by the secretariat, materials
    # for the parties; a company's assignments (from its individual result) for itself and the secretariat.
    Case("modules:index", codes=expect(200, no_org=403)),
    Case("modules:detail", lambda w: [_module(w).pk], expect(200, no_org=403)),
    Case("modules:new", codes=only(["secretariat"])),
    Case("modules:edit", lambda w: [_module(w).pk], only(["secretariat"])),
    Case("modules:session_new", lambda w: [_module(w).pk], only(["secretariat"])),
    Case("modules:material_add", lambda w: [_module(w).pk], only(["secretariat"], ok=400), "post"),
    Case("modules:material", lambda w: [_material(w).pk], only(["secretariat", *PARTY_MEMBERS])),
    Case("modules:attendance", lambda w: [_module_session(w).pk], only(["secretariat"])),
    Case("modules:mine", codes=only([*COMPANY, "other_company_admin"])),
    Case("modules:company", lambda w: [w.company.pk], _own()),
    Case("modules:overview", codes=only(["secretariat"])),
    Case("modules:assignment_waive", lambda w: [_assignment(w).pk], only(["secretariat"])),
    # Signals (art. 23): the secretariat, the reporting organization and the notified companies.
    Case(
        "signals:index",
        codes=only(
            [
                "secretariat",
                "company_admin",
                "company_member",
                "other_company_admin",
                "ngo_member",
                "ngo_member_without_ca",
                "union_member",
                "core_group_member",
            ]
        ),
    ),
    Case("signals:report", lambda w: _signal_clause(w) and [], only(["ngo_member"])),
    Case("signals:report_public", codes=expect(200, anonymous=200)),
    # The secret link is traded for a mark in the session; without that mark the page is not found.
    Case("signals:follow", lambda w: [_public_signal(w)[1]], expect(302, anonymous=302)),
    Case("signals:followed", lambda w: [_public_signal(w)[0].pk], expect(404, anonymous=404)),
    Case(
        "signals:followed_evidence",
        lambda w: [_public_signal(w)[0].pk, _public_signal(w)[0].evidence.get().pk],
        expect(404, anonymous=404),
    ),
    Case(
        "signals:detail",
        lambda w: [_signal(w).pk],
        {**only(["secretariat", "ngo_member", *COMPANY], others=404), "anonymous": 302},
    ),
    Case(
        "signals:evidence",
        lambda w: [_signal(w).pk, _signal(w).evidence.get().pk],
        {**only(["secretariat", "ngo_member", *COMPANY], others=404), "anonymous": 302},
    ),
    # Governance: meetings in outline for every party and the government observer, in full for the
    # core group, its chair and the secretariat; proposals and votes; complaints (art. 43-54, 83-84).
    Case("governance:meetings", codes=expect(200, no_org=403)),
    Case("governance:meeting_new", codes=only(["secretariat"])),
    Case("governance:meeting", lambda w: [_meeting(w).pk], expect(200, no_org=404)),
    Case("governance:meeting_edit", lambda w: [_meeting(w).pk], {**only(["secretariat"]), "no_org": 404}),
    Case(
        "governance:meeting_attendance",
        lambda w: [_meeting(w).pk],
        {**only(["secretariat"], ok=302), "no_org": 404},
        "post",
    ),
    Case(
        "governance:meeting_document_add",
        lambda w: [_meeting(w).pk],
        {**only(["secretariat"], ok=400), "no_org": 404},
        "post",
    ),
    Case(
        "governance:meeting_document",
        lambda w: [_meeting(w).pk, _meeting(w).documents.get(shared_with_parties=True).pk],
        expect(200, no_org=404),
    ),
    Case(
        "governance:meeting_report",
        lambda w: [_meeting(w).pk],
        {**only(["secretariat", "core_group_member", "chair"]), "no_org": 404},
    ),
    Case(
        "governance:agenda_add",
        lambda w: [_meeting(w).pk],
        {**only(["secretariat"], ok=400), "no_org": 404},
        "post",
    ),
    Case(
        "governance:meeting_hold",
        lambda w: [_meeting(w).pk],
        {**only(["secretariat"], ok=302), "no_org": 404},
        "post",
    ),
    Case(
        "governance:meeting_cancel",
        lambda w: [_meeting(w).pk],
        {**only(["secretariat"], ok=302), "no_org": 404},
        "post",
    ),
    Case("governance:proposals", codes=expect(200, no_org=403)),
    Case("governance:proposal_new", codes=only(["secretariat", "core_group_member", "chair"])),
    Case(
        "governance:proposal",
        lambda w: [_proposal(w).pk],
        only(["secretariat", "core_group_member", "chair"], others=404),
    ),
    Case(
        "governance:deliberation",
        lambda w: [_proposal(w).pk],
        only(["secretariat", "core_group_member", "chair"], others=404),
    ),
    Case(
        "governance:vote_open",
        lambda w: [_proposal(w).pk],
        {**only(["secretariat", "chair"], ok=400, others=404), "core_group_member": 403},
        "post",
    ),
    Case(
        "governance:ballot",
        lambda w: [_proposal(w).pk],
        {**only(["core_group_member"], ok=400, others=404), "secretariat": 403, "chair": 403},
        "post",
    ),
    Case(
        "governance:replacement",
        lambda w: [_proposal(w).pk],
        {**only(["secretariat"], ok=400, others=404), "core_group_member": 403, "chair": 403},
        "post",
    ),
    Case(
        "governance:vote_close",
        lambda w: [_proposal(w).pk],
        {**only(["secretariat", "chair"], ok=400, others=404), "core_group_member": 403},
        "post",
    ),
    Case(
        "governance:assembly_ballot",
        lambda w: [_proposal(w).pk],
        {**only(["secretariat"], ok=400, others=404), "core_group_member": 403, "chair": 403},
        "post",
    ),
    Case(
        "governance:assembly_close",
        lambda w: [_proposal(w).pk],
        {**only(["secretariat"], ok=400, others=404), "core_group_member": 403, "chair": 403},
        "post",
    ),
    Case(
        "governance:publish",
        lambda w: [_proposal(w).pk],
        {**only(["secretariat", "chair"], ok=302, others=404), "core_group_member": 403},
        "post",
    ),
    Case(
        "governance:withdraw",
        lambda w: [_proposal(w).pk],
        {**only(["secretariat"], ok=302, others=404), "core_group_member": 403, "chair": 403},
        "post",
    ),
    Case("governance:decisions", codes=expect(200, no_org=403)),
    Case("governance:complaints", codes=expect(200, no_org=403)),
    Case("governance:complaint_new", codes=only(["secretariat", *PARTY_MEMBERS])),
    Case(  # with the core group: the company concerned sees its status, the complainant and the core group all
        "governance:complaint",
        lambda w: [_complaint(w, to_core_group=True).pk],
        only(["secretariat", "ngo_member", "core_group_member", "chair", *COMPANY], others=404),
    ),
    Case(
        "governance:complaint_screen",
        lambda w: [_complaint(w).pk],
        {**only(["secretariat"], others=404), "ngo_member": 403},
    ),
    # Collective projects (art. 16, 23, 60): approved ones for every party and the government
    # observer; proposed by the parties and the secretariat; kept by the secretariat and the lead.
    Case("projects:list", codes=expect(200, no_org=403)),
    Case("projects:propose", codes=only(["secretariat", *PARTY_MEMBERS])),
    Case("projects:detail", lambda w: [_project(w).pk], expect(200, no_org=404)),
    Case("projects:edit", lambda w: [_project(w).pk], {**only(["secretariat", "ngo_member"]), "no_org": 404}),
    Case(
        "projects:update_file",
        lambda w: [_project(w).pk, _project(w).updates.get().pk],
        expect(200, no_org=404),
    ),
]


def _budget(w):
    from decimal import Decimal

    from imvo.finance.services import budget_set

    return budget_set(year=w.agreement.current_year(), total=Decimal("90000"), note="", actor=w.secretariat)


def _invoice(w):
    from decimal import Decimal

    from imvo.finance.models import Invoice

    return Invoice.objects.create(
        budget=_budget(w), organization=w.company, size_class="Klein", amount=Decimal(1500)
    )


def _funding(w):
    from decimal import Decimal

    from imvo.finance.services import funding_add

    return funding_add(
        budget=_budget(w),
        source="ser",
        description="SER",
        committed=Decimal(18000),
        received=Decimal(0),
        actor=None,
    )


def _module(w):
    from imvo.modules.models import Module

    return Module.objects.get(agreement=w.agreement, code="kennis-beleid")


def _module_session(w):
    from imvo.modules.tests.factories import past_session

    return past_session(w.agreement, code="kennis-beleid", actor=w.secretariat)


def _material(w):
    from imvo.modules.services import material_add

    return material_add(
        module=_module(w),
        title="Voorbeeldbeleid",
        file=SimpleUploadedFile("beleid.docx", b"PK"),
        actor=w.secretariat,
    )


def _assignment(w):
    """A mandatory module from the company's (red) result."""
    from imvo.modules.models import Assignment

    _submitted(w)
    return Assignment.objects.filter(organization=w.company, mandatory=True).first()


def _signal_clause(w):
    import datetime as dt

    from imvo.organizations.services import confidentiality_agreement_record

    if not w.ngo.confidentiality_agreements.filter(scope="supplier_signals").exists():
        confidentiality_agreement_record(
            agreement=w.agreement,
            organization=w.ngo,
            scope="supplier_signals",
            signed_by_name=w.ngo_member.full_name,
            signed_by=w.ngo_member,
            signed_on=dt.date(2025, 11, 1),
            actor=w.secretariat,
        )
    return True


SIGNAL = {"description": "Kinderarbeid", "site_name": "Timah", "site_country": "ID", "urgency": "urgent"}


def _signal(w):
    """A signal of the NGO, brought to the company (the notice made directly: no lists needed)."""
    from imvo.signals.models import Notice, Signal
    from imvo.signals.services import signal_report

    signal = Signal.objects.filter(channel="account").first()
    if signal is None:
        _signal_clause(w)
        signal = signal_report(
            agreement=w.agreement,
            actor=w.ngo_member,
            data=SIGNAL,
            files=[SimpleUploadedFile("foto.jpg", b"jpeg")],
            shareable=True,
        )
        Notice.objects.create(signal=signal, organization=w.company, notified_by=w.secretariat)
    return signal


_TOKENS: dict[int, str] = {}


def _public_signal(w):
    from imvo.signals.models import Signal
    from imvo.signals.services import signal_report_public

    signal = Signal.objects.filter(channel="public_form").first()
    if signal is None or signal.pk not in _TOKENS:
        signal, token = signal_report_public(
            agreement=w.agreement,
            data=SIGNAL,
            reporter={"reporter_name": "Siti"},
            files=[SimpleUploadedFile("foto.jpg", b"jpeg")],
        )
        _TOKENS[signal.pk] = token
    return signal, _TOKENS[signal.pk]


def _report(w, publish=True):
    from imvo.reports.services import report_compose, report_publish, report_write

    report = report_compose(
        agreement=w.agreement, year=w.agreement.current_year(), kind="core_group", actor=w.secretariat
    )
    if publish:
        report_write(
            report=report, title="Jaarverslag", texts={"introduction": "Het jaar."}, actor=w.secretariat
        )
        report_publish(report=report, actor=w.secretariat)
    return report


def _risk(w):
    from imvo.risks.services import register_start, risk_save

    register = register_start(organization=w.company, year=w.agreement.current_year(), actor=w.company_member)
    data = {
        "theme": "health_safety",
        "nature": "potential",
        "scale": 3,
        "scope": 2,
        "irremediability": 2,
        "likelihood": 3,
        "gender": "no",
    }
    return risk_save(register=register, data=data, actor=w.company_member)


def _risk_statement(w):
    from imvo.risks.services import statement_publish

    return statement_publish(register=_risk(w).register, actor=w.company_member)


def _sector_report(w, publish=True):
    from imvo.risks.services import sector_report_build, sector_report_publish

    report = sector_report_build(agreement=w.agreement, year=w.agreement.current_year(), actor=w.secretariat)
    return sector_report_publish(report=report, actor=w.secretariat) if publish else report


def _collective(w):
    import datetime as dt

    from imvo.risks.services import collective_risk_choose

    return collective_risk_choose(
        agreement=w.agreement,
        year=w.agreement.current_year(),
        theme="child_labour",
        material="cobalt",
        area="AF",
        rationale="Chosen from the sector report.",
        chosen_on=dt.date(2026, 11, 1),
        actor=w.secretariat,
    )


def _plan(w, kind="structured"):
    """Alfa's draft plan of approach for this year."""
    from imvo.plans.services import plan_start

    return plan_start(
        organization=w.company, year=w.agreement.current_year(), kind=kind, actor=w.company_member
    )


def _goal(w):
    from imvo.plans.services import goal_save

    return goal_save(
        plan=_plan(w), data={"step": "1", "what": "IMVO-beleid vaststellen"}, actor=w.company_member
    )


def _report_plan(w, submit=False):
    """Alfa's plan as its CSRD report, uploaded and mapped to the six steps."""
    from imvo.plans.services import plan_sections_save, plan_submit, plan_upload

    plan = _plan(w, kind="report")
    plan_upload(
        plan=plan,
        file=SimpleUploadedFile("duurzaamheidsverslag.pdf", b"%PDF-1.4 verslag"),
        actor=w.company_member,
    )
    sections = {step: {"where": f"§{step}.1"} for step in "123456"}
    plan_sections_save(plan=plan, section_map=sections, actor=w.company_member)
    return plan_submit(plan=plan, actor=w.company_member) if submit else plan


def _aggregated_plan(w, publish=True):
    from imvo.plans.services import aggregated_build, aggregated_publish

    built = aggregated_build(agreement=w.agreement, year=w.agreement.current_year(), actor=w.secretariat)
    return aggregated_publish(aggregated=built, actor=w.secretariat) if publish else built


def _location_list(w, submit=False):
    from imvo.supply_chain.services import list_start_empty, list_submit, location_save

    ll = list_start_empty(organization=w.company, year=w.agreement.current_year(), actor=w.company_member)
    location_save(
        location_list=ll,
        data={
            "name": "PT Timah Tbk",
            "country": "ID",
            "activity": "smelting",
            "materials": ["tin"],
            "tier": "3+",
        },
        actor=w.company_member,
    )
    if submit:
        list_submit(location_list=ll, actor=w.company_member)
    return ll


def _uploaded_list(w):
    from imvo.supply_chain.services import list_upload

    return list_upload(
        organization=w.company,
        year=w.agreement.current_year(),
        file=SimpleUploadedFile("lijst.csv", b"Naam;Land;Type activiteit\nPT Timah;ID;smelter\n"),
        actor=w.company_member,
    )


def _facility(w):
    from imvo.supply_chain.models import Facility

    return Facility.objects.create(name="PT Timah Tbk", country="ID", activity="smelting")


def _aggregated(w, publish=True):
    from imvo.supply_chain.services import aggregate_build, aggregate_publish

    a = aggregate_build(agreement=w.agreement, year=w.agreement.current_year(), actor=w.secretariat)
    if publish:
        aggregate_publish(aggregated=a, actor=w.secretariat)
    return a


def _restriction(w):
    from imvo.supply_chain.services import restriction_request

    return restriction_request(
        agreement=w.agreement,
        organization=w.company,
        facilities=[_facility(w)],
        reasons="Eén leverancier; herleidbaar.",
        actor=w.company_member,
    )


def _lookup(w):
    from imvo.supply_chain.services import lookup_request

    return lookup_request(
        agreement=w.agreement,
        organization=w.ngo,
        country="CD",
        region="",
        reason="Onderzoek",
        actor=w.ngo_member,
    )


def _network(w):
    from imvo.supply_chain.services import network_add

    return network_add(
        agreement=w.agreement,
        organization=w.ngo,
        country="CD",
        region="CD-NK",
        materials=["tin"],
        description="",
        actor=w.secretariat,
    )


def _job(w):
    from django.core.files.base import ContentFile

    from imvo.core.models import Job

    job = Job.objects.create(kind="calendar_export", created_by=w.secretariat, status=Job.Status.DONE)
    job.result.save("x.xlsx", ContentFile(b"x"))
    return job


def _invitation(w):
    from imvo.accounts.services import invitation_create

    invitation, _token = invitation_create(
        email="nieuw@alfa.example", organization=w.company, invited_by=w.company_admin
    )
    return invitation


def _our_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or ""
                if ns in ("admin", "api-v1"):
                    continue
                walk(p.url_patterns, f"{namespace}{ns}:" if ns else namespace)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns)
    return names


def test_every_page_is_in_the_matrix():
    assert _our_url_names() == {c.name for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_role_gets_what_it_may(case, world, client):
    failures = []
    url = reverse(case.name, args=case.args(world))
    for role in ALL:
        user = world.user(role)
        client.logout()
        if user is not None:
            client.force_login(user)
        response = getattr(client, case.method)(url, case.data)
        expected = case.codes[role]
        if response.status_code != expected:
            failures.append(f"{role}: {response.status_code} (expected {expected})")
        if role == "anonymous" and expected == 302 and case.method == "get":
            assert "/accounts/login/" in response["Location"] or case.name in (
                "accounts:login",
                "signals:follow",
            )
    assert not failures, f"{case.name}: " + "; ".join(failures)


def _meeting(w):
    """A core-group meeting today with the progress report and one document shared with the parties."""
    from django.utils import timezone

    from imvo.governance.models import Meeting
    from imvo.governance.services import meeting_document_add, meeting_plan, meeting_update

    existing = Meeting.objects.filter(agreement=w.agreement).first()
    if existing:
        return existing
    today = timezone.localdate()
    meeting = meeting_plan(agreement=w.agreement, body="core_group", held_on=today, actor=w.secretariat)
    meeting_update(
        meeting=meeting,
        actor=w.secretariat,
        held_on=today,
        minutes="Vertrouwelijk verslag",
        minutes_outline="Verslag op hoofdlijnen",
        progress_report=SimpleUploadedFile("voortgang.pdf", b"%PDF-1.4"),
    )
    meeting_document_add(
        meeting=meeting,
        title="Jaarplan",
        file=SimpleUploadedFile("jaarplan.pdf", b"%PDF-1.4"),
        shared_with_parties=True,
        actor=w.secretariat,
    )
    return meeting


def _proposal(w):
    from imvo.governance.services import proposal_submit

    return proposal_submit(
        agreement=w.agreement, kind="general", title="Jaarplan 2027", text="Vaststellen.", actor=w.secretariat
    )


def _complaint(w, to_core_group=False):
    from imvo.governance.services import complaint_file, complaint_to_core_group

    complaint = complaint_file(
        agreement=w.agreement,
        company=w.company,
        about="Alfa levert geen risicoanalyse aan.",
        actor=w.ngo_member,
    )
    if to_core_group:
        complaint_to_core_group(complaint=complaint, actor=w.secretariat)
    return complaint


def _project(w):
    """A running project led by the NGO, with a progress update and its document."""
    from imvo.projects.models import Project
    from imvo.projects.services import project_decided, project_propose, project_start, update_add

    existing = Project.objects.filter(agreement=w.agreement).first()
    if existing:
        return existing
    project = project_propose(
        agreement=w.agreement,
        actor=w.ngo_member,
        data={"title": "Veilig werk bij tinsmelters", "summary": "Afzuiging.", "countries": ["BO"]},
    )
    project_decided(project=project, adopted=True, actor=w.secretariat)
    project_start(project=project, actor=w.ngo_member)
    update_add(
        project=project,
        actor=w.ngo_member,
        text="Gestart.",
        file=SimpleUploadedFile("verslag.pdf", b"%PDF-1.4"),
    )
    return project
