"""The result PDF and its charts, with real submissions scored by the bundled framework."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
import zlib

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from imvo.monitoring import charts, services
from imvo.monitoring.framework import load_framework
from imvo.monitoring.pdf import TEMPLATE, result_pdf, result_pdf_context, result_pdf_filename

SVG = "{http://www.w3.org/2000/svg}"
# Step 4 left empty: below the floor, so orange despite a score above the green threshold.
LEVEL_PER_STEP = {"1": 2, "2": 1, "3": 1, "4": 0, "5": 1, "6": 1}


def _fill(assessment, user, level_of):
    framework = load_framework(assessment.round.framework_version)
    for section in framework.sections_for(minerals_in_scope=assessment.minerals_in_scope):
        for ind in section.indicators:
            level = level_of(ind) if ind.scored else 0
            if not level:
                continue
            current = assessment.answers.filter(indicator=ind.code).first()
            services.answer_save(
                assessment=assessment,
                indicator=ind.code,
                met={r.code: r.level <= level for r in ind.requirements},
                not_applicable=False,
                explanation="",
                base_revision=current.revision if current else 0,
                actor=user,
            )
            for r in ind.requirements:
                if r.evidence and r.level <= level and not current:
                    services.evidence_add(
                        assessment=assessment,
                        indicator=ind.code,
                        requirement=r.code,
                        actor=user,
                        link=f"https://alfa.example/{ind.code}/{r.code}",
                    )


def _round(world, year, *, due):
    rnd = services.round_open(
        agreement=world.agreement, year_number=year, due_date=due, actor=world.secretariat
    )
    return rnd.assessments.get(organization=world.company)


@pytest.fixture
def submission(world):
    assessment = _round(world, 2, due=dt.date(2027, 4, 16))
    _fill(assessment, world.company_admin, lambda ind: LEVEL_PER_STEP[ind.step])
    return services.assessment_submit(assessment=assessment, actor=world.company_admin)


def _text_of(box) -> str:
    text = getattr(box, "text", "") or ""
    return text + " ".join(_text_of(child) for child in getattr(box, "children", ()))


def _rendered_text(html: str) -> str:
    """The text WeasyPrint laid out on the pages, in reading order, with spaces normalised."""
    document = HTML(string=html).render()
    return re.sub(r"\s+", " ", " ".join(_text_of(page._page_box) for page in document.pages))


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams opened: page objects may sit in an object stream."""
    streams = re.findall(rb"/FlateDecode.*?stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL)
    return pdf + b"".join(zlib.decompress(s) for s in streams)


def test_it_renders_an_a4_pdf_of_the_result(submission):
    assert submission.verdict == "orange" and submission.below_floor == ["4"]
    pdf = result_pdf(submission)
    assert pdf.startswith(b"%PDF-")
    objects = _inflated(pdf)
    assert len(re.findall(rb"/Type\s*/Page\b", objects)) >= 1
    assert re.search(rb"/MediaBox\s*\[\s*0 0 595\.\d+ 841\.\d+", objects)
    assert b"DejaVu-Sans" in objects


def test_the_laid_out_pages_name_the_company_the_verdict_and_the_score(submission):
    with translation.override("en"):
        text = _rendered_text(render_to_string(TEMPLATE, result_pdf_context(submission)))
    assert "Alfa Metaal BV" in text
    assert "Confidential – Alfa Metaal BV" in text
    assert "Verdict ORANGE" in text
    assert f"{submission.overall:.1f} %" in text


def test_it_shows_knockouts_steps_below_the_floor_and_ranked_advice(submission):
    framework = load_framework(submission.framework_version)
    with translation.override("en"):
        context = result_pdf_context(submission)
    assert [s.key for s in context["below_floor"]] == ["4"]
    assert context["knockouts"] == []
    advice = context["advice"]
    assert [a.indicator.code for a in advice] == [a["indicator"] for a in submission.advice]
    top = advice[0]
    assert top.indicator.step == "4" and top.level == 0 and top.text
    assert {m.requirement.code for m in top.missing} == {
        r.code for r in framework.indicator(top.indicator.code).requirements_for(1)
    }
    assert context["modules"] and {m.code for m in context["modules"]} <= {
        m for a in advice for m in a.indicator.modules
    }


def test_english_and_dutch_renderings_use_their_own_texts(submission):
    indicator = load_framework(submission.framework_version).indicator(submission.advice[0]["indicator"])
    with translation.override("en"):
        english = render_to_string(TEMPLATE, result_pdf_context(submission))
    with translation.override("nl"):
        dutch = render_to_string(TEMPLATE, result_pdf_context(submission))
    assert '<html lang="en">' in english and '<html lang="nl">' in dutch
    assert "<h1>Self-assessment result</h1>" in english
    assert indicator.question_en in english and indicator.question_nl not in english
    assert indicator.question_nl in dutch and indicator.question_en not in dutch
    assert f"{submission.overall:.1f}".replace(".", ",") in dutch


def test_the_step_chart_is_svg_with_a_title_and_one_bar_per_step():
    sections = {"1": 62.5, "2": 45.0, "3": 12.5, "4": None, "5": 100.0, "6": 0.0, "minerals": 30.0}
    with translation.override("en"):
        svg = charts.step_scores_svg(sections, labels={"1": "Stap 1"}, green=45, floor=20)
    root = ET.fromstring(svg.encode())
    assert root.find(f"{SVG}title").text == "Score per step"
    assert "Stap 1: 62.5 %" in root.find(f"{SVG}desc").text
    bars = [g.get("id") for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("bar-")]
    assert bars == [f"bar-{k}" for k in sections]
    assert "Stap 1" in svg and "DejaVu Sans" in svg


def test_the_same_scores_give_the_same_svg():
    def draw():
        return charts.step_scores_svg({"1": 50.0, "2": 25.0}, labels={}, green=50, floor=25)

    assert draw() == draw()
    rounds = [("Jaar 1", {"1": 10.0}, 10.0), ("Jaar 2", {"1": 20.0}, 20.0)]
    assert charts.progress_svg(rounds, labels={}) == charts.progress_svg(rounds, labels={})


def test_the_progress_chart_groups_one_bar_per_round_for_each_step_and_overall():
    rounds = [
        ("Jaar 1", {k: 10.0 for k in "123456"}, 10.0),
        ("Jaar 2", {**{k: 40.0 for k in "12345"}, "6": None}, 38.5),
    ]
    root = ET.fromstring(charts.progress_svg(rounds, labels={"overall": "Totaal"}).encode())
    bars = {g.get("id") for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("bar-")}
    assert bars == {f"bar-{k}-{i}" for k in [*"123456", "overall"] for i in (0, 1)}
    assert "Jaar 1" in ET.tostring(root, encoding="unicode")


def test_progress_shows_earlier_rounds_and_the_first_result_before_improvement(world):
    baseline = _round(world, 1, due=dt.date(2026, 4, 16))
    _fill(baseline, world.company_admin, lambda ind: 1 if ind.step == "1" else 0)
    services.assessment_submit(assessment=baseline, actor=world.company_admin)

    assessment = _round(world, 2, due=dt.date(2027, 4, 16))
    _fill(assessment, world.company_admin, lambda ind: LEVEL_PER_STEP[ind.step])
    first = services.assessment_submit(assessment=assessment, actor=world.company_admin)
    assessment.refresh_from_db()
    reopened = [code for code, level in first.levels.items() if level == 0]
    services.assessment_reopen(assessment=assessment, indicators=reopened, actor=world.company_admin)
    _fill(assessment, world.company_admin, lambda ind: 1 if ind.code in reopened else 0)
    second = services.assessment_submit(assessment=assessment, actor=world.company_admin)
    assert second.overall > first.overall

    with translation.override("en"):
        context = result_pdf_context(second)
        html = render_to_string(TEMPLATE, context)
    assert [(p.label, p.current) for p in context["progress"]] == [
        ("Year 1", False),
        ("Year 2 – first result", False),
        ("Year 2", True),
    ]
    assert [p.overall for p in context["progress"]][1:] == [float(first.overall), float(second.overall)]
    assert context["progress_chart"].startswith("data:image/svg+xml;base64,")
    assert "Year 2 – first result" in html

    with translation.override("en"):
        assert [p.label for p in result_pdf_context(first)["progress"]] == ["Year 1", "Year 2"]


def test_a_first_result_has_no_progress_chart(submission):
    context = result_pdf_context(submission)
    assert len(context["progress"]) == 1 and context["progress_chart"] == ""


def test_the_file_name_names_company_round_and_submission(submission):
    assert result_pdf_filename(submission) == "alfa-metaal-bv-monitoring-2-1.pdf"
