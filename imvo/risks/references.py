"""The public reference data behind the risk analysis (art. 25–28 of the agreement): the EU's indicative
list of conflict-affected and high-risk areas (CAHRA) and ILAB's list of goods produced by child labour or
forced labour. The files ship unaltered in data/reference/ and are read once. Whatever they say is a
screening signal that a risk may be present, never proof that it is or is not."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pycountry
import yaml
from django.utils.formats import date_format
from django.utils.translation import get_language

from imvo.core.countries import country_code, fold

DATA = Path(__file__).parent / "data"
RULES = DATA / "risks-2025.1.yaml"
ILAB_LICENCE = "US federal government work (public domain in the US)"


@cache
def rules() -> dict[str, Any]:
    """The versioned risk data file, parsed."""
    return yaml.safe_load(RULES.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class SourceInfo:
    code: str
    name_nl: str
    name_en: str
    publisher: str
    edition: str
    url: str
    retrieved: str
    licence: str
    file: str
    sha256: str

    @property
    def name(self) -> str:
        return self.name_nl if (get_language() or "nl").startswith("nl") else self.name_en

    @property
    def edition_label(self) -> str:
        """A year-month edition as "juni 2026" / "June 2026"; a year as it is."""
        if re.fullmatch(r"\d{4}-\d{2}", self.edition):
            year, month = map(int, self.edition.split("-"))
            return date_format(dt.date(year, month, 1), "F Y")
        return self.edition


def _path(code: str) -> Path:
    return DATA / rules()["sources"][code]["file"]


@cache
def source_info(code: str) -> SourceInfo:
    raw = rules()["sources"][code]
    path = _path(code)
    if code == "eu_cahra":
        meta = _cahra_file()["meta"]
        retrieved, licence = str(meta.get("retrieved", "")), str(meta.get("license", ""))
    else:
        retrieved, licence = "", ILAB_LICENCE
    return SourceInfo(
        code=code,
        name_nl=raw["name_nl"],
        name_en=raw["name_en"],
        publisher=raw["publisher"],
        edition=str(raw["edition"]),
        url=raw["url"],
        retrieved=retrieved,
        licence=licence,
        file=path.name,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )


def sources() -> list[SourceInfo]:
    return [source_info(code) for code in rules()["sources"]]


@dataclass(frozen=True)
class CahraArea:
    country: str
    region: str
    """ISO 3166-2 code as in the source; "" for a whole-country designation."""
    name: str
    conflict_affected: bool | None
    """None where the source does not say: it gives no flags for whole-country designations."""
    high_risk: bool | None

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.region,
            "name": self.name,
            "conflict_affected": self.conflict_affected,
            "high_risk": self.high_risk,
        }


@dataclass(frozen=True)
class CahraHit:
    level: Literal["region", "country", "country_has_regions"]
    areas: tuple[CahraArea, ...]


@dataclass(frozen=True)
class _CahraCountry:
    whole: CahraArea | None
    regions: dict[str, CahraArea]
    aliases: dict[str, str]
    """Current ISO 3166-2 code → the code the source uses, where ISO has since changed it."""


@cache
def _cahra_file() -> dict[str, Any]:
    return json.loads(_path("eu_cahra").read_text(encoding="utf-8"))


def _flag(raw: dict[str, Any], key: str) -> bool | None:
    return bool(raw[key]) if raw.get(key) is not None else None


def _renamed(code: str, name: str) -> str:
    """The current ISO code of a subdivision the source lists under a code ISO has withdrawn, matched by
    name within the country (the source has IN-CT for Chhattisgarh, IN-CG since 2023)."""
    if pycountry.subdivisions.get(code=code) is not None:
        return ""
    country = code.split("-")[0]
    return next(
        (
            sub.code
            for sub in pycountry.subdivisions.get(country_code=country) or ()
            if fold(sub.name) == fold(name)
        ),
        "",
    )


@cache
def _cahra() -> dict[str, _CahraCountry]:
    countries: dict[str, _CahraCountry] = {}
    for entry in _cahra_file()["entries"]:
        country = str(entry["iso2"]).upper()
        regions: dict[str, CahraArea] = {}
        aliases: dict[str, str] = {}
        for raw in entry.get("regions") or ():
            code = str(raw["code"]).upper()
            regions[code] = CahraArea(
                country=country,
                region=code,
                name=raw["name"],
                conflict_affected=_flag(raw, "conflictAffected"),
                high_risk=_flag(raw, "highRisk"),
            )
            if current := _renamed(code, raw["name"]):
                aliases[current] = code
        whole = None
        if entry.get("wholeCountry") or not regions:
            whole = CahraArea(
                country=country,
                region="",
                name=entry["countryName"],
                conflict_affected=_flag(entry, "conflictAffected"),
                high_risk=_flag(entry, "highRisk"),
            )
        countries[country] = _CahraCountry(whole=whole, regions=regions, aliases=aliases)
    return countries


def cahra_areas() -> tuple[CahraArea, ...]:
    """Every listed area: whole countries and regions, in the source's order."""
    return tuple(
        area
        for entry in _cahra().values()
        for area in ((entry.whole,) if entry.whole else ()) + tuple(entry.regions.values())
    )


def cahra_lookup(country: str, region: str = "") -> CahraHit | None:
    """Whether a place lies in a listed area: its region, its whole country, or (with the region unknown)
    a country with listed regions, which may or may not include the place."""
    entry = _cahra().get(country.upper())
    if entry is None:
        return None
    region = region.upper()
    area = entry.regions.get(entry.aliases.get(region, region)) if region else None
    if area is not None:
        return CahraHit("region", (area,))
    if entry.whole is not None:
        return CahraHit("country", (entry.whole,))
    if not region and entry.regions:
        return CahraHit("country_has_regions", tuple(entry.regions.values()))
    return None


@dataclass(frozen=True)
class ListedGood:
    good: str
    country: str
    child_labour: bool
    forced_labour: bool
    forced_child_labour: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "good": self.good,
            "country": self.country,
            "child_labour": self.child_labour,
            "forced_labour": self.forced_labour,
            "forced_child_labour": self.forced_child_labour,
        }


def _agrees(name: str, country: Any) -> bool:
    names = (country.name, getattr(country, "official_name", ""), getattr(country, "common_name", ""))
    words = {word for word in fold(name).split() if len(word) > 3}
    return any(words & set(fold(known).split()) for known in names if known)


def _ilab_country(name: str, iso2: str, iso3: str) -> str:
    """ILAB's own codes are not always ISO (BU for Burma, KV for the Kyrgyz Republic)."""
    named = country_code(name)
    known = pycountry.countries.get(alpha_2=iso2.upper()) if iso2 else None
    if known is not None and (named == known.alpha_2 or (not named and _agrees(name, known))):
        return str(known.alpha_2)
    if named:
        return named
    by_iso3 = pycountry.countries.get(alpha_3=iso3.upper()) if iso3 else None
    return str(by_iso3.alpha_2) if by_iso3 is not None else ""


def _yes(element: ET.Element, tag: str) -> bool:
    return (element.findtext(tag) or "").strip().lower() == "yes"


@cache
def ilab_goods() -> tuple[ListedGood, ...]:
    root = ET.fromstring(_path("ilab_goods").read_bytes())
    listed = []
    for good in root.iter("Good"):
        name = (good.findtext("Good_Name") or "").strip()
        for country in good.iter("Country"):
            listed.append(
                ListedGood(
                    good=name,
                    country=_ilab_country(
                        (country.findtext("Country_Name") or "").strip(),
                        (country.findtext("Country_ISO2") or "").strip(),
                        (country.findtext("Country_ISO3") or "").strip(),
                    ),
                    child_labour=_yes(country, "Child_Labor"),
                    forced_labour=_yes(country, "Forced_Labor"),
                    forced_child_labour=_yes(country, "Forced_Child_Labor"),
                )
            )
    return tuple(listed)


@cache
def _ilab_index() -> dict[tuple[str, str], ListedGood]:
    return {(fold(listed.good), listed.country): listed for listed in ilab_goods()}


def ilab_lookup(good: str, country: str) -> ListedGood | None:
    return _ilab_index().get((fold(good), country.upper()))
