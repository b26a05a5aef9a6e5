"""The secretariat's work on modules: the defaults loaded once, editing with the rule, sessions,
materials kept unaltered, attendance, exemptions; and who took part opening NGO insight (art. 13)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from imvo.agreements.services import agreement_load_bundled
from imvo.modules import services
from imvo.modules.models import Assignment, Attendance, Module
from imvo.modules.selectors import module_participation
from imvo.modules.tests.factories import module_attended, past_session
from imvo.monitoring.selectors import has_ngo_insight


def _module(world, code="kennis-beleid") -> Module:
    return Module.objects.get(agreement=world.agreement, code=code)


def test_every_agreement_gets_the_framework_modules_and_a_reload_keeps_the_secretariats_edits(world):
    modules = Module.objects.filter(agreement=world.agreement)
    assert modules.count() == 12
    assert set(modules.values_list("kind", flat=True)) == {"sector", "risk", "knowledge", "practice"}
    sector = modules.get(code="sectormodule")
    sector.name_nl, sector.mandatory_for_all = "Sectormodule Metaal", False
    sector.save()
    modules.get(code="praktijk-monitoring").delete()
    agreement_load_bundled()
    assert modules.count() == 12, "a missing default module comes back"
    sector.refresh_from_db()
    assert (sector.name_nl, sector.mandatory_for_all) == ("Sectormodule Metaal", False)


def _data(**overrides):
    return {
        "code": "praktijk-audits",
        "kind": "practice",
        "name_nl": "Praktijkmodule audits",
        "name_en": "",
        "description": "",
        "framework_code": "",
        "mandatory_for_all": False,
        "mandatory_below_overall": None,
        "mandatory_verdicts": [],
        "mandatory_when_advised": False,
        "active": True,
    } | overrides


def test_a_module_is_saved_with_its_rule_and_mistakes_are_named_on_their_field(world):
    module = services.module_save(
        agreement=world.agreement,
        data=_data(mandatory_below_overall=40, mandatory_verdicts=["red", "orange"]),
        actor=world.secretariat,
    )
    assert module.mandatory_verdicts == ["orange", "red"] and module.can_be_mandatory
    with pytest.raises(ValidationError) as e:
        services.module_save(
            agreement=world.agreement,
            data=_data(
                code="kennis-beleid",
                mandatory_below_overall=0,
                framework_code="no-such-module",
                mandatory_when_advised=True,
            ),
            actor=world.secretariat,
        )
    assert {"code", "mandatory_below_overall", "framework_code"} <= set(e.value.error_dict)
    with pytest.raises(ValidationError) as e:
        services.module_save(
            agreement=world.agreement, data=_data(code="x", mandatory_when_advised=True), actor=None
        )
    assert set(e.value.error_dict) == {"mandatory_when_advised"}


def test_a_session_ends_after_it_starts_and_has_a_place_or_a_link(world):
    start = timezone.now() + dt.timedelta(days=10)
    common = {"module": _module(world), "description": "", "actor": world.secretariat}
    with pytest.raises(ValidationError) as e:
        services.session_plan(starts_at=start, ends_at=start, place="Den Haag", online_link="", **common)
    assert "ends_at" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        services.session_plan(
            starts_at=start, ends_at=start + dt.timedelta(hours=1), place=" ", online_link="", **common
        )
    assert "place" in e.value.error_dict
    session = services.session_plan(
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        place="",
        online_link="https://meet.example/beleid",
        **common,
    )
    assert session.module.code == "kennis-beleid"


def test_a_material_file_is_kept_unaltered_with_its_checksum(world):
    content = b"%PDF-1.4 voorbeeldbeleid"
    material = services.material_add(
        module=_module(world),
        title="Voorbeeldbeleid",
        file=SimpleUploadedFile("beleid.pdf", content),
        actor=world.secretariat,
    )
    assert material.sha256 == hashlib.sha256(content).hexdigest()
    assert material.file.read() == content and material.original_name == "beleid.pdf"
    with pytest.raises(ValidationError):
        services.material_add(module=_module(world), title="Niets", actor=world.secretariat)


def test_attendance_is_recorded_after_the_start_for_organizations_taking_part_and_never_erased(world):
    future = timezone.now() + dt.timedelta(days=3)
    planned = services.session_plan(
        module=_module(world),
        starts_at=future,
        ends_at=future + dt.timedelta(hours=2),
        place="Utrecht",
        online_link="",
        description="",
        actor=world.secretariat,
    )
    with pytest.raises(ValidationError):
        services.attendance_record(session=planned, present=[world.company], actor=world.secretariat)
    session = past_session(world.agreement, code="kennis-beleid")
    with pytest.raises(ValidationError) as e:
        services.attendance_record(session=session, present=[world.government], actor=world.secretariat)
    assert "present" in e.value.error_dict
    services.attendance_record(
        session=session,
        present=[world.company, world.union],
        names={world.company.pk: "Ann de Vries"},
        actor=world.secretariat,
    )
    services.attendance_record(session=session, present=[world.company], actor=world.secretariat)
    rows = {a.organization: a for a in Attendance.objects.filter(session=session)}
    assert rows[world.company].present and not rows[world.union].present, "unticked: on record as absent"
    assert not module_participation(organization=world.union, agreement=world.agreement)


def test_only_a_mandatory_module_is_waived_and_with_a_reason(world):
    sector = _module(world, "sectormodule")
    year = world.agreement.current_year()
    assignment = Assignment.objects.create(
        module=sector, organization=world.company, year=year, mandatory=True
    )
    with pytest.raises(ValidationError) as e:
        services.assignment_waive(assignment=assignment, reason=" ", actor=world.secretariat)
    assert "reason" in e.value.error_dict
    services.assignment_waive(
        assignment=assignment, reason="Volgt het traject bij de moeder.", actor=world.secretariat
    )
    assert assignment.waived and assignment.waived_by == world.secretariat
    optional = Assignment.objects.create(module=_module(world), organization=world.company, year=year)
    with pytest.raises(ValidationError):
        services.assignment_waive(assignment=optional, reason="Waarom?", actor=world.secretariat)


# --- art. 13: insight for an NGO or union that takes part in a module ----------------------------


def test_an_ngo_with_a_confidentiality_agreement_has_insight_only_while_it_takes_part_in_a_module(world):
    assert has_ngo_insight(user=world.ngo_member, agreement=world.agreement)
    session = Attendance.objects.get(organization=world.ngo).session
    services.attendance_record(session=session, present=[], actor=world.secretariat)
    assert not has_ngo_insight(user=world.ngo_member, agreement=world.agreement)


def test_taking_part_in_a_module_without_a_confidentiality_agreement_gives_no_insight(world):
    module_attended(world.ngo_without_ca, agreement=world.agreement)
    assert module_participation(organization=world.ngo_without_ca, agreement=world.agreement)
    assert not has_ngo_insight(user=world.ngo_member_without_ca, agreement=world.agreement)


def test_a_module_of_another_agreement_does_not_count(world):
    from imvo.agreements.models import Agreement

    other = Agreement.objects.create(
        slug="textiel",
        name_nl="Textiel",
        short_name="Textiel",
        sector_nl="Textiel",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2029, 12, 31),
        framework_version="metal-2025.1",
    )
    services.modules_load(agreement=other)
    Attendance.objects.filter(organization=world.ngo).update(present=False)
    elsewhere = Module.objects.get(agreement=other, code="sectormodule")
    start = timezone.now() - dt.timedelta(days=1)
    session = elsewhere.sessions.create(
        starts_at=start, ends_at=start + dt.timedelta(hours=1), place="Online"
    )
    Attendance.objects.create(session=session, organization=world.ngo)
    assert not module_participation(organization=world.ngo, agreement=world.agreement)
    assert not has_ngo_insight(user=world.ngo_member, agreement=world.agreement)
