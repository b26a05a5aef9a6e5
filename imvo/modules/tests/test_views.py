"""The module pages as each role meets them: what is offered, the secretariat's forms, a company's
own modules and nobody else's, an NGO's own attendance, the overview and its small-cell rule."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from imvo.modules import services
from imvo.modules.models import Assignment, Attendance, Module, Session
from imvo.modules.selectors import participation_overview
from imvo.modules.tests.factories import module_attended, past_session
from imvo.monitoring import services as monitoring


@pytest.fixture(autouse=True)
def english(world):
    """Everyone reads English: the assertions below use the source strings."""
    from imvo.accounts.models import User

    User.objects.update(language="en")
    translation.activate("en")


@pytest.fixture
def red_result(world):
    """Alfa submits an empty assessment: overall 0, red, every rule holds."""
    rnd = monitoring.round_open(
        agreement=world.agreement, year_number=2, due_date=dt.date(2027, 4, 16), actor=world.secretariat
    )
    return monitoring.assessment_submit(
        assessment=rnd.assessments.get(organization=world.company), actor=world.company_member
    )


def _module(world, code="kennis-beleid") -> Module:
    return Module.objects.get(agreement=world.agreement, code=code)


def test_a_company_sees_what_it_must_and_may_follow_and_why(world, login, red_result):
    module_attended(world.company, agreement=world.agreement, session=past_session(world.agreement))
    body = login(world.company_member).get(reverse("modules:mine")).content.decode()
    must, may = body.split('id="may-h"')
    assert "Knowledge module: RBC policy and embedding" in must
    assert "Your overall score 0 % is below 35 %." in must
    assert "fulfilled" in must.split("Sector module")[1].split("</tr>")[0], "the sector session it attended"
    assert "not yet followed" in must
    assert "Practice module: working with suppliers" in may
    home = login(world.company_member).get(reverse("core:home")).content.decode()
    assert "Your modules" in home and "Knowledge module: RBC policy and embedding" in home


def test_a_company_sees_only_its_own_assignments_and_the_secretariats_reading_is_logged(
    world, login, red_result
):
    assert (
        login(world.other_company_admin).get(reverse("modules:company", args=[world.company.pk])).status_code
        == 404
    )
    other = login(world.other_company_admin).get(reverse("modules:mine")).content.decode()
    assert "No mandatory modules." in other and "below 35 %" not in other
    body = login(world.secretariat).get(reverse("modules:company", args=[world.company.pk])).content.decode()
    assert (
        "below 35 %" in body
        and reverse(
            "modules:assignment_waive",
            args=[Assignment.objects.filter(organization=world.company, mandatory=True).first().pk],
        )
        in body
    )
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, actor=world.secretariat, additional_data__read="module assignments"
    ).exists()


def test_an_ngo_sees_the_sessions_and_its_own_attendance_not_the_others(world, login):
    session = Attendance.objects.get(organization=world.ngo).session
    module_attended(world.company, agreement=world.agreement, session=session)
    body = login(world.ngo_member).get(reverse("modules:detail", args=[session.module_id])).content.decode()
    assert "present" in body and "SER, Den Haag" in body
    assert world.company.name not in body and reverse("modules:attendance", args=[session.pk]) not in body
    staff = login(world.secretariat).get(reverse("modules:detail", args=[session.module_id])).content.decode()
    assert reverse("modules:attendance", args=[session.pk]) in staff


def test_the_secretariat_edits_a_modules_rule_and_a_refused_form_keeps_what_was_typed(world, login):
    client = login(world.secretariat)
    module = _module(world)
    url = reverse("modules:edit", args=[module.pk])
    data = {
        "code": module.code,
        "kind": "knowledge",
        "name_nl": "Kennismodule beleid (nieuw)",
        "framework_code": "kennis-beleid",
        "mandatory_below_overall": "250",
        "mandatory_verdicts": ["orange"],
        "active": "on",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400 and "Kennismodule beleid (nieuw)" in refused.content.decode()
    assert client.post(url, data | {"mandatory_below_overall": "40"}).status_code == 302
    module.refresh_from_db()
    assert (module.name_nl, module.mandatory_below_overall, module.mandatory_verdicts) == (
        "Kennismodule beleid (nieuw)",
        40,
        ["orange"],
    )
    assert not module.mandatory_when_advised, "an unticked box clears the rule"


def test_the_secretariat_plans_a_session_and_a_wrong_time_lands_on_its_field(world, login):
    client = login(world.secretariat)
    module = _module(world)
    url = reverse("modules:session_new", args=[module.pk])
    day = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    data = {
        "day": day,
        "starts_at": "14:00",
        "ends_at": "13:00",
        "place": "SER, Den Haag",
        "description": "Beleid",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400 and "ends after it starts" in refused.content.decode()
    assert client.post(url, data | {"ends_at": "17:00"}).status_code == 302
    session = Session.objects.get(module=module, description="Beleid")
    assert timezone.localtime(session.starts_at).hour == 14
    listing = client.get(reverse("modules:index")).content.decode()
    assert "Knowledge module: RBC policy and embedding" in listing


def test_a_material_is_uploaded_by_the_secretariat_and_downloaded_by_a_party(world, login):
    client = login(world.secretariat)
    module = _module(world)
    refused = client.post(reverse("modules:material_add", args=[module.pk]), {"material-title": "Leeg"})
    assert refused.status_code == 400 and "Leeg" in refused.content.decode()
    client.post(
        reverse("modules:material_add", args=[module.pk]),
        {
            "material-title": "Voorbeeldbeleid",
            "material-file": SimpleUploadedFile("beleid.pdf", b"%PDF-1.4 x"),
        },
    )
    material = module.materials.get()
    response = login(world.union_member).get(reverse("modules:material", args=[material.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 x"
    assert (
        login(world.government_observer).get(reverse("modules:material", args=[material.pk])).status_code
        == 403
    )
    page = login(world.government_observer).get(reverse("modules:detail", args=[module.pk])).content.decode()
    assert "Voorbeeldbeleid" in page and reverse("modules:material", args=[material.pk]) not in page


def test_the_secretariat_records_attendance_with_checkboxes(world, login):
    session = past_session(world.agreement, code="kennis-beleid")
    client = login(world.secretariat)
    url = reverse("modules:attendance", args=[session.pk])
    form = client.get(url).content.decode()
    assert world.company.name in form and world.government.name not in form
    refused = client.post(url, {f"att-name_{world.union.pk}": "Piet"})
    assert refused.status_code == 400 and "Piet" in refused.content.decode()
    response = client.post(
        url, {f"att-org_{world.company.pk}": "on", f"att-name_{world.company.pk}": "Ann de Vries"}
    )
    assert response.status_code == 302
    row = Attendance.objects.get(session=session)
    assert (row.organization, row.person_name, row.present) == (world.company, "Ann de Vries", True)


def test_the_overview_names_the_companies_with_an_open_mandatory_module_to_the_secretariat_only(
    world, login, red_result
):
    body = login(world.secretariat).get(reverse("modules:overview")).content.decode()
    assert world.company.name in body
    assert LogEntry.objects.filter(additional_data__read="module assignments (overview)").exists()
    listing = login(world.union_member).get(reverse("modules:index")).content.decode()
    assert world.company.name not in listing


def test_party_figures_follow_the_small_cell_rule(world):
    year = world.agreement.current_year()
    sector = _module(world, "sectormodule")
    for org in (world.company, world.other_company, world.third_company):
        Assignment.objects.create(module=sector, organization=org, year=year, mandatory=True)
    session = past_session(world.agreement)
    module_attended(world.company, agreement=world.agreement, session=session)
    module_attended(world.other_company, agreement=world.agreement, session=session)

    def line(fetched_by=None):
        return next(
            p
            for p in participation_overview(agreement=world.agreement, fetched_by=fetched_by)
            if p.module == sector
        )

    party = line()
    assert (party.companies, party.mandatory, party.fulfilled, party.open_companies) == (None, None, None, [])
    assert party.suppressed, "mandatory for all three with a result tells each one's result"
    assert party.ngos_unions == 1
    staff = line(world.secretariat)
    assert (staff.companies, staff.fulfilled, staff.open_companies) == (2, 2, [world.third_company])
    module_attended(world.third_company, agreement=world.agreement, session=session)
    party = line()
    assert (party.companies, party.fulfilled) == (3, None), "all three fulfilled tells each company's status"
    services.assignment_waive(
        assignment=Assignment.objects.get(organization=world.third_company), reason="Vrijstelling", actor=None
    )
    assert line(world.secretariat).mandatory == 2
