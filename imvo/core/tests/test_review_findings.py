"""Regressions for confidentiality and robustness problems found in review."""

import datetime as dt

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from imvo.accounts.services import api_token_create
from imvo.agreements.models import CompanyObligation
from imvo.organizations.models import Participation
from imvo.organizations.services import participation_give_notice


def _bearer(user):
    _t, key = api_token_create(user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_termination_letter_is_only_for_the_company_and_the_secretariat(world, login):
    p = Participation.objects.get(organization=world.company, agreement=world.agreement)
    Participation.objects.filter(pk=p.pk).update(signed_on=dt.date(2025, 10, 16))
    p.refresh_from_db()
    participation_give_notice(
        participation=p,
        actor=world.company_admin,
        notice_on=timezone.localdate(),
        reasons="Overname",
        letter=SimpleUploadedFile("brief.pdf", b"%PDF brief"),
    )
    event = p.events.get(kind="notice_given")
    url = reverse("organizations:document", args=["event", event.pk])
    for user in (world.core_group_member, world.chair, world.other_company_admin, world.ngo_member):
        assert login(user).get(url).status_code == 403
    assert login(world.company_member).get(url).status_code == 200
    assert login(world.secretariat).get(url).status_code == 200


def test_the_api_shows_chain_positions_only_to_the_company_and_the_secretariat(world, client):
    url = f"/api/v1/organizations/{world.company.pk}"
    assert client.get(url, **_bearer(world.ngo_member)).json()["chain_positions"] is None
    assert client.get(url, **_bearer(world.company_member)).json()["chain_positions"] == ["processing"]
    listed = client.get("/api/v1/organizations", **_bearer(world.other_company_admin)).json()
    assert all("chain_positions" not in o for o in listed)


def test_the_secretariat_opening_edit_pages_is_audited(world, login):
    client = login(world.secretariat)
    co = CompanyObligation.objects.filter(organization=world.company).first()
    client.get(reverse("agreements:company_obligation", args=[co.pk]))
    client.get(reverse("organizations:edit", args=[world.company.pk]))
    reads = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, actor=world.secretariat, object_pk=str(world.company.pk)
    )
    assert {e.additional_data["read"] for e in reads} >= {"obligation", "organization details (edit)"}


def test_after_saving_an_obligation_no_redirect_leaves_the_site(world, login):
    co = CompanyObligation.objects.filter(organization=world.company).first()
    response = login(world.secretariat).post(
        reverse("agreements:company_obligation", args=[co.pk]),
        {"status": "open", "next": "https://evil.example/phish"},
    )
    assert response["Location"] == reverse("agreements:calendar")


def test_huge_numbers_in_query_strings_are_no_server_error(world, login, client):
    assert login(world.secretariat).get("/audit/?actor=99999999999999999999").status_code == 200
    response = client.get(
        "/api/v1/agreements/metaal-2025-2029/calendar?organization=99999999999999999999",
        **_bearer(world.secretariat),
    )
    assert response.status_code == 422


def test_a_rejected_change_of_an_organization_is_not_kept(world, agreement):
    import pytest
    from django.core.exceptions import ValidationError

    from imvo.core.tests.factories import OrganizationFactory
    from imvo.organizations.services import organization_save, participation_admit

    org = OrganizationFactory(kind="company", name="Advies BV", chain_positions=[])
    participation_admit(
        agreement=agreement, organization=org, form="supporter", signed_on=dt.date(2025, 10, 16), actor=None
    )
    org.chain_positions = ["trading"]
    with pytest.raises(ValidationError):
        organization_save(organization=org, agreement=agreement)
    org.refresh_from_db()
    assert org.chain_positions == []


def test_a_core_group_seat_counts_only_in_its_own_agreement(world, login):
    from imvo.agreements.models import Agreement
    from imvo.organizations.models import Organization
    from imvo.organizations.services import application_submit

    other = Agreement.objects.create(
        slug="textiel",
        name_nl="Textiel",
        short_name="Textiel",
        sector_nl="Textiel",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2029, 12, 31),
        framework_version="x",
    )
    p = application_submit(
        agreement=other,
        organization=Organization(kind="company", name="Stof BV"),
        form="party",
        applicant_name="A",
        applicant_email="a@stof.example",
        motivation="m",
    )
    for user in (world.chair, world.core_group_member):
        assert login(user).get(reverse("organizations:application", args=[p.pk])).status_code == 404
    assert login(world.chair).get(reverse("organizations:decide", args=[p.pk])).status_code == 404


def _active(world):
    p = Participation.objects.get(organization=world.company, agreement=world.agreement)
    Participation.objects.filter(pk=p.pk).update(signed_on=dt.date(2025, 10, 16))
    p.refresh_from_db()
    return p


def test_a_party_cannot_backdate_its_notice(world, login):
    p = _active(world)
    login(world.company_admin).post(
        reverse("organizations:give_notice", args=[p.pk]), {"notice_on": "2026-01-01", "reasons": "Overname"}
    )
    p.refresh_from_db()
    assert p.notice_given_on == timezone.localdate() and p.ends_on > timezone.localdate()


def test_reminders_and_removals_stay_within_the_participation(world):
    import pytest
    from django.core.exceptions import ValidationError

    from imvo.organizations.services import participation_remind

    with pytest.raises(ValidationError):
        participation_remind(
            participation=_active(world), actor=world.chair, reminded_on=dt.date(1, 1, 1), note="x"
        )


def test_another_agreement_does_not_keep_this_agreements_obligations_alive(world):
    from imvo.agreements.models import Agreement
    from imvo.agreements.services import obligations_sync
    from imvo.organizations.services import participation_admit

    other = Agreement.objects.create(
        slug="textiel",
        name_nl="Textiel",
        short_name="Textiel",
        sector_nl="Textiel",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2029, 12, 31),
        framework_version="x",
    )
    participation_admit(
        agreement=other, organization=world.company, form="party", signed_on=dt.date(2025, 1, 1), actor=None
    )
    Participation.objects.filter(organization=world.company, agreement=world.agreement).update(
        ends_on=dt.date(2026, 10, 16), status="ended"
    )
    obligations_sync(agreement=world.agreement)
    later = CompanyObligation.objects.filter(
        organization=world.company,
        obligation__year__agreement=world.agreement,
        obligation__year__number__gte=2,
    )
    assert not later.exists()


def test_an_invitation_reveals_nothing_about_other_organizations(world):
    import pytest
    from django.core.exceptions import ValidationError

    from imvo.accounts.services import invitation_create

    with pytest.raises(ValidationError) as e:
        invitation_create(
            email="admin@beta.example", organization=world.company, invited_by=world.company_admin
        )
    assert "account" not in str(e.value)
    theirs, _t = invitation_create(
        email="nieuw@beta.example", organization=world.other_company, invited_by=world.secretariat
    )
    invitation_create(email="nieuw@beta.example", organization=world.company, invited_by=world.company_admin)
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_invitation_links_never_rest_in_the_task_table(world, settings, django_capture_on_commit_callbacks):
    from django.core import mail
    from django_tasks_db.models import DBTaskResult

    from imvo.accounts.services import invitation_create

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(email="n@alfa.example", organization=world.company, invited_by=world.company_admin)
    assert "/accounts/invitation/" in mail.outbox[-1].body
    assert not DBTaskResult.objects.exists()
