"""The agreement record and its calendar."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from imvo.agreements import selectors, services
from imvo.agreements.models import CompanyObligation
from imvo.core.tests.factories import OrganizationFactory
from imvo.organizations.models import Participation
from imvo.organizations.services import participation_admit


def test_the_metal_agreement_has_four_years_ending_with_the_agreement(agreement):
    years = list(agreement.years.values_list("number", "start_date", "end_date"))
    assert years[0] == (1, dt.date(2025, 10, 16), dt.date(2026, 10, 15))
    assert years[-1] == (4, dt.date(2028, 10, 16), dt.date(2029, 12, 31))
    assert len(years) == 4


def test_year_bounds_keep_a_full_last_year_when_the_term_is_whole_years():
    bounds = services.year_bounds(dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    assert bounds == [
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    ]


def test_obligations_follow_the_agreement(agreement):
    kinds = {(o.year.number, o.kind) for y in agreement.years.all() for o in y.obligations.all()}
    assert (1, "baseline_assessment") in kinds
    assert (2, "monitoring_assessment") in kinds and (4, "monitoring_assessment") in kinds
    assert (3, "monitoring_assessment") not in kinds
    assert all((n, "plan_of_approach") in kinds for n in (1, 2, 3, 4))


def test_reloading_the_definition_keeps_the_secretariats_edits(agreement):
    ob = agreement.years.get(number=2).obligations.get(kind="plan_of_approach")
    services.obligation_set_due_date(obligation=ob, due_date=dt.date(2027, 2, 1))
    sc = agreement.size_classes.get(code="mini")
    services.size_class_set_fee(size_class=sc, yearly_fee=750)
    services.agreement_load_bundled()
    ob.refresh_from_db()
    sc.refresh_from_db()
    assert ob.due_date == dt.date(2027, 2, 1)
    assert sc.yearly_fee == 750


@pytest.mark.parametrize(
    ("fte", "code"),
    [
        (0, "mini"),
        (25, "mini"),
        (26, "small"),
        (250, "small"),
        (251, "medium"),
        (5000, "medium"),
        (5001, "large"),
        (80000, "large"),
    ],
)
def test_the_size_class_follows_from_fte(agreement, fte, code):
    assert selectors.size_class_for(agreement=agreement, fte=fte).code == code


def test_a_negative_fee_is_refused(agreement):
    with pytest.raises(ValidationError):
        services.size_class_set_fee(size_class=agreement.size_classes.first(), yearly_fee=-1)


def test_a_company_joining_later_owes_only_the_years_it_takes_part_in(agreement):
    org = OrganizationFactory(kind="company", name="Laat BV")
    participation_admit(
        agreement=agreement,
        organization=org,
        form=Participation.Form.PARTY,
        signed_on=dt.date(2027, 1, 10),
        actor=None,
    )
    years = set(
        CompanyObligation.objects.filter(organization=org).values_list("obligation__year__number", flat=True)
    )
    assert years == {2, 3, 4}


def test_supporters_owe_nothing(agreement):
    org = OrganizationFactory(kind="company", name="Adviseur BV", chain_positions=[])
    participation_admit(
        agreement=agreement,
        organization=org,
        form=Participation.Form.SUPPORTER,
        signed_on=dt.date(2025, 10, 16),
        actor=None,
    )
    assert not CompanyObligation.objects.filter(organization=org).exists()


def test_states_of_an_obligation(world):
    co = CompanyObligation.objects.filter(organization=world.company).first()
    due = co.due_date
    assert co.state(due + dt.timedelta(days=1)) == "late"
    assert co.state(due) == "due"
    assert co.state(due - dt.timedelta(days=31)) == "upcoming"
    co.due_date_override = due + dt.timedelta(days=20)
    assert co.state(due + dt.timedelta(days=1)) == "due"
    co.status = CompanyObligation.Status.DONE
    assert co.state(due + dt.timedelta(days=365)) == "done"


def test_waiving_needs_a_reason_and_done_records_who(world):
    co = CompanyObligation.objects.filter(organization=world.company).first()
    with pytest.raises(ValidationError):
        services.company_obligation_update(
            company_obligation=co, status="waived", due_date_override=None, note="", actor=world.secretariat
        )
    services.company_obligation_update(
        company_obligation=co,
        status="done",
        due_date_override=None,
        note="Ontvangen per e-mail",
        actor=world.secretariat,
    )
    assert co.completed_by == world.secretariat and co.completed_on is not None


def test_a_company_sees_only_its_own_calendar_and_the_secretariat_all(world):
    own = selectors.company_obligation_list(agreement=world.agreement, fetched_by=world.company_member)
    assert own and {r.organization_id for r in own} == {world.company.pk}
    everyone = selectors.company_obligation_list(agreement=world.agreement, fetched_by=world.secretariat)
    assert {r.organization_id for r in everyone} == {
        world.company.pk,
        world.other_company.pk,
        world.third_company.pk,
    }
    assert selectors.company_obligation_list(agreement=world.agreement, fetched_by=world.ngo_member) == []


def test_the_calendar_filters_and_sorts(world):
    rows = selectors.company_obligation_list(
        agreement=world.agreement,
        fetched_by=world.secretariat,
        filters=selectors.CalendarFilter(year=1, kind="plan_of_approach", sort="-company"),
    )
    assert [r.organization.name for r in rows] == ["Gamma Recycling BV", "Beta Staal BV", "Alfa Metaal BV"]
    late = selectors.company_obligation_list(
        agreement=world.agreement,
        fetched_by=world.secretariat,
        filters=selectors.CalendarFilter(state="late"),
    )
    assert late and all(r.state() == "late" for r in late)


def test_progress_counts_never_single_out_a_company(world):
    year1 = {p.name: p for p in selectors.obligation_progress(agreement=world.agreement, year_number=1)}
    plan = year1["Plan van aanpak"]
    assert plan.total == 3 and plan.suppressed and plan.late == 0  # "all three late" names all three
    year2 = {p.name: p for p in selectors.obligation_progress(agreement=world.agreement, year_number=2)}
    assert not year2["Plan van aanpak"].suppressed  # nothing due yet: all upcoming is no secret
    co = CompanyObligation.objects.get(
        organization=world.company, obligation__year__number=1, obligation__kind="plan_of_approach"
    )
    services.company_obligation_update(
        company_obligation=co, status="done", due_date_override=None, note="", actor=world.secretariat
    )
    plan = {p.name: p for p in selectors.obligation_progress(agreement=world.agreement, year_number=1)}[
        "Plan van aanpak"
    ]
    assert plan.suppressed and plan.done == 0 and plan.late == 0


def test_the_secretariat_marks_an_obligation_done_from_the_calendar(world, login):
    from django.urls import reverse

    co = CompanyObligation.objects.filter(organization=world.company).first()
    client = login(world.secretariat)
    response = client.post(
        reverse("agreements:company_obligation", args=[co.pk]),
        {"status": "done", "note": "Per e-mail ontvangen", "next": "/agreement/calendar/"},
    )
    assert response.status_code == 302
    co.refresh_from_db()
    assert co.status == "done" and co.completed_by == world.secretariat and co.completed_on is not None


def test_a_bad_date_in_the_edit_form_keeps_what_was_typed(world, login):
    from django.urls import reverse

    co = CompanyObligation.objects.filter(organization=world.company).first()
    response = login(world.secretariat).post(
        reverse("agreements:company_obligation", args=[co.pk]),
        {"status": "open", "due_date_override": "31-02-2027", "note": "Uitstel"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Uitstel" in body and 'aria-invalid="true"' in body


def test_moving_a_year_moves_its_neighbours_so_no_gap_appears(agreement):
    year2 = agreement.years.get(number=2)
    services.agreement_year_update(year=year2, start_date=dt.date(2027, 1, 1), end_date=dt.date(2027, 12, 31))
    y1, y2, y3 = (agreement.years.get(number=n) for n in (1, 2, 3))
    assert y1.end_date == dt.date(2026, 12, 31) and y3.start_date == dt.date(2028, 1, 1)
    with pytest.raises(ValidationError):
        services.agreement_year_update(year=y1, start_date=dt.date(2024, 1, 1), end_date=y1.end_date)
    with pytest.raises(ValidationError):
        services.agreement_year_update(year=y2, start_date=dt.date(2027, 1, 1), end_date=dt.date(2031, 1, 1))
