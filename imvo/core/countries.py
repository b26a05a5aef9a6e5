"""Countries by ISO 3166-1 (pycountry), named in the active language."""

from __future__ import annotations

import gettext
import re
import unicodedata
from functools import lru_cache

import pycountry
from django.utils.translation import get_language


@lru_cache(maxsize=4)
def _translator(lang: str):
    if lang == "en":
        return None
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except FileNotFoundError:
        return None


_SHORT_NAMES = {
    "en": {"CD": "DR Congo", "RU": "Russia"},
    "nl": {"CD": "Democratische Republiek Congo"},
}
"""Where ISO's name reads like an index entry ("Congo, The Democratic Republic of the"), the name
people write; ISO's stays recognised by `country_code`."""


def country_name(code: str, lang: str | None = None) -> str:
    country = pycountry.countries.get(alpha_2=(code or "").upper())
    if country is None:
        return code
    language = (lang or get_language() or "nl")[:2]
    if country.alpha_2 in _SHORT_NAMES.get(language, {}):
        return _SHORT_NAMES[language][country.alpha_2]
    tr = _translator(language)
    name = getattr(country, "common_name", None) or country.name
    return tr.gettext(name) if tr else name


def country_choices() -> list[tuple[str, str]]:
    lang = (get_language() or "nl")[:2]
    return sorted(
        ((c.alpha_2, country_name(c.alpha_2, lang)) for c in pycountry.countries), key=lambda x: x[1]
    )


def fold(text: str) -> str:
    """Compare words without case, accents or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


_COUNTRY_ALIASES = {
    "Turkey": "TR",
    "USA": "US",
    "United States": "US",
    "UK": "GB",
    "Great Britain": "GB",
    "Korea": "KR",
    "South Korea": "KR",
    "Zuid-Korea": "KR",
    "Russia": "RU",
    "Rusland": "RU",
    "Vietnam": "VN",
    "Bolivia": "BO",
    "Tanzania": "TZ",
    "Laos": "LA",
    "DRC": "CD",
    "DR Congo": "CD",
    "Czech Republic": "CZ",
    "Tsjechie": "CZ",
    "Holland": "NL",
    "Nederland": "NL",
    "Engeland": "GB",
    "Verenigd Koninkrijk": "GB",
    "Verenigde Staten": "US",
    "Amerika": "US",
    "Taiwan": "TW",
    "Iran": "IR",
    "Syria": "SY",
    "Ivory Coast": "CI",
    "Ivoorkust": "CI",
    "Congo (DRC)": "CD",
    "Congo-Kinshasa": "CD",
    "Democratic Republic of Congo": "CD",
    "Congo-Brazzaville": "CG",
    "Burma": "MM",
    "Swaziland": "SZ",
    "Macedonia": "MK",
    "Palestine": "PS",
    "Vatican": "VA",
}
_LANGUAGES = ("en", "nl", "de", "fr", "es")


def _country_key(text: str) -> str:
    """RMI writes "Congo, Democratic Republic Of The" where ISO has "Congo, The Democratic Republic of the"."""
    return " ".join(word for word in fold(text).split() if word != "the")


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        names = [code, country.alpha_3, country.name, getattr(country, "official_name", "")]
        names += [getattr(country, "common_name", "")]
        names += [country_name(code, language) for language in _LANGUAGES]
        for name in filter(None, names):
            index.setdefault(_country_key(name), code)
    for alias, code in _COUNTRY_ALIASES.items():
        index.setdefault(_country_key(alias), code)
    return index


def country_code(name: str) -> str:
    """ISO 3166-1 alpha-2 code of a country given as a code or a name in English, Dutch, German,
    French or Spanish, or ""."""
    return _country_index().get(_country_key(name), "") if name else ""


def region_name(code: str) -> str:
    sub = pycountry.subdivisions.get(code=code) if code else None
    return sub.name if sub else code
