"""Read an RMI CMRT or EMRT workbook, and pre-fill the minerals section of a self-assessment from it.

Metal companies already fill in RMI's Conflict Minerals Reporting Template (CMRT, 3TG) and Extended
Minerals Reporting Template (EMRT: cobalt, copper, graphite, lithium, mica, nickel); importing one
saves them typing the same answers twice. Labels follow the language chosen in the file, so answers
are read by cell position, and only cached values are read (``data_only``), never formula text.

Layout relied on:

- CMRT 6.x: /work/shared/research/assessment.md, "CMRT file layout" (read from RMI's CMRT 6.5
  template): revision in Declaration!J3; company information in column D, rows 8-22 (effective
  date D22); questions 1-8 with one row per metal (tantalum, tin, gold, tungsten) from rows 26, 32,
  ... 68, answer in D and comment in G; company questions A-H in rows 75, 77, ... 89. The question
  rows agree with the anchors that cirscn/cm-reporting generated from RMI's CMRT 6.01-6.6 templates
  (app/src/lib/public/excelMappings.generated.ts).
- EMRT 2.x: no RMI template was at hand. cirscn/cm-reporting exports by patching RMI's original
  EMRT 2.0/2.1 files (app/src/lib/public/excel.ts, excelMappings.generated.ts,
  scripts/generate-excel-mapping.js, docs/02-emrt-prd.md, docs/archive/diffs/emrt.md). From it:
  company name D8, scope D9, scope description D10, minerals chosen in D12:G13, the other company
  fields from D16 with the effective date in D26; seven questions, not eight (CMRT 3 "covered
  countries" has no counterpart, so EMRT 3-7 are CMRT 4-8); each question's header carries "N)" in
  column B (rows 29, 41, ... 101 in 2.0/2.1) and is followed by one row per chosen mineral, listed
  alphabetically, answer in D and comment in G; company questions A-G carry "A." in column B (rows
  115, 117, 119, 131, 133, 135, 137), answered in D of that row, except C which has one row per
  mineral below it; no question H. The Smelter List has the CMRT's columns A-Q from row 5.
  Because the mineral rows depend on the minerals chosen, question rows are found from their "N)"
  markers in column B (falling back to the rows above when the markers are missing) and the
  mineral of each row from its name in column C (or B).
- Which template a file is: 8 question markers make a CMRT, 7 an EMRT; without markers a "Mine
  List" sheet (EMRT 2.0+) or a revision below 3 means EMRT. Other numbers of questions (RMI's CRT
  has 6, the AMRT 2) are refused. The EMRT revision is looked for in J3, then in any "Revision x.y"
  text in the top six rows.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from imvo.core.countries import country_code, fold
from imvo.monitoring.framework import Framework

MAX_BYTES = 20 * 1024 * 1024
MAX_SMELTERS = 10_000
DECLARATION = "Declaration"
SMELTER_LIST = "Smelter List"

CMRT_METALS = ("tantalum", "tin", "gold", "tungsten")
CMRT_FIRST_METAL_ROW = {f"Q{n}": 26 + 6 * (n - 1) for n in range(1, 9)}
CMRT_COMPANY_ROW = {letter: 75 + 2 * i for i, letter in enumerate("ABCDEFGH")}
EMRT_HEADER_ROW = {
    **{f"Q{n}": 29 + 12 * (n - 1) for n in range(1, 8)},
    **{"A": 115, "B": 117, "C": 119, "D": 131, "E": 133, "F": 135, "G": 137},
}
# CMRT question -> EMRT question with the same meaning; the framework tags use CMRT numbering.
EMRT_QUESTION = {"Q1": "Q1", "Q2": "Q2", "Q4": "Q3", "Q5": "Q4", "Q6": "Q5", "Q7": "Q6", "Q8": "Q7"}

POSITIVE = frozenset({"yes", "100%"})
NEGATIVE = frozenset({"no", "none", "<=50%", ">50%", ">75%", ">90%"})

_DECLARATION_ROWS = 250
_DECLARATION_COLUMNS = 20
_EMPTY_ROWS_AT_END = 1_000
_SMELTER_COLUMNS = "ABCDEFGHIJKLMNOPQRS"
# What openpyxl raises for a file that is not an .xlsx; a damaged sheet (bad zip member, broken
# XML) may only show up later, while its rows are being read.
_NOT_XLSX = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, EOFError, SyntaxError)
_DAMAGED = (zipfile.BadZipFile, OSError, EOFError, SyntaxError)


class CmrtError(ValueError):
    """The file cannot be read as a CMRT or EMRT; the message tells the person why."""


@dataclass(frozen=True)
class CmrtAnswer:
    """One answer as found in the file.

    ``value`` is normalised to the template's English terms: "yes", "no", "unknown", "n/a" (not
    declaring), "conditional" (EMRT C: "yes, when more processors are validated"), a share ("100%",
    ">90%", ">75%", ">50%", "<=50%", "none"), or "" when blank or not understood.
    """

    value: str
    raw: str
    comment: str
    cell: str


@dataclass(frozen=True)
class Smelter:
    row: int
    cid: str
    metal: str
    name: str
    country: str
    country_code: str
    street: str
    city: str
    region: str
    mine_names: str
    mine_country: str
    recycled: str
    comment: str


@dataclass(frozen=True)
class CmrtReport:
    template: str
    revision: str
    company_name: str
    scope: str
    scope_description: str
    effective_date: date | None
    declaration: dict[str, dict[str, CmrtAnswer]]
    company: dict[str, CmrtAnswer]
    smelters: tuple[Smelter, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Prefill:
    met: dict[str, bool]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Layout:
    template: str
    minimum_major: int
    effective_date_cell: str


_CMRT = _Layout("CMRT", 6, "D22")
_EMRT = _Layout("EMRT", 2, "D26")


# --- reading ----------------------------------------------------------------------------------


def read_cmrt(file: str | os.PathLike[str] | IO[bytes]) -> CmrtReport:
    """Read a CMRT 6.x or EMRT 2.x workbook (a path or an uploaded file); raise CmrtError if it is not one."""
    _check_size(file)
    workbook = _open(file)
    try:
        return _read(workbook)
    except _DAMAGED as exc:
        raise CmrtError(_damaged()) from exc
    finally:
        workbook.close()


def _damaged() -> str:
    return _(
        "This file is not an Excel workbook (.xlsx), or it is damaged. "
        "Open it in Excel, save it as .xlsx and upload it again."
    )


def _check_size(file: str | os.PathLike[str] | IO[bytes]) -> None:
    """Refuse big files before unzipping them: a small zip can expand to a lot of memory."""
    size = _size(file)
    if size > MAX_BYTES:
        raise CmrtError(
            _("The file is %(size).1f MB; files up to %(limit)d MB can be read.")
            % {"size": size / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024}
        )


def _size(file: str | os.PathLike[str] | IO[bytes]) -> int:
    if isinstance(file, str | os.PathLike):
        return os.path.getsize(file)
    declared = getattr(file, "size", None)  # an UploadedFile knows its size
    if isinstance(declared, int):
        return declared
    position = file.tell()
    file.seek(0, os.SEEK_END)
    end = file.tell()
    file.seek(position)
    return end


def _open(file: str | os.PathLike[str] | IO[bytes]) -> Any:
    try:
        return openpyxl.load_workbook(file, read_only=True, data_only=True)
    except _NOT_XLSX as exc:
        raise CmrtError(_damaged()) from exc


def _read(workbook: Any) -> CmrtReport:
    if DECLARATION not in workbook.sheetnames:
        raise CmrtError(_("This workbook has no 'Declaration' sheet, so it is not an RMI CMRT or EMRT."))
    cells = _sheet_cells(workbook[DECLARATION])
    revision, revision_cell = _revision(cells)
    markers = _markers(cells)
    layout = _layout(markers, workbook.sheetnames, revision)
    _check_revision(layout, revision, revision_cell)
    company_name = _text(cells.get("D8"))
    if not company_name:
        raise CmrtError(
            _(
                "Sheet 'Declaration', cell D8: the company name is empty, so this declaration has not been filled in."
            )
        )
    warnings: list[str] = []
    if layout is _CMRT:
        declaration, company = _cmrt_answers(cells, warnings)
    else:
        declaration, company = _emrt_answers(cells, markers, warnings)
    return CmrtReport(
        template=layout.template,
        revision=revision,
        company_name=company_name,
        scope=_text(cells.get("D9")),
        scope_description=_text(cells.get("D10")),
        effective_date=_effective_date(cells, layout.effective_date_cell, warnings),
        declaration=declaration,
        company=company,
        smelters=_smelters(workbook, warnings),
        warnings=tuple(warnings),
    )


def _sheet_cells(sheet: Any) -> dict[str, Any]:
    """The top of the Declaration sheet in memory: cell access on a read-only sheet rescans the file."""
    cells = {}
    rows = sheet.iter_rows(max_row=_DECLARATION_ROWS, max_col=_DECLARATION_COLUMNS, values_only=True)
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is not None:
                cells[f"{get_column_letter(column)}{row_number}"] = value
    return cells


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _row_of(ref: str) -> int:
    return int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def _revision(cells: dict[str, Any]) -> tuple[str, str]:
    found = re.search(r"(\d+\.\d+)", _text(cells.get("J3")))
    if found:
        return found[1], "J3"
    for ref, value in cells.items():
        found = re.search(r"(?i)\brev[^\s\d]*\s*(\d+\.\d+)", _text(value))
        if found and _row_of(ref) <= 6:
            return found[1], ref
    raise CmrtError(
        _("Sheet 'Declaration', cell J3: no template revision was found, so this is not an RMI CMRT or EMRT.")
    )


def _markers(cells: dict[str, Any]) -> dict[str, int]:
    """Rows of the question headers ("1)" -> "Q1") and company questions ("A." -> "A") in column B."""
    markers: dict[str, int] = {}
    for row in range(1, _DECLARATION_ROWS + 1):
        text = _text(cells.get(f"B{row}"))
        question = re.match(r"\s*([1-9])\s*\)", text)
        letter = re.match(r"\s*([A-I])[.)](?=\s|$)", text)
        if question:
            markers.setdefault(f"Q{question[1]}", row)
        elif letter and "Q1" in markers:
            markers.setdefault(letter[1], row)
    return markers


def _layout(markers: dict[str, int], sheetnames: list[str], revision: str) -> _Layout:
    questions = sum(key.startswith("Q") for key in markers)
    if questions == 8:
        return _CMRT
    if questions == 7:
        return _EMRT
    if questions:
        raise CmrtError(
            _(
                "Sheet 'Declaration': %(count)d numbered questions were found, where a CMRT has 8 and "
                "an EMRT 7. Other RMI templates (CRT, AMRT) cannot be read."
            )
            % {"count": questions}
        )
    if "Mine List" in sheetnames or _major(revision) < 3:
        return _EMRT
    return _CMRT


def _major(revision: str) -> int:
    return int(revision.split(".")[0])


def _check_revision(layout: _Layout, revision: str, cell: str) -> None:
    if _major(revision) < layout.minimum_major:
        raise CmrtError(
            _(
                "Sheet 'Declaration', cell %(cell)s: this is %(template)s revision %(revision)s; only "
                "revision %(minimum)d.0 or newer can be read. Ask your supplier for a current %(template)s."
            )
            % {
                "cell": cell,
                "template": layout.template,
                "revision": revision,
                "minimum": layout.minimum_major,
            }
        )


# --- answers ----------------------------------------------------------------------------------


_WORDS = {
    "yes": ("yes", "y", "ja", "oui", "si", "sim", "是", "はい", "예", "네"),
    "no": ("no", "n", "nee", "nein", "non", "nao", "否", "いいえ", "아니요", "아니오"),
    "unknown": (
        "unknown",
        "onbekend",
        "unbekannt",
        "inconnu",
        "desconocido",
        "sconosciuto",
        "desconhecido",
        "未知",
        "不明",
        "알 수 없음",
        "모름",
    ),
    "none": (
        "none",
        "geen",
        "keine",
        "aucun",
        "aucune",
        "ninguno",
        "nessuno",
        "nenhum",
        "无",
        "なし",
        "did not survey",
    ),
    "n/a": ("not declaring", "not applicable for this declaration", "not applicable", "n a"),
}
_ANSWERS = {fold(word): value for value, words in _WORDS.items() for word in words}
_CONDITIONAL = re.compile(r"\b(when|once|wanneer|zodra|wenn|quand|cuando)\b")
_LESS = re.compile(r"less|<|≤|weniger|minder|moins|menos|meno|以下|少|이하")


def normalise(value: Any) -> str | None:
    """An answer in the template's English terms; "" when blank, None when it is not understood."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return "100%" if value >= 1 else ("none" if value == 0 else None)
    text = fold(str(value))
    if not text:
        return ""
    return _ANSWERS.get(text) or _leading_word(text) or _share(str(value).lower())


def _leading_word(text: str) -> str | None:
    """Long options start with their answer: "Yes, in conformance with IPC1755", "Yes, with the SEC"."""
    first = _ANSWERS.get(text.split()[0])
    if first == "yes" and _CONDITIONAL.search(text):
        return "conditional"
    return first if first in ("yes", "no") else None


def _share(text: str) -> str | None:
    numbers = set(re.findall(r"\d+", text))
    for number, share in (("100", "100%"), ("90", ">90%"), ("75", ">75%")):
        if number in numbers:
            return share
    if "50" in numbers:
        return "<=50%" if _LESS.search(text) else ">50%"
    return None


def _answer(cells: dict[str, Any], ref: str, comment_ref: str, warnings: list[str]) -> CmrtAnswer:
    raw = _text(cells.get(ref))
    value = normalise(cells.get(ref))
    if value is None:
        warnings.append(
            _(
                "Sheet 'Declaration', cell %(cell)s: the answer \"%(answer)s\" was not understood and is left open."
            )
            % {"cell": ref, "answer": raw}
        )
    return CmrtAnswer(
        value=value or "", raw=raw, comment=_text(cells.get(comment_ref)), cell=f"{DECLARATION}!{ref}"
    )


def _cmrt_answers(
    cells: dict[str, Any], warnings: list[str]
) -> tuple[dict[str, dict[str, CmrtAnswer]], dict[str, CmrtAnswer]]:
    declaration = {
        question: {
            metal: _answer(cells, f"D{first + i}", f"G{first + i}", warnings)
            for i, metal in enumerate(CMRT_METALS)
        }
        for question, first in CMRT_FIRST_METAL_ROW.items()
    }
    company = {
        letter: _answer(cells, f"D{row}", f"G{row}", warnings) for letter, row in CMRT_COMPANY_ROW.items()
    }
    return declaration, company


def _emrt_answers(
    cells: dict[str, Any], markers: dict[str, int], warnings: list[str]
) -> tuple[dict[str, dict[str, CmrtAnswer]], dict[str, CmrtAnswer]]:
    headers = markers if sum(key.startswith("Q") for key in markers) == 7 else EMRT_HEADER_ROW
    ends = _block_ends(headers)
    declaration = {
        key: {
            mineral: _answer(cells, f"D{row}", f"G{row}", warnings)
            for mineral, row in _mineral_rows(cells, headers[key] + 1, ends[key])
        }
        for key in sorted(headers)
        if key.startswith("Q")
    }
    company = {
        key: _emrt_company_answer(cells, headers[key], ends[key], warnings)
        for key in sorted(headers)
        if not key.startswith("Q")
    }
    return declaration, company


def _block_ends(headers: dict[str, int]) -> dict[str, int]:
    """Each header's block runs to the next header, or 12 rows (six minerals with room) for the last."""
    rows = sorted(headers.values())
    return {key: next((r for r in rows if r > row), row + 12) for key, row in headers.items()}


def _mineral_rows(cells: dict[str, Any], start: int, end: int) -> list[tuple[str, int]]:
    found = []
    for row in range(start, min(end, start + 12)):
        mineral = mineral_name(_text(cells.get(f"C{row}")) or _text(cells.get(f"B{row}")))
        if mineral:
            found.append((mineral, row))
    return found


def _emrt_company_answer(cells: dict[str, Any], header: int, end: int, warnings: list[str]) -> CmrtAnswer:
    """EMRT question C is answered per mineral; the others on their own row."""
    rows = _mineral_rows(cells, header + 1, end)
    if not rows:
        return _answer(cells, f"D{header}", f"G{header}", warnings)
    answers = {mineral: _answer(cells, f"D{row}", f"G{row}", warnings) for mineral, row in rows}
    values = {a.value for a in answers.values()}
    combined = values.pop() if len(values) == 1 else ("no" if "no" in values else "unknown")
    return CmrtAnswer(
        value=combined,
        raw="; ".join(f"{mineral}: {a.raw}" for mineral, a in answers.items()),
        comment="; ".join(f"{mineral}: {a.comment}" for mineral, a in answers.items() if a.comment),
        cell=next(iter(answers.values())).cell,
    )


def _effective_date(cells: dict[str, Any], ref: str, warnings: list[str]) -> date | None:
    value = cells.get(ref)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in ("%d-%b-%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    if text:
        warnings.append(
            _("Sheet 'Declaration', cell %(cell)s: the date \"%(date)s\" was not understood.")
            % {"cell": ref, "date": text}
        )
    return None


# --- minerals and countries -------------------------------------------------------------------


_MINERAL_NAMES = {
    "tantalum": ("tantalum", "tantaal", "tantal", "tantale", "tantalo", "tantalio"),
    "tin": ("tin", "zinn", "etain", "estano", "stagno", "estanho"),
    "gold": ("gold", "goud", "or", "oro", "ouro"),
    "tungsten": ("tungsten", "wolfraam", "wolfram", "tungstene", "tungsteno", "wolframio", "tungstenio"),
    "cobalt": ("cobalt", "kobalt", "cobalto"),
    "copper": ("copper", "koper", "kupfer", "cuivre", "cobre", "rame"),
    "graphite": ("graphite", "natural graphite", "grafiet", "graphit", "grafito", "grafite"),
    "lithium": ("lithium", "litio"),
    "mica": ("mica", "natural mica", "glimmer", "mika"),
    "nickel": ("nickel", "nikkel", "niquel", "nichel"),
}
_MINERALS = {fold(alias): name for name, aliases in _MINERAL_NAMES.items() for alias in aliases}


def mineral_name(text: str) -> str:
    """The lower-case English name of a metal or mineral written in one of the template languages."""
    return _MINERALS.get(fold(text), "")


# --- smelters ---------------------------------------------------------------------------------


def _smelters(workbook: Any, warnings: list[str]) -> tuple[Smelter, ...]:
    if SMELTER_LIST not in workbook.sheetnames:
        warnings.append(_("The workbook has no 'Smelter List' sheet, so no smelters were read."))
        return ()
    smelters: list[Smelter] = []
    for row_number, values in _smelter_rows(workbook[SMELTER_LIST]):
        smelter = _smelter(row_number, values, warnings)
        if smelter is None:
            continue
        if len(smelters) == MAX_SMELTERS:
            warnings.append(
                _("Sheet 'Smelter List': only the first %(count)s smelter rows were read.")
                % {"count": f"{MAX_SMELTERS:,}"}
            )
            break
        smelters.append(smelter)
    return tuple(smelters)


def _smelter_rows(sheet: Any) -> Iterable[tuple[int, dict[str, str]]]:
    """Rows from row 5 (the header is row 4), stopping after a long empty stretch: the template
    formats far more rows than anyone fills in."""
    empty = 0
    rows = sheet.iter_rows(min_row=5, max_col=len(_SMELTER_COLUMNS), values_only=True)
    for row_number, row in enumerate(rows, start=5):
        values = {column: _text(value) for column, value in zip(_SMELTER_COLUMNS, row, strict=False)}
        if not any(values.get(column) for column in "ABCD"):
            empty += 1
            if empty >= _EMPTY_ROWS_AT_END:
                return
            continue
        empty = 0
        yield row_number, values


_NOT_LISTED = "smelter not listed"
_NOT_IDENTIFIED = "smelter not yet identified"


def _smelter(row: int, values: dict[str, str], warnings: list[str]) -> Smelter | None:
    lookup = values.get("C", "")
    special = fold(lookup) if fold(lookup) in (_NOT_LISTED, _NOT_IDENTIFIED) else ""
    name = values.get("D", "") or ("" if special else lookup)
    cid = _cid(values.get("A", "")) or _cid(values.get("F", ""))
    if special == _NOT_IDENTIFIED and not name:
        return None
    if not name and not cid:
        warnings.append(
            _(
                "Sheet 'Smelter List', row %(row)d: no smelter name or identification number, so the row was skipped."
            )
            % {"row": row}
        )
        return None
    country = values.get("E", "")
    recycled = values.get("P", "")
    return Smelter(
        row=row,
        cid=cid,
        metal=mineral_name(values.get("B", "")) or values.get("B", "").lower(),
        name=name,
        country=country,
        country_code=country_code(country) or country_code(values.get("S", "")),
        street=values.get("H", ""),
        city=values.get("I", ""),
        region=values.get("J", ""),
        mine_names=values.get("N", ""),
        mine_country=values.get("O", ""),
        recycled=normalise(recycled) or recycled,
        comment=values.get("Q", ""),
    )


def _cid(text: str) -> str:
    return text.upper() if re.fullmatch(r"(?i)cid\d+", text) else ""


# --- pre-filling ------------------------------------------------------------------------------


def prefill(framework: Framework, report: CmrtReport) -> dict[str, Prefill]:
    """Answers for the requirements tagged with a CMRT question, per indicator code.

    Only clear answers are used: a requirement whose answer is unknown, blank or mixed is left out,
    and so are requirements without a tag, so the caller can merge this with what is already there.
    """
    result = {}
    for indicator in framework.indicators():
        met: dict[str, bool] = {}
        notes: list[str] = []
        for requirement in indicator.requirements:
            outcome = _outcome(requirement.cmrt, report) if requirement.cmrt else None
            if outcome is not None:
                met[requirement.code], note = outcome
                notes.append(note)
        if met:
            result[indicator.code] = Prefill(met=met, notes=tuple(dict.fromkeys(notes)))
    return result


def _outcome(tag: str, report: CmrtReport) -> tuple[bool, str] | None:
    if tag.startswith("Q"):
        return _declaration_outcome(tag, report)
    answer = report.company.get(tag)
    if answer is None or answer.value not in ("yes", "no"):
        return None
    return answer.value == "yes", _note(report, tag, answer.raw, answer.comment)


def _declaration_outcome(tag: str, report: CmrtReport) -> tuple[bool, str] | None:
    """Met when every metal in scope says yes; not met when any says no (or too few suppliers)."""
    question = tag if report.template == "CMRT" else EMRT_QUESTION.get(tag, "")
    answers = {
        metal: answer
        for metal, answer in report.declaration.get(question, {}).items()
        if question in ("Q1", "Q2") or _in_scope(report, metal)
    }
    values = {answer.value for answer in answers.values()}
    if not values:
        return None
    if values & NEGATIVE:
        verdict = False
    elif values <= POSITIVE:
        verdict = True
    else:
        return None
    summary = ", ".join(f"{metal} {answer.raw or '-'}" for metal, answer in answers.items())
    return verdict, _note(report, question.removeprefix("Q"), summary, "")


def _in_scope(report: CmrtReport, metal: str) -> bool:
    """A metal the company declared it does not use (question 1 or 2 "no") needs no further answers."""
    q1 = report.declaration.get("Q1", {}).get(metal)
    q2 = report.declaration.get("Q2", {}).get(metal)
    return not ((q1 and q1.value in ("no", "n/a")) or (q2 and q2.value == "no"))


def _note(report: CmrtReport, question: str, answer: str, comment: str) -> str:
    note = _("%(template)s %(revision)s, question %(question)s: %(answer)s") % {
        "template": report.template,
        "revision": report.revision,
        "question": question,
        "answer": answer,
    }
    return f"{note} — {comment}" if comment else note
