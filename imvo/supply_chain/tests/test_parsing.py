"""Reading production-location lists: what is read from Excel and CSV files, what is refused and
why, the template, and a downloaded list uploaded again."""

from __future__ import annotations

import codecs
import csv
import io
import random
import re
import time
import zipfile
from dataclasses import replace
from datetime import datetime
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.styles import Font

from imvo.supply_chain import parsing
from imvo.supply_chain.parsing import (
    COLUMNS,
    ListFileError,
    ParsedLocation,
    ParseResult,
    list_workbook,
    parse_location_file,
    template_workbook,
)
from imvo.supply_chain.vocabulary import vocabulary

EN = [c.header_en for c in COLUMNS]
NL = [c.header_nl for c in COLUMNS]
GOOD = {
    "reference": "SUP-1",
    "name": "Fonderie du Nord",
    "address": "Rue 1",
    "city": "Lille",
    "region": "",
    "country": "France",
    "latitude": "50.63",
    "longitude": "3.06",
    "activity": "Smelting",
    "materials": "copper",
    "tier": "2",
    "customer_location": "",
}


@pytest.fixture(autouse=True)
def _in_english():
    """The messages are asserted in English."""
    with translation.override("en"):
        yield


def row(**changes: object) -> list[object]:
    values = {**GOOD, **changes}
    return [values[c.key] for c in COLUMNS]


def xlsx(rows: list[list[object]], *, title: str = "Sheet") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def text(rows: list[list[object]], *, delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def parse(data: bytes, filename: str = "list.xlsx", **options) -> ParseResult:
    return parse_location_file(io.BytesIO(data), filename=filename, **options)


def refused(data: bytes, filename: str = "list.xlsx") -> str:
    with pytest.raises(ListFileError) as caught:
        parse(data, filename)
    return str(caught.value)


def only(result: ParseResult) -> ParsedLocation:
    assert len(result.locations) == 1, result.problems
    return result.locations[0]


def messages(result: ParseResult, level: str | None = None) -> list[str]:
    return [p.message for p in result.problems if level is None or p.level == level]


def edit_member(data: bytes, member: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, change(content) if info.filename == member else content)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def as_excel_saves_it(data: bytes) -> bytes:
    """openpyxl writes text inline in the sheet; Excel puts it in the shared-strings table."""
    strings: list[str] = []

    def share(match: re.Match[bytes]) -> bytes:
        strings.append(match[2].decode())
        return b'<c%s t="s"><v>%d</v></c>' % (match[1], len(strings) - 1)

    def sheet(content: bytes) -> bytes:
        return re.sub(rb'<c([^>]*?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>', share, content)

    data = edit_member(data, SHEET, sheet)
    assert strings
    table = "".join(f"<si><t>{text}</t></si>" for text in strings)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    additions = {
        "xl/sharedStrings.xml": f'<sst xmlns="{main}" count="{len(strings)}">{table}</sst>'.encode(),
        "[Content_Types].xml": b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "xl/_rels/workbook.xml.rels": b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org'
        b'/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    }
    data = edit_member(
        data, "[Content_Types].xml", lambda c: c.replace(b"</Types>", additions["[Content_Types].xml"])
    )
    data = edit_member(
        data,
        "xl/_rels/workbook.xml.rels",
        lambda c: c.replace(b"</Relationships>", additions["xl/_rels/workbook.xml.rels"]),
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        source = zipfile.ZipFile(io.BytesIO(data))
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        target.writestr("xl/sharedStrings.xml", additions["xl/sharedStrings.xml"])
    return out.getvalue()


# --- formats ----------------------------------------------------------------------------------


@pytest.mark.parametrize("saved", [lambda data: data, as_excel_saves_it], ids=["openpyxl", "Excel"])
def test_it_reads_a_filled_in_template(saved):
    result = parse(
        saved(
            xlsx(
                [
                    NL,
                    row(region="Hauts-de-France", materials="Koper; tin / koper + zinc", tier="tier 1"),
                    row(name="Goma Tin", country="DRC", region="Noord-Kivu", activity="comptoir", tier=""),
                ]
            )
        )
    )

    assert result.problems == []
    assert result.rows_read == 2
    assert result.language == "nl"
    assert result.columns["country"] == "Land"
    first, second = result.locations
    assert first == ParsedLocation(
        row=2,
        reference="SUP-1",
        name="Fonderie du Nord",
        address="Rue 1",
        city="Lille",
        region="FR-HDF",
        region_text="Hauts-de-France",
        country="FR",
        latitude=50.63,
        longitude=3.06,
        activity="smelting",
        materials=("copper", "tin", "zinc"),
        tier="1",
        customer_location=False,
    )
    assert (second.row, second.country, second.region, second.activity, second.tier) == (
        3,
        "CD",
        "CD-NK",
        "trading",
        "unknown",
    )


def test_it_decides_the_format_by_content_not_by_name():
    assert only(parse(xlsx([EN, row()]), "list.csv")).name == "Fonderie du Nord"
    assert only(parse(text([EN, row()]), "list.xlsx")).name == "Fonderie du Nord"
    assert only(parse(xlsx([EN, row()]), "list.xlsm")).name == "Fonderie du Nord"


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ";"), ("utf-8-sig", ","), ("cp1252", ";"), ("utf-16", "\t"), ("utf-16-le", "\t")],
)
def test_it_reads_csv_as_excel_writes_it(encoding, delimiter):
    name = "Fonderie Noël – “Ærø” €"
    result = parse(text([NL, row(name=name, city="Liège")], delimiter=delimiter, encoding=encoding), "l.csv")

    location = only(result)
    assert (location.name, location.city) == (name, "Liège")


def test_it_reads_quoted_fields_with_line_breaks_and_numbers_rows_as_excel_does():
    data = text([EN, row(address="Rue 1\nBâtiment B; 2e étage"), row(name="Second")])

    result = parse(data, "l.csv")

    assert [(loc.row, loc.address) for loc in result.locations] == [
        (2, "Rue 1\nBâtiment B; 2e étage"),
        (3, "Rue 1"),
    ]


def test_it_reads_the_separator_line_excel_writes():
    data = b"sep=,\r\n" + text([EN, row(name="Comma, Inc.")], delimiter=",")

    assert (only(parse(data, "l.csv")).name, only(parse(data, "l.csv")).row) == ("Comma, Inc.", 2)


def test_it_reads_a_path_and_a_django_upload(tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(xlsx([EN, row()]))

    assert only(parse_location_file(path, filename="list.xlsx")).country == "FR"
    assert only(parse_location_file(str(path), filename="list.xlsx")).country == "FR"
    upload = SimpleUploadedFile("list.csv", text([EN, row()]))
    upload.read(10)  # a file already read from must be read from the start
    assert only(parse_location_file(upload, filename="list.csv")).country == "FR"


def test_it_refuses_an_old_xls_workbook():
    data = parsing._OLE2 + bytes(504) + "Workbook".encode("utf-16-le") + bytes(100)

    assert "old Excel 97–2003 workbook (.xls)" in refused(data, "list.xls")
    assert "Save As > Excel Workbook (.xlsx)" in refused(data, "list.xls")


def test_it_refuses_a_password_protected_workbook():
    data = parsing._OLE2 + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(100)

    assert "protected with a password" in refused(data, "list.xlsx")


def test_it_refuses_a_damaged_workbook():
    data = xlsx([EN, row()])

    assert "is damaged" in refused(data[: len(data) // 2])


def test_it_refuses_a_workbook_whose_sheet_is_corrupt():
    data = bytearray(xlsx([EN] + [row(name=f"L{i}") for i in range(200)]))
    member = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(SHEET)
    start = member.header_offset + 30 + len(member.filename) + len(member.extra) + member.compress_size // 2
    data[start : start + 64] = bytes(64)

    assert "is damaged" in refused(bytes(data))


def test_it_refuses_a_sheet_whose_xml_is_broken_without_taking_long():
    def unclosed(content: bytes) -> bytes:
        return content.replace(b"<sheetData>", b"<sheetData>" + b'<row r="1"><c r="A1">' * 50_000)

    started = time.process_time()

    assert "is damaged" in refused(edit_member(xlsx([EN, row()]), SHEET, unclosed))
    assert time.process_time() - started < 2


_WORKBOOK = xlsx([EN, row(), row(name='="x"'), row(name="B", tier=3, latitude=1.5)])
_CSV = text([NL, row(), row(name="B")])


@settings(max_examples=60, deadline=None)
@given(
    original=st.sampled_from([_WORKBOOK, _CSV]),
    changes=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=0, max_size=8)), min_size=1, max_size=6),
)
def test_a_damaged_file_gets_a_message_not_a_crash(original, changes):
    data = bytearray(original)
    for where, replacement in changes:
        position = int(where * (len(data) - 1))
        data[position : position + max(len(replacement), 1)] = replacement

    try:
        result = parse(bytes(data))
    except ListFileError as refusal:
        assert str(refusal)
    else:
        assert all(p.message for p in result.problems)


def test_it_refuses_an_opendocument_spreadsheet():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")

    message = refused(out.getvalue(), "list.ods")

    assert "OpenDocument spreadsheet (.ods)" in message
    assert "(.xlsx)" in message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7 ...", "is not a file type that can be read"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "is not a file type that can be read"),
        (bytes(range(256)) * 40, "is not a file type that can be read"),
        (b"<html><body><table><tr><td>Naam</td></tr></table></body></html>", "web page"),
        (b"", "is empty"),
        (codecs.BOM_UTF8 + b"\r\n", "is empty"),
    ],
)
def test_it_refuses_what_is_not_a_list(data, expected):
    message = refused(data, "list.xls")

    assert expected in message
    assert "list.xls" in message


def test_it_refuses_a_zip_that_is_not_a_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    assert "not an Excel workbook" in refused(out.getvalue(), "list.docx")


# --- headers ----------------------------------------------------------------------------------


def test_it_reads_english_headers():
    result = parse(xlsx([EN, row()]))

    assert result.language == "en"
    assert only(result).name == "Fonderie du Nord"


def test_it_accepts_synonyms_in_any_case_spacing_and_punctuation():
    header = [
        "Eigen kenmerk",
        "  FACILITY   NAME ",
        "Street address",
        "Postcode/Plaats",
        "State / Province",
        "Country (ISO code)",
        "Lat",
        "Lng",
        "Activity type*",
        "Metalen",
        "Tier level",
        "Customer location (yes/no)",
    ]

    result = parse(xlsx([header, row()]))

    assert result.problems == []
    assert result.columns["name"] == "FACILITY NAME"
    assert result.columns["city"] == "Postcode/Plaats"
    assert only(result) == only(parse(xlsx([EN, row()])))


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Naam locatie", "name"),
        ("Facility name", "name"),
        ("Supplier name", "name"),
        ("Straat", "address"),
        ("Street address", "address"),
        ("Postcode/Plaats", "city"),
        ("Provincie", "region"),
        ("ISO 3166-2", "region"),
        ("Landcode", "country"),
        ("Breedte", "latitude"),
        ("Longitude (decimal)", "longitude"),
        ("Soort activiteit", "activity"),
        ("Grondstoffen", "materials"),
        ("Ketenschakel", "tier"),
        ("Klantlocatie", "customer_location"),
        ("Leveranciersnummer", "reference"),
    ],
)
def test_it_knows_the_usual_names_of_columns(header, key):
    required = {"name": "Naam", "country": "Land", "activity": "Activiteit"}
    headers = [header] + [text for k, text in required.items() if k != key]

    assert parse(xlsx([headers])).columns[key] == header


def test_a_file_may_mix_dutch_and_english_headers():
    result = parse(xlsx([["Naam", "Adres", "Country", "Activiteit"], ["A", "B", "NL", "mijn"]]))

    assert result.language == "nl"
    assert only(result).activity == "mining"


def test_it_accepts_columns_in_any_order():
    order = list(range(len(COLUMNS)))
    random.Random(7).shuffle(order)
    shuffled = [[values[i] for i in order] for values in (NL, row(tier="3+"))]

    assert only(parse(xlsx(shuffled))) == only(parse(xlsx([NL, row(tier="3+")])))


def test_it_ignores_unknown_columns_and_says_so_once():
    result = parse(xlsx([[*EN, "Notes", "Buyer"], [*row(), "call back", "Piet"], [*row(name="B"), "", ""]]))

    assert len(result.locations) == 2
    assert messages(result) == [
        "Columns M (Notes) and N (Buyer) are not part of the template and were ignored."
    ]
    assert result.problems[0].row is None
    assert result.problems[0].level == "warning"


def test_it_finds_the_header_below_a_title():
    data = xlsx([["Productielocaties 2025 — Van Dijk Metaal"], [], ["Ingevuld door: J. Jansen"], NL, row()])

    assert only(parse(data)).row == 5


def test_it_uses_the_first_sheet_with_a_header():
    workbook = openpyxl.Workbook()
    workbook.active.append(["Cover", "Company X"])
    data_sheet = workbook.create_sheet("Locations")
    data_sheet.append(EN)
    data_sheet.append(row())
    out = io.BytesIO()
    workbook.save(out)

    assert only(parse(out.getvalue())).name == "Fonderie du Nord"


def test_it_refuses_a_column_that_appears_twice():
    message = refused(xlsx([[*NL, "Country"], [*row(), "France"]]))

    assert 'The column "Land" appears more than once, in columns F and M.' in message


def test_a_vague_header_gives_way_to_a_clear_one():
    header = ["Supplier name", *EN]

    result = parse(xlsx([header, ["Holding plc", *row()]]))

    assert only(result).name == "Fonderie du Nord"
    assert messages(result) == ["Column A (Supplier name) was ignored: column C (Name) is used for Name."]


def test_it_lists_the_missing_required_columns_and_what_it_found():
    message = refused(xlsx([["Naam", "Adres", "Plaats"], ["A", "B", "C"]]))

    assert "Required columns are missing: Land, Activiteit." in message
    assert "A (Naam); B (Adres); C (Plaats)" in message


def test_it_explains_the_template_when_there_is_no_header():
    message = refused(xlsx([["foo", "bar"], [1, 2]]))

    assert "No header row was found" in message
    assert "Download the template" in message


# --- cells ------------------------------------------------------------------------------------


def test_it_skips_blank_rows_and_keeps_excel_row_numbers():
    result = parse(xlsx([EN, row(name="A"), [], [None, "  "], row(name="B")]))

    assert result.rows_read == 2
    assert [loc.row for loc in result.locations] == [2, 5]


def test_it_suggests_the_closest_country():
    result = parse(xlsx([EN, row(country="Germny"), row(country="Atlantis")]))

    assert messages(result) == [
        'Row 2, column F (Country): "Germny" is not a country we know. Did you mean Germany?',
        'Row 3, column F (Country): "Atlantis" is not a country we know. Write the country as a name in '
        "English or Dutch (such as Germany or Duitsland) or as an ISO code (such as DE).",
    ]
    assert result.problems[0].column == "F (Country)"
    assert result.locations == []


def test_it_suggests_a_country_in_the_language_of_the_file():
    result = parse(xlsx([NL, row(country="Duitsand")]))

    assert (
        'column F (Land): "Duitsand" is not a country we know. Did you mean Duitsland?' in messages(result)[0]
    )


@pytest.mark.parametrize(
    "country", ["DE", "DEU", "Germany", "Duitsland", "Deutschland", "Allemagne", "alemania"]
)
def test_it_knows_countries_by_code_and_by_name(country):
    assert only(parse(xlsx([EN, row(country=country)]))).country == "DE"


@pytest.mark.parametrize(
    ("country", "region", "code"),
    [
        ("DE", "DE-BY", "DE-BY"),
        ("DE", "by", "DE-BY"),
        ("DE", "Bavaria", "DE-BY"),
        ("DE", "Beieren", "DE-BY"),
        ("NL", "noord holland", "NL-NH"),
        ("NL", "North Holland", "NL-NH"),
        ("CD", "Nord-Kivu", "CD-NK"),
        ("CD", "Noord-Kivu", "CD-NK"),
        ("CD", "North Kivu", "CD-NK"),
        ("ES", "Comunidad de Madrid", "ES-MD"),
    ],
)
def test_it_recognises_regions_by_code_and_by_name(country, region, code):
    location = only(parse(xlsx([EN, row(country=country, region=region)])))

    assert (location.region, location.region_text) == (code, region)


def test_it_keeps_an_unknown_region_as_written_with_a_warning():
    result = parse(xlsx([EN, row(country="NL", region="Randstad")]))

    assert only(result).region == ""
    assert only(result).region_text == "Randstad"
    assert result.problems[0].level == "warning"
    assert messages(result) == [
        'Row 2, column E (Region): "Randstad" is not a region of Netherlands that we know; it is kept as '
        "written. Use the ISO 3166-2 code (such as NL-DR) or the official name."
    ]


def test_it_refuses_a_region_of_another_country():
    result = parse(xlsx([EN, row(country="Germany", region="NL-NH")]))

    assert result.locations == []
    assert messages(result, "error") == [
        "Row 2, column E (Region): NL-NH is a region of Netherlands, but the country of this row is "
        "Germany. Correct the region or the country."
    ]


@pytest.mark.parametrize(
    ("latitude", "longitude", "expected"),
    [
        ("52,37", "4,89", (52.37, 4.89)),
        ("52.37", "-4.89", (52.37, -4.89)),
        (52.37, 4.89, (52.37, 4.89)),
        ("52.37 N", "4.89 W", (52.37, -4.89)),
        ("", "", (None, None)),
    ],
)
def test_it_reads_coordinates_with_a_decimal_comma_or_point(latitude, longitude, expected):
    location = only(parse(xlsx([EN, row(latitude=latitude, longitude=longitude)])))

    assert (location.latitude, location.longitude) == expected


def test_it_refuses_impossible_coordinates():
    result = parse(
        xlsx(
            [
                EN,
                row(latitude="95", longitude="4.89"),
                row(latitude="4.89", longitude="181"),
                row(latitude="52°22′N", longitude="4.89"),
            ]
        )
    )

    assert result.locations == []
    assert messages(result) == [
        "Row 2, column G (Latitude): 95 is outside the range -90 to 90. Are latitude and longitude swapped?",
        "Row 3, column H (Longitude): 181 is outside the range -180 to 180.",
        'Row 4, column G (Latitude): "52°22′N" is not a number. Write decimal degrees, such as 52.37.',
    ]


def test_it_warns_about_half_or_zero_coordinates_but_keeps_the_row():
    result = parse(xlsx([EN, row(longitude=""), row(name="B", latitude="0", longitude="0,0")]))

    half, zero = result.locations
    assert (half.latitude, half.longitude) == (50.63, None)
    assert (zero.latitude, zero.longitude) == (None, None)
    assert [p.level for p in result.problems] == ["warning", "warning"]
    assert messages(result) == [
        "Row 2, column H (Longitude): this cell is empty while G (Latitude) is filled in. Fill in both "
        "coordinates, or the location cannot be shown on a map.",
        "Row 3, column G (Latitude): latitude and longitude are both 0, a point in the ocean off West "
        "Africa, so they were left out. Fill in the real coordinates, or leave both empty.",
    ]


def test_it_lists_the_activities_when_one_is_unknown_or_missing():
    result = parse(xlsx([EN, row(activity="Smeltng"), row(activity="Wizardry"), row(activity="")]))

    allowed = ", ".join(t.name_en for t in vocabulary().terms["activity_types"])
    assert messages(result) == [
        f'Row 2, column I (Activity): "Smeltng" is not an activity we know. Did you mean Smelting? '
        f"Choose one of: {allowed}.",
        f'Row 3, column I (Activity): "Wizardry" is not an activity we know. Choose one of: {allowed}.',
        f"Row 4, column I (Activity): the activity is empty. Choose one of: {allowed}.",
    ]


def test_it_names_the_unknown_materials():
    result = parse(xlsx([EN, row(materials="copper, unobtainium"), row(materials="kryptonite/tin+mithril")]))

    assert [m.split(" Use ")[0] for m in messages(result)] == [
        'Row 2, column J (Materials): "unobtainium" is not a material we know.',
        'Row 3, column J (Materials): "kryptonite" and "mithril" are not materials we know.',
    ]
    assert "Iron and steel, Aluminium, Copper" in messages(result)[0]


@pytest.mark.parametrize(
    ("tier", "code"),
    [
        ("1", "1"),
        (2, "2"),
        (2.0, "2"),
        ("3+", "3+"),
        ("tier 4", "3+"),
        ("Tier 7", "3+"),
        ("", "unknown"),
        ("?", "unknown"),
        ("Onbekend", "unknown"),
    ],
)
def test_it_reads_tiers(tier, code):
    assert only(parse(xlsx([EN, row(tier=tier)]))).tier == code


def test_it_refuses_an_unknown_tier():
    result = parse(xlsx([EN, row(tier="0")]))

    assert messages(result) == [
        'Row 2, column K (Tier): "0" is not a tier we know. Write 1 (direct supplier), 2, 3+ (tier 3 or '
        "further), or leave the cell empty when you do not know."
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ja", True),
        ("Yes", True),
        ("x", True),
        ("X", True),
        ("true", True),
        (True, True),
        (1, True),
        ("✓", True),
        ("nee", False),
        ("no", False),
        ("false", False),
        (False, False),
        (0, False),
        ("", False),
    ],
)
def test_it_reads_the_customer_location_mark(value, expected):
    assert only(parse(xlsx([EN, row(customer_location=value)]))).customer_location is expected


def test_it_refuses_an_unclear_customer_location_mark():
    result = parse(xlsx([EN, row(customer_location="maybe")]))

    assert messages(result) == [
        'Row 2, column L (Customer location): "maybe" is not yes or no. Write yes or no (ja or nee also '
        "work, and x for yes), or leave the cell empty for no."
    ]


def test_it_requires_a_name():
    result = parse(xlsx([EN, row(name="   ")]))

    assert messages(result) == [
        "Row 2, column B (Name): the name is empty. Fill in the name of the production location."
    ]


def test_it_reports_every_problem_of_a_row_at_once():
    result = parse(xlsx([EN, row(name="", country="", activity="x", tier="z")]))

    assert [p.column for p in result.problems] == ["B (Name)", "F (Country)", "I (Activity)", "K (Tier)"]
    assert all(p.row == 2 and p.level == "error" for p in result.problems)


def test_it_refuses_very_long_values():
    result = parse(
        xlsx([EN, row(address="x" * 501), row(name="B", reference="R" * 101), row(name="C" * 500)])
    )

    assert messages(result) == [
        "Row 2, column C (Address): the text is 501 characters long; at most 500 are allowed. Shorten it.",
        "Row 3, column A (Reference): the text is 101 characters long; at most 100 are allowed. Shorten it.",
    ]
    assert [loc.row for loc in result.locations] == [4]


def test_it_counts_a_repeated_row_once():
    result = parse(
        xlsx([EN, row(), row(name="Other"), row(reference="SUP-9", name="fonderie  du nord", tier="1")])
    )

    assert [loc.row for loc in result.locations] == [2, 3]
    assert result.problems[0].level == "warning"
    assert messages(result) == [
        "Row 4 repeats row 2 (same name, address, city, country and activity); it is counted once. "
        "Delete one of the two rows."
    ]


def test_it_reports_excel_errors_in_cells():
    result = parse(xlsx([EN, row(country="#N/A")]))

    assert messages(result) == [
        "Row 2, column F (Country): the cell shows the Excel error #N/A. Correct the formula, or type the value."
    ]


def test_it_turns_cell_values_into_the_text_people_see():
    location = only(parse(xlsx([EN, row(reference=12345, city=datetime(2025, 5, 1), tier=3.0)])))

    assert (location.reference, location.city, location.tier) == ("12345", "2025-05-01", "3+")


def test_it_drops_control_characters_and_keeps_line_breaks():
    location = only(parse(text([EN, row(name="Straat\x07 1", address="a\r\nb")]), "l.csv"))

    assert (location.name, location.address) == ("Straat 1", "a\nb")


# --- formulas ---------------------------------------------------------------------------------


def test_it_reports_formulas_whose_result_was_never_saved():
    """A file written by a program has the formula but not its result, which reads as empty."""
    data = xlsx([EN, row(name='="Fonderie"&" du Nord"'), row(name="B", city="=UPPER(A3)"), row(name="C")])

    result = parse(data)

    assert [loc.name for loc in result.locations] == ["C"]
    assert messages(result) == [
        "Row 2, column B (Name): cell B2 contains a formula whose result is not saved in the file (it was "
        "probably made by a program, not by Excel). Open the file in Excel and save it again, or replace "
        "the formulas by their values (Paste Special > Values).",
        "Row 3, column D (City): cell D3 contains a formula whose result is not saved in the file (it was "
        "probably made by a program, not by Excel). Open the file in Excel and save it again, or replace "
        "the formulas by their values (Paste Special > Values).",
    ]


def test_a_row_of_unsaved_formulas_is_not_mistaken_for_a_blank_row():
    data = xlsx([EN, [f"=Z{i}" for i in range(len(COLUMNS))]])

    result = parse(data)

    assert result.rows_read == 1
    assert len(result.problems) == len(COLUMNS)


def test_it_uses_the_saved_result_of_a_formula():
    def saved(content: bytes) -> bytes:
        return content.replace(b'<c r="B2"><f>', b'<c r="B2" t="str"><f>').replace(
            b"<v /></c>", b"<v>Fonderie du Nord</v></c>", 1
        )

    data = edit_member(xlsx([EN, row(name='="Fonderie"&" du Nord"')]), SHEET, saved)

    assert only(parse(data)).name == "Fonderie du Nord"


def _varied_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Production locations 2025"])
    sheet.append(EN)
    sheet.append(
        row(reference=datetime(2025, 1, 31), latitude=-1.5, longitude=29, tier=3, customer_location=True)
    )
    sheet.append([])
    sheet.append(row(name="Tom & Jerry <Smelter>", address="a\nb", country="#N/A"))
    sheet.append(row(name="=A1", city="Gent"))
    sheet.append(row(name="Last", tier="9x", region="Nord"))
    out = io.BytesIO()
    workbook.save(out)

    def shared_and_cached(content: bytes) -> bytes:
        return content.replace(
            b'<c r="B6"><f>A1</f><v /></c>', b'<c r="B6" t="str"><f>A1</f><v>Cached</v></c>'
        )

    return edit_member(out.getvalue(), SHEET, shared_and_cached)


@pytest.mark.parametrize("saved_by", ["openpyxl", "Excel"])
def test_openpyxl_and_the_fast_reader_agree(monkeypatch, saved_by):
    data = _varied_workbook() if saved_by == "openpyxl" else as_excel_saves_it(_varied_workbook())
    fast = parse(data)
    monkeypatch.setattr(parsing._SheetXml, "of", classmethod(lambda cls, *args: None))

    slow = parse(data)

    assert fast == slow
    assert [loc.name for loc in fast.locations] == ["Fonderie du Nord", "Cached"]
    assert fast.locations[0].reference == "2025-01-31"
    assert [p.column for p in fast.problems] == ["F (Country)", "K (Tier)"]


# --- size and progress --------------------------------------------------------------------------


def test_it_refuses_a_file_that_is_too_big_before_reading_it():
    class Huge(io.BytesIO):
        size = parsing.MAX_BYTES + 1

        def read(self, *args):
            raise AssertionError("read")

    with pytest.raises(ListFileError, match=r"The file is 25\.0 MB; files up to 25 MB can be read\."):
        parse_location_file(Huge(), filename="big.xlsx")


def test_it_refuses_a_stream_that_turns_out_too_big(monkeypatch):
    monkeypatch.setattr(parsing, "MAX_BYTES", 1024 * 1024)

    with pytest.raises(ListFileError, match="larger than 1 MB"):
        parse(text([EN] + [row(name="x" * 400)] * 3000), "big.csv")


def test_it_refuses_more_rows_than_the_limit(monkeypatch):
    monkeypatch.setattr(parsing, "MAX_ROWS", 50)

    message = refused(text([EN] + [row(name=f"L{i}") for i in range(51)]), "l.csv")

    assert message == (
        "The list has more than 50 rows, the most that can be read at once. Split it into files of at "
        "most 50 rows and upload them one by one."
    )


def test_it_reads_a_sheet_that_claims_to_fill_the_whole_grid():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(EN)
    sheet.append(row())
    sheet.cell(row=1_048_576, column=16_384).font = Font(bold=True)
    out = io.BytesIO()
    workbook.save(out)
    assert b'<dimension ref="A1:XFD1048576"' in zipfile.ZipFile(out).read(SHEET)

    started = time.process_time()
    result = parse(out.getvalue())

    assert only(result).row == 2
    assert time.process_time() - started < 2


def _declare_size(data: bytes, member: str, size: int) -> bytes:
    """Make the zip's central directory claim another unpacked size, as a zip bomb does."""
    changed = bytearray(data)
    position = changed.find(b"PK\x01\x02")
    while position != -1:
        name_length = int.from_bytes(changed[position + 28 : position + 30], "little")
        if changed[position + 46 : position + 46 + name_length] == member.encode():
            changed[position + 24 : position + 28] = size.to_bytes(4, "little")
        position = changed.find(b"PK\x01\x02", position + 4)
    return bytes(changed)


def test_it_refuses_a_zip_bomb_before_unpacking_it(monkeypatch):
    data = _declare_size(xlsx([EN, row()]), SHEET, 0xFFFF0000)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("opened"))

    message = refused(data)

    assert "would unpack to 4095 MB, more than the 400 MB that can be read" in message


def test_it_reports_progress_about_every_thousand_rows():
    calls: list[tuple[int, int]] = []

    parse(text([EN] + [row(name=f"L{i}") for i in range(2500)]), "l.csv", progress=lambda *a: calls.append(a))

    assert [done for done, _total in calls] == [1000, 2000, 2500]
    assert all(total >= done for done, total in calls)
    assert calls[-1] == (2500, 2500)


def test_it_keeps_the_first_thousand_problems_and_counts_them_all():
    result = parse(text([EN] + [row(name=f"L{i}", country="Atlantis") for i in range(1200)]), "l.csv")

    assert result.problem_count == 1200
    assert len(result.problems) == parsing.MAX_PROBLEMS


def test_it_reads_thousands_of_rows_quickly():
    rows = [EN] + [row(name=f"Location {i}", city=f"City {i}", latitude=i / 1000) for i in range(2000)]
    for data, filename in ((xlsx(rows), "l.xlsx"), (text(rows), "l.csv")):
        started = time.process_time()
        result = parse(data, filename)
        assert len(result.locations) == 2000
        assert time.process_time() - started < 4, filename


# --- template and download ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("nl", ("Productielocaties", "Toelichting", "Lijsten")),
        ("en", ("Production locations", "Instructions", "Lists")),
    ],
)
def test_the_template_has_headers_dropdowns_and_instructions(language, names):
    workbook = openpyxl.load_workbook(io.BytesIO(template_workbook(language)))

    assert workbook.sheetnames == list(names)
    data, instructions, lists = (workbook[name] for name in names)
    assert [c.value for c in data[1]] == [c.header(language) for c in COLUMNS]
    assert data.max_row == 1
    assert all(c.font.bold for c in data[1])
    assert data.freeze_panes == "A2"
    assert data.column_dimensions["B"].width == 40
    assert lists.sheet_state == "hidden"
    validations = {str(v.sqref).split(":")[0]: v for v in data.data_validations.dataValidation}
    assert set(validations) == {"I2", "K2", "L2"}
    activity_range = validations["I2"].formula1.split("!")[1].replace("$", "")
    activities = [c.value for (c,) in lists[activity_range]]
    name = "name_nl" if language == "nl" else "name_en"
    assert activities == [getattr(t, name) for t in vocabulary().terms["activity_types"]]
    words = " ".join(str(c.value) for r in instructions.iter_rows() for c in r if c.value)
    assert "art. 20" in words
    assert all(c.header(language) in words and c.help(language) in words for c in COLUMNS)
    assert all(getattr(t, name) in words for t in vocabulary().terms["materials"])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_template_reads_as_an_empty_list(language):
    result = parse(template_workbook(language), "template.xlsx")

    assert (result.locations, result.problems, result.rows_read, result.language) == ([], [], 0, language)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_examples_in_the_instructions_are_valid_rows(language):
    workbook = openpyxl.load_workbook(io.BytesIO(template_workbook(language)))
    rows = [[c.value for c in r] for r in workbook.worksheets[1].iter_rows()]
    start = rows.index([c.header(language) for c in COLUMNS])

    result = parse(xlsx(rows[start:]))

    assert result.problems == []
    assert len(result.locations) == 3


def _download_and_upload(locations, language: str) -> list[ParsedLocation]:
    return parse(list_workbook(locations, language), "download.xlsx").locations


def _unnumbered(locations: list[ParsedLocation]) -> list[ParsedLocation]:
    return [replace(location, row=0) for location in locations]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_downloaded_list_reads_back_the_same(language):
    original = parse(
        text(
            [
                NL,
                row(
                    materials="tin, tantalum / gold",
                    region="North Kivu",
                    country="DRC",
                    tier="4",
                    customer_location="x",
                ),
                row(
                    name='=HYPERLINK("http://x")',
                    address="Rue 1\r\n2e étage",
                    city="Tom & Jerry <b>",
                    latitude="",
                    longitude="",
                ),
                row(
                    name="Ærø Smelter",
                    reference="007",
                    region="Randstad",
                    country="NL",
                    materials="",
                    tier="",
                ),
            ]
        ),
        "l.csv",
    )
    assert len(original.locations) == 3

    again = _download_and_upload(original.locations, language)

    assert again == original.locations


def test_a_downloaded_list_keeps_text_as_text():
    location = only(parse(text([EN, row(name="=1+1")]), "l.csv"))

    workbook = openpyxl.load_workbook(io.BytesIO(list_workbook([location], "en")))

    assert workbook.worksheets[0]["B2"].value == "=1+1"
    assert workbook.worksheets[0]["B2"].data_type == "s"


def test_it_downloads_any_object_with_the_fields():
    stored = SimpleNamespace(
        reference="",
        name="Mine",
        address="",
        city="",
        region="CD-NK",
        region_text="",
        country="CD",
        latitude=None,
        longitude=None,
        activity="artisanal_mining",
        materials=["tin"],
        tier="unknown",
        customer_location=False,
    )

    location = only(parse(list_workbook([stored], "nl")))

    assert (location.region, location.region_text, location.materials) == ("CD-NK", "CD-NK", ("tin",))


_cell_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufffe\uffff"),
    max_size=30,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "reference": _cell_text,
                "name": _cell_text.filter(str.strip),
                "address": _cell_text,
                "city": _cell_text,
                "region": st.one_of(_cell_text, st.sampled_from(["NL-NH", "Noord-Holland", "BY"])),
                "country": st.sampled_from(
                    ["NL", "Nederland", "DE", "Germany", "CD", "Congo, The Democratic Republic of the"]
                ),
                "latitude": st.floats(-90, 90) | st.just(None),
                "longitude": st.floats(-180, 180) | st.just(None),
                "activity": st.sampled_from(sorted(vocabulary().codes("activity_types"))),
                "materials": st.lists(
                    st.sampled_from(sorted(vocabulary().codes("materials"))), max_size=4
                ).map(", ".join),
                "tier": st.sampled_from(["", "1", "2", "3+", "unknown"]),
                "customer_location": st.sampled_from(["", "ja", "no"]),
            }
        ),
        min_size=1,
        max_size=5,
    ),
    language=st.sampled_from(["nl", "en"]),
)
def test_any_parsed_list_survives_a_download_and_an_upload(rows, language):
    original = parse(xlsx([EN] + [[r[c.key] for c in COLUMNS] for r in rows])).locations

    assert _unnumbered(_download_and_upload(original, language)) == _unnumbered(original)


def test_it_writes_a_big_list_quickly():
    location = only(parse(xlsx([EN, row()])))
    locations = [location] * 3_000

    started = time.process_time()
    data = list_workbook(locations, "nl")

    assert time.process_time() - started < 4
    assert parse(data).rows_read == 3_000
