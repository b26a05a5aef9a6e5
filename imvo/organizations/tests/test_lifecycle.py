"""The membership lifecycle as the agreement describes it (art. 40-41, 69-77)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from imvo.agreements.models import CompanyObligation
from imvo.organizations import services
from imvo.organizations.models import Organization, Participation, ParticipationEvent


def _apply(world, **org):
    fields = {"kind": "company", "name": "Nieuw Metaal BV", "chain_positions": ["processing"], **org}
    return services.application_submit(
        agreement=world.agreement,
        organization=Organization(**fields),
        form=org.pop("form", "party"),
        applicant_name="Ann de Wit",
        applicant_email="Ann@Nieuw.example",
        motivation="Wij onderschrijven de OESO-richtlijnen.",
    )


def test_an_application_informs_the_secretariat(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _apply(world)
    assert [m.to for m in mail.outbox] == [["secretariaat@test.example"]]


def test_a_company_in_the_metal_chain_cannot_be_a_supporter(world):
    with pytest.raises(ValidationError) as e:
        services.application_submit(
            agreement=world.agreement,
            organization=Organization(kind="company", name="X", chain_positions=["trading"]),
            form="supporter",
            applicant_name="A",
            applicant_email="a@x.example",
            motivation="m",
        )
    assert "40b" in str(e.value)


def test_a_company_outside_the_chain_can_be_a_supporter(world):
    p = services.application_submit(
        agreement=world.agreement,
        organization=Organization(kind="company", name="Adviesbureau BV", chain_positions=[]),
        form="supporter",
        applicant_name="A",
        applicant_email="a@x.example",
        motivation="m",
    )
    assert p.form == Participation.Form.SUPPORTER


def test_the_government_is_only_an_observer(world):
    with pytest.raises(ValidationError, match="62"):
        services.check_participation_form(organization=world.government, form="party")


def test_the_core_group_cannot_decide_before_the_parties_are_informed(world):
    p = _apply(world)
    with pytest.raises(ValidationError, match="71"):
        services.application_decide(
            participation=p, actor=world.chair, approve=True, decided_on=timezone.localdate(), note=""
        )


def test_informing_the_parties_mails_every_party_member_but_not_observers(
    world, django_capture_on_commit_callbacks
):
    p = _apply(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_inform_parties(participation=p, actor=world.secretariat)
    recipients = {r for m in mail.outbox for r in m.to}
    assert world.company_admin.email in recipients
    assert world.ngo_member.email in recipients
    assert world.government_observer.email not in recipients
    assert "ann@nieuw.example" not in recipients


def test_a_requested_hearing_must_be_held_before_the_decision(world):
    p = _apply(world)
    services.application_inform_parties(participation=p, actor=world.secretariat)
    services.application_request_hearing(
        participation=p, actor=world.ngo_member, note="Hoe borgt u de keten?"
    )
    with pytest.raises(ValidationError, match="horen"):
        services.application_decide(
            participation=p, actor=world.chair, approve=True, decided_on=timezone.localdate(), note=""
        )
    services.application_record_hearing(
        participation=p, actor=world.secretariat, held_on=timezone.localdate(), note="Gehoord"
    )
    services.application_decide(
        participation=p, actor=world.chair, approve=True, decided_on=timezone.localdate(), note=""
    )
    assert p.status == Participation.Status.APPROVED


def test_a_rejection_needs_reasons(world):
    p = _apply(world)
    services.application_inform_parties(participation=p, actor=world.secretariat)
    with pytest.raises(ValidationError):
        services.application_decide(
            participation=p, actor=world.chair, approve=False, decided_on=timezone.localdate(), note=" "
        )


def test_signing_gives_obligations_and_invites_the_contact(world, django_capture_on_commit_callbacks):
    p = _apply(world)
    services.application_inform_parties(participation=p, actor=world.secretariat)
    services.application_decide(
        participation=p, actor=world.chair, approve=True, decided_on=timezone.localdate(), note=""
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.participation_sign(participation=p, actor=world.secretariat, signed_on=timezone.localdate())
    assert p.is_active
    year = world.agreement.current_year()
    assert CompanyObligation.objects.filter(organization=p.organization, obligation__year=year).exists()
    assert p.organization.invitations.get().email == "ann@nieuw.example"
    assert any("ann@nieuw.example" in m.to for m in mail.outbox)
    kinds = list(p.events.values_list("kind", flat=True))
    assert kinds == ["applied", "parties_informed", "approved", "signed"]
    assert p.events.get(kind="signed").actor == world.secretariat


def _participation(world, signed_on):
    p = Participation.objects.get(organization=world.company, agreement=world.agreement)
    Participation.objects.filter(pk=p.pk).update(signed_on=signed_on)
    p.refresh_from_db()
    return p


def test_notice_is_refused_in_the_first_year_after_signing(world):
    p = _participation(world, dt.date(2025, 10, 16))
    with pytest.raises(ValidationError, match="16 oktober 2026"):
        services.termination_window(participation=p, notice_on=dt.date(2026, 10, 15))


@pytest.mark.parametrize(
    ("notice_on", "earliest"),
    [
        (
            dt.date(2026, 10, 16),
            dt.date(2027, 10, 16),
        ),  # six months later is April 2027: next year start is Oct 2027
        (dt.date(2027, 4, 16), dt.date(2027, 10, 16)),  # exactly six months before a year start
        (dt.date(2027, 4, 17), dt.date(2028, 10, 16)),  # one day too late for that year
    ],
)
def test_notice_takes_effect_at_the_start_of_a_year_with_six_months_notice(world, notice_on, earliest):
    p = _participation(world, dt.date(2025, 10, 16))
    assert services.termination_window(participation=p, notice_on=notice_on)[0] == earliest


def test_notice_with_too_early_an_effective_date_is_refused(world, settings):
    p = _participation(world, dt.date(2025, 10, 16))
    with pytest.raises(ValidationError, match="vroegst"):
        services.participation_give_notice(
            participation=p,
            actor=world.company_admin,
            notice_on=timezone.localdate(),
            reasons="Overname",
            effective_on=dt.date(2027, 1, 1),
        )


def test_notice_needs_reasons_and_ends_open_obligations_after_it(world):
    p = _participation(world, dt.date(2025, 10, 16))
    with pytest.raises(ValidationError, match="reden"):
        services.participation_give_notice(
            participation=p, actor=world.company_admin, notice_on=timezone.localdate(), reasons=""
        )
    services.participation_give_notice(
        participation=p,
        actor=world.company_admin,
        notice_on=timezone.localdate(),
        reasons="Overname door een groep",
    )
    assert p.status == Participation.Status.NOTICE_GIVEN
    later = CompanyObligation.objects.filter(
        organization=world.company, obligation__year__start_date__gte=p.ends_on
    )
    assert not later.exists()
    assert CompanyObligation.objects.filter(
        organization=world.company, obligation__year__end_date__lt=p.ends_on
    ).exists()


def test_removal_needs_a_reminder_first(world):
    p = _participation(world, dt.date(2025, 10, 16))
    with pytest.raises(ValidationError, match="76"):
        services.participation_remove(
            participation=p,
            actor=world.chair,
            decided_on=timezone.localdate(),
            explanation="Volgt de uitspraak niet op.",
        )


def test_removal_has_a_three_month_term_and_obligations_to_the_end_of_the_year(world):
    p = _participation(world, dt.date(2025, 10, 16))
    services.participation_remind(
        participation=p,
        actor=world.chair,
        reminded_on=dt.date(2026, 11, 1),
        note="Plan van aanpak niet ingediend ondanks uitspraak.",
    )
    services.participation_remove(
        participation=p,
        actor=world.chair,
        decided_on=dt.date(2026, 11, 20),
        explanation="Volgt de uitspraak van de Kerngroep niet op.",
    )
    assert p.ends_on == dt.date(2027, 2, 20)
    assert p.obligations_until == dt.date(2027, 10, 15)
    assert p.status == Participation.Status.REMOVAL_PENDING
    assert ParticipationEvent.objects.filter(
        participation=p, kind="removal_decided", actor=world.chair
    ).exists()


def test_a_removal_needs_a_public_explanation(world):
    p = _participation(world, dt.date(2025, 10, 16))
    services.participation_remind(
        participation=p, actor=world.chair, reminded_on=dt.date(2026, 11, 1), note="x"
    )
    with pytest.raises(ValidationError, match="77"):
        services.participation_remove(
            participation=p, actor=world.chair, decided_on=dt.date(2026, 11, 20), explanation=""
        )


def test_a_confidentiality_agreement_is_in_force_between_signing_and_revocation(world):
    from imvo.organizations.selectors import confidentiality_agreement_in_force

    found = confidentiality_agreement_in_force(
        organization_id=world.ngo.pk, agreement=world.agreement, scope="ngo_insight"
    )
    assert found is not None
    services.confidentiality_agreement_revoke(
        confidentiality_agreement=found, revoked_on=timezone.localdate()
    )
    assert (
        confidentiality_agreement_in_force(
            organization_id=world.ngo.pk, agreement=world.agreement, scope="ngo_insight"
        )
        is None
    )
    assert (
        confidentiality_agreement_in_force(
            organization_id=world.ngo_without_ca.pk, agreement=world.agreement, scope="ngo_insight"
        )
        is None
    )


def test_a_company_page_shows_the_state_of_each_obligation(world, login):
    from django.urls import reverse

    body = (
        login(world.company_member)
        .get(reverse("organizations:detail", args=[world.company.pk]))
        .content.decode()
    )
    assert 'badge badge-late">te laat<' in body
    assert 'badge badge-upcoming">gepland<' in body
