"""`imvo match-locations IN.csv OUT.csv`: which rows of a list are the same site, without the database.

For a secretariat or a company that wants to clean a list before uploading it, and to try the engine
on real data. Reads UTF-8 (with or without BOM) or Windows-1252 and `,` or `;` as Excel writes them.
"""

from __future__ import annotations

import codecs
import csv
import io
import time
from collections import Counter
from pathlib import Path

from charset_normalizer import from_bytes
from django.core.management.base import BaseCommand, CommandError, CommandParser

from imvo.core.countries import country_code, fold
from imvo.supply_chain.matching import Site, cluster

COLUMNS = ("id", "name", "address", "region", "country", "latitude", "longitude", "activity")
REQUIRED = ("id", "name")
OUTPUT = ("id", "facility", "decision", "score")
ALIASES = {
    "naam": "name",
    "adres": "address",
    "regio": "region",
    "provincie": "region",
    "land": "country",
    "lat": "latitude",
    "breedtegraad": "latitude",
    "lon": "longitude",
    "lng": "longitude",
    "lengtegraad": "longitude",
    "activiteit": "activity",
}
"""Dutch headings and common short forms, used when the English column is absent."""


ENCODINGS = ["cp1252", "utf_16", "utf_32"]
"""Besides UTF-8 what spreadsheets save CSV in here: Windows-1252 (Dutch Excel's "CSV"), UTF-16
("Unicode text"). Left free, charset-normalizer takes a short Dutch file for Central European."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) when it is, else what charset-normalizer finds among ENCODINGS."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=ENCODINGS).best()
    if best is None:
        raise CommandError("Cannot tell the file's character encoding; save it as UTF-8.")
    return str(best)


def _number(text: str, limit: float) -> float | None:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if -limit <= value <= limit else None


def _activity(text: str) -> str:
    from imvo.supply_chain.vocabulary import vocabulary

    return vocabulary().resolve("activity_types", text) or fold(text) if text.strip() else ""


def read_sites(text: str) -> tuple[list[Site], list[str], list[int]]:
    """The rows as sites keyed by their position, the id each row had and its line in the file."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise CommandError("The file is empty.")
    names = [fold(h).replace(" ", "_") for h in header]
    for alias, column in ALIASES.items():
        if column not in names and alias in names:
            names[names.index(alias)] = column
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise CommandError(
            f"Missing column(s): {', '.join(missing)}. The first line must name the columns "
            f"({','.join(COLUMNS)}); found: {','.join(header) or 'nothing'}."
        )
    where = {c: names.index(c) for c in COLUMNS if c in names}
    sites: list[Site] = []
    ids: list[str] = []
    lines: list[int] = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue

        def cell(column: str, row: list[str] = row) -> str:
            i = where.get(column)
            return row[i].strip() if i is not None and i < len(row) else ""

        ids.append(cell("id"))
        lines.append(reader.line_num)
        sites.append(
            Site(
                key=str(len(sites)),
                name=cell("name"),
                address=cell("address"),
                region=cell("region"),
                country=country_code(cell("country")),
                latitude=_number(cell("latitude"), 90),
                longitude=_number(cell("longitude"), 180),
                activity=_activity(cell("activity")),
            )
        )
    return sites, ids, lines


class Command(BaseCommand):
    help = (
        "Cluster the rows of a CSV of production locations among themselves (columns id,name,address,"
        "region,country,latitude,longitude,activity) and write id,facility,decision,score."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", help="CSV with at least the columns id and name")
        parser.add_argument("output", help="CSV to write: id,facility,decision,score in input order")
        parser.add_argument(
            "--workers", type=int, default=2, help="processes, one country at a time (default 2)"
        )

    def handle(self, *args, **options) -> None:
        source, target = Path(options["input"]), Path(options["output"])
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1.")
        if not source.is_file():
            raise CommandError(f"No such file: {source}")
        if not target.parent.is_dir():
            raise CommandError(f"No such directory for the output: {target.parent}")
        try:
            data = source.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {source}: {error.strerror}") from None
        try:
            sites, ids, lines = read_sites(decode(data))
        except csv.Error as error:
            raise CommandError(f"{source} is not a readable CSV file: {error}") from None
        start = time.perf_counter()
        results = cluster(sites, workers=options["workers"])
        seconds = time.perf_counter() - start
        counts = Counter(ids)
        label = [i if i and counts[i] == 1 else f"row-{line}" for i, line in zip(ids, lines, strict=True)]
        try:
            with target.open("w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(OUTPUT)
                for row_id, result in zip(ids, results, strict=True):
                    writer.writerow(
                        (row_id, label[int(str(result.facility))], result.decision, f"{result.score:.1f}")
                    )
        except OSError as error:
            raise CommandError(f"Cannot write {target}: {error.strerror}") from None
        decisions = Counter(r.decision for r in results)
        facilities = len({r.facility for r in results})
        if options["verbosity"] > 0:
            self.stdout.write(
                f"{len(results)} rows, {facilities} facilities: {decisions['auto']} auto, "
                f"{decisions['review']} to review, {decisions['new']} new ({seconds:.1f} s)."
            )
