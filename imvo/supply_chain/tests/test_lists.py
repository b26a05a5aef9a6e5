"""A company's yearly list: upload in the background, problems by row and column, browser edits,
submission, versions, last year's comparison and the chain-transparency answers it feeds."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from imvo.supply_chain import selectors, services
from imvo.supply_chain.models import LocationList

HEADER = "Naam;Adres;Plaats;Regio;Land;Type activiteit;Grondstoffen;Tier\n"
GOOD = [
    "PT Timah Tbk;Jl. Jenderal Sudirman 51;Pangkal Pinang;ID-BB;Indonesië;smelter;tin;3+",
    "Aurubis AG;Hovestraße 50;Hamburg;DE-HH;Duitsland;raffinaderij;koper;2",
    "Tata Steel IJmuiden BV;Wenckebachstraat 1;Velsen-Noord;;NL;bewerking;staal;1",
]


def _csv(*rows: str, encoding="cp1252") -> SimpleUploadedFile:
    return SimpleUploadedFile("lijst.csv", (HEADER + "\n".join(rows) + "\n").encode(encoding))


def _upload(world, django_capture_on_commit_callbacks, *rows, year=None, org=None, actor=None):
    with django_capture_on_commit_callbacks(execute=True):
        ll = services.list_upload(
            organization=org or world.company,
            year=year or world.agreement.current_year(),
            file=_csv(*rows),
            actor=actor or world.company_member,
        )
    ll.refresh_from_db()
    return ll


def _submit(ll, actor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.list_submit(location_list=ll, actor=actor)
    ll.refresh_from_db()
    return ll


def test_an_upload_keeps_the_good_rows_and_reports_the_bad_by_row_and_column(
    world, django_capture_on_commit_callbacks
):
    ll = _upload(world, django_capture_on_commit_callbacks, *GOOD, "Mijn X;;;;Atlantis;mijn;goud;1")
    assert ll.status == LocationList.Status.DRAFT
    assert ll.locations.count() == 3
    errors = [p for p in ll.problems if p["level"] == "error"]
    assert errors and errors[0]["row"] == 5 and "Atlantis" in errors[0]["message"]
    pt = ll.locations.get(name="PT Timah Tbk")
    assert (pt.country, pt.region, pt.activity, pt.materials, pt.tier) == (
        "ID",
        "ID-BB",
        "smelting",
        ["tin"],
        "3+",
    )
    with ll.file.open("rb") as f:
        assert f.read() == _csv(*GOOD, "Mijn X;;;;Atlantis;mijn;goud;1").read()


def test_an_unreadable_file_says_why_and_keeps_nothing(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ll = services.list_upload(
            organization=world.company,
            year=world.agreement.current_year(),
            file=SimpleUploadedFile("lijst.xlsx", b"PK\x03\x04 this is not a workbook"),
            actor=world.company_member,
        )
    ll.refresh_from_db()
    assert ll.status == LocationList.Status.FAILED and ll.error
    assert not ll.locations.exists()


def test_a_new_upload_replaces_the_draft_and_submission_freezes_the_list(
    world, django_capture_on_commit_callbacks
):
    first = _upload(world, django_capture_on_commit_callbacks, GOOD[0])
    second = _upload(world, django_capture_on_commit_callbacks, *GOOD)
    first.refresh_from_db()
    assert first.status == LocationList.Status.SUPERSEDED and second.version == 2
    _submit(second, world.company_member, django_capture_on_commit_callbacks)
    assert second.status == LocationList.Status.SUBMITTED
    with translation.override("en"), pytest.raises(ValidationError, match="no longer be changed"):
        services.location_delete(location=second.locations.first(), actor=world.company_member)
    third = services.list_new_version(location_list=second, actor=world.company_member)
    assert third.version == 3 and third.locations.count() == 3
    second.refresh_from_db()
    assert second.status == LocationList.Status.SUBMITTED


def test_the_list_is_compared_with_last_year(world, django_capture_on_commit_callbacks):
    year1, year2 = world.agreement.years.get(number=1), world.agreement.years.get(number=2)
    last = _upload(world, django_capture_on_commit_callbacks, *GOOD[:2], year=year1)
    _submit(last, world.company_member, django_capture_on_commit_callbacks)
    this = _upload(world, django_capture_on_commit_callbacks, GOOD[0], GOOD[2], year=year2)
    diff = selectors.list_diff(this)
    assert diff.previous == last
    assert diff.unchanged == 1
    assert [loc.name for loc in diff.added] == ["Tata Steel IJmuiden BV"]
    assert [loc.name for loc in diff.removed] == ["Aurubis AG"]


def test_the_submitted_list_prefills_the_chain_transparency_answers(
    world, django_capture_on_commit_callbacks
):
    import datetime as dt

    from imvo.monitoring.services import locations_prefill, round_open

    rnd = round_open(
        agreement=world.agreement, year_number=2, due_date=dt.date(2027, 4, 16), actor=world.secretariat
    )
    assessment = rnd.assessments.get(organization=world.company)
    with translation.override("en"), pytest.raises(ValidationError, match="production-location list"):
        locations_prefill(assessment=assessment, actor=world.company_member)
    ll = _upload(world, django_capture_on_commit_callbacks, *GOOD, year=rnd.year)
    _submit(ll, world.company_member, django_capture_on_commit_callbacks)
    filled = locations_prefill(assessment=assessment, actor=world.company_member)
    assert set(filled) == {"2.1-chain-beyond-tier1", "2.1-chain-growth", "2.2-chain-depth"}
    answer = assessment.answers.get(indicator="2.1-chain-beyond-tier1")
    assert answer.met == {"a": True, "b": True, "d": True}
    assert "3 locaties, waarvan 2 verder dan tier 1" in answer.explanation


def test_a_company_types_its_list_in_the_browser(world, login, client):
    login(world.company_member)
    client.post(reverse("supply_chain:start"))
    ll = LocationList.objects.get(organization=world.company)
    url = reverse("supply_chain:location_add", args=[ll.pk])
    bad = client.post(
        url,
        {"name": "Minsur", "country": "PE", "region_text": "Atlantis", "activity": "smelting", "tier": "3+"},
    )
    assert bad.status_code == 400
    assert "Minsur" in bad.content.decode()  # nothing typed is lost
    ok = client.post(
        url,
        {
            "name": "Minsur",
            "country": "PE",
            "region_text": "Ica",
            "activity": "smelting",
            "materials": ["tin"],
            "tier": "3+",
        },
    )
    assert ok.status_code == 302
    loc = ll.locations.get()
    assert (loc.region, loc.materials) == ("PE-ICA", ["tin"])


def test_only_the_secretariats_reads_of_a_list_are_logged(
    world, login, client, django_capture_on_commit_callbacks
):
    ll = _upload(world, django_capture_on_commit_callbacks, *GOOD)
    url = reverse("supply_chain:list", args=[ll.pk])
    login(world.company_member)
    assert client.get(url).status_code == 200
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
    login(world.secretariat)
    page = client.get(url).content.decode()
    assert "PT Timah Tbk" in page
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert (
        entry.actor == world.secretariat and entry.additional_data["owner_organization"] == world.company.pk
    )
    login(world.other_company_admin)
    assert client.get(url).status_code == 404
    login(world.ngo_member)
    assert client.get(url).status_code == 404


def test_the_downloaded_list_uploads_again_unchanged(
    world, login, client, django_capture_on_commit_callbacks
):
    ll = _upload(world, django_capture_on_commit_callbacks, *GOOD)
    login(world.company_member)
    content = client.get(reverse("supply_chain:list_download", args=[ll.pk])).content
    with django_capture_on_commit_callbacks(execute=True):
        again = services.list_upload(
            organization=world.company,
            year=ll.year,
            file=SimpleUploadedFile("terug.xlsx", content),
            actor=world.company_member,
        )
    again.refresh_from_db()
    assert again.problem_count == 0
    assert sorted(again.locations.values_list("fingerprint", flat=True)) == sorted(
        ll.locations.values_list("fingerprint", flat=True)
    )
