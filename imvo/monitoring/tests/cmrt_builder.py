"""Build CMRT and EMRT workbooks in RMI's cell layout, so tests can upload realistic files.

The positions are written down here independently of imvo/monitoring/cmrt.py (see its module
docstring for the sources), so a wrong position in the reader shows up as a failing test. Labels
are short paraphrases: RMI's template itself is © Responsible Minerals Initiative and is not copied.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from openpyxl import Workbook

SHEETS = (
    "Revision",
    "Instructions",
    "Definitions",
    "Declaration",
    "Smelter List",
    "Checker",
    "Product List",
    "Smelter Look-up",
)
CMRT_METALS = ("tantalum", "tin", "gold", "tungsten")
CMRT_QUESTIONS = (
    "3TG intentionally added or used in the product or its production?",
    "3TG remaining in the product?",
    "Smelters sourcing from the covered countries?",
    "Smelters sourcing from conflict-affected and high-risk areas?",
    "All 3TG from recycled or scrap sources?",
    "Share of relevant suppliers that responded?",
    "All smelters supplying the 3TG identified?",
    "All smelter information received reported here?",
)
EMRT_QUESTIONS = tuple(q.replace("3TG", "mineral") for q in CMRT_QUESTIONS[:2] + CMRT_QUESTIONS[3:])
COMPANY_QUESTIONS = (
    "Responsible minerals sourcing policy?",
    "Policy published on the website (URL in comment)?",
    "Direct suppliers required to source from audited smelters?",
    "Due diligence measures implemented?",
    "Suppliers surveyed?",
    "Supplier due diligence information reviewed?",
    "Review includes corrective action management?",
    "Annual conflict minerals disclosure filed?",
)
SMELTER_COLUMNS = {
    "cid": "A",
    "metal": "B",
    "lookup": "C",
    "name": "D",
    "country": "E",
    "identification": "F",
    "source": "G",
    "street": "H",
    "city": "I",
    "region": "J",
    "contact": "K",
    "email": "L",
    "next_steps": "M",
    "mine_names": "N",
    "mine_country": "O",
    "recycled": "P",
    "comment": "Q",
}
DEFAULT_ANSWERS = ("Yes", "Yes", "No", "No", "No", "100%", "Yes", "Yes")


def build_cmrt(
    path_or_none: str | Path | None = None,
    *,
    revision: str | None = None,
    company: str = "Van Dijk Metaal B.V.",
    company_answers: dict[str, str] | None = None,
    company_comments: dict[str, str] | None = None,
    declaration: dict[str, dict[str, str]] | None = None,
    smelters: list[dict] | None = None,
    template: str = "CMRT",
) -> bytes:
    """A filled-in CMRT (or EMRT) as .xlsx bytes, also written to ``path_or_none`` when given.

    ``declaration`` maps "Q1".. to {metal: answer} and overrides a complete, all-clear default; an
    EMRT declares the minerals named there (cobalt and nickel if none). ``revision`` defaults to
    "Revision 6.5" for a CMRT and "Revision 2.1" for an EMRT.
    """
    emrt = template == "EMRT"
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name in (*SHEETS, "Mine List") if emrt else SHEETS:
        workbook.create_sheet(name)
    sheet = workbook["Declaration"]
    sheet["J3"] = revision or ("Revision 2.1" if emrt else "Revision 6.5")
    answers = _answers(company_answers, "ABCDEFG" if emrt else "ABCDEFGH")
    comments = company_comments or {}
    answered = _declaration(declaration, emrt)
    if emrt:
        _emrt_declaration(sheet, company, answered, answers, comments)
    else:
        _cmrt_declaration(sheet, company, answered, answers, comments)
    _smelter_list(workbook["Smelter List"], _default_smelters(emrt) if smelters is None else smelters)
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if path_or_none is not None:
        Path(path_or_none).write_bytes(data)
    return data


def _answers(given: dict[str, str] | None, letters: str) -> dict[str, str]:
    return {**dict.fromkeys(letters, "Yes"), **(given or {})}


def _declaration(given: dict[str, dict[str, str]] | None, emrt: bool) -> dict[str, dict[str, str]]:
    given = given or {}
    metals = sorted({m for answers in given.values() for m in answers}) or ["cobalt", "nickel"]
    metals = metals if emrt else list(CMRT_METALS)
    count = 7 if emrt else 8
    defaults = DEFAULT_ANSWERS[:2] + DEFAULT_ANSWERS[3:] if emrt else DEFAULT_ANSWERS
    return {
        f"Q{n}": {metal: given.get(f"Q{n}", {}).get(metal, defaults[n - 1]) for metal in metals}
        for n in range(1, count + 1)
    }


def _company_information(sheet, company: str, first_row: int) -> None:
    sheet["B8"], sheet["D8"] = "Company name (*):", company
    sheet["B9"], sheet["D9"] = "Declaration scope or class (*):", "A. Company"
    sheet["B10"] = "Description of scope:"
    fields = (
        ("Company unique ID:", "KVK 12345678"),
        ("Company unique ID authority:", "KVK"),
        ("Address:", "Industrieweg 1, 5600 AA Eindhoven"),
        ("Contact name (*):", "Anna de Vries"),
        ("Contact e-mail (*):", "anna@vandijkmetaal.example"),
        ("Contact phone (*):", "+31 40 123 4567"),
        ("Authorizer (*):", "Pieter van Dijk"),
        ("Title - authorizer:", "Director"),
        ("E-mail - authorizer (*):", "pieter@vandijkmetaal.example"),
        ("Phone - authorizer:", "+31 40 123 4568"),
        ("Effective date (*):", date(2025, 5, 12)),
    )
    for offset, (label, value) in enumerate(fields):
        sheet[f"B{first_row + offset}"], sheet[f"D{first_row + offset}"] = label, value


def _cmrt_declaration(sheet, company, declaration, answers, comments) -> None:
    _company_information(sheet, company, first_row=12)
    for n, question in enumerate(CMRT_QUESTIONS, start=1):
        header = 25 + 6 * (n - 1)
        sheet[f"B{header}"] = f"{n}) {question}"
        for offset, metal in enumerate(CMRT_METALS, start=1):
            sheet[f"C{header + offset}"] = metal.capitalize()
            sheet[f"D{header + offset}"] = declaration[f"Q{n}"][metal]
    for i, letter in enumerate("ABCDEFGH"):
        row = 75 + 2 * i
        sheet[f"B{row}"] = f"{letter}. {COMPANY_QUESTIONS[i]}"
        sheet[f"D{row}"] = answers[letter]
        sheet[f"G{row}"] = comments.get(letter)


EMRT_HEADERS = {"A": 115, "B": 117, "C": 119, "D": 131, "E": 133, "F": 135, "G": 137}


def _emrt_declaration(sheet, company, declaration, answers, comments) -> None:
    _company_information(sheet, company, first_row=16)
    minerals = sorted(declaration["Q1"])
    for cell, mineral in zip(("D12", "E12", "G12", "D13", "E13", "G13"), minerals, strict=False):
        sheet[cell] = mineral.capitalize()
    for n, question in enumerate(EMRT_QUESTIONS, start=1):
        header = 29 + 12 * (n - 1)
        sheet[f"B{header}"] = f"{n}) {question}"
        for offset, mineral in enumerate(minerals, start=1):
            sheet[f"C{header + offset}"] = mineral.capitalize()
            sheet[f"D{header + offset}"] = declaration[f"Q{n}"][mineral]
    for letter, row in EMRT_HEADERS.items():
        sheet[f"B{row}"] = f"{letter}. {COMPANY_QUESTIONS['ABCDEFG'.index(letter)]}"
        if letter == "C":
            for offset, mineral in enumerate(minerals, start=1):
                sheet[f"C{row + offset}"] = mineral.capitalize()
                sheet[f"D{row + offset}"] = answers[letter]
                sheet[f"G{row + offset}"] = comments.get(letter)
        else:
            sheet[f"D{row}"] = answers[letter]
            sheet[f"G{row}"] = comments.get(letter)


def _smelter_list(sheet, smelters: list[dict]) -> None:
    headers = ("Smelter ID input", "Metal (*)", "Smelter look-up (*)", "Smelter name (*)", "Country (*)")
    for column, label in zip("ABCDE", headers, strict=True):
        sheet[f"{column}4"] = label
    for row, smelter in enumerate(smelters, start=5):
        for key, value in smelter.items():
            sheet[f"{SMELTER_COLUMNS[key]}{row}"] = value


def _default_smelters(emrt: bool) -> list[dict]:
    if emrt:
        return [
            {
                "metal": "Cobalt",
                "lookup": "Smelter not listed",
                "name": "Noordelijke Kobaltraffinaderij",
                "country": "Finland",
            }
        ]
    return [
        {
            "cid": "CID009901",
            "metal": "Tin",
            "lookup": "Voorbeeld Tin Smelter",
            "name": "Voorbeeld Tin Smelter",
            "country": "Indonesia",
            "city": "Pangkal Pinang",
            "mine_names": "Recycled",
            "recycled": "Yes",
        },
        {
            "metal": "Gold",
            "lookup": "Smelter not listed",
            "name": "Rijnmond Goudraffinage",
            "country": "Netherlands",
        },
    ]
