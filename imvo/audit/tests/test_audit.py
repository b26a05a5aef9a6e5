"""Changes are logged; reads of confidential data by anyone but the owner are logged too."""

from auditlog.models import LogEntry
from django.urls import reverse

from imvo.organizations.models import Organization


def _reads(obj, actor=None):
    qs = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(obj.pk), content_type__model=obj._meta.model_name
    )
    return qs.filter(actor=actor) if actor else qs


def test_the_secretariat_reading_a_company_is_logged(world, login):
    login(world.secretariat).get(reverse("organizations:detail", args=[world.company.pk]))
    entry = _reads(world.company, world.secretariat).get()
    assert entry.additional_data["read"] == "organization details"


def test_the_owner_reading_itself_is_not_logged(world, login):
    login(world.company_member).get(reverse("organizations:detail", args=[world.company.pk]))
    assert not _reads(world.company).exists()


def test_others_see_no_details_and_leave_no_read(world, login):
    response = login(world.ngo_member).get(reverse("organizations:detail", args=[world.company.pk]))
    assert response.status_code == 200
    assert "FTE" not in response.content.decode()
    assert not _reads(world.company).exists()


def test_the_secretariats_calendar_logs_each_company_it_shows(world, login):
    login(world.secretariat).get(reverse("agreements:calendar") + "?year=1")
    for org in (world.company, world.other_company, world.third_company):
        assert _reads(org, world.secretariat).exists()


def test_api_reads_are_logged_too(world, client):
    from imvo.accounts.services import api_token_create

    _t, key = api_token_create(user=world.secretariat, name="BI")
    client.get(f"/api/v1/organizations/{world.company.pk}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert (
        _reads(world.company, world.secretariat)
        .filter(additional_data__read="organization details (API)")
        .exists()
    )


def test_changes_are_logged_with_who_did_them(world, login):
    client = login(world.company_admin)
    client.post(
        reverse("organizations:edit", args=[world.company.pk]),
        {
            "name": "Alfa Metaal BV",
            "country": "NL",
            "fte": 300,
            "chain_positions": ["processing"],
            "city": "Utrecht",
        },
    )
    entry = LogEntry.objects.filter(
        action=LogEntry.Action.UPDATE, content_type__model="organization", object_pk=str(world.company.pk)
    ).latest("timestamp")
    assert entry.actor == world.company_admin
    assert [str(v) for v in entry.changes_dict["fte"]] == ["120", "300"]


def test_only_the_secretariat_reads_the_audit_log(world, login):
    assert login(world.secretariat).get(reverse("audit:log")).status_code == 200
    assert login(world.chair).get(reverse("audit:log")).status_code == 403
    assert Organization.objects.exists()
