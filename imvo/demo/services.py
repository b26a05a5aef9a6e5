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
from imvo.core.dates import add_months
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


def _monitoring(demo: dict, agreement, orgs: dict, people: dict, secretary) -> None:
    """Rounds with answers that follow from each company's maturity, deterministically."""
    import random

    from imvo.monitoring import services as mon
    from imvo.monitoring.framework import load_framework
    from imvo.monitoring.models import Submission

    framework = load_framework(agreement.framework_version)
    basics = {k.indicator for k in framework.knockouts}  # a company that has started has these in place
    triggers = {k.trigger for k in framework.knockouts if k.trigger}
    for spec in demo.get("monitoring", []):
        rnd = mon.round_open(
            agreement=agreement, year_number=spec["year"], due_date=_on(spec["due"]), actor=secretary
        )
        rnd.opened_on = _on(spec["opened_on"])
        rnd.save(update_fields=["opened_on"])
        for key, c in spec["companies"].items():
            assessment = rnd.assessments.get(organization=orgs[key])
            actor = people.get(c.get("by", "")) or User.objects.filter(organization=orgs[key]).first()
            if c.get("minerals"):
                mon.assessment_set_scope(assessment=assessment, minerals_in_scope=True, actor=actor)
            chance = random.Random(f"{key}-{spec['year']}")
            sections = framework.sections_for(minerals_in_scope=assessment.minerals_in_scope)
            indicators = [i for s in sections for i in s.indicators]
            answered = indicators[: round(len(indicators) * c.get("share_answered", 1))]
            for ind in answered:
                draw = chance.random()
                reached = 2 if draw < c["maturity"] * 0.5 else 1 if draw < c["maturity"] + 0.1 else 0
                if ind.code in basics and c["maturity"] >= 0.3:
                    reached = max(reached, 1)
                met = {r.code: r.level <= reached or chance.random() < 0.2 for r in ind.requirements}
                if ind.code in triggers:
                    met = dict.fromkeys(met, bool(c.get("severe_impact")))
                mon.answer_save(
                    assessment=assessment,
                    indicator=ind.code,
                    met=met,
                    not_applicable=False,
                    explanation="",
                    base_revision=0,
                    actor=actor,
                )
                for r in ind.requirements:
                    if r.evidence and met[r.code] and chance.random() < 0.85:
                        mon.evidence_add(
                            assessment=assessment,
                            indicator=ind.code,
                            requirement=r.code,
                            actor=actor,
                            link=f"https://www.{key}.example/documenten/{ind.code}-{r.code}",
                        )
            if not spec.get("submit"):
                continue
            submission = mon.assessment_submit(assessment=assessment, actor=actor)
            done_on = (
                CompanyObligation.objects.filter(
                    organization=orgs[key],
                    obligation__year=rnd.year,
                    obligation__kind=mon.OBLIGATION_OF[rnd.kind],
                )
                .values_list("completed_on", flat=True)
                .first()
                or rnd.due_date
            )
            submitted_at = timezone.make_aware(dt.datetime.combine(done_on, dt.time(15, 0)))
            Submission.objects.filter(pk=submission.pk).update(submitted_at=submitted_at)
            assessment.refresh_from_db()
            if assessment.improvement_until:
                assessment.improvement_until = add_months(done_on, mon.IMPROVEMENT_MONTHS)
                assessment.save(update_fields=["improvement_until"])
            if c.get("follow_up"):
                f = c["follow_up"]
                mon.follow_up_record(
                    assessment=assessment,
                    held_on=_on(f["held_on"]),
                    board_member=f["board_member"],
                    agreed_actions=f["agreed_actions"],
                    actor=secretary,
                )
            if c.get("improve") and submission.verdict != "green":
                mon.assessment_reopen(
                    assessment=assessment, indicators=mon.insufficient_items(submission)[:4], actor=actor
                )


def _production_locations(spec: dict, agreement, orgs: dict, secretary) -> None:
    """Year-1 lists submitted and published in aggregate; year-2 lists grown, some still drafts."""
    import random

    from imvo.supply_chain import services as sc

    sites = spec.get("sites", [])
    if not sites:
        return
    year1, year2 = agreement.years.get(number=1), agreement.years.get(number=2)
    for key, c in spec.get("lists", {}).items():
        org = orgs[key]
        actor = User.objects.filter(organization=org).order_by("pk").first()
        chance = random.Random(f"locations-{key}")
        order = chance.sample(range(len(sites)), len(sites))
        first = sc.list_start_empty(organization=org, year=year1, actor=actor)
        for i in order[: c["sites"]]:
            sc.location_save(location_list=first, data=_demo_site(sites[i], chance), actor=actor)
        sc.list_submit(location_list=first, actor=actor)
        sc.match_list(first)
        second = sc.list_start_empty(organization=org, year=year2, actor=actor)
        for i in order[c["sites"] : c["sites"] + c.get("extra", 0)]:
            sc.location_save(location_list=second, data=_demo_site(sites[i], chance), actor=actor)
        if c.get("second_submitted"):
            sc.list_submit(location_list=second, actor=actor)
            sc.match_list(second)
    sc.aggregate_publish(
        aggregated=sc.aggregate_build(agreement=agreement, year=year1, actor=secretary), actor=secretary
    )
    sc.aggregate_build(agreement=agreement, year=year2, actor=secretary)
    for n in spec.get("networks", []):
        sc.network_add(
            agreement=agreement,
            organization=orgs[n["org"]],
            country=n["country"],
            region=n.get("region", ""),
            materials=n.get("materials", []),
            description=n.get("description", ""),
            actor=secretary,
        )


def _risk_analysis(spec: dict, agreement, orgs: dict, secretary) -> None:
    """Year-1 registers from the suggestions plus the companies' own risks, statements published,
    the sector report published and two collective risks; some year-2 registers under way."""
    import random

    from imvo.risks import selectors as rs
    from imvo.risks import services as rk

    if not spec:
        return
    year1, year2 = agreement.years.get(number=1), agreement.years.get(number=2)
    gender = spec.get("gender", {})
    for key in spec.get("published", []):
        org = orgs[key]
        actor = User.objects.filter(organization=org).order_by("pk").first()
        chance = random.Random(f"risks-{key}")
        register = rk.register_start(organization=org, year=year1, actor=actor)
        keys = [line.suggestion.key for line in rs.suggestions_for(register)]
        if keys:
            rk.risk_add_suggestions(
                register=register, keys=chance.sample(keys, min(len(keys), 6)), actor=actor
            )
        for risk in register.risks.all():
            answer = gender.get(risk.theme, {"gender": "no"})
            data = {
                **{f: getattr(risk, f) for f in ("theme", "material", "chain_stage", "country", "region")},
                "nature": "potential",
                "scale": chance.randint(2, 5),
                "scope": chance.randint(1, 4),
                "irremediability": chance.randint(2, 5),
                "likelihood": risk.likelihood,
                "stakeholders": ["workers", "communities"],
                "involvement": "directly_linked",
                "gender": answer["gender"],
                "gender_how": answer.get("how", ""),
            }
            rk.risk_save(register=register, risk=risk, data=data, actor=actor)
        for own in chance.sample(spec.get("own_risks", []), 2):
            rk.risk_save(register=register, data=dict(own), actor=actor)
        rk.statement_publish(register=register, actor=actor)
    rk.sector_report_publish(
        report=rk.sector_report_build(agreement=agreement, year=year1, actor=secretary), actor=secretary
    )
    for c in spec.get("collective", []):
        rk.collective_risk_choose(
            agreement=agreement,
            year=year1,
            theme=c["theme"],
            material=c.get("material", ""),
            area=c.get("area", ""),
            rationale=c["rationale"],
            chosen_on=_on(c["chosen_on"]),
            actor=secretary,
        )
    for key in spec.get("year2", []):
        org = orgs[key]
        actor = User.objects.filter(organization=org).order_by("pk").first()
        register = rk.register_start(organization=org, year=year2, actor=actor)
        risks = list(register.risks.order_by("pk"))
        for risk in risks[: len(risks) // 2]:
            rk.risk_confirm(risk=risk, actor=actor)
        if risks:
            rk.risk_address(
                risk=risks[-1],
                addressed=True,
                note="Leverancier vervangen door een smelter met een RMAP-audit.",
                actor=actor,
            )


def _demo_pdf(*lines: str) -> bytes:
    """A one-page PDF with a few lines of text: enough to stand in for a company's report."""
    text = " ".join(f"({line.replace('(', '[').replace(')', ']')}) Tj 0 -20 Td" for line in lines)
    stream = f"BT /F1 12 Tf 72 770 Td {text} ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def _plans(spec: dict, completed: dict, agreement, orgs: dict, secretary) -> None:
    """Year-1 plans of the companies that delivered them (some as their CSRD report), the year-1
    aggregated plan published, and year-2 plans that report on last year's goals."""
    import random

    from django.core.files.uploadedfile import SimpleUploadedFile

    from imvo.plans import services as pl
    from imvo.plans.models import AggregatedPlan, Goal, Plan

    if not spec:
        return
    year1, year2 = agreement.years.get(number=1), agreement.years.get(number=2)
    statuses = spec.get("carried_statuses", ["in_progress"])

    def first_user(key: str):
        return User.objects.filter(organization=orgs[key]).order_by("pk").first()

    def backdate(plan: Plan, on) -> None:
        at = timezone.make_aware(dt.datetime.combine(_on(on), dt.time(11, 0)))
        Plan.objects.filter(pk=plan.pk).update(submitted_at=at, created_at=at - dt.timedelta(days=12))

    def smart(plan: Plan, chance, actor, carried_left: int | None = None) -> None:
        """Who, by when and the indicator for every goal; carried goals get what became of them."""
        updated = 0
        for goal in plan.goals.order_by("position"):
            data: dict = {}
            if goal.source == Goal.Source.CARRIED:
                if carried_left is not None and updated >= carried_left:
                    continue
                data["status"] = statuses[(goal.pk + updated) % len(statuses)]
                data["status_note"] = spec.get("status_notes", {}).get(data["status"], "")
                updated += 1
            if not goal.who:
                data["who"] = chance.choice(spec["who"])
            if not goal.indicator:
                data["indicator"] = spec["indicators"].get(goal.step, spec["indicators"]["1"])
            if goal.due_on is None:
                data["due_on"] = plan.year.end_date - dt.timedelta(days=chance.randrange(0, 240))
            pl.goal_save(plan=plan, goal=goal, data=data, actor=actor)

    for key, on in completed.get("plan_of_approach", {}).items():
        actor, chance = first_user(key), random.Random(f"plan-{key}")
        if key in spec.get("reports", {}):
            plan = pl.plan_start(organization=orgs[key], year=year1, kind="report", actor=actor)
            name = spec["reports"][key]
            pdf = _demo_pdf(orgs[key].name, name, "Duurzaamheidsverklaring (CSRD) - demo")
            pl.plan_upload(plan=plan, file=SimpleUploadedFile(name, pdf, "application/pdf"), actor=actor)
            pl.plan_sections_save(plan=plan, section_map=spec["sections"], actor=actor)
        else:
            plan = pl.plan_start(organization=orgs[key], year=year1, kind="structured", actor=actor)
            own = chance.choice(spec["own_goals"])
            pl.goal_save(plan=plan, data={**own}, actor=actor)
            smart(plan, chance, actor)
        backdate(pl.plan_submit(plan=plan, actor=actor), on)
    built = pl.aggregated_build(agreement=agreement, year=year1, actor=secretary)
    pl.aggregated_intro_save(aggregated=built, intro=spec.get("intro", ""), actor=secretary)
    pl.aggregated_publish(aggregated=built, actor=secretary)
    published = timezone.make_aware(dt.datetime.combine(_on(spec["published_on"]), dt.time(10, 0)))
    AggregatedPlan.objects.filter(pk=built.pk).update(built_at=published, published_at=published)
    done = completed.get("plan_of_approach@2", {})
    for key, c in spec.get("year2", {}).items():
        actor, chance = first_user(key), random.Random(f"plan2-{key}")
        plan = pl.plan_start(organization=orgs[key], year=year2, kind="structured", actor=actor)
        if key in done:
            smart(plan, chance, actor)
            backdate(pl.plan_submit(plan=plan, actor=actor), done[key])
        else:
            smart(plan, chance, actor, carried_left=c.get("carried_updated", 1))


def _budget(spec: list, agreement, orgs: dict, secretary) -> None:
    """Each year's budget, its funders, and the companies' contributions invoiced and partly paid."""
    from decimal import Decimal

    from imvo.finance import services as fin

    for entry in spec:
        year = agreement.years.get(number=entry["year"])
        budget = fin.budget_set(year=year, total=Decimal(entry["total"]), note="", actor=secretary)
        for f in entry.get("funding", []):
            fin.funding_add(
                budget=budget,
                source=f["source"],
                description=f["description"],
                committed=Decimal(f["committed"]),
                received=Decimal(f["received"]),
                actor=secretary,
            )
        fin.invoices_prepare(budget=budget, actor=secretary)
        paid = entry.get("paid", [])
        paid_ids = None if paid == "all" else {orgs[key].pk for key in paid}
        for invoice in budget.invoices.all():
            is_paid = paid_ids is None or invoice.organization_id in paid_ids
            on = _on(entry["invoiced_on"])
            fin.invoice_update(
                invoice=invoice,
                reference=f"{year.number}-{invoice.pk:04d}",
                invoiced_on=on,
                paid_on=add_months(on, 1) if is_paid else None,
                actor=secretary,
            )


def _signals(spec: list, agreement, people: dict, secretary) -> None:
    """Signals at every stage: in dialogue, waiting for screening, resolved, and screened out."""
    from imvo.signals import selectors as sig_selectors
    from imvo.signals import services as sig

    for entry in spec:
        data = {
            **entry["site"],
            "theme": entry.get("theme", ""),
            "urgency": entry["urgency"],
            "occurred": entry.get("occurred", ""),
            "description": entry["description"],
            "early_warning": entry.get("early_warning", False),
        }
        if "public" in entry:
            from imvo.supply_chain.parsing import region_code

            data["site_region"] = region_code(data["site_country"], data.get("site_region", ""))
            signal, _token = sig.signal_report_public(
                agreement=agreement, data=data, reporter=entry["public"]
            )
        else:
            signal = sig.signal_report(agreement=agreement, actor=people[entry["by"]], data=data)
        for step in entry.get("steps", []):
            if step == "refuse":
                sig.signal_screen(signal=signal, accept=False, note=entry["refusal"], actor=secretary)
            elif step == "identify":
                found = sig_selectors.site_candidates(signal)
                sig.signal_identify_site(signal=signal, facility=found.facilities[0][0], actor=secretary)
            elif step == "notify":
                buyers = sig_selectors.companies_buying_there(signal)
                sig.signal_notify(signal=signal, organizations=buyers, actor=secretary)
            elif step == "reply":
                notice = signal.notices.order_by("organization__name")[0]
                author = notice.organization.members.order_by("pk").first()
                sig.message_post(
                    signal=signal, notice=notice, side="company", author=author, text=entry["reply"]
                )
            elif step == "name":
                notice = signal.notices.exclude(label="").get()
                sig.notice_show_name(notice=notice, actor=notice.organization.members.order_by("pk").first())
            elif step == "resolve":
                sig.signal_resolve(signal=signal, resolution=entry["resolution"], actor=secretary)


def _governance(spec: dict, agreement, orgs: dict, people: dict, secretary) -> None:
    """Meetings with their progress report and attendance, decisions by consensus, by vote and by the
    assembly, a vote under way, and complaints — through the same services as the pages."""
    from django.core.files.base import ContentFile

    from imvo.governance import services as gov
    from imvo.governance.models import AgendaItem

    meetings = {}
    for m in spec.get("meetings", []):
        on = _on(m["date"])
        meeting = gov.meeting_plan(
            agreement=agreement,
            body=m["body"],
            held_on=on,
            place=m.get("place", ""),
            agenda_outline=m.get("agenda", ""),
            actor=secretary,
        )
        meetings[m["key"]] = meeting
        if not m.get("held"):
            continue
        report = None
        if m["body"] == "core_group":
            text = f"Voortgangsrapportage due diligence (art. 52)\nKerngroepvergadering {on:%d-%m-%Y}\n"
            report = ContentFile(text.encode(), name=f"voortgangsrapportage-{on:%Y-%m-%d}.txt")
        gov.meeting_update(
            meeting=meeting,
            actor=secretary,
            held_on=on,
            place=meeting.place,
            agenda_outline=meeting.agenda_outline,
            minutes=m.get("minutes", ""),
            minutes_outline=m.get("minutes_outline", ""),
            progress_report=report,
        )
        present = m.get("present", [])
        if isinstance(present, dict):
            gov.meeting_attendance_set(
                meeting=meeting,
                present=[orgs[k] for k in present],
                actor=secretary,
                representatives={orgs[k].pk: name for k, name in present.items()},
            )
        else:
            gov.meeting_attendance_set(meeting=meeting, present=[people[e] for e in present], actor=secretary)
        gov.meeting_hold(meeting=meeting, actor=secretary)
    for p in spec.get("proposals", []):
        meeting = meetings[p["meeting"]]
        proposal = gov.proposal_submit(
            agreement=agreement,
            kind=p.get("kind", "general"),
            title=p["title"],
            text=p["text"],
            actor=people[p["by"]],
        )
        AgendaItem.objects.filter(proposal=proposal).update(meeting=meeting)
        gov.proposal_vote_open(proposal=proposal, meeting=meeting, actor=secretary)
        for email, choice in p.get("ballots", {}).items():
            gov.ballot_cast(proposal=proposal, user=people[email], choice=choice)
        if "outcome" not in p:
            continue
        assembly = p.get("assembly")
        gov.proposal_tally(
            proposal=proposal,
            actor=secretary,
            outcome="" if assembly else p["outcome"],
            decided_on=meeting.held_on,
        )
        if assembly:
            for key, choice in assembly["votes"].items():
                gov.assembly_ballot_record(
                    proposal=proposal, organization=orgs[key], choice=choice, actor=secretary
                )
            gov.assembly_tally(
                proposal=proposal,
                actor=secretary,
                outcome=p["outcome"],
                decided_on=meetings[assembly["meeting"]].held_on,
                meeting=meetings[assembly["meeting"]],
            )
        gov.proposal_publish(proposal=proposal, actor=secretary)
    for c in spec.get("complaints", []):
        complaint = gov.complaint_file(
            agreement=agreement, company=orgs[c["company"]], about=c["about"], actor=people[c["by"]]
        )
        if "out_of_scope" in c:
            gov.complaint_declare_out_of_scope(complaint=complaint, reason=c["out_of_scope"], actor=secretary)
            continue
        proposal = gov.complaint_to_core_group(complaint=complaint, actor=secretary)
        for seat, email in c.get("replacements", {}).items():
            gov.replacement_name(proposal=proposal, constituency=seat, user=people[email], actor=secretary)
        for d in c.get("deliberation", []):
            gov.proposal_deliberate(proposal=proposal, author=people[d["by"]], text=d["text"])


def _projects(spec: dict, agreement, orgs: dict, people: dict, secretary) -> None:
    """The first covenant's projects, completed; projects proposed from the collective risks and
    put to the core group — one approved and running, one whose vote is under way."""
    from imvo.governance import services as gov
    from imvo.governance.models import AgendaItem, Meeting, Proposal
    from imvo.projects import services as proj
    from imvo.risks.models import CollectiveRisk

    fields = ("title", "summary", "goals", "countries", "regions", "materials", "themes", "co_financing")

    def data(entry: dict) -> dict:
        values = {k: entry[k] for k in fields if k in entry}
        values.update({k: _on(entry[k]) for k in ("started_on", "ends_on") if k in entry})
        return {**values, "budget": entry.get("budget")}

    def fill(project, entry: dict, joined: dt.date) -> None:
        for p in entry.get("participants", []):
            participant = proj.participant_add(
                project=project,
                actor=secretary,
                role=p["role"],
                organization=orgs[p["org"]] if "org" in p else None,
                local_partner_name=p.get("local", ""),
                joined_on=_on(p.get("joined_on", joined)),
            )
            if p.get("consent"):
                admin = orgs[p["org"]].members.filter(is_org_admin=True).order_by("pk").first()
                proj.participant_consent(participant=participant, actor=admin, consent=True)
        for u in entry.get("updates", []):
            proj.update_add(project=project, actor=people[u["by"]], text=u["text"], date=_on(u["date"]))
        for r in entry.get("results", []):
            proj.result_add(
                project=project,
                actor=secretary,
                title=r["title"],
                text=r.get("text", ""),
                indicator=r.get("indicator", ""),
                value=str(r.get("value", "")),
                date=_on(r["date"]),
            )

    for entry in spec.get("earlier", []):
        project = proj.project_record_earlier(
            agreement=agreement, actor=secretary, data=data(entry), note=entry.get("note", "")
        )
        fill(project, entry, _on(entry["started_on"]))
    for entry in spec.get("proposed", []):
        risk = CollectiveRisk.objects.get(agreement=agreement, **entry["collective"])
        project = proj.project_from_collective_risk(
            collective_risk=risk, actor=people[entry["by"]], data=data(entry)
        )
        proposal = Proposal.objects.get(kind="collective_project", subject_id=project.pk)
        meeting = Meeting.objects.get(agreement=agreement, body="core_group", held_on=_on(entry["meeting"]))
        AgendaItem.objects.filter(proposal=proposal).update(meeting=meeting)
        gov.proposal_vote_open(proposal=proposal, meeting=meeting, actor=secretary)
        for email, choice in entry.get("ballots", {}).items():
            gov.ballot_cast(proposal=proposal, user=people[email], choice=choice)
        if "outcome" not in entry:
            continue
        gov.proposal_tally(
            proposal=proposal, actor=secretary, outcome=entry["outcome"], decided_on=_on(entry["decided_on"])
        )
        gov.proposal_publish(proposal=proposal, actor=secretary)
        project.refresh_from_db()
        if "start" in entry:
            proj.project_start(project=project, actor=secretary, started_on=_on(entry["start"]))
        fill(project, entry, _on(entry.get("start", entry["decided_on"])))


def _modules(spec: dict, agreement, orgs: dict, secretary) -> None:
    """Sessions with who came, and materials; the modules themselves come with the agreement and the
    assignments with each baseline result."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from imvo.modules import services as mod
    from imvo.modules.models import Module

    zone = timezone.get_current_timezone()
    for s in spec.get("sessions", []):
        day = _on(s["date"])
        session = mod.session_plan(
            module=Module.objects.get(agreement=agreement, code=s["module"]),
            starts_at=dt.datetime.combine(day, dt.time.fromisoformat(s["from"]), tzinfo=zone),
            ends_at=dt.datetime.combine(day, dt.time.fromisoformat(s["until"]), tzinfo=zone),
            place=s.get("place", ""),
            online_link=s.get("link", ""),
            description=s.get("description", ""),
            actor=secretary,
        )
        if s.get("present"):
            mod.attendance_record(
                session=session,
                present=[orgs[key] for key in s["present"]],
                names={orgs[key].pk: name for key, name in s["present"].items()},
                actor=secretary,
            )
    for m in spec.get("materials", []):
        mod.material_add(
            module=Module.objects.get(agreement=agreement, code=m["module"]),
            title=m["title"],
            file=SimpleUploadedFile(m["file"], m["text"].encode()) if "file" in m else None,
            url=m.get("url", ""),
            actor=secretary,
        )


def _reports(spec: dict, agreement, orgs: dict, secretary) -> None:
    """Recruitment targets, companies' public reports, and the year-1 reports published."""
    from imvo.reports import services as rep

    for number, target in spec.get("targets", {}).items():
        rep.recruitment_target_set(
            year=agreement.years.get(number=number),
            parties=target["parties"],
            supporters=target["supporters"],
            plan=target.get("plan", ""),
            actor=secretary,
        )
    for key, reports in spec.get("company_reports", {}).items():
        for r in reports:
            rep.company_report_record(
                organization=orgs[key],
                year=agreement.years.get(number=r["year"]),
                url=r["url"],
                published_on=_on(r["published_on"]),
                actor=secretary,
            )
    for r in spec.get("published", []):
        report = rep.report_compose(
            agreement=agreement, year=agreement.years.get(number=r["year"]), kind=r["kind"], actor=secretary
        )
        rep.report_write(report=report, title=report.title, texts=r["texts"], actor=secretary)
        if r.get("publish", True):
            rep.report_publish(report=report, actor=secretary)


def _demo_site(site: dict, chance) -> dict:
    return {
        "name": chance.choice(site["names"]),
        "address": site.get("address", ""),
        "city": site.get("city", ""),
        "country": site["country"],
        "region": site.get("region", ""),
        "region_text": site.get("region", ""),
        "activity": site["activity"],
        "materials": site.get("materials", []),
        "tier": site.get("tier", "unknown"),
    }


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
    _monitoring(demo, agreement, orgs, people, secretary)
    _modules(demo.get("modules", {}), agreement, orgs, secretary)
    _production_locations(demo.get("production_locations", {}), agreement, orgs, secretary)
    _risk_analysis(demo.get("risk_analysis", {}), agreement, orgs, secretary)
    _plans(demo.get("plans", {}), demo.get("completed", {}), agreement, orgs, secretary)
    _budget(demo.get("budget", []), agreement, orgs, secretary)
    _governance(demo.get("governance", {}), agreement, orgs, people, secretary)
    _signals(demo.get("signals", []), agreement, people, secretary)
    _projects(demo.get("projects", {}), agreement, orgs, people, secretary)
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
    _reports(demo.get("reports", {}), agreement, orgs, secretary)
