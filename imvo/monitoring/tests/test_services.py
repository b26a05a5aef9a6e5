"""Rounds, answering over several sittings, evidence, submitting, and the three-month improvement."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from imvo.agreements.models import CompanyObligation
from imvo.monitoring import framework as fw
from imvo.monitoring import services
from imvo.monitoring.models import Assessment, Submission
from imvo.monitoring.tests.test_scoring import framework_data


@pytest.fixture
def test_framework(tmp_path, monkeypatch, agreement):
    (tmp_path / "framework-test-1.yaml").write_text(yaml.safe_dump(framework_data()), encoding="utf-8")
    monkeypatch.setattr(fw, "DATA_DIR", tmp_path)
    fw.load_framework.cache_clear()
    agreement.framework_version = "test-1"
    agreement.save()
    yield
    fw.load_framework.cache_clear()


@pytest.fixture
def assessment(world, test_framework):
    rnd = services.round_open(
        agreement=world.agreement, year_number=2, due_date=dt.date(2027, 4, 16), actor=world.secretariat
    )
    return rnd.assessments.get(organization=world.company)


def answer(assessment, user, indicator, met, revision=None, **kw):
    if revision is None:
        a = assessment.answers.filter(indicator=indicator).first()
        revision = a.revision if a else 0
    return services.answer_save(
        assessment=assessment,
        indicator=indicator,
        met=met,
        not_applicable=kw.get("na", False),
        explanation=kw.get("explanation", ""),
        base_revision=revision,
        actor=user,
    )


def test_opening_a_round_gives_every_company_its_assessment(world, test_framework):
    rnd = services.round_open(
        agreement=world.agreement, year_number=2, due_date=dt.date(2027, 4, 16), actor=world.secretariat
    )
    assert rnd.kind == "monitoring" and rnd.framework_version == "test-1"
    assert set(rnd.assessments.values_list("organization__name", flat=True)) == {
        "Alfa Metaal BV",
        "Beta Staal BV",
        "Gamma Recycling BV",
    }
    assert rnd.assessments.get(organization=world.company).size_class == "small"
    with pytest.raises(ValidationError, match="al"):
        services.round_open(
            agreement=world.agreement, year_number=2, due_date=dt.date(2027, 4, 16), actor=None
        )
    with pytest.raises(ValidationError):
        services.round_open(
            agreement=world.agreement, year_number=3, due_date=dt.date(2028, 4, 16), actor=None
        )


def test_answers_are_saved_as_they_go_and_a_colleague_is_never_overwritten(assessment, world):
    first = answer(assessment, world.company_admin, "1.1", {"a": True}, revision=0)
    assert first.revision == 1
    answer(assessment, world.company_member, "1.1", {"a": True, "b": True}, revision=1)
    with pytest.raises(services.ConflictError) as conflict:
        answer(assessment, world.company_admin, "1.1", {"a": False}, revision=1)
    assert conflict.value.current.met == {"a": True, "b": True, "c": False}
    assert conflict.value.current.updated_by == world.company_member


def test_not_applicable_needs_permission_and_a_reason(assessment, world):
    with pytest.raises(ValidationError):
        answer(assessment, world.company_admin, "1.1", {}, na=True, explanation="n.v.t.")
    with pytest.raises(ValidationError):
        answer(assessment, world.company_admin, "6.3-remedy", {}, na=True)
    assert answer(
        assessment, world.company_admin, "6.3-remedy", {}, na=True, explanation="Geen eigen impact"
    ).not_applicable


def test_evidence_files_are_kept_unaltered_with_their_checksum(assessment, world):
    content = b"%PDF-1.7\nbeleid\x00\xff"
    evidence = services.evidence_add(
        assessment=assessment,
        indicator="1.1",
        requirement="a",
        actor=world.company_admin,
        file=SimpleUploadedFile("MVO-beleid 2026.pdf", content, content_type="application/pdf"),
    )
    assert evidence.file.read() == content
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.original_name == "MVO-beleid 2026.pdf"
    with pytest.raises(ValidationError):
        services.evidence_add(
            assessment=assessment, indicator="1.1", requirement="a", actor=world.company_admin
        )


def _fill(assessment, user, level_of):
    from imvo.monitoring.framework import load_framework

    framework = load_framework("test-1")
    for ind in framework.indicators():
        if not ind.scored:
            continue
        n = level_of(ind.code)
        answer(assessment, user, ind.code, {"a": n >= 1, "b": n >= 1, "c": n >= 2})
        for req in ("a", "c"):
            services.evidence_add(
                assessment=assessment,
                indicator=ind.code,
                requirement=req,
                actor=user,
                link=f"https://example.org/{ind.code}/{req}",
            )


def test_submitting_freezes_the_answers_and_computes_the_result(assessment, world):
    _fill(assessment, world.company_admin, lambda code: 2)
    submission = services.assessment_submit(assessment=assessment, actor=world.company_admin)
    assert submission.overall == 100 and submission.verdict == "green"
    assert submission.answers["1.1"]["met"] == {"a": True, "b": True, "c": True}
    assert submission.answers["1.1"]["evidence"][0]["link"].startswith("https://")
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED and assessment.improvement_until is None
    with pytest.raises(ValidationError):
        answer(assessment, world.company_admin, "1.1", {"a": False})
    with pytest.raises(ValidationError):
        services.assessment_submit(assessment=assessment, actor=world.company_admin)
    with pytest.raises(ValueError):
        submission.save()
    co = CompanyObligation.objects.get(
        organization=world.company, obligation__year__number=2, obligation__kind="monitoring_assessment"
    )
    assert co.status == "done"


def test_three_months_to_improve_just_the_insufficient_items(assessment, world):
    _fill(assessment, world.company_admin, lambda code: 0 if code in ("5.1", "5.2", "4.1") else 1)
    first = services.assessment_submit(assessment=assessment, actor=world.company_admin)
    assert first.verdict in ("orange", "red")
    assessment.refresh_from_db()
    assert assessment.improvement_until == services.add_months(timezone.localdate(), 3)
    with pytest.raises(ValidationError, match="onvoldoende"):
        services.assessment_reopen(assessment=assessment, indicators=["1.1"], actor=world.company_admin)
    services.assessment_reopen(assessment=assessment, indicators=["5.1", "5.2"], actor=world.company_admin)
    with pytest.raises(ValidationError):
        answer(assessment, world.company_admin, "1.1", {"a": True, "b": True, "c": True})
    for code in ("5.1", "5.2"):
        answer(assessment, world.company_admin, code, {"a": True, "b": True, "c": True})
    second = services.assessment_submit(assessment=assessment, actor=world.company_admin)
    assert second.number == 2 and second.overall > first.overall
    assert list(assessment.submissions.values_list("number", flat=True)) == [1, 2]
    assert Submission.objects.get(pk=first.pk).overall == first.overall


def test_after_three_months_nothing_can_be_reopened(assessment, world):
    _fill(assessment, world.company_admin, lambda code: 0)
    services.assessment_submit(assessment=assessment, actor=world.company_admin)
    Assessment.objects.filter(pk=assessment.pk).update(
        improvement_until=timezone.localdate() - dt.timedelta(days=1)
    )
    assessment.refresh_from_db()
    with pytest.raises(ValidationError):
        services.assessment_reopen(assessment=assessment, indicators=["1.1"], actor=world.company_admin)


def test_a_claim_without_evidence_lowers_the_submitted_level(assessment, world):
    for code in ("1.1",):
        answer(assessment, world.company_admin, code, {"a": True, "b": True, "c": True})
    submission = services.assessment_submit(assessment=assessment, actor=world.company_admin)
    assert submission.levels["1.1"] == 1


def test_after_the_three_months_reopened_items_are_locked(world, assessment):
    services.assessment_submit(assessment=assessment, actor=world.company_member)
    assessment.refresh_from_db()
    services.assessment_reopen(
        assessment=assessment,
        indicators=services.insufficient_items(assessment.submissions.get())[:1],
        actor=None,
    )
    assessment.refresh_from_db()
    code = assessment.reopened_items[0]
    assert assessment.may_edit(code)
    assessment.improvement_until = timezone.localdate() - dt.timedelta(days=1)
    assessment.save()
    assert not assessment.may_edit(code)
    with pytest.raises(ValidationError, match="drie maanden"):
        services.assessment_submit(assessment=assessment, actor=world.company_member)
