"""The risk analysis' downloads: the register and statement workbooks and PDFs, the sector workbook
and the heat map, read back as a user would open them."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import openpyxl
import pytest
from django.utils import timezone, translation
from weasyprint import HTML

from imvo.core.countries import country_name
from imvo.risks import exports, pdf, selectors, services
from imvo.risks.charts import heat_map_svg
from imvo.risks.sector import Entry, aggregate

SVG = "{http://www.w3.org/2000/svg}"
CHILD_LABOUR = {
    "theme": "child_labour",
    "material": "gold",
    "chain_stage": "mining",
    "country": "CD",
    "region": "CD-NK",
    "stakeholders": ["children"],
    "description": "Kinderen werken in ambachtelijke goudmijnen.",
    "nature": "potential",
    "involvement": "directly_linked",
    "scale": 5,
    "scope": 3,
    "irremediability": 4,
    "likelihood": 5,
    "gender": "yes",
    "gender_how": "Meisjes worden ook in de verwerking ingezet.",
    "explanation": "",
}
ACCIDENTS = {
    "theme": "health_safety",
    "material": "copper",
    "chain_stage": "processing",
    "country": "PE",
    "region": "",
    "stakeholders": ["workers"],
    "description": "Ongevallen in de gieterij van een leverancier.",
    "nature": "actual",
    "involvement": "contributes",
    "scale": 4,
    "scope": 2,
    "irremediability": 3,
    "gender": "no",
    "explanation": "",
    "disclose_location": True,
}
BRIBERY = {
    "theme": "corruption",
    "material": "",
    "chain_stage": "trading",
    "country": "",
    "region": "",
    "stakeholders": ["communities"],
    "description": "Smeergeld bij de douane.",
    "nature": "potential",
    "involvement": "directly_linked",
    "scale": 2,
    "scope": 2,
    "irremediability": 1,
    "likelihood": 2,
    "gender": "no",
    "explanation": "",
}


@pytest.fixture
def register(world, agreement):
    register = services.register_start(
        organization=world.company, year=agreement.years.get(number=1), actor=world.company_admin
    )
    services.register_update(register=register, priority_count=2, actor=world.company_admin)
    for data in (BRIBERY, ACCIDENTS, CHILD_LABOUR):
        services.risk_save(register=register, data=dict(data), actor=world.company_admin)
    return register


@pytest.fixture
def statement(register, world):
    return services.statement_publish(register=register, actor=world.company_admin)


def _sheet_rows(data: bytes, sheet: int = 0) -> list[tuple]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return list(wb.worksheets[sheet].iter_rows(values_only=True))


def _records(data: bytes) -> list[dict]:
    header, *rows = _sheet_rows(data)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _text_of(box) -> str:
    text = getattr(box, "text", "") or ""
    return text + " ".join(_text_of(child) for child in getattr(box, "children", ()))


def _rendered_text(html: str) -> str:
    """The text WeasyPrint laid out on the pages, with spaces normalised."""
    document = HTML(string=html).render()
    return re.sub(r"\s+", " ", " ".join(_text_of(page._page_box) for page in document.pages))


# --- the register -------------------------------------------------------------------------------


def test_the_register_workbook_lists_every_risk_in_rank_order(register):
    with translation.override("en"):
        data = exports.register_workbook(selectors.register_view(register))
        congo = country_name("CD")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Risks", "Heat map", "About"]
    risks = wb["Risks"]
    assert risks.freeze_panes == "A2"
    assert risks.auto_filter.ref.startswith("A1:")

    rows = _records(data)
    assert [(r["Rank"], r["Theme"], r["Prioritised"]) for r in rows] == [
        (1, "Child labour", "yes"),
        (2, "Health and safety", "yes"),
        (3, "Corruption and bribery", "no"),
    ]
    first = rows[0]
    assert first["Raw material or metal"] == "Gold"
    assert first["Country"] == congo
    assert first["Affected stakeholders"] == "Children"
    assert (first["Scale"], first["Scope"], first["Irremediable character"]) == (5, 3, 4)
    assert (first["Severity"], first["Likelihood"]) == (5, 5)
    assert first["What happens, and to whom"] == CHILD_LABOUR["description"]
    assert first["Are women or girls affected differently?"] == "yes, differently"
    assert first["How"] == CHILD_LABOUR["gender_how"]
    risk = register.risks.get(theme="child_labour")
    assert first["Likelihood suggested by reference data"] == risk.likelihood_floor
    assert first["Explanation"].startswith("Prioritised (number 1 of 3)")
    assert "CAHRA" in first["Reference data"]
    assert rows[1]["Likelihood"] is None
    assert rows[1]["Actual or potential"] == "actual (it happens)"
    assert rows[2]["Why"] == "below the number prioritised"


def test_the_register_workbook_has_the_heat_map_and_the_method(register, world):
    with translation.override("en"):
        data = exports.register_workbook(selectors.register_view(register))
    heat = _sheet_rows(data, 1)
    assert heat[0][1:] == (1, 2, 3, 4, 5)
    assert [row[0] for row in heat[1:6]] == [5, 4, 3, 2, 1]
    assert heat[1][1:] == (0, 0, 0, 0, 1)  # child labour: severity 5, likelihood 5
    assert heat[2][1:] == (0, 0, 0, 0, 1)  # the actual accidents: severity 4, counted as likelihood 5
    assert heat[4][1:] == (0, 1, 0, 0, 0)  # bribery: severity 2, likelihood 2
    about = dict(row[:2] for row in _sheet_rows(data, 2) if row[0])
    assert about["Company"] == world.company.name
    assert about["Number of risks to prioritise"] == 2
    assert "first 2 open risks" in about["How risks are prioritised"]
    assert isinstance(about["Generated at"], dt.datetime)


def test_the_register_pdf_names_the_company_and_its_risks(register, world):
    view = selectors.register_view(register)
    with translation.override("en"):
        html = pdf.register_html(view)
        document = pdf.register_pdf(view)
    assert document.startswith(b"%PDF")
    assert '<html lang="en">' in html
    text = _rendered_text(html)
    assert world.company.name in text
    assert "1. Child labour – Gold" in text
    assert text.index("Priorities") < text.index("Child labour") < text.index("Other risks")
    assert text.index("Other risks") < text.index("Corruption and bribery")
    assert CHILD_LABOUR["description"] in text
    assert "Confidential" in text
    assert '<html lang="nl">' in pdf.register_html(view)  # Dutch unless the reader chose English


def test_a_deviation_from_the_method_is_marked_with_its_reason(register, world):
    bribery = register.risks.get(theme="corruption")
    reason = "Een klant vraagt erom."
    services.risk_save(
        register=register,
        risk=bribery,
        data={**BRIBERY, "override": "prioritise", "override_reason": reason},
        actor=world.company_admin,
    )
    with translation.override("en"):
        rows = _records(exports.register_workbook(selectors.register_view(register)))
    assert rows[2]["Prioritised"] == "yes, deviating from the method"
    assert rows[2]["Why"] == "below the number prioritised"
    assert rows[2]["Reason for deviating from the method"] == reason
    assert rows[0]["Reason for deviating from the method"] is None


# --- the public statement ----------------------------------------------------------------------


def test_the_statement_workbook_shows_only_what_was_published(statement):
    with translation.override("en"):
        data = exports.statement_workbook(statement.content, version=statement.version)
        peru = country_name("PE")
    rows = _records(data)
    header = set(rows[0])
    assert not header & {
        "Likelihood suggested by reference data",
        "Evidence for a lower likelihood",
        "What happens, and to whom",
        "Still needed before publishing",
    }
    assert [r["Theme"] for r in rows] == ["Child labour", "Health and safety", "Corruption and bribery"]
    assert rows[0]["Country"] is None and rows[0]["Region"] is None  # not disclosed
    assert rows[0]["Reference data"] is None  # a citation would name the country
    assert rows[1]["Country"] == peru  # disclosed
    assert rows[0]["Explanation"] == statement.content["risks"][0]["explanation"]["en"]
    about = dict(row[:2] for row in _sheet_rows(data, 2) if row[0])
    assert about["Version"] == 1


def test_the_statement_pdf_reads_in_the_active_language(statement, world):
    content = statement.content
    with translation.override("en"):
        html = pdf.statement_html(content, published_at=statement.published_at, version=statement.version)
        document = pdf.statement_pdf(content, published_at=statement.published_at, version=statement.version)
        congo = country_name("CD")
    assert document.startswith(b"%PDF")
    text = _rendered_text(html)
    assert world.company.name in text
    assert "1. Child labour – Gold" in text
    assert content["risks"][0]["explanation"]["en"][:40] in text
    assert "Published" in text and "version 1" in text
    assert f"Gold – {congo}" not in text
    assert "Reference data •" not in text.split("2. Health and safety")[0]
    assert CHILD_LABOUR["description"] not in text
    assert "Peru" in text


def test_a_statement_falls_back_to_the_dutch_explanation():
    content = {
        "organization": "Alfa Metaal BV",
        "year": 1,
        "year_start": "2026-01-01",
        "year_end": "2026-12-31",
        "method_version": "2025.1",
        "priority_count": 1,
        "open_risks": 1,
        "risks": [
            {
                "theme": "child_labour",
                "nature": "actual",
                "severity": 4,
                "scale": 4,
                "scope": 2,
                "irremediability": 1,
                "likelihood": None,
                "rank": 1,
                "prioritised": True,
                "reason": "rank",
                "overridden": False,
                "addressed": False,
                "explanation": {"nl": "Alleen in het Nederlands."},
                "gender": "no",
                "citations": [],
            }
        ],
    }
    with translation.override("en"):
        html = pdf.statement_html(content, published_at=timezone.now(), version=2)
    assert "Alleen in het Nederlands." in html
    assert exports.content_heat(content) == {(4, 5): 1}


def test_the_statement_heat_map_leaves_out_addressed_and_unranked_risks():
    risks = [
        {"severity": 3, "likelihood": 2, "nature": "potential", "rank": 1, "addressed": False},
        {"severity": 3, "likelihood": 2, "nature": "potential", "rank": 2, "addressed": False},
        {"severity": 5, "likelihood": None, "nature": "actual", "rank": 3, "addressed": False},
        {"severity": 5, "likelihood": 4, "nature": "potential", "rank": None, "addressed": True},
        {"severity": None, "likelihood": None, "nature": "potential", "rank": None, "addressed": False},
    ]
    assert exports.content_heat({"risks": risks}) == {(3, 2): 2, (5, 5): 1}


# --- the heat map ---------------------------------------------------------------------------------


def test_the_heat_map_is_accessible_svg_with_the_counts_in_their_cells():
    with translation.override("en"):
        svg = heat_map_svg({(5, 4): 2, (1, 1): 7}, title="Open risks", description="Two severe risks.")
    root = ET.fromstring(svg.encode())
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Open risks"
    assert root.find(f"{SVG}desc").text == "Two severe risks."
    cells = {g.get("id"): "".join(g.itertext()).strip() for g in root.iter(f"{SVG}g")}
    assert cells["count-5-4"] == "2"
    assert cells["count-1-1"] == "7"
    assert cells.get("count-3-3", "") == ""
    assert sum(1 for key in cells if key.startswith("cell-")) == 25
    assert "Likelihood" in svg and "Severity" in svg


def test_the_heat_map_describes_itself_when_not_told_how():
    with translation.override("en"):
        svg = heat_map_svg({(5, 4): 2}, title="Open risks")
    desc = ET.fromstring(svg.encode()).find(f"{SVG}desc").text
    assert "severity 5, likelihood 4: 2 risks" in desc
    assert heat_map_svg({(5, 4): 2}, title="Open risks") == heat_map_svg({(5, 4): 2}, title="Open risks")


# --- the sector -----------------------------------------------------------------------------------


def _entry(company: int, *, theme: str = "child_labour", material: str = "cobalt", country: str = "CD", **kw):
    fields = {"severity": 4, "likelihood": 3, "actual": False, "prioritised": True} | kw
    return Entry(company, theme, material, country, **fields)


def test_the_sector_workbook_names_each_row_area_and_its_suppression():
    entries = [
        *(_entry(n) for n in (1, 2, 3)),  # Congo: three companies, a row of its own
        _entry(4, country="RW"),
        _entry(5, country="UG"),
        _entry(6, country="TZ"),  # three other African countries: "other countries in Africa"
        *(_entry(n, material="", country="") for n in (1, 2, 4)),  # no material: all materials, world
        _entry(7, theme="corruption"),  # one company: not shown
    ]
    view = aggregate(entries, k=3, themes=["child_labour", "corruption"])
    with translation.override("en"):
        data = exports.sector_workbook(view, year_label="Year 1")
    rows = _sheet_rows(data)
    assert rows[0][0] == "Sector risks Year 1"
    assert "at least 3 companies" in rows[1][0]
    header_at = next(i for i, row in enumerate(rows) if row[0] == "Theme")
    table = [row for row in rows[header_at + 1 :] if row[0] and row[4] is not None]
    assert {(row[1], row[2], row[4]) for row in table} == {
        ("Cobalt", country_name("CD", "en"), 3),
        ("Cobalt", "Other countries in Africa", 3),
        ("other or all materials", "Elsewhere / all countries", 3),
    }
    assert any("Not shown to protect confidentiality: 1 risk" in (row[0] or "") for row in rows)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Sector risks", "Themes", "Heat map"]
    themes = list(wb["Themes"].iter_rows(values_only=True))
    assert themes[1][:3] == ("Child labour", 6, 6)
    heat = list(wb["Heat map"].iter_rows(values_only=True))
    assert heat[2][3] == 10  # severity 4, likelihood 3: every entry, the one not in a row too
    assert heat[1][1] is None


def test_the_sector_workbook_says_when_nothing_can_be_shown():
    view = aggregate([_entry(1), _entry(2)], k=3)
    with translation.override("en"):
        data = exports.sector_workbook(view, year_label="Year 1")
    assert any("nothing can be shown yet" in (row[0] or "") for row in _sheet_rows(data))
