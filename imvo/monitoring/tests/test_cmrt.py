"""Importing a supplier's CMRT or EMRT: what is read from the file, what is refused and why, and
which self-assessment requirements it pre-fills."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from imvo.monitoring import cmrt
from imvo.monitoring.cmrt import CmrtAnswer, CmrtError, CmrtReport, prefill, read_cmrt
from imvo.monitoring.framework import load_framework
from imvo.monitoring.tests.cmrt_builder import build_cmrt


@pytest.fixture(autouse=True)
def _in_english():
    """The messages are asserted in English; the Dutch ones are checked by the translation test."""
    with translation.override("en"):
        yield


def read(**options) -> CmrtReport:
    return read_cmrt(io.BytesIO(build_cmrt(**options)))


def edited(data: bytes, sheet: str, changes: dict[str, object]) -> io.BytesIO:
    workbook = load_workbook(io.BytesIO(data))
    for ref, value in changes.items():
        workbook[sheet][ref] = value
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


@pytest.fixture(scope="module")
def framework():
    return load_framework("metal-2025.1")


# --- reading a CMRT ---------------------------------------------------------------------------


def test_it_reads_the_company_and_the_revision():
    report = read(company="Van Dijk Metaal B.V.")

    assert report.template == "CMRT"
    assert report.revision == "6.5"
    assert report.company_name == "Van Dijk Metaal B.V."
    assert report.scope == "A. Company"
    assert report.effective_date == date(2025, 5, 12)
    assert report.warnings == ()


def test_it_reads_the_company_questions_with_their_comments():
    report = read(
        company_answers={
            "A": "Yes",
            "B": "Yes",
            "E": "Yes, in conformance with IPC1755 (e.g. CMRT)",
            "H": "No",
        },
        company_comments={"B": "https://vandijkmetaal.example/mineralen"},
    )

    assert set(report.company) == set("ABCDEFGH")
    assert report.company["B"] == CmrtAnswer(
        value="yes", raw="Yes", comment="https://vandijkmetaal.example/mineralen", cell="Declaration!D77"
    )
    assert report.company["E"].value == "yes"
    assert report.company["H"].value == "no"
    assert report.company["H"].cell == "Declaration!D89"


def test_it_reads_every_declaration_question_per_metal():
    report = read(declaration={"Q3": {"tin": "Unknown"}, "Q7": {"gold": "No"}})

    assert set(report.declaration) == {f"Q{n}" for n in range(1, 9)}
    assert all(
        set(answers) == {"tantalum", "tin", "gold", "tungsten"} for answers in report.declaration.values()
    )
    assert report.declaration["Q3"]["tin"].value == "unknown"
    assert report.declaration["Q7"]["gold"].value == "no"
    assert report.declaration["Q7"]["gold"].cell == "Declaration!D64"
    assert report.declaration["Q1"]["tantalum"].cell == "Declaration!D26"
    assert report.declaration["Q8"]["tungsten"].cell == "Declaration!D71"


def test_it_reads_the_share_of_suppliers_that_responded():
    shares = {"tantalum": "Greater than 90%", "tin": "50% or less", "gold": "None", "tungsten": 1}

    report = read(declaration={"Q6": shares})

    assert {m: a.value for m, a in report.declaration["Q6"].items()} == {
        "tantalum": ">90%",
        "tin": "<=50%",
        "gold": "none",
        "tungsten": "100%",
    }


@pytest.mark.parametrize(
    ("written", "understood"),
    [
        ("Ja", "yes"),
        ("Nee", "no"),
        ("Onbekend", "unknown"),
        ("Nein", "no"),
        ("Unbekannt", "unknown"),
        ("Oui", "yes"),
        ("Non", "no"),
        ("Sí", "yes"),
        ("Desconocido", "unknown"),
    ],
)
def test_it_understands_answers_in_other_languages(written, understood):
    report = read(company_answers={"A": written}, declaration={"Q7": {"tin": written}})

    assert report.company["A"].value == understood
    assert report.company["A"].raw == written
    assert report.declaration["Q7"]["tin"].value == understood


def test_it_leaves_an_answer_it_cannot_understand_open_and_says_where():
    report = read(company_answers={"D": "Misschien"})

    assert report.company["D"].value == ""
    assert report.company["D"].raw == "Misschien"
    assert any("D81" in warning and "Misschien" in warning for warning in report.warnings)


def test_it_reads_smelters_with_their_cid_and_iso_country():
    smelters = [
        {
            "cid": "cid002345",
            "metal": "Tin",
            "lookup": "Bangka Tin Example",
            "name": "Bangka Tin Example",
            "country": "Indonesia",
        },
        {
            "metal": "Goud",
            "lookup": "Smelter not listed",
            "name": "Rijnmond Goudraffinage",
            "country": "Duitsland",
            "city": "Hamburg",
        },
        {
            "metal": "Tantalum",
            "lookup": "Smelter not listed",
            "name": "Example Tantalum",
            "country": "Korea, Republic Of",
        },
        {
            "metal": "Tungsten",
            "lookup": "Smelter not listed",
            "name": "Example Tungsten",
            "country": "Congo, Democratic Republic Of The",
        },
        {"metal": "Gold", "lookup": "Smelter not listed", "name": "Nowhere Gold", "country": "Atlantis"},
    ]

    found = read(smelters=smelters).smelters

    assert [(s.row, s.cid, s.metal, s.name, s.country_code) for s in found] == [
        (5, "CID002345", "tin", "Bangka Tin Example", "ID"),
        (6, "", "gold", "Rijnmond Goudraffinage", "DE"),
        (7, "", "tantalum", "Example Tantalum", "KR"),
        (8, "", "tungsten", "Example Tungsten", "CD"),
        (9, "", "gold", "Nowhere Gold", ""),
    ]
    assert found[1].country == "Duitsland"
    assert found[1].city == "Hamburg"


def test_it_skips_empty_and_unidentified_smelter_rows():
    smelters = [
        {"metal": "Tin", "lookup": "Smelter not yet identified"},
        {},
        {
            "metal": "Gold",
            "lookup": "Smelter not listed",
            "name": "Rijnmond Goudraffinage",
            "country": "Netherlands",
        },
    ]

    found = read(smelters=smelters).smelters

    assert [(s.row, s.name) for s in found] == [(7, "Rijnmond Goudraffinage")]


def test_it_stops_at_the_smelter_limit_and_says_so(monkeypatch):
    monkeypatch.setattr(cmrt, "MAX_SMELTERS", 2)
    smelters = [{"metal": "Tin", "lookup": "Smelter not listed", "name": f"Smelter {n}"} for n in range(3)]

    report = read(smelters=smelters)

    assert [s.name for s in report.smelters] == ["Smelter 0", "Smelter 1"]
    assert any("Smelter List" in warning for warning in report.warnings)


def test_it_reads_cached_values_and_never_formula_text():
    smelter = {
        "metal": "Tin",
        "lookup": "Bangka Tin Example",
        "name": '=IF(C5="","",C5)',
        "country": "Indonesia",
    }

    report = read(smelters=[smelter], company_comments={"A": '=HYPERLINK("https://example.org")'})

    assert report.smelters[0].name == "Bangka Tin Example"
    assert report.company["A"].comment == ""


def test_it_reads_a_path_and_a_django_upload(tmp_path):
    path = tmp_path / "van-dijk-2025-05-12.xlsx"
    data = build_cmrt(path)
    upload = SimpleUploadedFile("van-dijk.xlsx", data)

    assert read_cmrt(path).company_name == "Van Dijk Metaal B.V."
    assert read_cmrt(str(path)).company_name == "Van Dijk Metaal B.V."
    assert read_cmrt(upload).company_name == "Van Dijk Metaal B.V."


# --- reading an EMRT --------------------------------------------------------------------------


def test_it_recognises_an_emrt_and_its_minerals():
    report = read(
        template="EMRT",
        declaration={"Q1": {"cobalt": "Yes", "mica": "Yes", "nickel": "Yes"}, "Q6": {"mica": "No"}},
        company_answers={"C": "Yes, when more processors are validated"},
    )

    assert report.template == "EMRT"
    assert report.revision == "2.1"
    assert report.effective_date == date(2025, 5, 12)
    assert set(report.declaration) == {f"Q{n}" for n in range(1, 8)}
    assert set(report.declaration["Q6"]) == {"cobalt", "mica", "nickel"}
    assert report.declaration["Q6"]["mica"].value == "no"
    assert set(report.company) == set("ABCDEFG")
    assert report.company["C"].value == "conditional"
    assert [(s.metal, s.country_code) for s in report.smelters] == [("cobalt", "FI")]


def test_it_reads_an_emrt_without_question_labels_at_rmis_rows():
    data = build_cmrt(template="EMRT", declaration={"Q6": {"cobalt": "No", "nickel": "Yes"}})
    labels = {f"B{row}": None for row in (29, 41, 53, 65, 77, 89, 101, 115, 117, 119, 131, 133, 135, 137)}

    report = read_cmrt(edited(data, "Declaration", labels))

    assert report.template == "EMRT"
    assert report.declaration["Q6"]["cobalt"].value == "no"
    assert report.declaration["Q6"]["cobalt"].cell == "Declaration!D90"
    assert report.company["G"].cell == "Declaration!D137"


# --- files that are refused -------------------------------------------------------------------


def test_it_refuses_a_file_that_is_not_an_excel_workbook():
    with pytest.raises(CmrtError, match=r"not an Excel workbook \(\.xlsx\)"):
        read_cmrt(io.BytesIO(b"%PDF-1.7 this is a pdf"))


def test_it_refuses_a_damaged_workbook():
    data = build_cmrt()

    with pytest.raises(CmrtError, match="damaged"):
        read_cmrt(io.BytesIO(data[: len(data) // 2]))


def test_it_refuses_a_zip_that_is_not_a_workbook():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "hello")
    archive.seek(0)

    with pytest.raises(CmrtError, match="not an Excel workbook"):
        read_cmrt(archive)


def test_it_refuses_a_workbook_that_is_not_a_cmrt():
    workbook = Workbook()
    workbook.active["A1"] = "Leveranciers"
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)

    with pytest.raises(CmrtError, match="no 'Declaration' sheet"):
        read_cmrt(data)


def test_it_refuses_a_declaration_without_a_revision():
    with pytest.raises(CmrtError, match="cell J3: no template revision"):
        read_cmrt(edited(build_cmrt(), "Declaration", {"J3": None}))


def test_it_refuses_an_old_cmrt_and_names_its_revision():
    with pytest.raises(CmrtError, match=r"CMRT revision 5\.12; only revision 6\.0 or newer"):
        read(revision="Revision 5.12")


def test_it_refuses_an_old_emrt_and_names_its_revision():
    with pytest.raises(CmrtError, match=r"EMRT revision 1\.3; only revision 2\.0 or newer"):
        read(template="EMRT", revision="Revision 1.3")


def test_it_refuses_a_declaration_without_a_company_name():
    with pytest.raises(CmrtError, match="cell D8: the company name is empty"):
        read(company="")


def test_it_refuses_a_file_over_the_size_limit_without_opening_it(tmp_path):
    path = tmp_path / "huge.xlsx"
    with open(path, "wb") as fh:
        fh.truncate(cmrt.MAX_BYTES + 1)

    with pytest.raises(CmrtError, match="up to 20 MB"):
        read_cmrt(path)


# --- pre-filling the self-assessment ----------------------------------------------------------


def tagged(framework) -> dict[str, dict[str, str]]:
    return {
        i.code: {r.code: r.cmrt for r in i.requirements if r.cmrt}
        for i in framework.indicators()
        if any(r.cmrt for r in i.requirements)
    }


def test_a_clear_cmrt_fills_every_tagged_requirement_and_nothing_else(framework):
    result = prefill(framework, read())

    assert {code: set(p.met) for code, p in result.items()} == {
        code: set(reqs) for code, reqs in tagged(framework).items()
    }
    assert all(all(p.met.values()) for p in result.values())
    assert result["M1-policy"].met == {"a": True, "d": True}
    assert result["M2-smelters"].met == {"a": True, "c": True}


def test_a_no_is_prefilled_as_not_met(framework):
    result = prefill(framework, read(company_answers={"B": "Nee"}))

    assert result["M1-policy"].met == {"a": True, "d": False}


def test_unknown_leaves_the_requirement_unanswered(framework):
    result = prefill(framework, read(company_answers={"B": "Unknown", "H": "Unknown"}))

    assert result["M1-policy"].met == {"a": True}
    assert "M5-reporting" not in result


def test_all_smelters_identified_needs_a_yes_for_every_metal(framework):
    all_yes = prefill(framework, read())
    one_no = prefill(framework, read(declaration={"Q7": {"gold": "No"}}))
    one_unknown = prefill(framework, read(declaration={"Q7": {"gold": "Unknown"}}))

    assert all_yes["M2-smelters"].met["c"] is True
    assert one_no["M2-smelters"].met["c"] is False
    assert "c" not in one_unknown["M2-smelters"].met


def test_metals_declared_out_of_scope_do_not_count(framework):
    report = read(declaration={"Q1": {"gold": "No"}, "Q2": {"gold": "No"}, "Q7": {"gold": ""}})

    assert prefill(framework, report)["M2-smelters"].met["c"] is True


def test_notes_say_where_each_prefilled_answer_came_from(framework):
    report = read(
        company_comments={"B": "https://vandijkmetaal.example/mineralen"}, declaration={"Q7": {"tin": "No"}}
    )

    notes = prefill(framework, report)

    assert "CMRT 6.5, question B: Yes — https://vandijkmetaal.example/mineralen" in notes["M1-policy"].notes
    assert "CMRT 6.5, question 7: tantalum Yes, tin No, gold Yes, tungsten Yes" in notes["M2-smelters"].notes


def test_an_emrt_fills_all_smelters_identified_from_its_question_6(framework):
    result = prefill(framework, read(template="EMRT", declaration={"Q6": {"cobalt": "Yes", "nickel": "No"}}))

    assert result["M2-smelters"].met["c"] is False
    assert "EMRT 2.1, question 6: cobalt Yes, nickel No" in result["M2-smelters"].notes
    assert "M5-reporting" not in result


ANSWERS = st.sampled_from(["yes", "no", "unknown", "", "n/a", "conditional", "100%", ">90%", "none"])


def answer(value: str) -> CmrtAnswer:
    return CmrtAnswer(value=value, raw=value, comment="", cell="Declaration!D1")


@settings(max_examples=200, deadline=None)
@given(
    company=st.fixed_dictionaries({letter: ANSWERS for letter in "ABCDEFGH"}),
    declaration=st.fixed_dictionaries(
        {q: st.fixed_dictionaries({m: ANSWERS for m in cmrt.CMRT_METALS}) for q in ("Q1", "Q2", "Q7")}
    ),
)
def test_prefill_never_marks_a_requirement_met_from_a_no_or_a_blank(company, declaration):
    framework = load_framework("metal-2025.1")
    report = CmrtReport(
        template="CMRT",
        revision="6.5",
        company_name="Van Dijk Metaal B.V.",
        scope="A. Company",
        scope_description="",
        effective_date=None,
        declaration={q: {m: answer(v) for m, v in answers.items()} for q, answers in declaration.items()},
        company={letter: answer(v) for letter, v in company.items()},
        smelters=(),
        warnings=(),
    )
    in_scope = [
        m
        for m in cmrt.CMRT_METALS
        if declaration["Q1"][m] not in ("no", "n/a") and declaration["Q2"][m] != "no"
    ]

    for code, result in prefill(framework, report).items():
        for requirement, met in result.met.items():
            tag = next(r.cmrt for r in framework.indicator(code).requirements if r.code == requirement)
            sources = [declaration["Q7"][m] for m in in_scope] if tag == "Q7" else [company[tag]]
            if met:
                assert not {"no", "", "unknown"} & set(sources)
            else:
                assert {"no", "none", ">90%"} & set(sources)
