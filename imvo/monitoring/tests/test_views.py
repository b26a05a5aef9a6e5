"""The monitoring pages as people meet them: opening a round, answering with autosave and
conflicts, evidence, submitting, the result, improving, the follow-up, aggregates and insight."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imvo.monitoring import services
from imvo.monitoring.framework import load_framework
from imvo.monitoring.models import Assessment, FollowUpConversation

FRAMEWORK = "metal-2025.1"


@pytest.fixture
def rnd(world):
    return services.round_open(
        agreement=world.agreement, year_number=2, due_date=dt.date(2027, 4, 16), actor=world.secretariat
    )


@pytest.fixture
def assessment(rnd, world):
    return rnd.assessments.get(organization=world.company)


def fill(assessment, user, *, level: int, evidence: bool = True) -> None:
    """Answer every indicator at `level` (0, 1 or 2), with evidence where asked."""
    fw = load_framework(assessment.round.framework_version)
    for s in fw.sections_for(minerals_in_scope=assessment.minerals_in_scope):
        for ind in s.indicators:
            if not assessment.may_edit(ind.code):
                continue
            met = {r.code: r.level <= level for r in ind.requirements}
            current = assessment.answers.filter(indicator=ind.code).first()
            services.answer_save(
                assessment=assessment,
                indicator=ind.code,
                met=met,
                not_applicable=False,
                explanation="",
                base_revision=current.revision if current else 0,
                actor=user,
            )
            if evidence:
                for r in ind.requirements:
                    if r.evidence and met[r.code]:
                        services.evidence_add(
                            assessment=assessment,
                            indicator=ind.code,
                            requirement=r.code,
                            link="https://alfa.example/doc",
                            actor=user,
                        )


def answer_data(prefix: str, *, met=(), explanation="", revision=0) -> dict:
    data = {f"{prefix}-revision": revision, f"{prefix}-explanation": explanation}
    for code in met:
        data[f"{prefix}-req_{code}"] = "on"
    return data


def test_the_secretariat_opens_a_round_from_the_page(world, login):
    client = login(world.secretariat)
    response = client.post(reverse("monitoring:rounds"), {"year": 2, "due_date": "2027-04-16"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Alfa Metaal BV" in page.content.decode()
    assert Assessment.objects.filter(round__year__number=2).count() == 3


def test_opening_the_same_year_twice_is_refused_with_a_message(world, login, rnd):
    client = login(world.secretariat)
    response = client.post(reverse("monitoring:rounds"), {"year": 2, "due_date": "2027-04-16"})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()  # year 2 is no longer offered


def test_an_answer_is_saved_by_htmx_and_shows_its_level(world, login, assessment):
    client = login(world.company_member)
    url = reverse("monitoring:answer", args=[assessment.pk, "1.1-policy"])
    response = client.post(url, answer_data("i-1_1-policy", met=["a", "b"]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Opgeslagen om" in body
    assert 'hx-swap-oob="true"' in body and 'value="1"' in body
    answer = assessment.answers.get(indicator="1.1-policy")
    assert answer.met["a"] and answer.met["b"] and answer.revision == 1


def test_a_colleagues_newer_save_is_shown_and_nothing_is_overwritten(world, login, assessment):
    client = login(world.company_member)
    url = reverse("monitoring:answer", args=[assessment.pk, "1.1-policy"])
    client.post(url, answer_data("i-1_1-policy", met=["a"], explanation="Eerste"), HTTP_HX_REQUEST="true")
    # The admin opened the page before that save (revision 0) and now saves their own version.
    client = login(world.company_admin)
    response = client.post(
        url,
        answer_data("i-1_1-policy", met=["b"], explanation="Mijn versie", revision=0),
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "Eerste" in body and "nog niet opgeslagen" in body
    assert 'value="1"' in body  # the next save knowingly replaces the colleague's version
    assert assessment.answers.get(indicator="1.1-policy").explanation == "Eerste"
    response = client.post(
        url,
        answer_data("i-1_1-policy", met=["b"], explanation="Mijn versie", revision=1),
        HTTP_HX_REQUEST="true",
    )
    assert assessment.answers.get(indicator="1.1-policy").explanation == "Mijn versie"


def test_without_javascript_a_conflict_keeps_what_the_person_typed(world, login, assessment):
    client = login(world.company_member)
    url = reverse("monitoring:answer", args=[assessment.pk, "1.1-policy"])
    client.post(url, answer_data("i-1_1-policy", met=["a"], explanation="Eerste"))
    response = client.post(
        url, answer_data("i-1_1-policy", explanation="Getypt maar niet bewaard", revision=0)
    )
    assert response.status_code == 409
    assert "Getypt maar niet bewaard" in response.content.decode()


def test_evidence_is_kept_unaltered_and_downloads_with_an_audit_entry_for_the_secretariat(
    world, login, assessment
):
    content = b"%PDF-1.4 beleid \x00\xff"
    client = login(world.company_member)
    url = reverse("monitoring:evidence_add", args=[assessment.pk, "1.1-policy"])
    response = client.post(
        url,
        {
            "ev-i-1_1-policy-requirement": "a",
            "ev-i-1_1-policy-file": SimpleUploadedFile("beleid.pdf", content),
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "beleid.pdf" in response.content.decode()
    evidence = assessment.answers.get(indicator="1.1-policy").evidence.get()
    assert (
        b"".join(client.get(reverse("monitoring:evidence", args=[evidence.pk])).streaming_content) == content
    )
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=world.company_member).exists()
    client = login(world.secretariat)
    assert client.get(reverse("monitoring:evidence", args=[evidence.pk])).status_code == 200
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=world.secretariat).exists()
    assert (
        login(world.other_company_admin).get(reverse("monitoring:evidence", args=[evidence.pk])).status_code
        == 404
    )


def test_evidence_needs_a_file_or_a_link(world, login, assessment):
    client = login(world.company_member)
    url = reverse("monitoring:evidence_add", args=[assessment.pk, "1.1-policy"])
    response = client.post(url, {"ev-i-1_1-policy-requirement": "a"}, HTTP_HX_REQUEST="true")
    assert "Voeg een bestand toe of geef een link" in response.content.decode()


def test_submitting_freezes_the_answers_and_shows_the_result(world, login, assessment):
    fill(assessment, world.company_member, level=2)
    client = login(world.company_admin)
    page = client.get(reverse("monitoring:submit", args=[assessment.pk]))
    assert "Voorbeeld van het resultaat" in page.content.decode()
    response = client.post(reverse("monitoring:submit", args=[assessment.pk]))
    assert response["Location"] == reverse("monitoring:result", args=[assessment.pk])
    body = client.get(response["Location"]).content.decode()
    assert "100,0 %" in body and "groen" in body
    url = reverse("monitoring:answer", args=[assessment.pk, "1.1-policy"])
    assert client.post(url, answer_data("i-1_1-policy"), HTTP_HX_REQUEST="true").status_code == 200
    assert (
        "niet meer worden gewijzigd"
        in client.post(url, answer_data("i-1_1-policy"), follow=True).content.decode()
    )


def test_an_orange_or_red_company_improves_its_insufficient_items_within_three_months(
    world, login, assessment
):
    fill(assessment, world.company_member, level=0)
    client = login(world.company_member)
    client.post(reverse("monitoring:submit", args=[assessment.pk]))
    assessment.refresh_from_db()
    assert assessment.improvement_until is not None
    result = client.get(reverse("monitoring:result", args=[assessment.pk])).content.decode()
    assert "rood" in result and reverse("monitoring:improve", args=[assessment.pk]) in result
    response = client.post(
        reverse("monitoring:improve", args=[assessment.pk]), {"indicators": ["1.1-policy"]}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "improving" and assessment.reopened_items == ["1.1-policy"]
    url = reverse("monitoring:answer", args=[assessment.pk, "1.2-oversight"])
    assert (
        "niet meer worden gewijzigd"
        in client.post(url, answer_data("i-1_2-oversight"), follow=True).content.decode()
    )
    client.post(reverse("monitoring:submit", args=[assessment.pk]))
    assert assessment.submissions.count() == 2
    page = client.get(reverse("monitoring:result", args=[assessment.pk]) + "?submission=1").content.decode()
    assert "eerste resultaat" in page


def test_the_secretariat_records_the_follow_up_conversation(world, login, assessment):
    fill(assessment, world.company_member, level=0)
    services.assessment_submit(assessment=assessment, actor=world.company_member)
    client = login(world.secretariat)
    url = reverse("monitoring:follow_up", args=[assessment.pk])
    response = client.post(url, {"held_on": "2099-01-01", "board_member": "", "agreed_actions": ""})
    assert response.status_code == 200
    assert not FollowUpConversation.objects.exists()
    today = dt.date.today().isoformat()
    response = client.post(
        url, {"held_on": today, "board_member": "J. de Vries (CEO)", "agreed_actions": "Beleid"}
    )
    assert response.status_code == 302
    table = client.get(reverse("monitoring:round", args=[assessment.round.pk])).content.decode()
    assert "gehouden" in table


def test_the_aggregate_names_no_company_and_suppresses_small_counts(world, login, rnd):
    for org, level in ((world.company, 2), (world.other_company, 1)):
        a = rnd.assessments.get(organization=org)
        fill(a, world.company_member if org == world.company else world.other_company_admin, level=level)
        services.assessment_submit(assessment=a, actor=None)
    client = login(world.union_member)
    body = client.get(reverse("monitoring:aggregate", args=[rnd.pk])).content.decode()
    assert "te weinig" in body and "Alfa" not in body
    a = rnd.assessments.get(organization=world.third_company)
    fill(a, world.secretariat, level=1)
    services.assessment_submit(assessment=a, actor=None)
    body = client.get(reverse("monitoring:aggregate", args=[rnd.pk])).content.decode()
    assert "3 bedrijven" in body and "Alfa" not in body and "Gamma" not in body


def test_ngo_insight_shows_only_risk_and_plan_parts_and_is_logged(world, login, assessment):
    fill(assessment, world.company_member, level=1)
    services.assessment_submit(assessment=assessment, actor=world.company_member)
    client = login(world.ngo_member)
    listing = client.get(reverse("monitoring:insight_list")).content.decode()
    assert "Alfa Metaal BV" in listing
    body = client.get(reverse("monitoring:insight", args=[assessment.pk])).content.decode()
    fw = load_framework(FRAMEWORK)
    assert fw.section("step2").name in body and fw.section("step3").name in body
    assert fw.section("step6").name not in body
    assert fw.indicator("6.2-grievance").question not in body
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=world.ngo_member).count() == 1
    assert (
        login(world.ngo_member_without_ca)
        .get(reverse("monitoring:insight", args=[assessment.pk]))
        .status_code
        == 403
    )
    assert login(world.ngo_member).get(reverse("monitoring:result", args=[assessment.pk])).status_code == 404


def test_the_round_table_sorts_and_exports_to_excel(world, login, rnd, django_capture_on_commit_callbacks):
    from openpyxl import load_workbook

    a = rnd.assessments.get(organization=world.company)
    fill(a, world.company_member, level=2)
    services.assessment_submit(assessment=a, actor=world.company_member)
    client = login(world.secretariat)
    body = client.get(reverse("monitoring:round", args=[rnd.pk]) + "?sort=-score").content.decode()
    assert body.index("Alfa Metaal BV") < body.index("Beta Staal BV")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("monitoring:round_export", args=[rnd.pk]))
    job_page = client.get(response["Location"])
    assert job_page.status_code == 200
    from imvo.core.models import Job

    job = Job.objects.get(kind="round_export")
    wb = load_workbook(job.result.path, read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][0] == "Bedrijf" and {r[0] for r in rows[1:]} == {
        "Alfa Metaal BV",
        "Beta Staal BV",
        "Gamma Recycling BV",
    }
    assert next(r for r in rows if r[0] == "Alfa Metaal BV")[5] == 100.0


def test_the_progress_page_compares_rounds(world, login):
    for year in (1, 2):
        rnd = services.round_open(
            agreement=world.agreement,
            year_number=year,
            due_date=dt.date(2027, 4, 16),
            actor=world.secretariat,
        )
        a = rnd.assessments.get(organization=world.company)
        fill(a, world.company_member, level=year - 1)
        services.assessment_submit(assessment=a, actor=world.company_member)
    client = login(world.company_member)
    body = client.get(reverse("monitoring:progress", args=[world.company.pk])).content.decode()
    assert "progress-data" in body and "nulmeting" in body and "0,0 %" in body and "50,0 %" in body
    assert (
        login(world.other_company_admin)
        .get(reverse("monitoring:progress", args=[world.company.pk]))
        .status_code
        == 403
    )


def test_a_cmrt_upload_prefills_the_minerals_section_and_keeps_the_file(world, login, assessment):
    from imvo.monitoring.models import CmrtImport
    from imvo.monitoring.tests.cmrt_builder import build_cmrt

    content = build_cmrt(
        company_answers=dict.fromkeys("ABCDEFGH", "Yes"), company_comments={"A": "Zie website"}
    )
    client = login(world.company_member)
    url = reverse("monitoring:cmrt_import", args=[assessment.pk])
    response = client.post(url, {"file": SimpleUploadedFile("cmrt.xlsx", content)}, follow=True)
    assert "profiel" in response.content.decode()  # minerals not in scope yet
    client.post(reverse("monitoring:assessment", args=[assessment.pk]), {"minerals_in_scope": "yes"})
    response = client.post(url, {"file": SimpleUploadedFile("cmrt.xlsx", content)}, follow=True)
    assert "CMRT 6.5" in response.content.decode()
    policy = assessment.answers.get(indicator="M1-policy")
    assert policy.met["a"] is True and "Zie website" in policy.explanation
    imported = CmrtImport.objects.get()
    assert imported.file.read() == content and imported.smelters
    response = client.post(url, {"file": SimpleUploadedFile("cmrt.xlsx", b"not excel")}, follow=True)
    assert response.status_code == 200 and "Excel" in response.content.decode()
