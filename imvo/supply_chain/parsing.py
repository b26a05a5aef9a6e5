"""Read a company's production-location list (art. 15–24) from Excel or CSV, and write the template.

Companies fill in the template in Excel, in Dutch or English, or export a list from their own
systems; either way the upload must give every person a clear answer, never a crash: a file that
cannot be used as a whole raises ListFileError with the reason, and every row that cannot be used
gets a Problem naming the row, the column as the person wrote it, and what to do.

What is relied on:

- .xlsx/.xlsm are opened with openpyxl in read-only mode, which supplies the sheets, their files,
  the shared strings and the date styles. The cells themselves are read from the sheet's XML here
  (_SheetXml), with openpyxl's meaning of each cell type and cached values only (as
  ``data_only``): openpyxl takes tens of microseconds a cell, too slow for 50,000 rows, and this
  pass also finds formulas whose result was never saved (a file written by a program and never
  opened in Excel), which would otherwise read as empty cells. Should openpyxl stop exposing what
  this needs, its own iter_rows is used. The sheet's dimension is not trusted: some programs write
  one too small (rows would be lost) or the whole grid.
- Zip members cannot expand beyond their declared size (``zipfile`` stops there), so checking the
  declared sizes before opening the workbook guards against zip bombs.
- CSV: the encoding is UTF-8, UTF-16 (Excel's "Unicode text", tab-separated), or what
  charset-normalizer finds; Latin single-byte guesses become Windows-1252, which is what Dutch
  Excel writes (charset-normalizer often says cp1250 for short Dutch texts). The delimiter is the
  one that makes the header recognisable.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import html
import io
import itertools
import math
import os
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Literal
from xml.parsers import expat

import charset_normalizer
import openpyxl
import pycountry
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet.datavalidation import DataValidation
from rapidfuzz import fuzz, process

from imvo.core.countries import country_code, country_name, fold
from imvo.supply_chain.vocabulary import Term, vocabulary

MAX_BYTES = 25 * 1024 * 1024
MAX_ROWS = 100_000
MAX_UNPACKED_BYTES = 16 * MAX_BYTES
MAX_PROBLEMS = 1_000
MAX_LENGTH = 500
# Tighter limits where the database column is shorter than MAX_LENGTH.
FIELD_LENGTHS = {"reference": 100, "city": 200, "region": 200}
HEADER_ROWS = 10
# About a centimetre; more digits are noise, and fewer survive Excel's 15 significant digits intact.
COORDINATE_DECIMALS = 7
PROGRESS_EVERY = 1_000

_HEADER_COLUMNS = 200
_ZIP_MEMBERS = 10_000
_ENCODING_SAMPLE = 1024 * 1024
_XML_CHUNK = 4 * 1024 * 1024
_EXCEL_ERRORS = frozenset(ERROR_CODES) | {"#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!"}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OTHER_BINARY = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"BM")
_DELIMITERS = (";", ",", "\t")


# --- the contract ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header_en: str
    header_nl: str
    required: bool
    help_en: str
    help_nl: str

    def header(self, language: str) -> str:
        return self.header_nl if language == "nl" else self.header_en

    def help(self, language: str) -> str:
        return self.help_nl if language == "nl" else self.help_en


COLUMNS: tuple[Column, ...] = (
    Column(
        "reference",
        "Reference",
        "Referentie",
        False,
        "Your own identifier for this location, such as a supplier or site number. It helps you "
        "recognise the location next year.",
        "Uw eigen kenmerk voor deze locatie, zoals een leveranciers- of locatienummer. Zo herkent u "
        "de locatie volgend jaar terug.",
    ),
    Column(
        "name",
        "Name",
        "Naam",
        True,
        "The name of the production location itself: the smelter, mine, refinery, scrap yard or "
        "factory, not only the company that owns it.",
        "De naam van de productielocatie zelf: de smelter, mijn, raffinaderij, schrootwerf of "
        "fabriek, niet alleen het bedrijf dat haar bezit.",
    ),
    Column(
        "address",
        "Address",
        "Adres",
        False,
        "Street and number, or a description of the site when it has no street address.",
        "Straat en huisnummer, of een omschrijving van de plek als er geen adres is.",
    ),
    Column(
        "city",
        "City",
        "Plaats",
        False,
        "City, town or village; a postcode may be included.",
        "Plaats; een postcode mag erbij.",
    ),
    Column(
        "region",
        "Region",
        "Regio",
        False,
        "Province, state or region: its ISO 3166-2 code (such as CD-NK) or its name (such as North Kivu).",
        "Provincie, staat of regio: de ISO 3166-2-code (zoals CD-NK) of de naam (zoals Noord-Kivu).",
    ),
    Column(
        "country",
        "Country",
        "Land",
        True,
        "The country, as a name in English or Dutch (Germany, Duitsland) or as an ISO code (DE or DEU).",
        "Het land, als naam in het Nederlands of Engels (Duitsland, Germany) of als ISO-code (DE of DEU).",
    ),
    Column(
        "latitude",
        "Latitude",
        "Breedtegraad",
        False,
        "Latitude in decimal degrees, from -90 to 90, such as 52.37; negative south of the equator.",
        "Breedtegraad in decimale graden, van -90 tot 90, zoals 52,37; negatief ten zuiden van de evenaar.",
    ),
    Column(
        "longitude",
        "Longitude",
        "Lengtegraad",
        False,
        "Longitude in decimal degrees, from -180 to 180, such as 4.89; negative west of Greenwich.",
        "Lengtegraad in decimale graden, van -180 tot 180, zoals 4,89; negatief ten westen van Greenwich.",
    ),
    Column(
        "activity",
        "Activity",
        "Activiteit",
        True,
        "What happens at the location; choose one value from the list.",
        "Wat er op de locatie gebeurt; kies één waarde uit de lijst.",
    ),
    Column(
        "materials",
        "Materials",
        "Materialen",
        False,
        "The materials handled at the location, the main material first, separated by commas (such "
        "as: copper, tin).",
        "De materialen die op de locatie worden verwerkt, het belangrijkste eerst, gescheiden door "
        "komma's (zoals: koper, tin).",
    ),
    Column(
        "tier",
        "Tier",
        "Tier",
        False,
        "How far the location is from your company in the chain: 1 = your direct supplier, 2 = its "
        "supplier, 3+ = further. Leave empty when you do not know.",
        "Hoe ver de locatie in de keten van uw bedrijf af staat: 1 = uw directe leverancier, 2 = "
        "diens leverancier, 3+ = verder. Laat leeg als u het niet weet.",
    ),
    Column(
        "customer_location",
        "Customer location",
        "Locatie van klant",
        False,
        "For recyclers (art. 17): yes when this is a location of one of your customers rather than "
        "of a supplier. Empty means no.",
        "Voor recyclers (art. 17): ja als dit een locatie van een van uw klanten is en niet van een "
        "leverancier. Leeg betekent nee.",
    ),
)
_COLUMN = {column.key: column for column in COLUMNS}
_LIMITS = {column.key: FIELD_LENGTHS.get(column.key, MAX_LENGTH) for column in COLUMNS}


@dataclass(frozen=True)
class ParsedLocation:
    row: int
    reference: str
    name: str
    address: str
    city: str
    region: str
    region_text: str
    country: str
    latitude: float | None
    longitude: float | None
    activity: str
    materials: tuple[str, ...]
    tier: str
    customer_location: bool


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    message: str
    level: Literal["error", "warning"]


@dataclass
class ParseResult:
    locations: list[ParsedLocation]
    problems: list[Problem]
    problem_count: int
    rows_read: int
    columns: dict[str, str]
    language: str


class ListFileError(Exception):
    """The file as a whole cannot be used; the message tells the person why and what to do."""


def _phrases(text: str) -> list[str]:
    return text.split(", ")


# --- headers -----------------------------------------------------------------------------------

# Per column: the words people use for it, by language ("" = both). Rank 0 are the template's own
# headers, rank 1 these synonyms, rank 2 the vague ones in _VAGUE, which give way when a clearer
# column for the same field is present ("Supplier name" next to "Facility name").
_SYNONYMS: dict[str, dict[str, str]] = {
    "reference": {
        "en": (
            "ref, own reference, your reference, internal reference, reference number, location id, "
            "site id, facility id, supplier id, supplier code, supplier number, vendor id, vendor number"
        ),
        "nl": (
            "eigen referentie, uw referentie, interne referentie, referentienummer, kenmerk, "
            "eigen kenmerk, locatie id, locatienummer, leveranciersnummer, leverancierscode, "
            "crediteurnummer"
        ),
        "": "id",
    },
    "name": {
        "en": (
            "location name, name of location, name of the location, site name, facility name, facility, "
            "site, production location, production location name, production site, plant name, "
            "factory name, smelter name, smelter or refiner name, mine name, supplier name, supplier, "
            "company name, company, location"
        ),
        "nl": (
            "naam locatie, locatienaam, locatie naam, naam productielocatie, productielocatie, "
            "naam vestiging, vestigingsnaam, vestiging, naam fabriek, naam leverancier, leveranciersnaam, "
            "leverancier, bedrijfsnaam, naam bedrijf, bedrijf, locatie"
        ),
    },
    "address": {
        "en": (
            "street address, street, street and number, street name, address line 1, address 1, "
            "location address, site address, full address"
        ),
        "nl": (
            "straat, straatnaam, straat en huisnummer, straat huisnummer, adresregel 1, adres 1, "
            "vestigingsadres, bezoekadres, locatieadres"
        ),
    },
    "city": {
        "en": (
            "town, city town, town city, place, municipality, locality, village, postcode city, "
            "postal code city, zip city, zip code city, city postal code"
        ),
        "nl": (
            "stad, woonplaats, vestigingsplaats, plaatsnaam, gemeente, dorp, postcode plaats, "
            "postcode en plaats, plaats en postcode"
        ),
    },
    "region": {
        "en": (
            "state, province, state province, state or province, province state, county, subdivision, "
            "region code, state region, district"
        ),
        "nl": "provincie, deelstaat, regiocode, streek, provincie staat, staat",
        "": "iso 3166 2",
    },
    "country": {
        "en": (
            "country name, country code, country iso code, iso country code, location country, "
            "country of location, facility country, smelter country"
        ),
        "nl": "landnaam, landcode, land van vestiging, vestigingsland, land locatie",
    },
    "latitude": {
        "en": "lat, gps latitude, latitude decimal",
        "nl": "breedte, noorderbreedte",
    },
    "longitude": {
        "en": "long, lon, lng, gps longitude, longitude decimal",
        "nl": "lengte, oosterlengte",
    },
    "activity": {
        "en": (
            "activity type, type of activity, activities, facility type, site type, location type, "
            "type of location, type of facility, supply chain role, supply chain step, chain step, "
            "process step, type, role, process, operation"
        ),
        "nl": (
            "type activiteit, soort activiteit, activiteiten, type locatie, soort locatie, locatietype, "
            "ketenstap, processtap, rol, proces"
        ),
    },
    "materials": {
        "en": (
            "material, main material, metal, metals, mineral, minerals, raw material, raw materials, "
            "commodity, commodities"
        ),
        "nl": "materiaal, hoofdmateriaal, metaal, metalen, mineraal, mineralen, grondstof, grondstoffen",
    },
    "tier": {
        "en": "level, supply chain level, chain level",
        "nl": "niveau, ketenniveau, schakel, ketenschakel",
        "": "tier level, supplier tier, tier niveau",
    },
    "customer_location": {
        "en": (
            "customer site, customer, customers location, customer s location, location of customer, "
            "is customer location"
        ),
        "nl": "klantlocatie, locatie klant, klant, afnemer, locatie afnemer, afnemerslocatie",
    },
}
_VAGUE = frozenset(
    _phrases(
        "supplier name, supplier, company name, company, location, naam leverancier, leveranciersnaam, "
        "leverancier, bedrijfsnaam, naam bedrijf, bedrijf, locatie, type, role, rol, process, proces, "
        "operation, level, niveau, customer, klant, afnemer, id"
    )
)
_HEADER_NOISE = frozenset({"required", "verplicht", "optional", "optioneel", "mandatory", "verplichte"})


@dataclass(frozen=True)
class _Synonym:
    key: str
    language: str
    rank: int


@lru_cache(maxsize=1)
def _header_index() -> dict[str, _Synonym]:
    index: dict[str, _Synonym] = {}
    for column in COLUMNS:
        same = fold(column.header_en) == fold(column.header_nl)
        index[fold(column.header_en)] = _Synonym(column.key, "" if same else "en", 0)
        index[fold(column.header_nl)] = _Synonym(column.key, "" if same else "nl", 0)
    for key, by_language in _SYNONYMS.items():
        for language, words in by_language.items():
            for word in _phrases(words):
                index.setdefault(fold(word), _Synonym(key, language, 2 if word in _VAGUE else 1))
    return index


def _header_synonym(text: str) -> _Synonym | None:
    """Headers written as "Land (ISO-code)", "Naam*" or "Country (required)" count too."""
    index = _header_index()
    found = index.get(fold(text))
    if found is None:
        bare = [w for w in fold(re.sub(r"[(\[].*?[)\]]", " ", text)).split() if w not in _HEADER_NOISE]
        found = index.get(" ".join(bare))
    return found


@dataclass
class _Header:
    row: int
    columns: dict[str, int]
    labels: dict[int, str]
    language: str
    unknown: list[int]
    shadowed: list[tuple[int, str]]
    duplicates: dict[str, list[int]]

    @property
    def score(self) -> int:
        return len(self.columns) + len(self.duplicates)

    @property
    def complete(self) -> bool:
        found = set(self.columns) | set(self.duplicates)
        return all(c.key in found for c in COLUMNS if c.required)

    def label(self, key: str) -> str:
        col = self.columns.get(key)
        return "" if col is None else self.label_at(col)

    def label_at(self, col: int) -> str:
        return f"{get_column_letter(col + 1)} ({self.labels[col]})"


def _header(row_number: int, cells: tuple[Any, ...]) -> _Header:
    matches: dict[str, list[tuple[int, int, str]]] = {}
    labels: dict[int, str] = {}
    unknown: list[int] = []
    for col, value in enumerate(cells):
        text = " ".join(_text(value).split())
        if not text:
            continue
        labels[col] = text
        synonym = _header_synonym(text)
        if synonym is None:
            unknown.append(col)
        else:
            matches.setdefault(synonym.key, []).append((col, synonym.rank, synonym.language))
    columns: dict[str, int] = {}
    shadowed: list[tuple[int, str]] = []
    duplicates: dict[str, list[int]] = {}
    languages = {"nl": 0, "en": 0}
    for key, found in matches.items():
        best = min(rank for _col, rank, _language in found)
        chosen = [(col, language) for col, rank, language in found if rank == best]
        if len(chosen) > 1:
            duplicates[key] = [col for col, _language in chosen]
            continue
        col, language = chosen[0]
        columns[key] = col
        if language:
            languages[language] += 1
        shadowed += [(other, key) for other, rank, _language in found if rank != best]
    return _Header(
        row=row_number,
        columns=columns,
        labels=labels,
        language="nl" if languages["nl"] > languages["en"] else "en",
        unknown=unknown,
        shadowed=sorted(shadowed),
        duplicates=duplicates,
    )


def _find_header(top: list[tuple[int, tuple[Any, ...]]]) -> _Header | None:
    """The row among the first ones with the most template columns; a title may stand above it."""
    best: _Header | None = None
    for row_number, cells in top:
        header = _header(row_number, cells)
        if header.score >= 2 and (best is None or header.score > best.score):
            best = header
    return best


# --- reading the file --------------------------------------------------------------------------


# A row: its number as Excel shows it, its cells, and the columns (0-based) whose formula has no
# saved result, so that they are not mistaken for empty cells.
_Row = tuple[int, tuple[Any, ...], frozenset[int]]


@dataclass
class _Sheet:
    """A table to read: its first rows, to find the header, and a way to read the rows from a given
    one on, up to a given width."""

    top: list[tuple[int, tuple[Any, ...]]]
    rows: Callable[[int, int], Iterator[_Row]]
    estimate: int = 0


def parse_location_file(
    file: IO[bytes] | str | Path, *, filename: str, progress: Callable[[int, int], None] | None = None
) -> ParseResult:
    """Read an uploaded list. Raises ListFileError when the file as a whole cannot be used."""
    data = _read_bytes(file)
    name = filename or _("the file")
    if not data.strip(b"\x00\t\r\n \xef\xbb\xbf\xff\xfe"):
        raise ListFileError(_('The file "%(filename)s" is empty.') % {"filename": name})
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _parse_workbook(data, name, progress)
    if data.startswith(_OLE2):
        raise ListFileError(_ole2_message(data, name))
    if data.startswith(_OTHER_BINARY):
        raise ListFileError(_unsupported(name))
    return _parse_text(data, name, progress)


def _read_bytes(file: IO[bytes] | str | Path) -> bytes:
    """The whole file, refused unread when it is too big: an upload may be a Django File or a path."""
    if isinstance(file, str | os.PathLike):
        _check_size(os.path.getsize(file))
        return Path(file).read_bytes()
    declared = getattr(file, "size", None)
    if isinstance(declared, int):
        _check_size(declared)
    with contextlib.suppress(AttributeError, OSError, ValueError):
        file.seek(0)
    data = file.read(MAX_BYTES + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise ListFileError(
            _(
                "The file is larger than %(limit)d MB, the most that can be read. Split the list into "
                "smaller files, or remove other sheets, pictures and formatting."
            )
            % {"limit": MAX_BYTES // 1024 // 1024}
        )
    return data


def _check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise ListFileError(
            _(
                "The file is %(size).1f MB; files up to %(limit)d MB can be read. Split the list into "
                "smaller files, or remove other sheets, pictures and formatting."
            )
            % {"size": size / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024}
        )


def _unsupported(name: str) -> str:
    return _(
        '"%(filename)s" is not a file type that can be read. Upload the list as an Excel workbook '
        "(.xlsx or .xlsm) or as a CSV or text file (.csv, .txt); the easiest is to fill in the "
        "template."
    ) % {"filename": name}


def _damaged(name: str) -> str:
    return _(
        '"%(filename)s" looks like an Excel workbook but is damaged, or was not uploaded completely. '
        "Open it in Excel, save it as an Excel workbook (.xlsx) and upload it again."
    ) % {"filename": name}


def _ole2_message(data: bytes, name: str) -> str:
    """Old Excel files and password-protected new ones share the OLE2 container."""
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return _(
            '"%(filename)s" is protected with a password, so it cannot be read. Open it in Excel, '
            "remove the password (File > Info > Protect Workbook > Encrypt with Password, and empty "
            "the password), save it and upload it again."
        ) % {"filename": name}
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return _(
            '"%(filename)s" is an old Excel 97–2003 workbook (.xls), which cannot be read. Open it '
            "in Excel, choose File > Save As > Excel Workbook (.xlsx) and upload that file."
        ) % {"filename": name}
    return _unsupported(name)


# --- workbooks ---------------------------------------------------------------------------------

# A damaged workbook makes openpyxl and zipfile raise almost anything (TypeError for an unknown
# attribute, NotImplementedError for an unknown compression, ...): whatever they raise while
# opening or reading it means the same to the person who uploaded it.
_DAMAGED = (Exception,)
# What reading the sheet's XML here raises for a damaged file; anything else is a bug to see.
_DAMAGED_XML = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    IndexError,
    KeyError,
    OverflowError,
    NotImplementedError,
    RuntimeError,
    expat.ExpatError,
)


def _parse_workbook(data: bytes, name: str, progress: Callable[[int, int], None] | None) -> ParseResult:
    archive = _open_zip(data, name)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _DAMAGED as exc:
        raise ListFileError(_damaged(name)) from exc
    try:
        return _parse_sheets(_sheets(workbook, archive, name), name, progress, first_complete=True)
    finally:
        workbook.close()
        archive.close()


def _open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """Check the archive before openpyxl unpacks it: kind, and what it claims to unpack to."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except _DAMAGED as exc:
        raise ListFileError(_damaged(name)) from exc
    unpacked = sum(member.file_size for member in members)
    if len(members) > _ZIP_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
        archive.close()
        raise ListFileError(
            _(
                '"%(filename)s" would unpack to %(size)d MB, more than the %(limit)d MB that can be '
                "read. Remove pictures, other sheets and formatting, or split the list, and upload it "
                "again."
            )
            % {
                "filename": name,
                "size": unpacked // 1024 // 1024,
                "limit": MAX_UNPACKED_BYTES // 1024 // 1024,
            }
        )
    names = {member.filename for member in members}
    message = ""
    if "mimetype" in names and b"opendocument" in _member_start(archive, "mimetype"):
        message = _(
            '"%(filename)s" is an OpenDocument spreadsheet (.ods). Save it as an Excel workbook '
            "(.xlsx) or as CSV and upload that file."
        )
    elif "xl/workbook.bin" in names:
        message = _(
            '"%(filename)s" is an Excel binary workbook (.xlsb). Open it in Excel, choose File > '
            "Save As > Excel Workbook (.xlsx) and upload that file."
        )
    elif not any(n.startswith("xl/") for n in names):
        message = _(
            '"%(filename)s" is a zip file, but not an Excel workbook. Upload the list as an Excel '
            "workbook (.xlsx or .xlsm) or as a CSV file."
        )
    if message:
        archive.close()
        raise ListFileError(message % {"filename": name})
    return archive


def _member_start(archive: zipfile.ZipFile, member: str) -> bytes:
    try:
        with archive.open(member) as handle:
            return handle.read(200)
    except _DAMAGED_XML:
        return b""


def _guarded(rows: Iterable[Any], name: str) -> Iterator[Any]:
    """Damage inside a sheet only shows while reading its rows; only openpyxl's own step is guarded."""
    iterator = iter(rows)
    while True:
        try:
            row = next(iterator)
        except StopIteration:
            return
        except _DAMAGED as exc:
            raise ListFileError(_damaged(name)) from exc
        yield row


def _sheets(workbook: Any, archive: zipfile.ZipFile, name: str) -> Iterator[_Sheet]:
    """Visible sheets first: the template keeps its lists of values on a hidden one."""
    sheets = sorted(workbook.worksheets, key=lambda ws: getattr(ws, "sheet_state", "visible") != "visible")
    for sheet in sheets:
        if not hasattr(sheet, "iter_rows"):
            continue
        claimed = sheet.max_row if isinstance(getattr(sheet, "max_row", None), int) else 0
        sheet.reset_dimensions()
        reader = _SheetXml.of(workbook, sheet, archive, name)
        rows = reader.rows if reader else _openpyxl_rows(sheet, archive, name)
        top = [(row, cells) for row, cells, _missing in _top(rows(1, _HEADER_COLUMNS))]
        yield _Sheet(top=top, rows=rows, estimate=min(claimed, MAX_ROWS + HEADER_ROWS))


def _top(rows: Iterator[_Row]) -> Iterator[_Row]:
    return itertools.takewhile(lambda row: row[0] <= HEADER_ROWS, rows)


_ANY_FORMULA = re.compile(r"<(?:\w+:)?f[\s>/]")
_ROW_END = re.compile(rb"</(?:\w+:)?row>")
_XML_ROW = re.compile(r"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.DOTALL)
# A plain cell as Excel or openpyxl writes it (r, s, t in this order, at most a value or a plain
# inline string) is matched by the first branch, which leaves little to do in Python; any other
# cell by the second.
_XML_CELL = re.compile(
    r'<c r="([A-Z]+)\d+"(?: s="(\d+)")?(?: t="(\w+)")?'
    r'(?:/>|>(?:<v>([^<]*)</v>|<is><t(?: xml:space="preserve")?>([^<]*)</t></is>)?</c>)'
    r"|<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)",
    re.DOTALL,
)
_ROW_NUMBER = re.compile(r'\br="(\d+)"')
_CELL_ATTRIBUTE = re.compile(r'\b([rst])="([^"]*)"')
_VALUE = re.compile(r"<(?:\w+:)?v\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?v>)", re.DOTALL)
_INLINE_TEXT = re.compile(r"<(?:\w+:)?t\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?t>)", re.DOTALL)
_PHONETIC = re.compile(r"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.DOTALL)


@dataclass
class _SheetXml:
    """Cell values read straight from the sheet's XML, with openpyxl's meaning of each cell type.

    openpyxl opens the workbook (read-only) and supplies the sheet's file, the shared strings and
    the date styles; reading the cells with it takes tens of microseconds each, too slow for the
    hundreds of thousands of cells of a big list. Reading them here also tells which formulas have
    no saved result, in the same pass.
    """

    archive: zipfile.ZipFile
    member: str
    shared: list[Any] | _NoStrings
    date_styles: set[int]
    timedelta_styles: set[int]
    epoch: datetime
    name: str

    @classmethod
    def of(cls, workbook: Any, sheet: Any, archive: zipfile.ZipFile, name: str) -> _SheetXml | None:
        """None when this openpyxl keeps these things elsewhere; openpyxl then reads the cells."""
        try:
            member = str(sheet._worksheet_path).lstrip("/")
            archive.getinfo(member)
            return cls(
                archive=archive,
                member=member,
                shared=list(sheet._shared_strings),
                date_styles=set(workbook._date_formats),
                timedelta_styles=set(workbook._timedelta_formats),
                epoch=workbook.epoch,
                name=name,
            )
        except (AttributeError, KeyError, TypeError):
            return None

    def rows(self, first: int, width: int) -> Iterator[_Row]:
        try:
            yield from self._rows(first, width)
        except _DAMAGED_XML as exc:
            raise ListFileError(_damaged(self.name)) from exc

    def _rows(self, first: int, width: int) -> Iterator[_Row]:
        row = 0
        shared, value_of, columns = self.shared, self._value, _COLUMN_NUMBERS
        for chunk in _xml_chunks(self.archive, self.member):
            for row_attributes, body in _XML_ROW.findall(chunk):
                number = _ROW_NUMBER.search(row_attributes)
                row = int(number[1]) if number else row + 1
                if row < first or not body:
                    continue
                col = 0
                cells: list[Any] = [None] * width
                filled = False
                missing: set[int] = set()
                for letters, style, kind, plain, inline, attributes, inner in _XML_CELL.findall(body):
                    if attributes:
                        found = dict(_CELL_ATTRIBUTE.findall(attributes))
                        kind, style = found.get("t", ""), found.get("s", "")
                        letters = found.get("r", "").rstrip("0123456789")
                    col = (columns.get(letters) or _column_number(letters)) if letters else col + 1
                    if col > width:
                        continue
                    plain = plain or inline
                    if plain:
                        if kind == "s":
                            cells[col - 1] = shared[int(plain)]
                        elif not kind and not style:
                            cells[col - 1] = int(plain) if plain.isdigit() else float(plain)
                        else:
                            cells[col - 1] = value_of(kind, style, plain)
                        filled = True
                    elif inner:
                        value, saved = self._cell(kind, style, inner)
                        if value is not None:
                            cells[col - 1] = value
                            filled = True
                        elif not saved:
                            missing.add(col - 1)
                if filled or missing:
                    yield row, tuple(cells), frozenset(missing) if missing else _NONE_MISSING

    def _cell(self, kind: str, style: str, inner: str) -> tuple[Any, bool]:
        """The value of a cell in any form, and False for a formula whose result was not saved."""
        if kind == "inlineStr":
            inner = _PHONETIC.sub("", inner) if "rPh" in inner else inner
            return _unescape("".join(t or "" for t in _INLINE_TEXT.findall(inner))), True
        value = _VALUE.search(inner)
        text = value[1] if value else None
        if not text:
            formula = "f" in inner and _ANY_FORMULA.search(inner) is not None
            # An empty saved result is the formula's "" only when its type says text.
            return None, not formula or (value is not None and kind == "str")
        return self._value(kind, style, text), True

    def _value(self, kind: str, style: str, text: str) -> Any:
        if kind == "s":
            return self.shared[int(text)]
        if kind in ("str", "e", "inlineStr"):
            return _unescape(text)
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            return from_ISO8601(text)
        number: int | float = int(text) if text.isdigit() else float(text)
        if style and int(style) in self.date_styles:
            return from_excel(number, self.epoch, timedelta=int(style) in self.timedelta_styles)
        return number


def _unescape(text: str) -> str:
    return html.unescape(text) if "&" in text else text


def _openpyxl_rows(sheet: Any, archive: zipfile.ZipFile, name: str) -> Callable[[int, int], Iterator[_Row]]:
    """The slow way, kept for an openpyxl that no longer exposes what _SheetXml needs."""

    def rows(first: int, width: int) -> Iterator[_Row]:
        uncached = _uncached_formulas(archive, getattr(sheet, "_worksheet_path", ""), name, width)
        values = sheet.iter_rows(min_row=first, max_col=width, values_only=True)
        for number, cells in enumerate(_guarded(values, name), start=first):
            missing = (
                frozenset(col - 1 for row, col in uncached if row == number) if uncached else frozenset()
            )
            yield number, cells, missing

    return rows


class _NoStrings:
    """Shared strings for a pass that only looks for formulas."""

    def __getitem__(self, index: int) -> str:
        return ""


def _uncached_formulas(archive: zipfile.ZipFile, path: str, name: str, width: int) -> set[tuple[int, int]]:
    """(row, column), 1-based, of formula cells without a saved result."""
    if not path:
        return set()
    reader = _SheetXml(archive, path.lstrip("/"), _NoStrings(), set(), set(), datetime(1899, 12, 30), name)
    found: set[tuple[int, int]] = set()
    for row, _cells, missing in reader.rows(1, width):
        found.update((row, col + 1) for col in missing)
    return found


_NONE_MISSING: frozenset[int] = frozenset()


def _column_number(letters: str) -> int:
    """1 for "A", 28 for "AB"."""
    number = 0
    for letter in letters:
        if "A" <= letter <= "Z":
            number = number * 26 + ord(letter) - 64
        elif "a" <= letter <= "z":
            number = number * 26 + ord(letter) - 96
        else:
            break
    return number


_COLUMN_NUMBERS = {get_column_letter(n): n for n in range(1, _HEADER_COLUMNS + 1)}


def _xml_chunks(archive: zipfile.ZipFile, member: str) -> Iterator[str]:
    """The sheet's XML in pieces that end after a whole row, so that no cell is cut in two.

    expat checks the XML on the way (a few percent of the time): the patterns above rely on every
    element being closed, and would take quadratic time over a damaged or crafted file."""
    checker = expat.ParserCreate()
    rest = b""
    with archive.open(member) as handle:
        while True:
            data = handle.read(_XML_CHUNK)
            checker.Parse(data, not data)
            if not data:
                if rest:
                    yield rest.decode("utf-8", errors="replace")
                return
            rest += data
            ends = list(_ROW_END.finditer(rest, max(0, len(rest) - 65_536)))
            if not ends:
                continue
            end = ends[-1].end()
            yield rest[:end].decode("utf-8", errors="replace")
            rest = rest[end:]


# --- text files --------------------------------------------------------------------------------

_WESTERN = frozenset(
    _phrases(
        "ascii, cp1250, cp1252, cp1254, cp1257, cp1258, cp437, cp775, cp850, cp852, cp857, cp858, cp860, "
        "cp861, cp863, cp865, iso8859_10, iso8859_13, iso8859_14, iso8859_15, iso8859_16, iso8859_2, "
        "iso8859_3, iso8859_4, iso8859_9, latin_1, mac_iceland, mac_latin2, mac_roman, mac_turkish"
    )
)


def _parse_text(data: bytes, name: str, progress: Callable[[int, int], None] | None) -> ParseResult:
    text = _decode(data, name)
    head = text.lstrip()[:200].lower()
    if head.startswith("<") and any(tag in head for tag in ("<html", "<table", "<?xml", "<!doctype")):
        raise ListFileError(
            _(
                '"%(filename)s" is a web page or XML file with a spreadsheet name, not a real Excel '
                "file. Open it in Excel, choose File > Save As > Excel Workbook (.xlsx) and upload "
                "that file."
            )
            % {"filename": name}
        )
    if _looks_binary(text):
        raise ListFileError(_unsupported(name))
    delimiter = ""
    first_line, _newline, rest = text.partition("\n")
    declared = re.fullmatch(r'"?sep=(.)"?\r?', first_line)
    if declared:
        # Excel reads the "sep=;" line as a setting and does not show it as a row.
        delimiter, text = declared[1], rest
    sheets = [_text_sheet(text, d, name) for d in ((delimiter,) if delimiter else _DELIMITERS)]
    return _parse_sheets(sheets, name, progress, first_complete=False)


def _decode(data: bytes, name: str) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    sample = data[:_ENCODING_SAMPLE]
    if sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a byte-order mark; plain ASCII in it is also valid UTF-8, so look first.
        odd_zeros = sample[1::2].count(b"\x00") > sample[0::2].count(b"\x00")
        return data.decode("utf-16-le" if odd_zeros else "utf-16-be", errors="replace")
    if _looks_binary(sample.decode("latin-1")):
        raise ListFileError(_unsupported(name))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if len(data) > _ENCODING_SAMPLE:
        sample = sample[: sample.rfind(b"\n") + 1] or sample
    best = charset_normalizer.from_bytes(sample).best()
    if best is None:
        raise ListFileError(
            _(
                'The text encoding of "%(filename)s" could not be recognised, or it is not a text file. '
                'In Excel, save the list as "CSV UTF-8" or as an Excel workbook (.xlsx) and upload it '
                "again."
            )
            % {"filename": name}
        )
    encoding = best.encoding
    if {encoding, *best.could_be_from_charset} & _WESTERN:
        encoding = "cp1252"
    return data.decode(encoding, errors="replace")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n")
    return controls > len(sample) // 20


def _text_sheet(text: str, delimiter: str, name: str) -> _Sheet:
    def rows(first: int, width: int) -> Iterator[_Row]:
        return _records(text, delimiter, name, first, width)

    try:
        top = [
            (row, cells)
            for row, cells, _missing in _top(_records(text[:65_536], delimiter, name, 1, _HEADER_COLUMNS))
        ]
    except ListFileError:
        top = []  # not this delimiter; the right one will say what is wrong
    return _Sheet(top=top, rows=rows, estimate=min(text.count("\n"), MAX_ROWS + HEADER_ROWS))


def _records(text: str, delimiter: str, name: str, first: int, width: int) -> Iterator[_Row]:
    """Records, numbered as Excel numbers the rows: a quoted field with line breaks is one row."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ListFileError(
                _(
                    'Line %(line)d of "%(filename)s" cannot be read (%(error)s). Check that every '
                    "quotation mark is closed, or save the list from Excel again."
                )
                % {"line": reader.line_num, "filename": name, "error": exc}
            ) from exc
        number += 1
        if number >= first and record:
            yield number, tuple(record[:width]), frozenset()


# --- rows --------------------------------------------------------------------------------------


class _Problems:
    """All problems are counted; only the first MAX_PROBLEMS are kept, to keep the result small."""

    def __init__(self) -> None:
        self.kept: list[Problem] = []
        self.count = 0

    def add(self, row: int | None, column: str, message: str, level: Literal["error", "warning"]) -> None:
        self.count += 1
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(Problem(row=row, column=column, message=message, level=level))


def _parse_sheets(
    sheets: Iterable[_Sheet], name: str, progress: Callable[[int, int], None] | None, *, first_complete: bool
) -> ParseResult:
    """Workbooks: the first sheet whose header has the required columns; text files: the delimiter
    that gives the best header."""
    chosen: tuple[_Sheet, _Header] | None = None
    for sheet in sheets:
        header = _find_header(sheet.top)
        if header is None:
            continue
        if chosen is None or (not first_complete and header.score > chosen[1].score):
            chosen = (sheet, header)
        if first_complete and header.complete:
            chosen = (sheet, header)
            break
    if chosen is None:
        raise ListFileError(
            _(
                'No header row was found in "%(filename)s": none of the first %(rows)d rows has the '
                "column names of the template (%(columns)s). Download the template, copy your list "
                "into it and upload it again."
            )
            % {
                "filename": name,
                "rows": HEADER_ROWS,
                "columns": ", ".join(f"{c.header_en} / {c.header_nl}" for c in COLUMNS if c.required),
            }
        )
    sheet, header = chosen
    _check_header(header)
    return _Reader(sheet, header, progress).read()


def _check_header(header: _Header) -> None:
    for key, cols in list(header.duplicates.items())[:1]:
        raise ListFileError(
            _(
                'The column "%(column)s" appears more than once, in columns %(letters)s. Delete or '
                "rename the extra column and upload the file again."
            )
            % {
                "column": _COLUMN[key].header(header.language),
                "letters": _join([get_column_letter(col + 1) for col in cols]),
            }
        )
    missing = [c.header(header.language) for c in COLUMNS if c.required and c.key not in header.columns]
    if missing:
        found = [header.label_at(col) for col in sorted(header.labels)]
        raise ListFileError(
            _(
                "Required columns are missing: %(missing)s. The header in row %(row)d has: %(found)s. "
                "Rename the columns as in the template, or copy the list into the template."
            )
            % {"missing": ", ".join(missing), "row": header.row, "found": "; ".join(found)}
        )


def _join(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


class _Reader:
    def __init__(self, sheet: _Sheet, header: _Header, progress: Callable[[int, int], None] | None):
        self.sheet = sheet
        self.header = header
        self.progress = progress
        self.problems = _Problems()
        self.locations: list[ParsedLocation] = []
        self.seen: dict[tuple[str, ...], int] = {}
        self.labels = {key: header.label(key) for key in header.columns}

    def read(self) -> ParseResult:
        header = self.header
        self._column_warnings()
        positions = tuple(header.columns.items())
        width = max(header.columns.values()) + 1
        total = max(self.sheet.estimate - header.row, 0)
        rows_read = seen = 0
        for row, cells, missing in self.sheet.rows(header.row + 1, width):
            seen += 1
            if self.progress and seen % PROGRESS_EVERY == 0:
                self.progress(seen, max(total, seen))
            values = {key: cells[col] if col < len(cells) else None for key, col in positions}
            blocked = {key for key, col in positions if col in missing} if missing else set()
            if not blocked and all(
                v is None or (isinstance(v, str) and not v.strip()) for v in values.values()
            ):
                continue
            rows_read += 1
            if rows_read > MAX_ROWS:
                raise ListFileError(
                    _(
                        "The list has more than %(limit)s rows, the most that can be read at once. Split "
                        "it into files of at most %(limit)s rows and upload them one by one."
                    )
                    % {"limit": f"{MAX_ROWS:,}"}
                )
            for key in blocked:
                self._error(
                    row,
                    key,
                    _(
                        "Row %(row)d, column %(column)s: cell %(cell)s contains a formula whose result "
                        "is not saved in the file (it was probably made by a program, not by Excel). Open "
                        "the file in Excel and save it again, or replace the formulas by their values "
                        "(Paste Special > Values)."
                    )
                    % {
                        "row": row,
                        "column": self.labels[key],
                        "cell": f"{get_column_letter(header.columns[key] + 1)}{row}",
                    },
                )
            location = _RowCheck(self, row, values, blocked).location()
            if location is not None:
                self._keep(location)
        if self.progress:
            self.progress(seen, seen)
        return ParseResult(
            locations=self.locations,
            problems=self.problems.kept,
            problem_count=self.problems.count,
            rows_read=rows_read,
            columns={key: header.labels[col] for key, col in header.columns.items()},
            language=header.language,
        )

    def _column_warnings(self) -> None:
        header = self.header
        for col, key in header.shadowed:
            self.problems.add(
                None,
                header.label_at(col),
                _("Column %(column)s was ignored: column %(used)s is used for %(field)s.")
                % {
                    "column": header.label_at(col),
                    "used": header.label(key),
                    "field": _COLUMN[key].header(header.language),
                },
                "warning",
            )
        if header.unknown:
            labels = [header.label_at(col) for col in header.unknown]
            message = (
                _("Column %(columns)s is not part of the template and was ignored.")
                if len(labels) == 1
                else _("Columns %(columns)s are not part of the template and were ignored.")
            )
            self.problems.add(None, "", message % {"columns": _join(labels)}, "warning")

    def _error(self, row: int, key: str, message: str) -> None:
        self.problems.add(row, self.labels.get(key, ""), message, "error")

    def _warning(self, row: int, key: str, message: str) -> None:
        self.problems.add(row, self.labels.get(key, ""), message, "warning")

    def _keep(self, location: ParsedLocation) -> None:
        key = (
            _same(location.name),
            _same(location.address),
            _same(location.city),
            location.country,
            location.activity,
        )
        first = self.seen.get(key)
        if first is not None:
            self._warning(
                location.row,
                "name",
                _(
                    "Row %(row)d repeats row %(first)d (same name, address, city, country and "
                    "activity); it is counted once. Delete one of the two rows."
                )
                % {"row": location.row, "first": first},
            )
            return
        self.seen[key] = location.row
        self.locations.append(location)


def _same(text: str) -> str:
    return " ".join(text.casefold().split())


class _RowCheck:
    """One row's cells, checked one by one so that every problem of the row is reported at once."""

    def __init__(self, reader: _Reader, row: int, values: dict[str, Any], blocked: set[str]) -> None:
        self.reader = reader
        self.row = row
        self.values = values
        self.blocked = blocked
        self.failed = bool(blocked)

    def error(self, key: str, message: str, **params: Any) -> None:
        self.failed = True
        self.reader._error(
            self.row, key, message % {"row": self.row, "column": self.reader.labels.get(key, ""), **params}
        )

    def warning(self, key: str, message: str, **params: Any) -> None:
        self.reader._warning(
            self.row, key, message % {"row": self.row, "column": self.reader.labels.get(key, ""), **params}
        )

    def refuse(self, key: str, text: str) -> None:
        """An Excel error or an overlong text: the cell is not checked further."""
        self.blocked.add(key)
        if text in _EXCEL_ERRORS:
            self.error(
                key,
                _(
                    "Row %(row)d, column %(column)s: the cell shows the Excel error %(error)s. Correct "
                    "the formula, or type the value."
                ),
                error=text,
            )
        else:
            self.error(
                key,
                _(
                    "Row %(row)d, column %(column)s: the text is %(length)d characters long; at most "
                    "%(limit)d are allowed. Shorten it."
                ),
                length=len(text),
                limit=_LIMITS[key],
            )

    def location(self) -> ParsedLocation | None:
        texts: dict[str, str] = {}
        for key, value in self.values.items():
            if value is None or key in self.blocked:
                text = ""
            elif value.__class__ is str and value.isprintable():
                text = value.strip()
            else:
                text = _text(value)
            if text and (len(text) > _LIMITS[key] or (text[0] == "#" and text in _EXCEL_ERRORS)):
                self.refuse(key, text)
                text = ""
            texts[key] = text
        name = texts.get("name", "")
        if not name and "name" not in self.blocked:
            self.error(
                "name",
                _(
                    "Row %(row)d, column %(column)s: the name is empty. Fill in the name of the production location."
                ),
            )
        country = self.country(texts.get("country", ""))
        region = self.region(texts.get("region", ""), country)
        latitude, longitude = self.coordinates()
        activity = self.activity(texts.get("activity", ""))
        materials = self.materials(texts.get("materials", ""))
        tier = self.tier(texts.get("tier", ""))
        customer = self.customer_location(texts.get("customer_location", ""))
        if self.failed:
            return None
        return ParsedLocation(
            row=self.row,
            reference=texts.get("reference", ""),
            name=name,
            address=texts.get("address", ""),
            city=texts.get("city", ""),
            region=region,
            region_text=texts.get("region", ""),
            country=country,
            latitude=latitude,
            longitude=longitude,
            activity=activity,
            materials=materials,
            tier=tier,
            customer_location=customer,
        )

    def country(self, text: str) -> str:
        if "country" in self.blocked:
            return ""
        if not text:
            self.error(
                "country",
                _(
                    "Row %(row)d, column %(column)s: the country is empty. Fill in the country, as a "
                    "name (such as Germany) or an ISO code (such as DE)."
                ),
            )
            return ""
        code = _country(text)
        if code:
            return code
        suggestion = _country_suggestion(text, self.reader.header.language)
        if suggestion:
            self.error(
                "country",
                _(
                    'Row %(row)d, column %(column)s: "%(value)s" is not a country we know. Did you mean %(suggestion)s?'
                ),
                value=text,
                suggestion=suggestion,
            )
        else:
            self.error(
                "country",
                _(
                    'Row %(row)d, column %(column)s: "%(value)s" is not a country we know. Write the '
                    "country as a name in English or Dutch (such as Germany or Duitsland) or as an ISO "
                    "code (such as DE)."
                ),
                value=text,
            )
        return ""

    def region(self, text: str, country: str) -> str:
        if not text or not country:
            return ""
        code, other = _region(country, text)
        if code:
            return code
        if other:
            self.error(
                "region",
                _(
                    "Row %(row)d, column %(column)s: %(value)s is a region of %(other)s, but the "
                    "country of this row is %(country)s. Correct the region or the country."
                ),
                value=text,
                other=_country_label(other),
                country=_country_label(country),
            )
            return ""
        example = _region_example(country)
        self.warning(
            "region",
            (
                _(
                    'Row %(row)d, column %(column)s: "%(value)s" is not a region of %(country)s that we '
                    "know; it is kept as written. Use the ISO 3166-2 code (such as %(example)s) or the "
                    "official name."
                )
                if example
                else _(
                    'Row %(row)d, column %(column)s: "%(value)s" is not a region of %(country)s that we '
                    "know; it is kept as written."
                )
            ),
            value=text,
            country=_country_label(country),
            example=example,
        )
        return ""

    def coordinates(self) -> tuple[float | None, float | None]:
        latitude = self.coordinate("latitude", 90, "52.37")
        longitude = self.coordinate("longitude", 180, "4.89")
        if latitude is False or longitude is False:
            return None, None
        assert not isinstance(latitude, bool) and not isinstance(longitude, bool)
        if latitude == 0 and longitude == 0:
            self.warning(
                "latitude",
                _(
                    "Row %(row)d, column %(column)s: latitude and longitude are both 0, a point in the "
                    "ocean off West Africa, so they were left out. Fill in the real coordinates, or "
                    "leave both empty."
                ),
            )
            return None, None
        if (latitude is None) != (longitude is None):
            missing, given = ("longitude", "latitude") if longitude is None else ("latitude", "longitude")
            labels = self.reader.labels
            if missing in labels:
                self.warning(
                    missing,
                    _(
                        "Row %(row)d, column %(column)s: this cell is empty while %(given)s is filled in. "
                        "Fill in both coordinates, or the location cannot be shown on a map."
                    ),
                    given=labels[given],
                )
            else:
                self.warning(
                    given,
                    _(
                        "Row %(row)d, column %(column)s: the file has no column %(missing)s, so the "
                        "location cannot be shown on a map. Add the column, or leave this one empty."
                    ),
                    missing=_COLUMN[missing].header(self.reader.header.language),
                )
        return latitude, longitude

    def coordinate(self, key: str, limit: int, example: str) -> float | Literal[False] | None:
        """The number, None when empty, or False when it is wrong (the problem is reported)."""
        if key in self.blocked:
            return False
        value = self.values.get(key)
        number = _number(value)
        if number is None:
            text = _text(value)
            if not text:
                return None
            self.error(
                key,
                _(
                    'Row %(row)d, column %(column)s: "%(value)s" is not a number. Write decimal degrees, '
                    "such as %(example)s."
                ),
                value=text,
                example=example,
            )
            return False
        number = round(number, COORDINATE_DECIMALS)
        if not -limit <= number <= limit:
            swapped = key == "latitude" and _number(self.values.get("longitude")) is not None
            self.error(
                key,
                (
                    _(
                        "Row %(row)d, column %(column)s: %(value)s is outside the range %(low)d to "
                        "%(high)d. Are latitude and longitude swapped?"
                    )
                    if swapped and abs(_number(self.values.get("longitude")) or 0) <= 90
                    else _(
                        "Row %(row)d, column %(column)s: %(value)s is outside the range %(low)d to %(high)d."
                    )
                ),
                value=_text(value),
                low=-limit,
                high=limit,
            )
            return False
        return number

    def activity(self, text: str) -> str:
        if "activity" in self.blocked:
            return ""
        if not text:
            self.error(
                "activity",
                _("Row %(row)d, column %(column)s: the activity is empty. Choose one of: %(allowed)s."),
                allowed=_allowed("activity_types"),
            )
            return ""
        code = _resolve("activity_types", text)
        if code:
            return code
        suggestion = _suggestion("activity_types", text)
        self.error(
            "activity",
            (
                _(
                    'Row %(row)d, column %(column)s: "%(value)s" is not an activity we know. Did you mean '
                    "%(suggestion)s? Choose one of: %(allowed)s."
                )
                if suggestion
                else _(
                    'Row %(row)d, column %(column)s: "%(value)s" is not an activity we know. Choose one '
                    "of: %(allowed)s."
                )
            ),
            value=text,
            suggestion=suggestion,
            allowed=_allowed("activity_types"),
        )
        return ""

    def materials(self, text: str) -> tuple[str, ...]:
        codes: list[str] = []
        unknown: list[str] = []
        for part in _MATERIAL_SEPARATORS.split(text):
            part = part.strip()
            if not part:
                continue
            code = _resolve("materials", part)
            if code is None:
                unknown.append(part)
            elif code not in codes:
                codes.append(code)
        if unknown:
            self.error(
                "materials",
                (
                    _(
                        'Row %(row)d, column %(column)s: "%(value)s" is not a material we know. Use one '
                        "or more of: %(allowed)s, separated by commas."
                    )
                    if len(unknown) == 1
                    else _(
                        "Row %(row)d, column %(column)s: %(value)s are not materials we know. Use one or "
                        "more of: %(allowed)s, separated by commas."
                    )
                ),
                value=unknown[0] if len(unknown) == 1 else _join([f'"{u}"' for u in unknown]),
                allowed=_allowed("materials"),
            )
        return tuple(codes)

    def tier(self, text: str) -> str:
        if not text:
            return "unknown"
        code = _resolve("tiers", text)
        if code is None:
            number = re.fullmatch(r"(?:tier|t)?\s*(\d+)", fold(text))
            if number and int(number[1]) >= 3:
                code = "3+"
        if code is None:
            self.error(
                "tier",
                _(
                    'Row %(row)d, column %(column)s: "%(value)s" is not a tier we know. Write 1 (direct '
                    "supplier), 2, 3+ (tier 3 or further), or leave the cell empty when you do not know."
                ),
                value=text,
            )
            return "unknown"
        return code

    def customer_location(self, text: str) -> bool:
        value = self.values.get("customer_location")
        if isinstance(value, bool):
            return value
        if not text:
            return False
        answer = _yes_no(text)
        if answer is None:
            self.error(
                "customer_location",
                _(
                    'Row %(row)d, column %(column)s: "%(value)s" is not yes or no. Write yes or no (ja '
                    "or nee also work, and x for yes), or leave the cell empty for no."
                ),
                value=text,
            )
            return False
        return answer


_MATERIAL_SEPARATORS = re.compile(r"[,;/+\n]")
# What an .xlsx cannot hold, so what a downloaded list could not give back.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_YES_NO = {
    **dict.fromkeys(("ja", "j", "yes", "y", "x", "true", "waar", "1", "✓", "✔", "☑"), True),
    **dict.fromkeys(("nee", "n", "no", "false", "onwaar", "0", "-"), False),
}


@lru_cache(maxsize=256)
def _yes_no(text: str) -> bool | None:
    return _YES_NO.get(fold(text), _YES_NO.get(text))


def _text(value: Any) -> str:
    """A cell as the person sees it: whole numbers without ".0", dates without a time."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return _NOT_IN_XML.sub("", text) if _NOT_IN_XML.search(text) else text
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


_COORDINATE = re.compile(r"([+-]?)(\d+(?:[.,]\d*)?|[.,]\d+)\s*°?\s*([NSEWZO]?)", re.IGNORECASE)


def _number(value: Any) -> float | None:
    """Decimal degrees as written in Dutch ("52,37") or English ("52.37"), optionally "52.37 N"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
        return number if math.isfinite(number) else None
    text = _text(value).replace("\u00a0", "").replace("\u2212", "-")
    match = _COORDINATE.fullmatch(text)
    if not match:
        return None
    sign, digits, hemisphere = match.groups()
    number = float(digits.replace(",", "."))
    if sign == "-" or hemisphere.upper() in ("S", "W", "Z"):
        number = -number
    return number


# --- lookups, cached: a list names the same countries and words thousands of times --------------


@lru_cache(maxsize=4096)
def _country(text: str) -> str:
    return country_code(text)


def _country_label(code: str) -> str:
    return _country_label_in(code, (get_language() or "nl")[:2])


@lru_cache(maxsize=1024)
def _country_label_in(code: str, language: str) -> str:
    return country_name(code, language)


@lru_cache(maxsize=4)
def _country_names(language: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for lang in dict.fromkeys((language, "en")):
            names.setdefault(country_name(country.alpha_2, lang), country.alpha_2)
    return names


@lru_cache(maxsize=1024)
def _country_suggestion(text: str, language: str) -> str:
    if len(fold(text)) < 3:
        return ""
    names = _country_names(language)
    found = process.extractOne(text, list(names), scorer=fuzz.ratio, processor=fold, score_cutoff=75)
    return found[0] if found else ""


def _allowed(kind: str) -> str:
    return ", ".join(term.name for term in vocabulary().terms[kind])


@lru_cache(maxsize=4096)
def _resolve(kind: str, text: str) -> str | None:
    return vocabulary().resolve(kind, text)


@lru_cache(maxsize=1024)
def _suggestion(kind: str, text: str) -> str:
    words: dict[str, Term] = {}
    for term in vocabulary().terms[kind]:
        for word in (term.name_nl, term.name_en, *term.aliases):
            words.setdefault(fold(word), term)
    found = process.extractOne(fold(text), list(words), scorer=fuzz.ratio, score_cutoff=80)
    return words[found[0]].name if found else ""


_COMPASS = {
    **dict.fromkeys(("north", "noord", "nord", "norte"), "n"),
    **dict.fromkeys(("south", "zuid", "sud", "sur"), "s"),
    **dict.fromkeys(("east", "oost", "est", "ost", "este"), "e"),
    **dict.fromkeys(("west", "ouest", "oeste"), "w"),
}
_REGION_LANGUAGES = ("en", "nl", "de", "fr", "es")


def _region_key(text: str) -> str:
    """North Kivu, Noord-Kivu and Nord-Kivu are one region."""
    return " ".join(_COMPASS.get(word, word) for word in fold(text).split())


@lru_cache(maxsize=1)
def _region_codes() -> dict[str, str]:
    return {s.code: s.country_code for s in pycountry.subdivisions}


@lru_cache(maxsize=8)
def _region_translations(language: str) -> Callable[[str], str]:
    import gettext

    try:
        return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language]).gettext
    except OSError:
        return lambda text: text


def _region_spellings(name: str) -> Iterator[str]:
    """ISO writes "Illes Balears [Islas Baleares]" and "Madrid, Comunidad de"."""
    bracketed = re.fullmatch(r"(.*?)\s*\[(.*)\]", name)
    parts = [bracketed[1], bracketed[2]] if bracketed else [name]
    for part in parts:
        yield part
        before, comma, after = part.partition(", ")
        if comma:
            yield f"{after} {before}"
            yield before


@lru_cache(maxsize=256)
def _regions(country: str) -> dict[str, str]:
    subdivisions = pycountry.subdivisions.get(country_code=country) or []
    ordered = sorted(subdivisions, key=lambda s: (s.parent_code is not None, s.code))
    index: dict[str, str] = {}
    for subdivision in ordered:
        names = [subdivision.name] + [
            _region_translations(lang)(subdivision.name) for lang in _REGION_LANGUAGES
        ]
        for name in dict.fromkeys(names):
            for spelling in _region_spellings(name):
                index.setdefault(_region_key(spelling), subdivision.code)
    return index


@lru_cache(maxsize=8192)
def _region(country: str, text: str) -> tuple[str, str]:
    """(code, "") when recognised; ("", other country) for a code of another country; ("", "")."""
    code = text.strip().upper().replace(" ", "").replace("_", "-")
    codes = _region_codes()
    if re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", code):
        owner = codes.get(code, "")
        return (code, "") if owner == country else ("", owner)
    found = _regions(country).get(_region_key(text))
    if found:
        return found, ""
    if re.fullmatch(r"[A-Z0-9]{1,3}", code) and codes.get(f"{country}-{code}") == country:
        return f"{country}-{code}", ""
    return "", ""


def region_code(country: str, text: str) -> str:
    """ISO 3166-2 code of a region of `country` written as its code or its name in one of five
    languages, or "" — the same reading a spreadsheet cell gets, for forms too."""
    return _region(country.upper(), text)[0] if country and text.strip() else ""


@lru_cache(maxsize=256)
def _region_example(country: str) -> str:
    """A code of the country's usual kind of region: a Dutch province, not Aruba."""
    subdivisions = [
        s for s in pycountry.subdivisions.get(country_code=country) or [] if s.parent_code is None
    ]
    if not subdivisions:
        return ""
    kinds = Counter(s.type for s in subdivisions)
    return min(s.code for s in subdivisions if s.type == kinds.most_common(1)[0][0])


# --- writing the template and lists --------------------------------------------------------------

_TEXTS = {
    "en": {
        "data": "Production locations",
        "instructions": "Instructions",
        "lists": "Lists",
        "title": "Production locations: how to fill in this list",
        "intro": (
            "Fill in one row per production location on the sheet 'Production locations' and keep its "
            "header row. Upload the workbook as it is (.xlsx), or save it as CSV. Columns marked "
            "'required' must be filled in; the other columns help to recognise the location."
        ),
        "confidential_title": "Who sees what",
        "confidential": (
            "Names, addresses and your references are confidential: only your company and the "
            "secretariat of the agreement see them (art. 20). The secretariat merges all lists into "
            "one aggregated list at country or regional level with the type of activity, which cannot "
            "be traced to your company."
        ),
        "column": "Column",
        "required": "Required",
        "explanation": "What to fill in",
        "example": "Example",
        "yes": "yes",
        "no": "no",
        "allowed": "Allowed values",
        "materials_note": "Several materials: separate them with commas, the main material first.",
        "tier_note": "You may also write 1, 2, 3 (or higher) or leave the cell empty when unknown.",
        "customer_note": "yes or no (x also means yes); empty means no.",
        "examples": "Examples (fictitious)",
        "prompt_title": "Choose from the list",
        "error_title": "Not in the list",
        "error": "This value is not in the list. Choose one from the list, or see the sheet 'Instructions'.",
    },
    "nl": {
        "data": "Productielocaties",
        "instructions": "Toelichting",
        "lists": "Lijsten",
        "title": "Productielocaties: zo vult u deze lijst in",
        "intro": (
            "Vul op het blad 'Productielocaties' één rij per productielocatie in en laat de kopregel "
            "staan. Upload de werkmap zoals hij is (.xlsx), of sla hem op als CSV. Kolommen met "
            "'verplicht' moeten zijn ingevuld; de andere kolommen helpen de locatie te herkennen."
        ),
        "confidential_title": "Wie ziet wat",
        "confidential": (
            "Namen, adressen en uw referenties zijn vertrouwelijk: alleen uw bedrijf en het "
            "secretariaat van het convenant zien ze (art. 20). Het secretariaat voegt alle lijsten "
            "samen tot één geaggregeerde lijst op land- of regioniveau met het soort activiteit, die "
            "niet tot uw bedrijf te herleiden is."
        ),
        "column": "Kolom",
        "required": "Verplicht",
        "explanation": "Wat vult u in",
        "example": "Voorbeeld",
        "yes": "ja",
        "no": "nee",
        "allowed": "Toegestane waarden",
        "materials_note": "Meerdere materialen: scheid ze met komma's, het belangrijkste eerst.",
        "tier_note": "U mag ook 1, 2, 3 (of hoger) schrijven, of de cel leeg laten als het onbekend is.",
        "customer_note": "ja of nee (x betekent ook ja); leeg betekent nee.",
        "examples": "Voorbeelden (verzonnen)",
        "prompt_title": "Kies uit de lijst",
        "error_title": "Niet in de lijst",
        "error": "Deze waarde staat niet in de lijst. Kies er een uit de lijst, of zie het blad 'Toelichting'.",
    },
}

_EXAMPLES = (
    {
        "reference": "SUP-0012",
        "name": "Example Copper Refinery",
        "address": "Industrial Road 5",
        "city": "Antofagasta",
        "region": "CL-AN",
        "country": "CL",
        "latitude": -23.65,
        "longitude": -70.4,
        "activity": "refining",
        "materials": ("copper",),
        "tier": "2",
        "customer_location": False,
    },
    {
        "reference": "SUP-0040",
        "name": "Example Tin Mine",
        "address": "",
        "city": "Rubaya",
        "region": {"en": "North Kivu", "nl": "Noord-Kivu"},
        "country": "CD",
        "latitude": None,
        "longitude": None,
        "activity": "artisanal_mining",
        "materials": ("tin", "tantalum"),
        "tier": "3+",
        "customer_location": False,
    },
    {
        "reference": "",
        "name": "Example Scrap Yard",
        "address": "Havenweg 12",
        "city": "3089 JB Rotterdam",
        "region": "Zuid-Holland",
        "country": "NL",
        "latitude": 51.88,
        "longitude": 4.42,
        "activity": "scrap_collection",
        "materials": ("mixed_scrap", "copper"),
        "tier": "1",
        "customer_location": True,
    },
)
_COLUMN_WIDTHS = {
    "reference": 16,
    "name": 40,
    "address": 34,
    "city": 24,
    "region": 18,
    "country": 20,
    "latitude": 14,
    "longitude": 14,
    "activity": 38,
    "materials": 30,
    "tier": 28,
    "customer_location": 20,
}
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_WRAP = Alignment(wrap_text=True, vertical="top")


def template_workbook(language: str) -> bytes:
    """The empty list to download: headers, dropdowns and, on a second sheet, the instructions."""
    return list_workbook((), language)


def list_workbook(locations: Iterable[Any], language: str) -> bytes:
    """A list in the template's layout, so that a downloaded list can be edited and uploaded again.

    Accepts ParsedLocation or anything with its attribute names (a ProductionLocation row)."""
    language = "nl" if language == "nl" else "en"
    texts = _TEXTS[language]
    workbook = openpyxl.Workbook(write_only=True)
    data = workbook.create_sheet(texts["data"])
    instructions = workbook.create_sheet(texts["instructions"])
    lists = workbook.create_sheet(texts["lists"])
    lists.sheet_state = "hidden"
    _data_sheet(data, lists, language)
    _instructions_sheet(instructions, language)
    workbook.properties.title = texts["data"]
    workbook.properties.creator = "imvo"
    out = io.BytesIO()
    workbook.save(out)
    rows = (_cells(location, language) for location in locations)
    return _with_rows(out.getvalue(), data.path.lstrip("/"), rows)


def _with_rows(xlsx: bytes, member: str, rows: Iterable[list[Any]]) -> bytes:
    """The workbook with the rows added below the header of its data sheet.

    openpyxl serialises XML in pure Python, some twenty microseconds a cell, which makes a list of
    50,000 rows take most of a minute; these rows are plain text and numbers, simple to write here.
    The dimension tells readers (openpyxl among them) the size without scanning the sheet."""
    parts: list[str] = []
    number = 1
    for values in rows:
        number += 1
        cells = []
        for letter, value in zip(_LETTERS, values, strict=False):
            value = _cell_value(value)
            if isinstance(value, str):
                cells.append(
                    f'<c r="{letter}{number}" t="inlineStr"><is><t xml:space="preserve">{_xml(value)}</t></is></c>'
                )
            elif value is not None:
                cells.append(f'<c r="{letter}{number}"><v>{value!r}</v></c>')
        parts.append(f'<row r="{number}">{"".join(cells)}</row>')
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                sheet = content.decode("utf-8")
                dimension = f'<dimension ref="A1:{_LETTERS[-1]}{number}" />'
                sheet = sheet.replace("</sheetPr>", f"</sheetPr>{dimension}", 1)
                sheet = sheet.replace("</sheetData>", "".join(parts) + "</sheetData>", 1)
                content = sheet.encode("utf-8")
            target.writestr(info.filename, content)
    return out.getvalue()


_LETTERS = tuple(get_column_letter(index) for index in range(1, len(COLUMNS) + 1))
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def _xml(text: str) -> str:
    return text.translate(_XML_ESCAPES)


def _data_sheet(sheet: Any, lists: Any, language: str) -> None:
    """Column layout first: a write-only sheet writes it out with the first row."""
    texts = _TEXTS[language]
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _COLUMN_WIDTHS[column.key]
        if column.key in _TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    choices = {
        "activity": [_term_name(t, language) for t in vocabulary().terms["activity_types"]],
        "tier": [_term_name(t, language) for t in vocabulary().terms["tiers"]],
        "customer_location": [texts["yes"], texts["no"]],
    }
    for list_col, (key, values) in enumerate(choices.items(), start=1):
        list_letter = get_column_letter(list_col)
        validation = DataValidation(
            type="list",
            formula1=f"'{lists.title}'!${list_letter}$1:${list_letter}${len(values)}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=texts["error_title"],
            error=texts["error"],
            promptTitle=texts["prompt_title"],
            prompt=_COLUMN[key].help(language)[:255],
            showInputMessage=True,
        )
        letter = get_column_letter(_position(key))
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        sheet.data_validations.append(validation)
    for row in itertools.zip_longest(*choices.values()):
        lists.append(list(row))
    sheet.append(
        [
            _styled(sheet, column.header(language), fill=_REQUIRED_FILL if column.required else _HEADER_FILL)
            for column in COLUMNS
        ]
    )


_TEXT_COLUMNS = ("reference", "name", "address", "city", "region")


def _position(key: str) -> int:
    return next(i for i, column in enumerate(COLUMNS, start=1) if column.key == key)


def _styled(sheet: Any, value: Any, *, font: Font = _BOLD, fill: PatternFill | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def _wrapped(sheet: Any, value: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.alignment = _WRAP
    return cell


def _instructions_sheet(sheet: Any, language: str) -> None:
    texts = _TEXTS[language]
    vocab = vocabulary()
    for letter, width in zip("ABCD", (26, 12, 80, 34), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append([_styled(sheet, texts["title"], font=Font(bold=True, size=14))])
    sheet.append([None, None, _wrapped(sheet, texts["intro"])])
    sheet.append([])
    sheet.append([_styled(sheet, texts["confidential_title"]), None, _wrapped(sheet, texts["confidential"])])
    sheet.append([])
    sheet.append(
        [
            _styled(sheet, text, fill=_HEADER_FILL)
            for text in (texts["column"], texts["required"], texts["explanation"], texts["example"])
        ]
    )
    example = _cells(_ExampleLocation(_EXAMPLES[0], language), language)
    for index, column in enumerate(COLUMNS):
        required = texts["required"].lower() if column.required else ""
        values = (column.header(language), required, column.help(language), example[index])
        sheet.append([_wrapped(sheet, _cell_value(value)) for value in values])
    sheet.append([])
    sheet.append([_styled(sheet, texts["allowed"], font=Font(bold=True, size=12))])
    sections = (
        ("activity", [_term_name(t, language) for t in vocab.terms["activity_types"]], ""),
        ("materials", [_term_name(t, language) for t in vocab.terms["materials"]], texts["materials_note"]),
        ("tier", [_term_name(t, language) for t in vocab.terms["tiers"]], texts["tier_note"]),
        ("customer_location", [texts["yes"], texts["no"]], texts["customer_note"]),
    )
    for key, names, note in sections:
        sheet.append([_styled(sheet, _COLUMN[key].header(language)), None, note or None])
        for name in names:
            sheet.append([None, None, name])
    sheet.append([])
    sheet.append([_styled(sheet, texts["examples"], font=Font(bold=True, size=12))])
    sheet.append([_styled(sheet, column.header(language), fill=_HEADER_FILL) for column in COLUMNS])
    for example_values in _EXAMPLES:
        sheet.append(_row(sheet, _cells(_ExampleLocation(example_values, language), language)))


class _ExampleLocation:
    def __init__(self, values: dict[str, Any], language: str) -> None:
        region = values["region"]
        self.region_text = region[language] if isinstance(region, dict) else region
        self.region = ""
        for key, value in values.items():
            if key != "region":
                setattr(self, key, value)


def _term_name(term: Term, language: str) -> str:
    return term.name_nl if language == "nl" else term.name_en


def _vocabulary_cell(kind: str, code: str, language: str) -> str:
    """The name in the list's language, unless it would not read back as the same code."""
    term = next((t for t in vocabulary().terms[kind] if t.code == code), None)
    if term is None:
        return code
    name = _term_name(term, language)
    if _resolve(kind, name) != code or (kind == "materials" and _MATERIAL_SEPARATORS.search(name)):
        return code
    return name


def _country_cell(code: str, language: str) -> str:
    if not code:
        return ""
    name = country_name(code, language)
    return name if _country(name) == code else code


def _cells(location: Any, language: str) -> list[Any]:
    texts = _TEXTS[language]
    values: dict[str, Any] = {
        "reference": location.reference,
        "name": location.name,
        "address": location.address,
        "city": location.city,
        "region": getattr(location, "region_text", "") or location.region,
        "country": _country_cell(location.country, language),
        "latitude": _coordinate(location.latitude),
        "longitude": _coordinate(location.longitude),
        "activity": _vocabulary_cell("activity_types", location.activity, language)
        if location.activity
        else "",
        "materials": ", ".join(
            _vocabulary_cell("materials", code, language) for code in location.materials or ()
        ),
        "tier": _vocabulary_cell("tiers", location.tier or "unknown", language),
        "customer_location": texts["yes"] if location.customer_location else texts["no"],
    }
    return [values[column.key] for column in COLUMNS]


def _row(sheet: Any, values: list[Any]) -> list[Any]:
    """Text stays text: a value starting with "=" must not become a formula (nor run one in Excel)."""
    row: list[Any] = []
    for value in values:
        value = _cell_value(value)
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            value = cell
        row.append(value)
    return row


def _coordinate(value: Any) -> float | None:
    return None if value is None else round(float(value), COORDINATE_DECIMALS)


def _cell_value(value: Any) -> str | float | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return float(value) if math.isfinite(value) else None
    return _NOT_IN_XML.sub("", str(value))
