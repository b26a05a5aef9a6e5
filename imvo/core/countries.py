"""Countries by ISO 3166-1 (pycountry), named in the active language."""

from __future__ import annotations

import gettext
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


def country_name(code: str, lang: str | None = None) -> str:
    country = pycountry.countries.get(alpha_2=(code or "").upper())
    if country is None:
        return code
    tr = _translator((lang or get_language() or "nl")[:2])
    name = getattr(country, "common_name", None) or country.name
    return tr.gettext(name) if tr else name


def country_choices() -> list[tuple[str, str]]:
    lang = (get_language() or "nl")[:2]
    return sorted(
        ((c.alpha_2, country_name(c.alpha_2, lang)) for c in pycountry.countries), key=lambda x: x[1]
    )
