"""Load the fictional demo sector through the same services a user's actions go through."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from imvo.accounts.models import User
from imvo.agreements.models import CompanyObligation, SizeClass
from imvo.agreements.services import DATA_DIR, agreement_load, size_class_set_fee
from imvo.governance.services import core_group_member_add
from imvo.organizations import services as org_services
from imvo.organizations.models import Organization, Participation

DEMO_FILE = Path(__file__).resolve().parent / "data" / "sector.yaml"
DEMO_PASSWORD = "imvo-demo-2025"


def _on(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def demo_load(*, path: Path = DEMO_FILE, password: str = DEMO_PASSWORD) -> bool:
    """Load the demo sector once; returns False when it is already there."""
    with open(path, encoding="utf-8") as fh:
        demo = yaml.safe_load(fh)
    # The demo's notifications go nowhere: the mail backend is swapped until after the commit.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        transaction.atomic(),
    ):
        agreement = agreement_load(path=DATA_DIR / demo["agreement"])
        if Organization.objects.filter(kind=Organization.Kind.SECRETARIAT).exists():
            return False
        _load(demo, agreement, make_password(password))
    return True


def _load(demo: dict, agreement, password_hash: str) -> None:
    for sc in SizeClass.objects.filter(agreement=agreement):
        if sc.code in demo.get("fees", {}):
            size_class_set_fee(size_class=sc, yearly_fee=demo["fees"][sc.code])
    orgs: dict[str, Organization] = {}
    people: dict[str, User] = {}
    signed_on = _on(demo["signed_on"])
    for spec in demo["organizations"]:
        org = org_services.organization_save(
            organization=Organization(
                kind=spec["kind"],
                name=spec["name"],
                city=spec.get("city", ""),
                fte=spec.get("fte"),
                chain_positions=spec.get("chain", []),
                reporting_regime=spec.get("regime", ""),
                website=f"https://www.{spec['key']}.example",
            ),
            agreement=agreement,
        )
        orgs[spec["key"]] = org
        for p in spec.get("people", []):
            people[p["email"]] = User.objects.create(
                email=p["email"],
                full_name=p["name"],
                job_title=p.get("title", ""),
                organization=org,
                is_org_admin=p.get("admin", False),
                password=password_hash,
            )
    secretary = people[demo["organizations"][0]["people"][0]["email"]]
    for spec in demo["organizations"]:
        if spec.get("form"):
            org_services.participation_admit(
                agreement=agreement,
                organization=orgs[spec["key"]],
                form=spec["form"],
                signed_on=signed_on,
                actor=secretary,
                note="Ondertekend bij de start / signed at the start",
            )
    for seat in demo.get("core_group", []):
        core_group_member_add(
            agreement=agreement,
            user=people[seat["person"]],
            role=seat["role"],
            constituency=seat.get("seat", ""),
            started_on=signed_on,
        )
    for ca in demo.get("confidentiality_agreements", []):
        signer = people[ca["signer"]]
        org_services.confidentiality_agreement_record(
            agreement=agreement,
            organization=orgs[ca["org"]],
            scope=ca["scope"],
            signed_by_name=signer.full_name,
            signed_by=signer,
            signed_on=_on(ca["signed_on"]),
            actor=secretary,
        )
    for kind_year, done in demo.get("completed", {}).items():
        kind, _, year = kind_year.partition("@")
        for key, on in done.items():
            co = CompanyObligation.objects.get(
                obligation__kind=kind, obligation__year__number=int(year or 1), organization=orgs[key]
            )
            co.status, co.completed_on, co.completed_by = CompanyObligation.Status.DONE, _on(on), secretary
            co.save()
    for ext in demo.get("extensions", []):
        CompanyObligation.objects.filter(
            obligation__kind=ext["obligation"],
            obligation__year__number=ext["year"],
            organization=orgs[ext["company"]],
        ).update(due_date_override=_on(ext["until"]), note=ext.get("note", ""))
    for app in demo.get("applications", []):
        participation = org_services.application_submit(
            agreement=agreement,
            organization=Organization(
                kind=app["kind"],
                name=app["name"],
                city=app.get("city", ""),
                fte=app.get("fte"),
                chain_positions=app.get("chain", []),
            ),
            form=app["form"],
            applicant_name=app["contact"]["name"],
            applicant_email=app["contact"]["email"],
            motivation=app["motivation"],
        )
        Participation.objects.filter(pk=participation.pk).update(applied_on=_on(app["applied_on"]))
        participation.events.update(on=_on(app["applied_on"]))
        if app.get("informed"):
            org_services.application_inform_parties(participation=participation, actor=secretary)
        if app.get("hearing"):
            requester = people[app["hearing"]["by"]]
            org_services.application_request_hearing(
                participation=participation, actor=requester, note=app["hearing"]["note"]
            )
    for notice in demo.get("notices", []):
        participation = Participation.objects.get(agreement=agreement, organization=orgs[notice["org"]])
        notice_on = min(_on(notice["notice_on"]), timezone.localdate())
        org_services.participation_give_notice(
            participation=participation,
            actor=people[notice["by"]],
            notice_on=notice_on,
            reasons=notice["reasons"],
        )
